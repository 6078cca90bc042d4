"""The described audio page of a library video in the Wagtail admin (its URL is the video
library viewset's, `video_library:described_audio`): the tracks and their state, and the
upload form. Asks `videos.change_video` (PD leads); a private recording answers 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from wagtail.admin import messages

from ..models import Video
from ..storage import StorageUnavailable
from .forms import DescribedAudioForm
from .services import DescribedAudioRefused, described_audio_upload

PERMISSION = "videos.change_video"


def described_audio_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    video = get_object_or_404(Video, pk=pk, private=False)
    form = DescribedAudioForm(video=video)
    status = 200
    if request.method == "POST":
        form = DescribedAudioForm(request.POST, request.FILES, video=video)
        if form.is_valid():
            try:
                track = described_audio_upload(
                    video=video,
                    language=form.cleaned_data["language"],
                    source=form.cleaned_data["audio"],
                    uploaded_by=request.user,
                )
            except (DescribedAudioRefused, StorageUnavailable) as error:
                messages.error(request, str(error))
            else:
                state = track.get_status_display().lower()
                messages.success(request, f"Described audio of “{video.title}” saved: {state}.")
                return redirect("video_library:described_audio", video.pk)
        else:
            messages.error(request, "The described audio was not saved: see the problem below.")
        status = 400
    tracks = video.described_audio.order_by("language")
    return render(
        request,
        "videos/admin/described_audio.html",
        {"video": video, "form": form, "tracks": tracks, "video_ready": video.is_ready},
        status=status,
    )
