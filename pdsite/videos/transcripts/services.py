"""Writes of transcripts: import captions, draft them by speech recognition, save edits, approve.

Every change to a transcript's cues goes through `_replace_cues`, which swaps the segments
in one transaction and, after commit, sends `signals.transcript_changed` (video id and
language), so search can drop the old text and index the new; this module knows nothing of
search. The draft task is queued by name through `jobs` (tasks import services, never the
other way round). Reads are in `selectors`, the editor's cue checks in `editing`.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..asr import extract_audio, get_engine
from ..jobs import TRANSCRIPT_DRAFT_TASK, enqueue_on_commit
from ..models import Transcript, TranscriptSegment, Video
from ..pipeline.srt import parse_captions
from ..pipeline.vtt import Cue
from ..signals import transcript_changed
from ..storage import storage_download, storage_errors_as_unavailable
from .editing import CueErrors, validate_cues
from .selectors import transcript_for_video

logger = logging.getLogger(__name__)

Source = Transcript.Source
Status = Transcript.Status

# Statuses in which a video can be watched (PLAYABLE: before every rendition is done).
PLAYABLE_STATUSES = {Video.Status.PLAYABLE, Video.Status.READY}


def transcript_import(
    *, video: Video, vtt_text: str, language: str = "en", user=None, approve: bool = True
) -> Transcript:
    """Replace the video's transcript in `language` with the cues of a WebVTT or SRT file.

    Raises CaptionsError (naming the bad line) for a malformed file; then nothing changes.
    A file a person uploaded is approved unless `approve` is False.
    """
    cues = parse_captions(vtt_text)
    return _replace_cues(
        video=video,
        language=language,
        cues=cues,
        source=Source.UPLOADED,
        status=Status.APPROVED if approve else Status.DRAFT,
        user=user,
        engine="",
        approve_now=approve,
    )


def transcript_save_cues(*, video: Video, language: str = "en", cues: list[Cue], user) -> Transcript:
    """Save the cues edited in the admin editor in place of the old ones.

    Raises CueErrors (per cue) when `validate_cues` finds a problem; then nothing changes.
    The status is kept (an edited draft still needs approving); cues typed into an empty
    transcript by a PD lead are approved.
    """
    errors = validate_cues(cues)
    if errors:
        raise CueErrors(errors)
    existing = transcript_for_video(video=video, language=language)
    return _replace_cues(
        video=video,
        language=language,
        cues=cues,
        source=Source.EDITED,
        status=existing.status if existing else Status.APPROVED,
        user=user,
        engine=existing.engine if existing else "",
        approve_now=existing is None,
    )


def transcript_approve(*, transcript: Transcript, user) -> Transcript:
    """Mark a transcript reviewed: its "draft, needs review" badge goes away."""
    with transaction.atomic():
        transcript = Transcript.objects.select_for_update().get(pk=transcript.pk)
        transcript.status = Status.APPROVED
        transcript.approved_by = user
        transcript.approved_at = timezone.now()
        transcript.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        # The cues are unchanged, but a listener (search) may treat drafts differently.
        _announce_on_commit(transcript)
    return transcript


def transcript_draft_from_speech(*, video_id: int, language: str = "en") -> Transcript | None:
    """Make a draft transcript by speech recognition, unless the video already has one.

    Returns None when the video is gone, has no audio track, already has a transcript (an
    uploaded file always wins, even one that arrives while the draft is being made), no engine
    is configured, or nothing was recognised. Raises AsrError or StorageUnavailable when the work fails.
    """
    engine = get_engine()
    video = Video.objects.filter(pk=video_id).first()
    if engine is None or video is None or video.has_audio is False:
        return None
    if Transcript.objects.filter(video=video, language=language).exists():
        return None
    with tempfile.TemporaryDirectory(prefix=f"pdsite-asr-{video.pk}-") as workdir:
        work = Path(workdir)
        with storage_errors_as_unavailable():
            source = storage_download(video.source.name, work / "source")
        audio = extract_audio(source, work / "audio.wav", ffmpeg_bin=settings.FFMPEG_BINARY)
        cues = engine.transcribe(audio)
    if not cues:
        logger.info("video %s: no speech recognised; no draft transcript", video.pk)
        return None
    try:
        with transaction.atomic():
            transcript = Transcript.objects.create(
                video=video, language=language, source=Source.ASR, status=Status.DRAFT, engine=engine.name
            )
            TranscriptSegment.objects.bulk_create(
                TranscriptSegment(transcript=transcript, start=c.start, end=c.end, text=c.text) for c in cues
            )
            _announce_on_commit(transcript)
    except IntegrityError:
        # A transcript was uploaded while we listened: keep the person's, drop the draft.
        logger.info("video %s: transcript arrived during the draft; draft dropped", video.pk)
        return None
    return transcript


def transcript_queue_draft(*, video: Video, previous: str) -> None:
    """On a status change: the first time a video becomes watchable, queue its draft.

    Called by the `video_status_changed` receiver inside the transition's transaction; the
    task is sent on commit, to the `transcripts` queue.
    """
    if not getattr(settings, "PDSITE_ASR_ENGINE", ""):
        return
    if video.status not in PLAYABLE_STATUSES or previous in PLAYABLE_STATUSES:
        return
    if video.has_audio is False or video.transcripts.exists():
        return  # no speech to recognise (the admin's video page says so), or a transcript already
    enqueue_on_commit(TRANSCRIPT_DRAFT_TASK, args=[video.pk])


def _replace_cues(
    *, video: Video, language: str, cues: list[Cue], source: str, status: str, user, engine: str, approve_now: bool
) -> Transcript:
    """Swap the cues and set the facts in one transaction. `approve_now` records `user` as
    the approver (a person's upload, or cues typed from scratch); otherwise an approved
    transcript keeps its approver and a draft has none."""
    with transaction.atomic():
        transcript, _ = Transcript.objects.select_for_update().get_or_create(video=video, language=language)
        transcript.segments.all().delete()
        TranscriptSegment.objects.bulk_create(
            TranscriptSegment(transcript=transcript, start=c.start, end=c.end, text=c.text) for c in cues
        )
        transcript.source = source
        transcript.status = status
        transcript.engine = engine
        if approve_now:
            transcript.approved_by = user
            transcript.approved_at = timezone.now()
        elif status == Status.DRAFT:
            transcript.approved_by = None
            transcript.approved_at = None
        transcript.save()
        # bulk_create sends no signals: listeners are told once the rows are committed.
        _announce_on_commit(transcript)
    return transcript


def _announce_on_commit(transcript: Transcript) -> None:
    """Send `transcript_changed` once the current transaction has committed."""
    video_id, language = transcript.video_id, transcript.language
    transaction.on_commit(
        lambda: transcript_changed.send(sender=Transcript, video_id=video_id, language=language)
    )
