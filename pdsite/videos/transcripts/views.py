"""Transcript downloads for the clip page: WebVTT or plain text, for viewers of the clip."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from ..models import Video
from ..pipeline.vtt import render_vtt
from .selectors import transcript_cues, transcript_for_video, transcript_plain_text, transcript_visible_to

FORMATS = {"vtt": "text/vtt; charset=utf-8", "txt": "text/plain; charset=utf-8"}


def transcript_download(request: HttpRequest, video_id: int, language: str, fmt: str) -> HttpResponse:
    video = get_object_or_404(Video, pk=video_id)
    transcript = transcript_for_video(video=video, language=language)
    # One answer for "no such transcript" and "not yours to see", so neither leaks.
    if fmt not in FORMATS or transcript is None or not transcript_visible_to(video=video, request=request):
        raise Http404("No such transcript.")
    cues = transcript_cues(transcript=transcript)
    body = render_vtt(cues) if fmt == "vtt" else transcript_plain_text(cues)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    filename = f"{slugify(video.title) or 'transcript'}-{language}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response
