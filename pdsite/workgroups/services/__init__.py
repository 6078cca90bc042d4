"""Writes for Work Groups: bookings (a small state machine), attendance, workshop dates, gap
tasks and submissions, the discussion, department plans and outcome ratings.

Each service checks who may do it (access.py) and raises ValidationError with a message a
person can act on; nothing is written when it does. Emails leave on commit, through tasks.py,
so a rolled-back booking sends nothing.

A booking's status changes only in `booking_transition` (STYLE §8: one transition function and
its table). The confirmation email is claimed by a conditional update of
`confirmation_sent_at`, so a redelivered task sends nothing twice.
"""

from .bookings import (  # noqa: F401
    COVER_REMINDER,
    TRANSITIONS,
    Place,
    booking_cancel,
    booking_cancelled_send,
    booking_confirmation_send,
    booking_create,
    booking_endorse,
    booking_transition,
    places_left,
    school_eligibility,
    work_group_calendar,
    work_group_events,
    workshop_changed_send,
    workshop_reschedule,
)
from .between import (  # noqa: F401
    attendance_record,
    gap_submission_save,
    gap_task_create,
    participant_set_focus,
    plan_save,
    plan_to_department_workshop,
    post_create,
    ratings_save,
    shares_for_submission,
)
