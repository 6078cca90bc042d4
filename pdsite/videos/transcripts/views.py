"""Transcript downloads for the clip page: WebVTT or plain text, for viewers of the clip.
A private recording's transcript is never offered as a download (answered as unknown)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify

from ..access import video_get_visible_or_404
from ..pipeline.vtt import render_vtt
from .selectors import transcript_cues, transcript_downloadable, transcript_for_video, transcript_plain_text

FORMATS = {"vtt": "text/vtt; charset=utf-8", "txt": "text/plain; charset=utf-8"}


def transcript_download(request: HttpRequest, video_id: int, language: str, fmt: str) -> HttpResponse:
    # The one rule first: an unknown video and one not yours to see answer alike.
    video = video_get_visible_or_404(request, video_id)
    transcript = transcript_for_video(video=video, language=language)
    if fmt not in FORMATS or transcript is None or not transcript_downloadable(video):
        raise Http404("No such transcript.")
    cues = transcript_cues(transcript=transcript)
    body = render_vtt(cues) if fmt == "vtt" else transcript_plain_text(cues)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    filename = f"{slugify(video.title) or 'transcript'}-{language}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response
