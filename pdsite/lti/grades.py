"""Assignment and Grade Services: a launched clip's coverage goes back to the LMS as the score
(0–100), posted when it changes; "Completed"/"FullyGraded" once the clip is complete."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade
from pylti1p3.service_connector import ServiceConnector

from .models import GradeLink, PlatformRegistration

AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


def grade_link_record(*, registration: PlatformRegistration, user, video, sub: str, endpoint: dict) -> GradeLink | None:
    """Remember where to post `user`'s score for `video`, from a launch's AGS claim (None when
    the launch grants no score posting to one line item)."""
    lineitem = endpoint.get("lineitem")
    scopes = list(endpoint.get("scope") or [])
    if not lineitem or SCORE_SCOPE not in scopes:
        return None
    link, _ = GradeLink.objects.update_or_create(
        registration=registration, user=user, lineitem_url=lineitem, defaults={"video": video, "sub": sub, "scopes": scopes}
    )
    return link


def grade_scores_post(*, user_id: int, video_id: int) -> int:
    """Post the user's current coverage of the video to every line item it is graded at, where it
    changed since the last post. Returns how many scores were posted. Raises pylti1p3's
    LtiServiceException when the platform refuses (the task retries)."""
    from pdsite.progress.models import ViewingRecord

    from .tool_config import PdsiteToolConf

    record = ViewingRecord.objects.filter(user_id=user_id, video_id=video_id).first()
    if record is None:
        return 0
    coverage = round(record.coverage, 4)
    posted = 0
    tool_conf = PdsiteToolConf()
    for link_id in GradeLink.objects.filter(user_id=user_id, video_id=video_id, registration__is_active=True).values_list("pk", flat=True):
        with transaction.atomic():
            link = GradeLink.objects.select_for_update().select_related("registration").get(pk=link_id)
            if link.posted_coverage == coverage:
                continue
            completed = record.completed_at is not None
            grade = (
                Grade()
                .set_score_given(round(coverage * 100, 2))
                .set_score_maximum(100)
                .set_timestamp(timezone.now().isoformat())
                .set_activity_progress("Completed" if completed else "InProgress")
                .set_grading_progress("FullyGraded" if completed else "Pending")
                .set_user_id(link.sub)
            )
            connector = ServiceConnector(tool_conf.registration_for(link.registration))
            AssignmentsGradesService(connector, {"scope": link.scopes, "lineitem": link.lineitem_url}).put_grade(grade)
            link.posted_coverage, link.posted_at = coverage, timezone.now()
            link.save(update_fields=["posted_coverage", "posted_at"])
            posted += 1
    return posted
