"""Writes for lesson recordings: the school's policy, recording, sharing, the audit list,
deletion and retention.

Every function is keyword-only and atomic. Children appear in these recordings (STYLE §10), so:
- a school without a consent statement cannot record, and the teacher confirms it each time;
- a recording is a private Video (never in the admin, never presigned) seen by its owner and
  the audiences of its live shares only (access.py, the one rule);
- deletion is complete — source, renditions, HLS files, poster, sprite, thumbnails, captions
  and transcript, search entries (database and engine), comments, shares, views, upload rows,
  notifications — whether the owner deletes or the retention task does.

Refusals raise RecordingRefused (a ValidationError whose message a person can act on);
nothing is written when one is raised. Callers authorise the *page* (views ask access.py);
services check the data rules (only the owner shares, revokes or deletes).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pdsite.departments.models import Department, Membership, Notification
from pdsite.videos.models import UploadSession, Video
from pdsite.videos.pipeline.vtt import format_clock

from .audiences import audience_choices, audience_kind, audience_label, audience_members
from .models import (
    DEFAULT_RETENTION_DAYS,
    MAX_RETENTION_DAYS,
    Recording,
    RecordingPolicy,
    RecordingPurge,
    RecordingView,
    Share,
    YearGroup,
)

from .selectors import recording_policy_for

logger = logging.getLogger(__name__)

RECORDING_PURGE_TASK = "pdsite.lessons.tasks.recording_purge_task"
# A viewer reopening the same recording within this many minutes is one line of the audit list.
VIEW_COALESCE_MINUTES = 10
TITLE_MAX = 200


class RecordingRefused(ValidationError):
    """A recording, share or deletion refused; the message says what to do instead.

    A ValidationError, so a form can show it (`form.add_error(field, error)`); `str()` is the
    plain message."""

    def __str__(self) -> str:
        return " ".join(self.messages)


def max_recording_seconds() -> float:
    return min(settings.PDSITE_MAX_RECORDING_SECONDS, settings.PDSITE_MAX_VIDEO_SECONDS)


# --- The school's policy ----------------------------------------------------------------------


@transaction.atomic
def recording_policy_set(*, school, consent_statement: str, retention_days: int = DEFAULT_RETENTION_DAYS) -> RecordingPolicy:
    """Set `school`'s consent statement and retention (days kept after a cycle ends, or after
    the lesson without one; 1 to MAX_RETENTION_DAYS). `consent_changed_at` is set when the
    statement's text changes (not for whitespace only). An empty statement stops recording.
    Existing recordings keep the statement their teacher confirmed and their deletion date."""
    consent_statement = (consent_statement or "").strip()
    try:
        retention_days = int(retention_days)
    except (TypeError, ValueError):
        raise RecordingRefused({"retention_days": "Give the retention as a whole number of days."})
    if not 1 <= retention_days <= MAX_RETENTION_DAYS:
        raise RecordingRefused(
            {"retention_days": f"Keep recordings between 1 and {MAX_RETENTION_DAYS} days (at most one academic year)."}
        )
    policy, _ = RecordingPolicy.objects.select_for_update().get_or_create(school=school)
    fields = ["retention_days"]
    if " ".join(policy.consent_statement.split()) != " ".join(consent_statement.split()):
        policy.consent_statement = consent_statement
        policy.consent_changed_at = timezone.now()
        fields += ["consent_statement", "consent_changed_at"]
    policy.retention_days = retention_days
    policy.save(update_fields=fields)
    return policy


def recording_consent_check(*, owner, department: Department, consent_confirmed: bool) -> RecordingPolicy:
    """Raise RecordingRefused unless `owner` may record in `department` now: a member of it,
    the school has a consent statement, and the teacher confirmed it. Returns the policy.
    Asked before any byte of an upload moves (upload start) and again when it finishes."""
    if not getattr(owner, "is_authenticated", False) or not owner.is_active:
        raise RecordingRefused("Sign in to record a lesson.")
    if not Membership.objects.filter(user=owner, department=department).exists():
        raise RecordingRefused({"department": "Choose one of your own departments for the recording."})
    policy = recording_policy_for(department)
    if policy is None or not policy.allows_recording:
        raise RecordingRefused(
            "Your school has no recording consent statement yet, so lessons cannot be recorded. "
            "Ask your head of department to add one."
        )
    if consent_confirmed is not True:
        raise RecordingRefused({"consent_confirmed": "Confirm the school's recording consent statement first."})
    return policy


# --- Retention --------------------------------------------------------------------------------


def delete_after_for(*, recorded_on: datetime.date, cycle_ends_on: datetime.date | None, retention_days: int) -> datetime.date:
    """The last day a recording is kept: `retention_days` after its cycle ends (after the lesson
    without one), never more than MAX_RETENTION_DAYS after the lesson."""
    start = cycle_ends_on or recorded_on
    latest = recorded_on + datetime.timedelta(days=MAX_RETENTION_DAYS)
    return min(start + datetime.timedelta(days=retention_days), latest)


def _retention_days(department: Department) -> int:
    policy = recording_policy_for(department)
    return policy.retention_days if policy else DEFAULT_RETENTION_DAYS


@transaction.atomic
def recording_set_cycle_end(*, recording: Recording, ends_on: datetime.date | None) -> Recording:
    """The recording now belongs to a cycle ending `ends_on` (None: to no cycle); its deletion
    date follows (`delete_after_for`, the school's retention as it is now)."""
    recording.cycle_ends_on = ends_on
    recording.delete_after = delete_after_for(
        recorded_on=recording.recorded_on, cycle_ends_on=ends_on, retention_days=_retention_days(recording.department)
    )
    recording.save(update_fields=["cycle_ends_on", "delete_after"])
    return recording


# --- Recording ---------------------------------------------------------------------------------


def _clean_context(*, title: str, year_group, recorded_on, unit) -> tuple[str, int]:
    title = " ".join((title or "").split())
    if not title:
        raise RecordingRefused({"title": "Give the recording a title, e.g. “Y8 ratio tables, set 2”."})
    if len(title) > TITLE_MAX:
        raise RecordingRefused({"title": f"Keep the title under {TITLE_MAX} characters."})
    try:
        year_group = int(year_group)
    except (TypeError, ValueError):
        year_group = None
    if year_group not in YearGroup.values:
        raise RecordingRefused({"year_group": "Choose the class's year group."})
    if not isinstance(recorded_on, datetime.date):
        raise RecordingRefused({"recorded_on": "Give the day the lesson was taught."})
    if recorded_on > timezone.localdate():
        raise RecordingRefused({"recorded_on": "The lesson's date cannot be in the future."})
    if recorded_on < timezone.localdate() - datetime.timedelta(days=MAX_RETENTION_DAYS):
        raise RecordingRefused({"recorded_on": "Recordings are kept at most a year after the lesson; this one is older."})
    return title, year_group


def _check_duration(duration: float | None) -> None:
    limit = max_recording_seconds()
    if duration is not None and duration > limit:
        raise RecordingRefused(
            {"video": f"This recording is {format_clock(duration)} long; a lesson recording can be at most "
                      f"{format_clock(limit)}. Trim it, or upload the part you want to discuss."}
        )


@transaction.atomic
def recording_create(
    *,
    owner,
    department: Department,
    title: str,
    year_group: int,
    recorded_on: datetime.date,
    consent_confirmed: bool,
    video: Video | None = None,
    source: File | None = None,
    unit=None,
    small_step: str = "",
    lesson_focus: str = "",
) -> Recording:
    """`owner`'s recording of a lesson taught in `department`, private to them.

    The media is either `source` (a file: a private Video is made and queued for transcoding,
    as PD clips are) or `video` (a private Video already made from a resumable upload, by
    `recording_create_from_upload`, uploaded by `owner`, not yet a recording). Raises
    RecordingRefused (nothing saved, no file stored) when the owner is not in the department,
    the school has no consent statement, consent is not confirmed, the context is incomplete
    or the recording is longer than PDSITE_MAX_RECORDING_SECONDS (known once probed; a longer
    upload fails its probe with that message). `delete_after` follows the school's retention.
    """
    policy = recording_consent_check(owner=owner, department=department, consent_confirmed=consent_confirmed)
    title, year_group = _clean_context(title=title, year_group=year_group, recorded_on=recorded_on, unit=unit)
    if (video is None) == (source is None):
        raise RecordingRefused({"video": "Choose the lesson's video file."})
    if video is not None:
        if not video.private or video.uploaded_by_id != owner.pk:
            raise RecordingRefused({"video": "That video is not one of your uploads."})
        if Recording.objects.filter(video=video).exists():
            raise RecordingRefused({"video": "That video is already a recording."})
        _check_duration(video.duration)
    else:
        from pdsite.videos.services import video_create

        video = video_create(title=title, source=source, uploaded_by=owner, private=True)
    now = timezone.now()
    return Recording.objects.create(
        video=video,
        owner=owner,
        department=department,
        title=title,
        year_group=year_group,
        unit=unit,
        small_step=(small_step or "").strip()[:200],
        lesson_focus=(lesson_focus or "").strip(),
        recorded_on=recorded_on,
        consent_statement=policy.consent_statement,
        consent_confirmed_at=now,
        delete_after=delete_after_for(recorded_on=recorded_on, cycle_ends_on=None, retention_days=policy.retention_days),
    )


def recording_create_from_upload(*, session: UploadSession, owner, department: Department, title: str,
                                 year_group: int, recorded_on: datetime.date, consent_confirmed: bool, unit=None,
                                 small_step: str = "", lesson_focus: str = "") -> Recording:
    """Finish `owner`'s resumable upload (`session`, purpose "recording") as a private Video and
    make it a recording (`recording_create`). Consent and context are checked before the upload
    is finished, so a refusal leaves the upload open to finish once it is fixed. Raises
    RecordingRefused, or the uploads' UploadError (missing bytes, not a video)."""
    from pdsite.videos.uploads.services import upload_complete

    if session.user_id != owner.pk:
        raise RecordingRefused("There is no upload with this id for you; start the upload again.")
    recording_consent_check(owner=owner, department=department, consent_confirmed=consent_confirmed)
    _clean_context(title=title, year_group=year_group, recorded_on=recorded_on, unit=unit)
    with transaction.atomic():
        video = upload_complete(session=session, title=" ".join(title.split()), private=True)
        existing = Recording.objects.filter(video=video).first()
        if existing is not None:  # a retried request: the first one made it
            return existing
        return recording_create(
            owner=owner, department=department, title=title, year_group=year_group, recorded_on=recorded_on,
            consent_confirmed=consent_confirmed, video=video, unit=unit, small_step=small_step,
            lesson_focus=lesson_focus,
        )


@transaction.atomic
def recording_update(*, recording: Recording, by, title: str, year_group: int, recorded_on: datetime.date,
                     unit=None, small_step: str = "", lesson_focus: str = "") -> Recording:
    """Change the class context of `by`'s own recording (the deletion date follows the lesson's date)."""
    _require_owner(recording, by, "change")
    title, year_group = _clean_context(title=title, year_group=year_group, recorded_on=recorded_on, unit=unit)
    recording.title, recording.year_group, recording.recorded_on, recording.unit = title, year_group, recorded_on, unit
    recording.small_step, recording.lesson_focus = (small_step or "").strip()[:200], (lesson_focus or "").strip()
    recording.delete_after = delete_after_for(
        recorded_on=recorded_on, cycle_ends_on=recording.cycle_ends_on,
        retention_days=_retention_days(recording.department),
    )
    recording.save()
    Video.objects.filter(pk=recording.video_id).update(title=title)
    return recording


def _require_owner(recording: Recording, by, verb: str) -> None:
    if by is None or recording.owner_id != by.pk:
        raise RecordingRefused(f"Only the teacher who recorded the lesson can {verb} it.")


# --- Sharing -----------------------------------------------------------------------------------


def _clip_range(recording: Recording, start, end) -> tuple[float | None, float | None]:
    if start in (None, "") and end in (None, ""):
        return None, None
    if start in (None, "") or end in (None, ""):
        raise RecordingRefused({"end": "Give both the start and the end of the clip, or neither for the whole recording."})
    try:
        start, end = float(start), float(end)
    except (TypeError, ValueError):
        raise RecordingRefused({"start": "Give the clip's start and end as minutes:seconds, e.g. 4:30."})
    duration = Video.objects.filter(pk=recording.video_id).values_list("duration", flat=True).first()
    if not duration:
        raise RecordingRefused({"start": "The recording is still being prepared; share a clip once it plays."})
    if start < 0 or start >= duration:
        raise RecordingRefused({"start": f"The clip must start inside the recording (0:00–{format_clock(duration)})."})
    if end <= start:
        raise RecordingRefused({"end": f"The clip must end after it starts ({format_clock(start)})."})
    if end > duration:
        raise RecordingRefused({"end": f"The clip must end by the recording's end ({format_clock(duration)})."})
    return start, end


def _describe(share: Share) -> str:
    if share.is_clip:
        return f"a clip ({format_clock(share.start)}–{format_clock(share.end)}) of"
    return "their recording"


@transaction.atomic
def share_create(
    *,
    recording: Recording,
    by,
    audience_kind: str,
    audience_id: int,
    permission: str = Share.Permission.VIEW,
    start: float | None = None,
    end: float | None = None,
    ends_at: datetime.datetime | None = None,
) -> Share:
    """`by` (the owner) shares `recording`, or the clip `start`–`end` of it, with one audience
    (`audience_kind`/`audience_id`, one of `audiences.audience_choices(owner)`), to view or to
    comment, until `ends_at` (None: until revoked). The audience's members (but the owner) are
    notified in-app. Raises RecordingRefused for anyone but the owner, an audience the owner
    may not pick, a clip outside the recording, an end date in the past or a bad permission."""
    _require_owner(recording, by, "share")
    if audience_kind_of(audience_kind) is None:
        raise RecordingRefused({"audience": "Choose who to share with."})
    try:
        audience_id = int(audience_id)
    except (TypeError, ValueError):
        raise RecordingRefused({"audience": "Choose who to share with."})
    if (audience_kind, audience_id) not in {(kind, pk) for kind, pk, _ in audience_choices(by)}:
        raise RecordingRefused({"audience": "Choose people, a team or a group of your own department."})
    if permission not in Share.Permission.values:
        raise RecordingRefused({"permission": "Choose “View” or “View and comment”."})
    start, end = _clip_range(recording, start, end)
    if ends_at is not None:
        if isinstance(ends_at, datetime.date) and not isinstance(ends_at, datetime.datetime):
            ends_at = timezone.make_aware(datetime.datetime.combine(ends_at, datetime.time.max))
        if ends_at <= timezone.now():
            raise RecordingRefused({"ends_at": "The share's end must be in the future."})
    share = Share.objects.create(
        recording=recording, audience_kind=audience_kind, audience_id=audience_id, permission=permission,
        start=start, end=end, ends_at=ends_at, created_by=by,
    )
    _notify_audience(share, by)
    return share


def audience_kind_of(kind: str):
    return audience_kind(kind) if isinstance(kind, str) else None


def _notify_audience(share: Share, by) -> None:
    recording = share.recording
    who = by.get_full_name() or by.get_username()
    verb = "to comment on" if share.permission == Share.Permission.COMMENT else "to watch"
    subject = f"{who} shared {_describe(share)} “{recording.title}” with you"[:200]
    body = f"{verb.capitalize()}, shared with {audience_label(share.audience_kind, share.audience_id)}."
    if share.ends_at:
        body += f" Until {timezone.localtime(share.ends_at):%-d %B %Y}."
    url = recording.get_absolute_url()
    people = audience_members(share.audience_kind, share.audience_id).exclude(pk=recording.owner_id).distinct()
    Notification.objects.bulk_create(
        Notification(user=person, subject=subject, body=body, url=url) for person in people.filter(is_active=True)
    )


@transaction.atomic
def share_revoke(*, share: Share, by) -> Share:
    """The owner ends `share` now: its audience's next request is refused (access.py asks on
    every request). The row stays for the audit list. Revoking twice is harmless."""
    share = Share.objects.select_for_update().select_related("recording").get(pk=share.pk)
    _require_owner(share.recording, by, "stop sharing")
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
    return share


# --- The audit list ----------------------------------------------------------------------------


@transaction.atomic
def recording_view_record(*, recording: Recording, viewer, share: Share | None = None) -> RecordingView | None:
    """Note that `viewer` opened `recording` (through `share`, whose range is noted for a clip).
    The owner's own views are not listed (None). Reopening within VIEW_COALESCE_MINUTES through
    the same share is the same line (its time moves on), so a reload does not flood the list."""
    if viewer is None or not viewer.is_authenticated or viewer.pk == recording.owner_id:
        return None
    recent = (
        RecordingView.objects.select_for_update()
        .filter(recording=recording, viewer=viewer, share=share,
                viewed_at__gte=timezone.now() - datetime.timedelta(minutes=VIEW_COALESCE_MINUTES))
        .first()
    )
    if recent is not None:
        RecordingView.objects.filter(pk=recent.pk).update(viewed_at=timezone.now())
        return recent
    return RecordingView.objects.create(
        recording=recording, viewer=viewer, share=share,
        start=share.start if share is not None else None, end=share.end if share is not None else None,
    )


# --- Deletion and retention --------------------------------------------------------------------


def _storage_names(video: Video) -> tuple[list[str], list[str]]:
    """(folders, files) holding everything stored for `video`: its source's upload folder and
    its output prefix (renditions, HLS segments and playlists, poster, sprite, thumbnails)."""
    prefixes = [video.output_prefix]
    files = []
    for name in (video.source.name, *UploadSession.objects.filter(video=video).values_list("storage_name", flat=True)):
        if not name:
            continue
        folder = name.rsplit("/", 1)[0] if "/" in name else ""
        # The source sits alone in its own upload folder (videos/sources/<uuid>/name).
        if folder.startswith("videos/sources/") and folder.count("/") >= 2:
            prefixes.append(folder)
        files.append(name)
    for name in (video.master_playlist, video.poster, video.sprite, video.thumbnails):
        if name and not name.startswith(f"{video.output_prefix}/"):
            files.append(name)
    return sorted(set(prefixes)), sorted(set(files))


@transaction.atomic
def recording_delete(*, recording: Recording, by) -> RecordingPurge:
    """Delete `recording` completely. `by` is its owner (None: the retention task).

    In one transaction: its comments and their replies, mentions and tags (pdsite.feedback),
    shares, views, transcripts and their cues, search moments, the upload rows, the
    notifications that link to it, the Recording and its Video. A RecordingPurge row records
    the storage folders and files; after commit a task deletes them and the search engine's
    entries (retried by the daily retention task until nothing is left). Returns the purge row.
    Raises RecordingRefused for anyone but the owner.
    """
    recording = Recording.objects.select_for_update().select_related("video").get(pk=recording.pk)
    if by is not None:
        _require_owner(recording, by, "delete")
    _notifications_delete(recording)
    video = Video.objects.select_for_update().get(pk=recording.video_id)
    recording_id = recording.pk
    recording.delete()  # shares and views cascade; cycle steps let go (SET_NULL)
    purge = _video_delete(video)
    logger.info("recording %s (video %s) deleted by %s", recording_id, purge.video_id, getattr(by, "pk", "retention"))
    return purge


def _notifications_delete(recording: Recording) -> None:
    """The in-app notifications about `recording`: those linking to its page, and the share and
    @mention notifications (they carry its title, a comment's words) of the people it was shared
    with or mentioned in its comments, found by its title while there is no page to link to."""
    from pdsite.feedback.models import Mention

    url = recording.get_absolute_url()
    people = set(Mention.objects.filter(comment__video_id=recording.video_id).values_list("user_id", flat=True))
    for share in recording.shares.all():
        people |= set(audience_members(share.audience_kind, share.audience_id).values_list("pk", flat=True))
    about = Q(user_id__in=people, subject__contains=f"“{recording.title}”")
    if recording.video.title != recording.title:
        about |= Q(user_id__in=people, subject__contains=f"“{recording.video.title}”")
    if url:
        about |= Q(url=url) | Q(url__startswith=f"{url}?") | Q(url__startswith=f"{url}#")
        about |= Q(url__startswith=url if url.endswith("/") else f"{url}/")
    Notification.objects.filter(about).delete()


def _video_delete(video: Video) -> RecordingPurge:
    """Delete a private video's rows and record its files for the purge (queued on commit)."""
    from pdsite.feedback.models import Comment

    prefixes, files = _storage_names(video)
    purge = RecordingPurge.objects.create(video_id=video.pk, prefixes=prefixes, files=files)
    Comment.objects.filter(video=video).delete()  # replies, mentions and tag links cascade
    UploadSession.objects.filter(video=video).delete()
    video.delete()  # renditions, transcripts, cues, search moments, viewing records cascade
    purge_id = purge.pk
    transaction.on_commit(lambda: _enqueue_purge(purge_id))
    return purge


@transaction.atomic
def recording_orphans_delete() -> int:
    """Delete, completely, every private video that is no recording's (its recording went with
    its owner's account or its department, which cascade). Returns how many. A recording's
    video is made in the same transaction as the recording, so none is caught half-made."""
    count = 0
    for video in Video.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        private=True, recording__isnull=True
    ):
        _video_delete(video)
        count += 1
    return count


def _enqueue_purge(purge_id: int) -> None:
    from celery import current_app

    current_app.signature(RECORDING_PURGE_TASK, args=[purge_id]).apply_async()


def recording_purge(*, purge_id: int) -> bool:
    """Delete what `RecordingPurge` `purge_id` names from storage and the search engine. True
    when nothing is left (the row is marked purged; deleted once a day old, after the daily
    run found nothing again). Raises StorageUnavailable or the engine's error for a retry; the
    attempt is counted on the row. False when the row is gone."""
    from pdsite.videos.storage import storage_errors_as_unavailable

    purge = RecordingPurge.objects.filter(pk=purge_id).first()
    if purge is None:
        return False
    try:
        with storage_errors_as_unavailable():
            _purge_storage(purge)
        _purge_search(purge.video_id)
    except Exception as error:
        # Counted, then raised for the task to retry (StorageUnavailable, the engine's errors).
        RecordingPurge.objects.filter(pk=purge.pk).update(attempts=purge.attempts + 1, last_error=str(error)[:2000])
        raise
    now = timezone.now()
    if purge.purged_at is not None and purge.created_at < now - datetime.timedelta(days=1):
        purge.delete()
    else:
        RecordingPurge.objects.filter(pk=purge.pk).update(purged_at=now, last_error="")
    return True


def _purge_storage(purge: RecordingPurge) -> None:
    from django.core.files.storage import default_storage

    from pdsite.videos.storage import storage_delete_prefix

    for name in purge.files:
        default_storage.delete(name)
    for prefix in purge.prefixes:
        storage_delete_prefix(prefix)
        _remove_empty_folders(prefix)


def _remove_empty_folders(prefix: str) -> None:
    """On local disk, the folders the files were in (S3 has no folders)."""
    from pathlib import Path

    from django.core.files.storage import default_storage

    try:
        root = Path(default_storage.path(prefix))
    except NotImplementedError:
        return
    if not root.is_dir():
        return
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    if not any(root.iterdir()):
        root.rmdir()
    # videos/<pk>/ once its hls/ folder is gone
    parent = root.parent
    if parent.name.isdigit() and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()


def _purge_search(video_id: int) -> None:
    """The engine's moments of the video (the database's went with the video's rows)."""
    from pdsite.search import engine

    config = engine.engine_config()
    if config is None:
        return
    es = engine.client(config)
    if not es.indices.exists(index=config.alias):
        return
    es.delete_by_query(index=config.alias, body={"query": {"term": {"video_id": video_id}}}, refresh=True,
                       conflicts="proceed")


def recordings_expire(*, today: datetime.date | None = None) -> int:
    """Delete every recording whose `delete_after` is before `today` (the retention rule), then
    retry every purge not yet finished. Returns how many recordings were deleted. A recording
    that fails to delete is logged and left for the next run."""
    today = today or timezone.localdate()
    deleted = 0
    for pk in Recording.objects.filter(delete_after__lt=today).values_list("pk", flat=True):
        recording = Recording.objects.filter(pk=pk).first()
        if recording is None:
            continue
        try:
            recording_delete(recording=recording, by=None)
        except Exception:
            logger.exception("recording %s: could not delete at the end of its retention", pk)
            continue
        deleted += 1
    recording_orphans_delete()
    recording_purges_retry()
    return deleted


def recording_purges_retry(*, ids: Iterable[int] | None = None) -> int:
    """Run every purge row again (a transcode running at deletion may have stored more; storage
    or the engine may have been down). Returns how many are still unfinished."""
    left = 0
    purges = RecordingPurge.objects.all() if ids is None else RecordingPurge.objects.filter(pk__in=list(ids))
    for purge_id in purges.values_list("pk", flat=True):
        try:
            recording_purge(purge_id=purge_id)
        except Exception:
            logger.warning("recording purge %s failed; it is retried tomorrow", purge_id, exc_info=True)
            left += 1
    return left
