"""Between workshops and outcomes: attendance, gap tasks and submissions (a note, a file, a
clip shared with the group), the discussion, each school's "back in the department" plan (and
the department workshop it can become), a participant's focus, and self-ratings."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pdsite.departments.models import Membership
from pdsite.lessons.access import live_shares

from .. import access
from ..audiences import KIND as AUDIENCE_KIND
from ..models import (
    Attendance,
    Booking,
    DepartmentPlan,
    FocusOption,
    GapSubmission,
    GapTask,
    Participant,
    Post,
    Rating,
    WorkGroup,
    Workshop,
)
from .common import _text


@transaction.atomic
def attendance_record(*, workshop: Workshop, by, present: Iterable[int]) -> int:
    """Record who came to `workshop` (ids of participants present; every other live participant
    is recorded absent). A facilitator only. Returns the number present."""
    if not access.can_facilitate(by, workshop.work_group):
        raise ValidationError("Only the Work Group's facilitators record attendance.")
    present = {int(p) for p in present}
    participants = list(access.live_participants(workshop.work_group))
    known = {p.pk for p in participants}
    if present - known:
        raise ValidationError("Someone ticked is not a participant of this Work Group.")
    for participant in participants:
        Attendance.objects.update_or_create(
            workshop=workshop, participant=participant,
            defaults={"attended": participant.pk in present, "recorded_by": by},
        )
    return len(present)


# --- Between workshops --------------------------------------------------------------------------


@transaction.atomic
def gap_task_create(*, work_group: WorkGroup, by, title: str, instructions: str, before_workshop: Workshop) -> GapTask:
    if not access.can_facilitate(by, work_group):
        raise ValidationError("Only the Work Group's facilitators set gap tasks.")
    if before_workshop.work_group_id != work_group.pk:
        raise ValidationError({"before_workshop": "Choose one of this Work Group's workshops."})
    return GapTask.objects.create(
        work_group=work_group, set_by=by, title=_text(title, "title", "a title")[:200],
        instructions=_text(instructions, "instructions", "what participants should do"), before_workshop=before_workshop,
    )


def shares_for_submission(user, work_group: WorkGroup):
    """The live shares of `user`'s own recordings with this Work Group (what a submission may point to)."""
    return live_shares().filter(
        recording__owner=user, audience_kind=AUDIENCE_KIND, audience_id=work_group.pk
    ).select_related("recording")


@transaction.atomic
def gap_submission_save(*, task: GapTask, user, note: str = "", file=None, share_id=None) -> GapSubmission:
    """`user`'s submission to `task` (made or replaced): a note, a file, and/or one of their
    lesson recordings' live shares with the group. A participant only."""
    participant = access.participant_for(user, task.work_group)
    if participant is None:
        raise ValidationError("Only the Work Group's participants submit gap tasks.")
    note = _text(note, "note", "", required=False)
    share = None
    if share_id not in (None, ""):
        share = shares_for_submission(user, task.work_group).filter(pk=share_id).first()
        if share is None:
            raise ValidationError({"share": "Choose one of your lesson recordings shared with this Work Group."})
    existing = GapSubmission.objects.filter(task=task, participant=participant).first()
    if not (note or file or share or (existing and existing.file)):
        raise ValidationError({"note": "Write a note, attach a file or choose a shared lesson clip."})
    submission = existing or GapSubmission(task=task, participant=participant)
    submission.note, submission.share = note, share
    if file:
        submission.file = file
    submission.save()
    return submission


@transaction.atomic
def post_create(*, work_group: WorkGroup, author, body: str) -> Post:
    if not access.can_view_space(author, work_group):
        raise ValidationError("Only the Work Group's members and facilitators post here.")
    return Post.objects.create(work_group=work_group, author=author, body=_text(body, "body", "a message"))


@transaction.atomic
def plan_save(*, booking: Booking, by, before_workshop: Workshop, actions: str) -> DepartmentPlan:
    """The school's “back in the department” plan before `before_workshop` (made or replaced)."""
    if not access.can_write_plan(by, booking):
        raise ValidationError("Only the school's own participants and subject leader write its plan.")
    if before_workshop.work_group_id != booking.work_group_id:
        raise ValidationError({"before_workshop": "Choose one of this Work Group's workshops."})
    plan, _ = DepartmentPlan.objects.update_or_create(
        booking=booking, before_workshop=before_workshop,
        defaults={"actions": _text(actions, "actions", "what the department will do"), "updated_by": by},
    )
    return plan


@transaction.atomic
def plan_to_department_workshop(*, plan: DepartmentPlan, by, starts_at: datetime.datetime) -> "DepartmentWorkshop":
    """Turn a school's plan into a departmental workshop of its own department (every member
    invited, the plan as its pre-task), led by `by`: a manager of that department only. The
    group's facilitators never reach the department's workshop (it is the school's)."""
    from pdsite.departments.models import Workshop as DepartmentWorkshop
    from pdsite.departments.permissions import can_manage_department
    from pdsite.departments.services.workshops import WorkshopData, workshop_create

    department = plan.booking.department
    if not can_manage_department(by, department):
        raise ValidationError("Only the department's head or PD lead turns the plan into a department workshop.")
    if plan.department_workshop_id is not None:
        raise ValidationError("This plan is already a department workshop.")
    members = [m.user for m in Membership.objects.filter(department=department).select_related("user")]
    workshop = workshop_create(
        department=department, created_by=by,
        data=WorkshopData(
            title=f"Back in the department: before workshop {plan.before_workshop.number} of {plan.booking.work_group.title}"[:200],
            kind=DepartmentWorkshop.Kind.DEPARTMENTAL, starts_at=starts_at, pre_task=plan.actions, facilitator=by,
            attendees=[u for u in members if u.pk != by.pk],
        ),
    )
    plan.department_workshop = workshop
    plan.save(update_fields=["department_workshop"])
    return workshop


@transaction.atomic
def participant_set_focus(*, participant: Participant, by, focus: FocusOption | None) -> Participant:
    """Choose (or change) a participant's focus: the person, their school's lead, a facilitator."""
    if not access.can_see_needs(by, participant):
        raise ValidationError("Only the participant, their subject leader or a facilitator chooses their focus.")
    if focus is not None and focus.work_group_id != participant.work_group_id:
        raise ValidationError({"focus": "Choose one of this Work Group's foci."})
    participant.focus = focus
    participant.save(update_fields=["focus"])
    return participant


@transaction.atomic
def ratings_save(*, work_group: WorkGroup, user, stage: str, answers: dict[int, tuple[int, str]]) -> int:
    """`user`'s self-ratings at `stage` ("start" or "end"): statement id → (score 1–4, evidence).
    Statements left out keep what they had. Returns the number saved."""
    participant = access.participant_for(user, work_group)
    if participant is None:
        raise ValidationError("Only the Work Group's participants rate themselves.")
    if stage not in Rating.Stage.values:
        raise ValidationError({"stage": "Choose the start or the end of the year."})
    statements = {s.pk: s for s in work_group.outcomes.all()}
    saved = 0
    for statement_id, (score, evidence) in answers.items():
        if statement_id not in statements:
            raise ValidationError("A statement that is not this Work Group's was rated.")
        if score not in (1, 2, 3, 4):
            raise ValidationError({f"score_{statement_id}": "Choose a rating from 1 to 4."})
        try:
            with transaction.atomic():
                Rating.objects.update_or_create(
                    statement_id=statement_id, participant=participant, stage=stage,
                    defaults={"score": score, "evidence": _text(evidence, "evidence", "", required=False)},
                )
        except IntegrityError:  # a second submit racing the first: the later one wins
            Rating.objects.filter(statement_id=statement_id, participant=participant, stage=stage).update(
                score=score, evidence=evidence
            )
        saved += 1
    return saved
