"""Reads for Work Groups: the group's page as a viewer sees it, the facilitator's roster by
focus, and the report (attendance, gap-task completion, focus split, start→end change per
heading) with each figure's Guskey level.

Every list goes through access.py: a viewer without the space gets the advert only; the group
sees names; needs are shown to the person, their school's lead and the facilitators; the
report is for facilitators and shows the group's own members and aggregates, nothing else.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Prefetch

from pdsite.departments.csv_export import safe_cell

from . import access
from .models import Attendance, Booking, GapSubmission, Heading, Participant, Rating, WorkGroup, Workshop, WorkshopSession
from .services import places_left, school_eligibility, shares_for_submission


class Guskey:
    """Guskey's five levels of evaluating professional development (Guskey 2000)."""

    REACTIONS = "Level 1: participants' reactions"
    LEARNING = "Level 2: participants' learning"
    ORGANISATION = "Level 3: organisational support and change"
    USE = "Level 4: use of new knowledge and skills"
    STUDENTS = "Level 5: student learning outcomes"


HEADING_LEVEL = {
    Heading.STUDENT_OUTCOMES: Guskey.STUDENTS,
    Heading.POLICIES: Guskey.ORGANISATION,
    Heading.PRACTICE: Guskey.USE,
    Heading.PROFESSIONAL_LEARNING: Guskey.LEARNING,
}


def _workshops(group: WorkGroup) -> list[Workshop]:
    sessions = WorkshopSession.objects.select_related("focus")
    return list(group.workshops.prefetch_related(Prefetch("sessions", queryset=sessions)))


def _participants(group: WorkGroup):
    return access.live_participants(group).select_related("user", "focus", "booking__department__school").order_by(
        "booking__department__school__name", "-is_lead", "user__last_name"
    )


@dataclass
class Offer:
    """A department the viewer may book for, and whether its school may join."""

    department: object
    verdict: object
    booked: Booking | None


@dataclass
class GroupPage:
    group: WorkGroup
    workshops: list
    foci: list
    facilitators: list
    places_left: int
    space: bool
    facilitating: bool
    me: Participant | None = None
    members: list = field(default_factory=list)
    bookings: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    posts: list = field(default_factory=list)
    offers: list = field(default_factory=list)


def group_page(*, group: WorkGroup, user) -> GroupPage:
    page = GroupPage(
        group=group, workshops=_workshops(group), foci=list(group.foci.all()),
        facilitators=list(group.facilitators.select_related("user")), places_left=places_left(group),
        space=access.can_view_space(user, group), facilitating=access.can_facilitate(user, group),
    )
    for department in access.bookable_departments(user):
        booked = Booking.objects.filter(work_group=group, department=department).exclude(
            status=Booking.Status.CANCELLED
        ).first()
        page.offers.append(Offer(department, school_eligibility(work_group=group, department=department), booked))
    if not page.space:
        return page
    page.me = access.participant_for(user, group)
    page.members = list(_participants(group))
    page.bookings = list(access.bookings_visible_to(user, group).prefetch_related("plans__before_workshop"))
    submitted = set()
    if page.me is not None:
        submitted = set(GapSubmission.objects.filter(participant=page.me).values_list("task_id", flat=True))
    page.tasks = [(task, task.pk in submitted) for task in group.gap_tasks.select_related("before_workshop")]
    page.posts = list(group.posts.select_related("author"))
    return page


@dataclass
class Roster:
    by_focus: list  # (label, [participants])
    workshops: list
    attended: dict  # (workshop_id, participant_id) -> bool


def roster(*, group: WorkGroup) -> Roster:
    """The facilitators' roster: participants by focus (undecided last) with needs and school."""
    people = list(_participants(group))
    groups = defaultdict(list)
    for p in people:
        groups[p.focus].append(p)
    by_focus = [(str(f), groups[f]) for f in group.foci.all()] + [("Deciding at the first workshop", groups[None])]
    attended = {
        (a.workshop_id, a.participant_id): a.attended for a in Attendance.objects.filter(workshop__work_group=group)
    }
    return Roster(by_focus=by_focus, workshops=list(group.workshops.all()), attended=attended)


@dataclass
class HeadingChange:
    heading: str
    level: str
    start: float | None
    end: float | None
    change: float | None
    rated_both: int


@dataclass
class MemberRow:
    name: str
    school: str
    focus: str
    lead: bool
    attended: int
    submitted: int
    change: dict  # heading value -> change or None


@dataclass
class Report:
    group: WorkGroup
    participants: int
    schools: int
    attendance: list  # (workshop, present, recorded)
    tasks: list  # (task, submitted, participants)
    focus_split: list  # (label, count)
    headings: list  # HeadingChange
    members: list  # MemberRow
    plans: int
    leads_missing: list = field(default_factory=list)  # (lead, school, [workshop numbers missed])
    levels: dict = field(default_factory=lambda: {
        "attendance": Guskey.REACTIONS, "tasks": Guskey.USE, "focus": Guskey.LEARNING, "plans": Guskey.ORGANISATION,
    })


def _per_heading(ratings) -> dict:
    """(participant_id, stage, heading) -> the participant's mean score over that heading's statements."""
    scores = defaultdict(list)
    for participant_id, stage, heading, score in ratings:
        scores[(participant_id, stage, heading)].append(score)
    return {key: float(mean(values)) for key, values in scores.items()}


def report(*, group: WorkGroup) -> Report:
    people = list(_participants(group))
    ids = [p.pk for p in people]
    present = Counter(
        Attendance.objects.filter(workshop__work_group=group, participant_id__in=ids, attended=True).values_list(
            "workshop_id", flat=True
        )
    )
    recorded = Counter(
        Attendance.objects.filter(workshop__work_group=group, participant_id__in=ids).values_list("workshop_id", flat=True)
    )
    attendance = [(w, present[w.pk], recorded[w.pk]) for w in group.workshops.all()]
    subs = list(GapSubmission.objects.filter(task__work_group=group, participant_id__in=ids).values_list(
        "task_id", "participant_id"))
    per_task = Counter(t for t, _ in subs)
    tasks = [(t, per_task[t.pk], len(people)) for t in group.gap_tasks.select_related("before_workshop")]
    focus = Counter(str(p.focus) if p.focus else "Deciding at the first workshop" for p in people)
    means = _per_heading(
        Rating.objects.filter(participant_id__in=ids).values_list("participant_id", "stage", "statement__heading", "score")
    )
    headings = []
    for value, label in Heading.choices:
        starts = [v for (p, s, h), v in means.items() if h == value and s == Rating.Stage.START]
        ends = [v for (p, s, h), v in means.items() if h == value and s == Rating.Stage.END]
        both = [means[(p, "end", value)] - means[(p, "start", value)] for p in ids
                if (p, "start", value) in means and (p, "end", value) in means]
        headings.append(HeadingChange(
            label, HEADING_LEVEL[value], round(mean(starts), 2) if starts else None,
            round(mean(ends), 2) if ends else None, round(mean(both), 2) if both else None, len(both),
        ))
    attended_by = Counter(
        Attendance.objects.filter(participant_id__in=ids, attended=True).values_list("participant_id", flat=True)
    )
    submitted_by = Counter(p for _, p in subs)
    members = [
        MemberRow(
            name=str(p), school=str(p.booking.department.school), focus=f"Focus {p.focus.code}" if p.focus else "Undecided",
            lead=p.is_lead, attended=attended_by[p.pk], submitted=submitted_by[p.pk],
            change={
                value: round(means[(p.pk, "end", value)] - means[(p.pk, "start", value)], 2)
                if (p.pk, "start", value) in means and (p.pk, "end", value) in means else None
                for value in Heading.values
            },
        )
        for p in people
    ]
    bookings = {p.booking_id for p in people}
    missed = defaultdict(list)
    if group.lead_attends_every_workshop:
        rows = Attendance.objects.filter(participant_id__in=[p.pk for p in people if p.is_lead], attended=False)
        for participant_id, number in rows.values_list("participant_id", "workshop__number").order_by("workshop__number"):
            missed[participant_id].append(number)
    leads_missing = [(str(p), str(p.booking.department.school), missed[p.pk]) for p in people if missed.get(p.pk)]
    from .models import DepartmentPlan

    return Report(
        group=group, participants=len(people), schools=len({p.booking.department.school_id for p in people}),
        attendance=attendance, tasks=tasks, focus_split=sorted(focus.items()), headings=headings, members=members,
        plans=DepartmentPlan.objects.filter(booking_id__in=bookings).values("booking_id").distinct().count(),
        leads_missing=leads_missing,
    )


def report_csv(data: Report) -> str:
    """The report as CSV: one row per figure (section, item, value, out of, Guskey level), then
    the group's own members. Text that people typed (titles, names) goes through `safe_cell`,
    so a spreadsheet never runs it as a formula; the figures stay numbers."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "item", "value", "out of", "Guskey level"])
    for workshop, present, recorded in data.attendance:
        writer.writerow(["attendance", str(workshop), present, data.participants, data.levels["attendance"]])
    for task, submitted, total in data.tasks:
        writer.writerow(["gap task completion", safe_cell(task.title), submitted, total, data.levels["tasks"]])
    for label, count in data.focus_split:
        writer.writerow(["focus split", safe_cell(label), count, data.participants, data.levels["focus"]])
    writer.writerow(["department plans", "schools with a plan", data.plans, data.schools, data.levels["plans"]])
    for name, school, numbers in data.leads_missing:
        missed = " ".join(str(n) for n in numbers)
        writer.writerow(["lead missed workshops", safe_cell(f"{name} ({school})"), missed, "", data.levels["plans"]])
    for h in data.headings:
        for what, value in (("start mean", h.start), ("end mean", h.end), ("change (start→end)", h.change)):
            writer.writerow([f"outcomes: {h.heading}", what, "" if value is None else value, h.rated_both, h.level])
    writer.writerow([])
    writer.writerow(["member", "school", "focus", "lead", "workshops attended", "gap tasks submitted",
                     *[f"change: {label}" for label in Heading.labels]])
    for m in data.members:
        writer.writerow([safe_cell(m.name), safe_cell(m.school), m.focus, "yes" if m.lead else "", m.attended, m.submitted,
                         *["" if m.change[v] is None else m.change[v] for v in Heading.values]])
    return out.getvalue()


def task_page(*, task, user):
    me = access.participant_for(user, task.work_group)
    mine = GapSubmission.objects.filter(task=task, participant=me).select_related("share__recording").first() if me else None
    return {
        "me": me, "mine": mine, "submissions": list(access.submissions_visible_to(user, task)),
        "shares": shares_for_submission(user, task.work_group) if me else None,
        "facilitating": access.can_facilitate(user, task.work_group),
    }


def index_page(*, user) -> dict:
    groups = WorkGroup.objects.select_related("hub").prefetch_related("workshops")
    return {"mine": list(groups.visible_to(user)), "all": list(groups)}
