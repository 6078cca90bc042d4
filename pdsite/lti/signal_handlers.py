"""Progress → LMS grades: when a teacher's viewing of a video progressed (after commit), enqueue
posting the new coverage to the line items that grade it, if any."""

from django.dispatch import receiver

from pdsite.progress.signals import viewing_progressed

from .models import GradeLink


@receiver(viewing_progressed, dispatch_uid="pdsite.lti.post_scores")
def post_scores_on_progress(sender, user, video, **kwargs):
    # The token heartbeat path has already read this with the user (grade_link_sql, registered
    # in apps.py), so a report costs no query here.
    graded = getattr(user, "pdsite_grades_video", None)
    if graded is None:
        graded = GradeLink.objects.filter(user=user, video=video).exists()
    if graded:
        from .tasks import lti_scores_post_task

        lti_scores_post_task.delay(user.pk, video.pk)

