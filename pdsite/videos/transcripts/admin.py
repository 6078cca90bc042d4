"""The transcript editor in the Wagtail admin (views; URLs and menu are in wagtail_hooks).

Views are adapters: they check `videos.change_transcript`, read the form, call one service
(`services`) or selector (`selectors`), and render. CSRF comes from Django's middleware (every form posts a token).
Private videos (lesson recordings) are not listed and answer 404 here, even for a superuser:
their transcripts belong to the recording's own pages.
"""

from __future__ import annotations

from functools import wraps

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.auth import permission_required

from ..models import DescriptionCue, Transcript, Video
from ..pipeline.vtt import CaptionsError, format_timestamp
from . import selectors, services
from .editing import EditedCue, cues_from_form
from .languages import UnknownLanguage, caption_languages, language_name

PERMISSION = "videos.change_transcript"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def known_language(view):
    """Refuse a language the site does not offer (`PDSITE_CAPTION_LANGUAGES`): back to the
    transcript list, with the message naming the languages it does offer."""

    @wraps(view)
    def wrapped(request: HttpRequest, video_id: int, language: str) -> HttpResponse:
        try:
            language_name(language)
        except UnknownLanguage as problem:
            messages.error(request, f"No transcript was opened. {problem}")
            return redirect("videos_transcripts:index")
        return view(request, video_id, language)

    return wrapped


@permission_required(PERMISSION)
def transcript_index(request: HttpRequest) -> HttpResponse:
    described = DescriptionCue.objects.filter(track__video=OuterRef("pk"))
    videos = (
        Video.objects.filter(private=False)
        .annotate(described=Exists(described))
        .order_by("title")
        .prefetch_related(Prefetch("transcripts", queryset=Transcript.objects.annotate(cue_count=Count("segments"))))
    )
    rows = [(video, next(iter(video.transcripts.all()), None)) for video in videos]
    return render(request, "videos/admin/transcript_index.html", {"rows": rows})


@permission_required(PERMISSION)
@known_language
def transcript_edit(request: HttpRequest, video_id: int, language: str = "en") -> HttpResponse:
    video = get_object_or_404(Video, pk=video_id, private=False)
    transcript = selectors.transcript_for_video(video=video, language=language)
    if request.method == "POST":
        cues, rows = cues_from_form(
            starts=request.POST.getlist("start"), ends=request.POST.getlist("end"), texts=request.POST.getlist("text")
        )
        if not rows:
            messages.error(request, "A transcript needs at least one cue.")
        elif any(row.errors for row in rows):
            messages.error(request, "The transcript was not saved: fix the cues marked below.")
        else:
            services.transcript_save_cues(video=video, language=language, cues=cues, user=request.user)
            messages.success(request, f"Transcript of “{video.title}” saved: {len(cues)} cues.")
            return redirect(_edit_url(video, language))
        return _render_editor(request, video, language, transcript, rows, status=400)
    rows = [
        EditedCue(start=format_timestamp(c.start), end=format_timestamp(c.end), text=c.text)
        for c in (selectors.transcript_cues(transcript=transcript) if transcript else [])
    ]
    return _render_editor(request, video, language, transcript, rows)


@require_POST
@permission_required(PERMISSION)
@known_language
def transcript_approve(request: HttpRequest, video_id: int, language: str = "en") -> HttpResponse:
    video = get_object_or_404(Video, pk=video_id, private=False)
    transcript = get_object_or_404(Transcript, video=video, language=language)
    services.transcript_approve(transcript=transcript, user=request.user)
    messages.success(request, f"Transcript of “{video.title}” approved.")
    return redirect(_edit_url(video, language))


@require_POST
@permission_required(PERMISSION)
@known_language
def transcript_upload(request: HttpRequest, video_id: int, language: str = "en") -> HttpResponse:
    """Replace the transcript with an uploaded WebVTT or SRT file; a bad file changes nothing."""
    video = get_object_or_404(Video, pk=video_id, private=False)
    upload = request.FILES.get("captions")
    error = None
    if upload is None:
        error = "Choose a WebVTT (.vtt) or SubRip (.srt) file to upload."
    elif upload.size > MAX_UPLOAD_BYTES:
        error = "That file is too large for a captions file (over 2 MB)."
    else:
        try:
            text = upload.read().decode("utf-8-sig")
            services.transcript_import(video=video, vtt_text=text, language=language, user=request.user)
        except UnicodeDecodeError:
            error = "The captions file must be UTF-8 text."
        except CaptionsError as problem:
            error = f"{upload.name}: {problem}"
    if error:
        messages.error(request, f"The transcript was not replaced. {error}")
    else:
        messages.success(request, f"Transcript of “{video.title}” replaced from {upload.name}.")
    return redirect(_edit_url(video, language))


def _edit_url(video: Video, language: str) -> str:
    return reverse("videos_transcripts:edit", args=[video.pk, language])


def _render_editor(request, video, language, transcript, rows, status=200) -> HttpResponse:
    context = {
        "video": video,
        "language": language,
        "transcript": transcript,
        "rows": rows,
        "has_errors": any(row.errors for row in rows),
        "languages": caption_languages(),
    }
    return render(request, "videos/admin/transcript_edit.html", context, status=status)
