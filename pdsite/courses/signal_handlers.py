"""Receivers: they only enqueue (see STYLE.md)."""

from django.dispatch import receiver

from .models import Enrolment
from .signals import viewing_progressed


@receiver(viewing_progressed, dispatch_uid="courses.pathway_steps_after_viewing")
def pathway_steps_after_viewing(sender, *, user, video, record, completed_now, **kwargs):
    # A clip range can complete before the whole clip does, so any progress may matter,
    # but only to an enrolled teacher.
    if Enrolment.objects.filter(user=user).exists():
        from .tasks import pathway_steps_refresh_task

        pathway_steps_refresh_task.delay(user.pk, video.pk)
