"""Transcripts: import captions, draft them by speech recognition, edit, approve, read.

Every change to a transcript's cues goes through `_replace_cues`, which swaps the segments
in one transaction and, after commit, tells the search app (`transcript_changed`), so old
text stops matching and new text matches. The captions track is rendered from the segments
on each request (`captions_vtt`), so it is always the current cues.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from pdsite.search.indexing import transcript_changed

from .asr import extract_audio, get_engine
from .models import Transcript, TranscriptSegment, Video
from .pipeline.srt import parse_captions
from .pipeline.vtt import Cue, format_timestamp, render_vtt
from .storage import storage_download, storage_errors_as_unavailable

logger = logging.getLogger(__name__)

Source = Transcript.Source
Status = Transcript.Status

# Statuses in which a video can be watched (PLAYABLE: before every rendition is done).
PLAYABLE_STATUSES = {Video.Status.PLAYABLE, Video.Status.READY}


# --- Writes -------------------------------------------------------------------------


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
        # The cues are unchanged, but the search app may treat drafts differently.
        transaction.on_commit(lambda: transcript_changed(transcript))
    return transcript


def transcript_draft_from_speech(*, video_id: int, language: str = "en") -> Transcript | None:
    """Make a draft transcript by speech recognition, unless the video already has one.

    Returns None when the video is gone, already has a transcript (an uploaded file always
    wins, even one that arrives while the draft is being made), no engine is configured, or
    nothing was recognised. Raises AsrError or StorageUnavailable when the work fails.
    """
    engine = get_engine()
    video = Video.objects.filter(pk=video_id).first()
    if engine is None or video is None or Transcript.objects.filter(video=video, language=language).exists():
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
            transaction.on_commit(lambda: transcript_changed(transcript))
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
    if video.transcripts.exists():
        return
    from .tasks import transcript_draft_task

    video_id = video.pk
    transaction.on_commit(lambda: transcript_draft_task.delay(video_id))


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
        # bulk_create sends no signals: the search app is told once the rows are committed.
        transaction.on_commit(lambda: transcript_changed(transcript))
    return transcript


# --- Editing: parsing and checking the cues a PD lead typed --------------------------


class CueErrors(ValueError):
    """Problems with edited cues: `errors` maps a cue's position (0-based) to messages."""

    def __init__(self, errors: dict[int, list[str]]):
        super().__init__("; ".join(f"cue {i + 1}: {' '.join(m)}" for i, m in sorted(errors.items())))
        self.errors = errors


_TIME = re.compile(r"^(?:(?:(\d+):)?(\d{1,2}):)?(\d+(?:\.\d+)?)$")


def parse_time(value: str) -> float | None:
    """"1:02.5", "00:01:02.500" or "62.5" -> 62.5 seconds; None if it is not a time."""
    value = (value or "").strip().replace(",", ".")
    if value.startswith("-"):
        number = parse_time(value[1:])
        return -number if number is not None else None
    match = _TIME.match(value)
    if not match:
        return None
    hours, minutes, seconds = match.groups()
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds)


@dataclass
class EditedCue:
    """One row of the editor form as typed, with its problems (for showing it again)."""

    start: str
    end: str
    text: str
    errors: list[str] = field(default_factory=list)


def cues_from_form(*, starts: list[str], ends: list[str], texts: list[str]) -> tuple[list[Cue], list[EditedCue]]:
    """Read the editor's parallel lists of fields into cues, and the rows with their errors.

    A time that cannot be read becomes an error on its row; the other rules are
    `validate_cues`. The cues are returned sorted by start time only when there are no errors.
    """
    rows = [EditedCue(start=s, end=e, text=t) for s, e, t in zip(starts, ends, texts, strict=True)]
    cues: list[Cue] = []
    for row in rows:
        start, end = parse_time(row.start), parse_time(row.end)
        if start is None:
            row.errors.append(f"The start time “{row.start}” is not a time like 1:02.5.")
        if end is None:
            row.errors.append(f"The end time “{row.end}” is not a time like 1:04.")
        cues.append(Cue(start=start or 0.0, end=end or 0.0, text=" ".join(row.text.split())))
    for index, messages in validate_cues(cues, check_times=[not r.errors for r in rows]).items():
        rows[index].errors.extend(messages)
    return cues, rows


def validate_cues(cues: list[Cue], *, check_times: list[bool] | None = None) -> dict[int, list[str]]:
    """Problems per cue position: empty text, negative times, ending before starting,
    overlapping the cue before it (cues must be in time order)."""
    errors: dict[int, list[str]] = {}
    if not cues:
        return {0: ["A transcript needs at least one cue."]}
    previous: Cue | None = None
    for index, cue in enumerate(cues):
        messages = []
        if not cue.text.strip():
            messages.append("The text is empty.")
        if check_times is None or check_times[index]:
            if cue.start < 0 or cue.end < 0:
                messages.append("Times cannot be negative.")
            elif cue.end <= cue.start:
                messages.append("The cue must end after it starts.")
            if previous is not None and cue.start < previous.end - 0.0005:
                messages.append(
                    f"It starts at {format_timestamp(max(cue.start, 0))}, before the cue above ends "
                    f"({format_timestamp(max(previous.end, 0))})."
                )
            previous = cue
        if messages:
            errors[index] = messages
    return errors


# --- Reads --------------------------------------------------------------------------


def transcript_for_video(*, video: Video, language: str = "en") -> Transcript | None:
    return Transcript.objects.filter(video=video, language=language).first()


def transcript_cues(*, transcript: Transcript) -> list[Cue]:
    return [Cue(start=s.start, end=s.end, text=s.text) for s in transcript.segments.order_by("start")]


def captions_vtt(*, video: Video, language: str = "en") -> str | None:
    """The current cues as a WebVTT captions track, or None without a transcript."""
    transcript = transcript_for_video(video=video, language=language)
    if transcript is None:
        return None
    return render_vtt(transcript_cues(transcript=transcript))


def transcript_plain_text(cues: Iterable[Cue]) -> str:
    """The transcript as plain text: one cue per line, with its start time."""
    return "".join(f"[{format_timestamp(c.start)[:-4]}] {c.text}\n" for c in cues)


def transcript_visible_to(*, video: Video, request) -> bool:
    """May this viewer read the video's transcript? Yes for transcript editors; otherwise
    only when a live page shows the video and that page's view restrictions let them in."""
    user = request.user
    if user.is_authenticated and user.has_perm("videos.view_transcript"):
        return True
    for page in video.pages.live():
        if all(restriction.accept_request(request) for restriction in page.get_view_restrictions()):
            return True
    return False

