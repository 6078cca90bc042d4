"""Celery tasks of workgroups (thin: ids in, a service does the work; a row that is gone is a
quiet no-op)."""

from celery import shared_task


@shared_task
def booking_confirmation_task(booking_id: int) -> bool:
    """Email a confirmed booking's calendar and cover reminder (once; see the service)."""
    from .services import booking_confirmation_send

    return booking_confirmation_send(booking_id=booking_id)


@shared_task
def workshop_changed_task(workshop_id: int, old: str) -> int:
    """Tell every booked participant a workshop's new date."""
    from .services import workshop_changed_send

    return workshop_changed_send(workshop_id=workshop_id, old=old)


@shared_task
def booking_cancelled_task(booking_id: int, emails: list[str]) -> int:
    """Tell the people of a cancelled booking (their addresses taken before it was cancelled)."""
    from .services import booking_cancelled_send

    return booking_cancelled_send(booking_id=booking_id, emails=emails)
