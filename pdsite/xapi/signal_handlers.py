"""Receivers for xAPI. They only enqueue one task each (the task builds and stores the
statements), and nothing at all when xAPI is off (PDSITE_XAPI_ENDPOINT empty)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from pdsite.pathways.models import StepProgress
from pdsite.progress.signals import viewing_progressed
from pdsite.workgroups.models import GapSubmission

from .jobs import XAPI_GAP_TASK_COMPLETED_TASK, XAPI_STEP_COMPLETED_TASK, XAPI_VIEWING_RECORD_TASK, enqueue_on_commit
from .selectors import xapi_enabled


@receiver(viewing_progressed, dispatch_uid="xapi.statements_after_viewing")
def statements_after_viewing(sender, *, user, video, record, completed_now, **kwargs):
    # Sent after the heartbeat's write committed, inside the heartbeat request: one message.
    if xapi_enabled():
        enqueue_on_commit(XAPI_VIEWING_RECORD_TASK, args=[user.pk, video.pk])


@receiver(post_save, sender=StepProgress, dispatch_uid="xapi.statement_after_step_done")
def statement_after_step_done(sender, *, instance, created, raw=False, **kwargs):
    if created and not raw and xapi_enabled():
        enqueue_on_commit(XAPI_STEP_COMPLETED_TASK, args=[instance.pk])


@receiver(post_save, sender=GapSubmission, dispatch_uid="xapi.statement_after_gap_task_submitted")
def statement_after_gap_task_submitted(sender, *, instance, created, raw=False, **kwargs):
    if created and not raw and xapi_enabled():
        enqueue_on_commit(XAPI_GAP_TASK_COMPLETED_TASK, args=[instance.pk])
