"""Celery tasks of departments (thin: they call services): the hourly reminder digest."""

from celery import shared_task


@shared_task
def assignment_reminders_task() -> int:
    """Beat, hourly: send reminder digests (idempotent; see services.reminders.reminders_send)."""
    from .services.reminders import reminders_send

    return reminders_send()
