"""Background jobs for pathways."""

from celery import shared_task


# The name predates the pathways app: jobs queued before a deploy still find their task.
@shared_task(acks_late=True, name="pdsite.courses.tasks.pathway_steps_refresh_task")
def pathway_steps_refresh_task(user_id: int, video_id: int) -> None:
    """Mark done the pathway steps a teacher's latest viewing satisfies."""
    from django.contrib.auth import get_user_model

    from .services import watched_steps_refresh

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return
    watched_steps_refresh(user=user, video_id=video_id)
