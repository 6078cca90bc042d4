"""Admin forms for videos: the upload is checked before anything is saved.

The plain (one-request) upload gets the checks of the resumable path: the same size limit
(`uploads.base.require_allowed_size`) and container signature (`pipeline.sniff`), then ffprobe.
"""

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Video
from .pipeline.probe import ProbeError, probe
from .pipeline.sniff import NOT_A_VIDEO, SNIFF_BYTES, looks_like_video
from .pipeline.vtt import CaptionsError, parse_vtt
from .uploads.base import require_allowed_size
from .uploads.errors import UploadError


def _check_upload(upload) -> None:
    """Raise ValidationError unless the upload is within the size limit, starts like a video
    container and ffprobe reads it as a video (cheapest check first)."""
    try:
        require_allowed_size(upload.size)
    except UploadError as error:
        raise forms.ValidationError(str(error))
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not looks_like_video(head):
        raise forms.ValidationError(NOT_A_VIDEO.format(name=Path(upload.name).name))
    _probe_upload(upload)


def _probe_upload(upload) -> None:
    """Raise ValidationError unless ffprobe reads the upload as a video."""
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
            probe(path, ffprobe_bin=settings.FFPROBE_BINARY)
        except ProbeError as error:
            raise forms.ValidationError(str(error))


class VideoForm(WagtailAdminModelForm):
    captions = forms.FileField(
        required=False,
        label="Captions (WebVTT)",
        help_text="A .vtt file. Its cues become the transcript that teachers can search.",
    )

    class Meta:
        model = Video
        fields = ["title", "source"]
        labels = {"source": "Video file"}
        help_texts = {"source": "An MP4, MOV or WebM recording. It is transcoded for streaming after upload."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The source of a saved video is kept as uploaded; upload a new video to replace it.
            self.fields["source"].disabled = True
            self.fields["source"].required = False

    def clean_source(self):
        source = self.cleaned_data.get("source")
        if source and not self.instance.pk:
            _check_upload(source)
        return source

    def clean_captions(self):
        upload = self.cleaned_data.get("captions")
        if not upload:
            return None
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The captions file must be UTF-8 text.")
        try:
            parse_vtt(text)
        except CaptionsError as error:
            raise forms.ValidationError(str(error))
        return text
