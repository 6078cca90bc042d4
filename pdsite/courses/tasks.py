"""Background jobs for courses."""

from celery import shared_task


@shared_task(acks_late=True)
def pathway_steps_refresh_task(user_id: int, video_id: int) -> None:
    """Mark done the pathway steps a teacher's latest viewing satisfies."""
    from django.contrib.auth import get_user_model

    from .pathway_services import watched_steps_refresh

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return
    watched_steps_refresh(user=user, video_id=video_id)
