"""Celery tasks for xAPI: thin wrappers that take ids, reload, and call a service.

`xapi_viewing_record_task`, `xapi_step_completed_task` and `xapi_gap_task_completed_task`
write statements into the outbox
(queued by signal_handlers, so the heartbeat only sends one message); `xapi_outbox_send_task`
sends the outbox (after each write, and every minute from beat: retries after an outage
happen there, with the backoff the service records on each row).
"""

from celery import shared_task

from .jobs import (
    XAPI_GAP_TASK_COMPLETED_TASK,
    XAPI_OUTBOX_SEND_TASK,
    XAPI_STEP_COMPLETED_TASK,
    XAPI_VIEWING_RECORD_TASK,
)


@shared_task(name=XAPI_OUTBOX_SEND_TASK, ignore_result=True)
def xapi_outbox_send_task() -> None:
    from .services import outbox_send

    outbox_send()


@shared_task(name=XAPI_VIEWING_RECORD_TASK, acks_late=True, ignore_result=True)
def xapi_viewing_record_task(user_id: int, video_id: int) -> None:
    from django.contrib.auth import get_user_model

    from pdsite.videos.models import Video

    from .services import xapi_viewing_record

    user = get_user_model().objects.filter(pk=user_id).first()
    video = Video.objects.filter(pk=video_id).first()
    if user is None or video is None:
        return
    xapi_viewing_record(user=user, video=video)


@shared_task(name=XAPI_STEP_COMPLETED_TASK, acks_late=True, ignore_result=True)
def xapi_step_completed_task(progress_id: int) -> None:
    from pdsite.pathways.models import StepProgress

    from .services import xapi_step_completed

    progress = StepProgress.objects.select_related("enrolment__user", "step__pathway").filter(pk=progress_id).first()
    if progress is None:
        return
    xapi_step_completed(progress=progress)


@shared_task(name=XAPI_GAP_TASK_COMPLETED_TASK, acks_late=True, ignore_result=True)
def xapi_gap_task_completed_task(submission_id: int) -> None:
    from pdsite.workgroups.models import GapSubmission

    from .services import xapi_gap_task_completed

    submission = (
        GapSubmission.objects.select_related("task__work_group", "participant__user").filter(pk=submission_id).first()
    )
    if submission is None:
        return
    xapi_gap_task_completed(submission=submission)
