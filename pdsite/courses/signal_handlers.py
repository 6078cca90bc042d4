"""Receivers: they only enqueue (see STYLE.md)."""

from django.dispatch import receiver

from .models import Enrolment
from .signals import viewing_progressed


@receiver(viewing_progressed, dispatch_uid="courses.pathway_steps_after_viewing")
def pathway_steps_after_viewing(sender, *, user, video, record, completed_now, **kwargs):
    # A clip range can complete before the whole clip does, so any progress may matter,
    # but only to an enrolled teacher.
    # The token heartbeat path has already read this with the user (selectors.heartbeat_token_viewer).
    enrolled = getattr(user, "pdsite_is_enrolled", None)
    if enrolled is None:
        enrolled = Enrolment.objects.filter(user=user).exists()
    if enrolled:
        from .tasks import pathway_steps_refresh_task

        pathway_steps_refresh_task.delay(user.pk, video.pk)
