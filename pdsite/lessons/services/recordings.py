"""Writes for recording lessons: the school's policy (consent statement, retention), the
consent check asked before any byte of an upload is taken, recording, the class context, and
the deletion date (`delete_after_for`, `recording_set_cycle_end`). See the package docstring."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from pdsite.departments.models import Department, Membership
from pdsite.videos.models import UploadSession, Video
from pdsite.videos.pipeline.vtt import format_clock

from ..models import DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS, Recording, RecordingPolicy, YearGroup
from ..selectors import recording_policy_for

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
    Existing recordings keep the statement their teacher confirmed; when the retention changes,
    their deletion dates follow it (one query per recording, so schools change it rarely)."""
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
    changed_retention = policy.retention_days != retention_days
    policy.retention_days = retention_days
    policy.save(update_fields=fields)
    if changed_retention:
        for recording in Recording.objects.select_for_update().filter(department__school=school):
            recording.delete_after = delete_after_for(
                recorded_on=recording.recorded_on, cycle_ends_on=recording.cycle_ends_on, retention_days=retention_days
            )
            recording.save(update_fields=["delete_after"])
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
    if session.purpose != UploadSession.Purpose.RECORDING:
        raise RecordingRefused("This upload was not started as a lesson recording; start it again from Record a lesson.")
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
    require_owner(recording, by, "change")
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


def require_owner(recording: Recording, by, verb: str) -> None:
    if by is None or recording.owner_id != by.pk:
        raise RecordingRefused(f"Only the teacher who recorded the lesson can {verb} it.")
