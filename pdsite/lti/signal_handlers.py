"""Progress → LMS grades: when a teacher's viewing of a video progressed (after commit), enqueue
posting the new coverage to the line items that grade it, if any."""

from django.dispatch import receiver

from pdsite.progress.signals import viewing_progressed

from .models import GradeLink


@receiver(viewing_progressed, dispatch_uid="pdsite.lti.post_scores")
def post_scores_on_progress(sender, user, video, **kwargs):
    if GradeLink.objects.filter(user=user, video=video).exists():
        from .tasks import lti_scores_post_task

        lti_scores_post_task.delay(user.pk, video.pk)
