"""Receivers for pathways: after a viewing report adds seconds (progress' viewing_progressed),
enqueue the refresh of the teacher's watch steps. They only enqueue (see STYLE.md)."""

from django.dispatch import receiver

from pdsite.progress.signals import viewing_progressed

from .models import Enrolment
from .tasks import pathway_steps_refresh_task


@receiver(viewing_progressed, dispatch_uid="courses.pathway_steps_after_viewing")
def pathway_steps_after_viewing(sender, *, user, video, record, completed_now, **kwargs):
    # A clip range can complete before the whole clip does, so any progress may matter,
    # but only to an enrolled teacher.
    # The token heartbeat path has already read this with the user
    # (progress.selectors.heartbeat_token_viewer, flag registered in apps.py).
    enrolled = getattr(user, "pdsite_is_enrolled", None)
    if enrolled is None:
        enrolled = Enrolment.objects.filter(user=user).exists()
    if enrolled:
        pathway_steps_refresh_task.delay(user.pk, video.pk)
