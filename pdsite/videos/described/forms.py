"""The admin form for a described audio track: checked before anything is saved, cheapest
check first, as the video upload form is (size limit, the file's first bytes, ffprobe), and
then its length against the video's."""

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings

from ..models import DescribedAudio, Video
from ..pipeline.probe import ProbeError, probe_audio
from ..pipeline.sniff import NOT_AN_AUDIO_FILE, SNIFF_BYTES, looks_like_audio
from ..uploads.base import require_allowed_size
from ..uploads.errors import UploadError
from .services import described_audio_length_problem


class DescribedAudioForm(forms.Form):
    language = forms.ChoiceField(choices=list(DescribedAudio.LANGUAGES.items()), initial="en")
    audio = forms.FileField(
        label="Described audio file",
        help_text=(
            "The video's soundtrack with spoken descriptions of what the picture shows, as WAV, MP3 or M4A, "
            "about as long as the video. Viewers choose it under “Audio track” in the player."
        ),
    )

    def __init__(self, *args, video: Video, **kwargs):
        super().__init__(*args, **kwargs)
        self.video = video

    def clean_audio(self):
        upload = self.cleaned_data["audio"]
        try:
            require_allowed_size(upload.size)
        except UploadError as error:
            raise forms.ValidationError(str(error))
        upload.seek(0)
        head = upload.read(SNIFF_BYTES)
        upload.seek(0)
        if not looks_like_audio(head):
            raise forms.ValidationError(NOT_AN_AUDIO_FILE.format(name=Path(upload.name).name))
        seconds = _probe_seconds(upload)
        problem = described_audio_length_problem(audio_seconds=seconds, video_seconds=self.video.duration or 0.0)
        if problem:
            raise forms.ValidationError(problem)
        return upload


def _probe_seconds(upload) -> float:
    """The upload's duration by ffprobe; ValidationError unless it reads as audio."""
    with tempfile.TemporaryDirectory() as workdir:
        if hasattr(upload, "temporary_file_path"):  # large uploads are already on disk
            path = Path(upload.temporary_file_path())
        else:
            path = Path(workdir) / f"upload{Path(upload.name).suffix}"
            with open(path, "wb") as copy:
                for chunk in upload.chunks():
                    copy.write(chunk)
            upload.seek(0)
        try:
            return probe_audio(path, ffprobe_bin=settings.FFPROBE_BINARY).duration
        except ProbeError as error:
            raise forms.ValidationError(str(error))
