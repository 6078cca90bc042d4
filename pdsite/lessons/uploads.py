"""The "recording" upload purpose: a teacher's lesson recording through the resumable upload.

Registered in `pdsite.videos.uploads.purposes` by LessonsConfig.ready(). The bytes go through
the videos upload endpoints (`videos:uploads:*`, S3 multipart or local chunks) like any other
upload; here is what makes it a recording:

- `may_start`: the server asks `services.recording_consent_check` before any byte is taken —
  the teacher is in the department, its school has a consent statement, and the start request
  confirms it (`fields`: `consent` or `consent_confirmed`, and `department` when the teacher
  records in more than one);
- `complete_url`: the recordings page's endpoint (`lessons:upload_complete`, the pages' view),
  which calls `services.recording_create_from_upload`: the consent and class context are
  checked again, the Video is made private, and the Recording row is written.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from pdsite.departments.models import Department
from pdsite.videos.uploads.purposes import UploadForbidden, upload_purpose_register

COMPLETE_URL_NAME = "lessons:upload_complete"
TRUE = {True, "true", "on", "1", "yes", 1}


def confirmed(value) -> bool:
    """A checkbox's or a JSON value's "yes"."""
    return value in TRUE if not isinstance(value, list) else any(v in TRUE for v in value)


def department_from(user, fields: dict) -> Department | None:
    """The department named in `fields` among `user`'s own, or their only department."""
    from .selectors import recording_departments_for

    wanted = fields.get("department")
    own = Department.objects.filter(memberships__user=user).distinct()
    if wanted not in (None, ""):
        try:
            return own.filter(pk=int(wanted)).first()
        except (TypeError, ValueError):
            return None
    allowed = recording_departments_for(user)
    if len(allowed) == 1:
        return allowed[0]
    return own.first() if own.count() == 1 else None


def may_start(user, fields: dict) -> None:
    from .services.recordings import RecordingRefused, recording_consent_check

    department = department_from(user, fields)
    if department is None:
        raise UploadForbidden("Choose the department the lesson was taught in.")
    consent = fields.get("consent_confirmed", fields.get("consent"))
    try:
        recording_consent_check(owner=user, department=department, consent_confirmed=confirmed(consent))
    except RecordingRefused as error:
        raise UploadForbidden(str(error))


def complete_url(session) -> str:
    try:
        return reverse(COMPLETE_URL_NAME, args=[session.pk])
    except NoReverseMatch:
        # Until the pages are there; the videos endpoint refuses to finish a recording.
        return reverse("videos:uploads:complete", args=[session.pk])


def register() -> None:
    upload_purpose_register("recording", may_start=may_start, complete_url=complete_url)
