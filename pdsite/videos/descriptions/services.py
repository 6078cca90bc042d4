"""The write of audio descriptions: save the editor's cues in place of a track's old ones.

The cues follow the transcript editor's rules (`transcripts.editing.validate_cues`: text, times
in order, no overlaps). Saving no cues removes the track: the video is no longer described in
that language (and a clip whose picture carries meaning then needs described audio to publish).
"""

from __future__ import annotations

from django.db import transaction

from ..models import DescriptionCue, DescriptionTrack, Video
from ..transcripts.editing import CueErrors, validate_cues
from .selectors import Description


def descriptions_save(*, video: Video, language: str, cues: list[Description], user) -> DescriptionTrack | None:
    """Replace the video's descriptions in `language` with `cues` (in time order); None when
    `cues` is empty and the track was removed. Raises CueErrors (per cue) and changes nothing
    when a cue breaks a rule."""
    if cues:
        errors = validate_cues([c.cue for c in cues])
        if errors:
            raise CueErrors(errors)
    with transaction.atomic():
        if not cues:
            DescriptionTrack.objects.filter(video=video, language=language).delete()
            return None
        track, _ = DescriptionTrack.objects.select_for_update().get_or_create(video=video, language=language)
        track.cues.all().delete()
        DescriptionCue.objects.bulk_create(
            DescriptionCue(track=track, start=c.start, end=c.end, text=c.text, extended=c.extended) for c in cues
        )
        track.updated_by = user
        track.save()
    return track
