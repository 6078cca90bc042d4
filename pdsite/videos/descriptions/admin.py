"""The audio description editor in the Wagtail admin: a cue list like the transcript's, each cue
with "This cue needs a pause". The transcript's permission (`videos.change_transcript`), its
language rule and its cue checks; private videos (lesson recordings) answer 404, as there.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.auth import permission_required

from ..models import Video
from ..pipeline.vtt import format_timestamp
from ..transcripts.admin import PERMISSION, known_language
from ..transcripts.editing import EditedCue, cues_from_form
from ..transcripts.languages import caption_languages
from . import selectors, services


def pauses_from_form(values: list[str]) -> list[bool]:
    """Each row sends a hidden "0" and, when its "needs a pause" box is ticked, a "1" after it
    (an unticked checkbox sends nothing): one flag per "0"."""
    pauses: list[bool] = []
    for value in values:
        if value == "0":
            pauses.append(False)
        elif value == "1" and pauses:
            pauses[-1] = True
    return pauses


@permission_required(PERMISSION)
@known_language
def descriptions_edit(request: HttpRequest, video_id: int, language: str) -> HttpResponse:
    video = get_object_or_404(Video, pk=video_id, private=False)
    track = selectors.description_track(video=video, language=language)
    if request.method == "POST":
        cues, rows = cues_from_form(
            starts=request.POST.getlist("start"), ends=request.POST.getlist("end"), texts=request.POST.getlist("text")
        )
        pauses = pauses_from_form(request.POST.getlist("pause"))
        pauses += [False] * (len(rows) - len(pauses))
        for row, pause in zip(rows, pauses):
            row.extended = pause
        if any(row.errors for row in rows):
            messages.error(request, "The descriptions were not saved: fix the cues marked below.")
            return _render(request, video, language, track, rows, status=400)
        described = [
            selectors.Description(start=c.start, end=c.end, text=c.text, extended=p) for c, p in zip(cues, pauses)
        ]
        services.descriptions_save(video=video, language=language, cues=described, user=request.user)
        if described:
            messages.success(request, f"Audio description of “{video.title}” saved: {len(described)} cues.")
        else:
            messages.success(request, f"Audio description of “{video.title}” removed: it had no cues left.")
        return redirect(reverse("videos_transcripts:descriptions", args=[video.pk, language]))
    rows = [
        EditedCue(start=format_timestamp(c.start), end=format_timestamp(c.end), text=c.text, extended=c.extended)
        for c in selectors.descriptions(track=track)
    ]
    return _render(request, video, language, track, rows)


def _render(request, video, language, track, rows, status=200) -> HttpResponse:
    context = {
        "video": video,
        "language": language,
        "language_name": caption_languages()[language],
        "languages": caption_languages(),
        "track": track,
        "rows": rows,
        "has_errors": any(row.errors for row in rows),
    }
    return render(request, "videos/admin/descriptions_edit.html", context, status=status)
