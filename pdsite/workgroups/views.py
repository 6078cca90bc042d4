"""Work Group pages under /workgroups/ (namespace `workgroups`): the programmes, a group's page
(the advert, and its space for those who may see it), booking and endorsing, the calendar
file, the facilitators' roster, attendance, workshop dates and report, gap tasks, the
discussion, department plans and self-ratings.

Each view: authorise through access.py, parse a form, call one service or selector, render. A
group space, booking, task or workshop the person may not see answers the same 404 as an
unknown id; seeing it without the right to do a thing answers 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pdsite.departments.permissions import can_manage_department

from . import access, selectors, services
from .forms import (
    BookingForm,
    CancelBookingForm,
    EndorseForm,
    FocusForm,
    GapTaskForm,
    PlanForm,
    PlanWorkshopForm,
    PostForm,
    RatingsForm,
    RescheduleForm,
    SubmissionForm,
    refuse,
)
from .models import Rating

FACILITATORS_ONLY = "Only the Work Group's facilitators can do this."


def _facilitated(request: HttpRequest, pk: int):
    group = access.space_or_404(request.user, pk)
    if not access.can_facilitate(request.user, group):
        raise PermissionDenied(FACILITATORS_ONLY)
    return group


def _error(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "workgroups/index.html", selectors.index_page(user=request.user))


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = access.work_group_or_404(pk)
    page = selectors.group_page(group=group, user=request.user)
    context = {"page": page, "group": group}
    if page.space:
        context["post_form"] = PostForm()
        writable = [b for b in page.bookings if access.can_write_plan(request.user, b)]
        context["plan_bookings"] = [(b, PlanForm(work_group=group, prefix=f"plan{b.pk}")) for b in writable]
        context["managed"] = {b.department_id for b in page.bookings if can_manage_department(request.user, b.department)}
        if page.me is not None:
            context["focus_form"] = FocusForm(work_group=group, initial={"focus": page.me.focus_id})
    return render(request, "workgroups/detail.html", context)


@login_required
def book(request: HttpRequest, pk: int) -> HttpResponse:
    group = access.work_group_or_404(pk)
    departments = list(access.bookable_departments(request.user))
    if not departments:
        raise PermissionDenied("Only a head of department or PD lead books places for their school.")
    wanted = request.POST.get("department") or request.GET.get("department")
    department = next((d for d in departments if d.slug == wanted), departments[0] if len(departments) == 1 else None)
    if department is None:
        return render(request, "workgroups/book_choose.html", {"group": group, "departments": departments})
    verdict = services.school_eligibility(work_group=group, department=department)
    form = BookingForm(request.POST or None, work_group=group, department=department)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(
                work_group=group, department=department, by=request.user, places=form.places()
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, "Places held. Record the headteacher's endorsement to confirm them.")
            return redirect("workgroups:booking", pk=booking.pk)
    return render(
        request, "workgroups/book.html",
        {"group": group, "department": department, "form": form, "verdict": verdict,
         "places_left": services.places_left(group)},
        status=400 if form.errors else 200,
    )


@login_required
def booking(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.booking_or_404(request.user, pk)
    participants = list(found.participants.filter(cancelled=False).select_related("user", "focus"))
    return render(
        request, "workgroups/booking.html",
        {"booking": found, "group": found.work_group, "lead": access.is_school_lead(request.user, found),
         "can_cancel": access.is_school_lead(request.user, found) or access.can_facilitate(request.user, found.work_group),
         "rows": [(p, access.can_see_needs(request.user, p)) for p in participants], "endorse_form": EndorseForm()},
    )


@login_required
def endorse(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.booking_or_404(request.user, pk)
    if not access.is_school_lead(request.user, found):
        raise PermissionDenied("Only the school's subject leader records the endorsement.")
    form = EndorseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_endorse(
                booking=found, by=request.user, endorser_name=form.cleaned_data["endorser_name"],
                endorser_role=form.cleaned_data["endorser_role"],
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, "Booking confirmed. The workshop dates are on their way by email, with a calendar file.")
            return redirect("workgroups:booking", pk=found.pk)
    participants = list(found.participants.filter(cancelled=False).select_related("user", "focus"))
    return render(
        request, "workgroups/booking.html",
        {"booking": found, "group": found.work_group, "lead": True, "can_cancel": True,
         "rows": [(p, True) for p in participants], "endorse_form": form},
        status=400 if form.errors else 200,
    )


@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.booking_or_404(request.user, pk)
    if not (access.is_school_lead(request.user, found) or access.can_facilitate(request.user, found.work_group)):
        raise PermissionDenied("Only the school's subject leader or a facilitator cancels a booking.")
    form = CancelBookingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_cancel(booking=found, by=request.user)
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, "Booking cancelled. Its places are free again and its participants have been told.")
            return redirect("workgroups:booking", pk=found.pk)
    participants = list(found.participants.filter(cancelled=False).select_related("user"))
    return render(
        request, "workgroups/cancel.html",
        {"booking": found, "group": found.work_group, "participants": participants, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    group = access.space_or_404(request.user, pk)
    response = HttpResponse(
        services.work_group_calendar(group, base_url=request.build_absolute_uri("/").rstrip("/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="workgroup-{group.pk}.ics"'
    return response


@login_required
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    group = _facilitated(request, pk)
    return render(
        request, "workgroups/roster.html",
        {"group": group, "roster": selectors.roster(group=group), "task_form": GapTaskForm(work_group=group)},
    )


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = access.workshop_or_404(request.user, pk)
    group = workshop.work_group
    if not access.can_facilitate(request.user, group):
        raise PermissionDenied(FACILITATORS_ONLY)
    if request.method == "POST":
        try:
            count = services.attendance_record(workshop=workshop, by=request.user, present=request.POST.getlist("present"))
        except (ValidationError, ValueError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, f"Attendance at workshop {workshop.number} saved: {count} present.")
            return redirect("workgroups:roster", pk=group.pk)
    data = selectors.roster(group=group)
    return render(
        request, "workgroups/attendance.html",
        {"group": group, "workshop": workshop, "roster": data,
         "reschedule_form": RescheduleForm(initial={"date": workshop.date, "starts": workshop.starts,
                                                    "ends": workshop.ends, "venue": workshop.venue})},
    )


@login_required
@require_POST
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = access.workshop_or_404(request.user, pk)
    if not access.can_facilitate(request.user, workshop.work_group):
        raise PermissionDenied(FACILITATORS_ONLY)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the new date, start and end times.")
    else:
        try:
            services.workshop_reschedule(workshop=workshop, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, f"Workshop {workshop.number} moved; every booked participant is told by email.")
    return redirect("workgroups:attendance", pk=workshop.pk)


@login_required
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    group = _facilitated(request, pk)
    form = GapTaskForm(request.POST or None, work_group=group)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.gap_task_create(work_group=group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, f"Gap task “{task.title}” set.")
            return redirect("workgroups:task", pk=task.pk)
    return render(request, "workgroups/task_form.html", {"group": group, "form": form},
                  status=400 if form.errors else 200)


@login_required
def task(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.task_or_404(request.user, pk)
    data = selectors.task_page(task=found, user=request.user)
    form = None
    if data["me"] is not None:
        form = SubmissionForm(request.POST or None, request.FILES or None, shares=data["shares"],
                              initial={"note": data["mine"].note if data["mine"] else ""})
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Only the Work Group's participants submit gap tasks.")
        if form.is_valid():
            try:
                share = form.cleaned_data["share"]
                services.gap_submission_save(
                    task=found, user=request.user, note=form.cleaned_data["note"], file=form.cleaned_data["file"],
                    share_id=share.pk if share else None,
                )
            except ValidationError as error:
                refuse(form, error)
            else:
                messages.success(request, "Gap task submitted.")
                return redirect("workgroups:task", pk=found.pk)
    return render(request, "workgroups/task.html", {"task": found, "group": found.work_group, "form": form, **data},
                  status=400 if form is not None and form.errors else 200)


@login_required
@require_POST
def post(request: HttpRequest, pk: int) -> HttpResponse:
    group = access.space_or_404(request.user, pk)
    form = PostForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write a message.")
    else:
        try:
            services.post_create(work_group=group, author=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, "Message posted.")
    return redirect(reverse("workgroups:detail", kwargs={"pk": group.pk}) + "#discussion")


@login_required
@require_POST
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.booking_or_404(request.user, pk)
    if not access.can_write_plan(request.user, found):
        raise PermissionDenied("Only the school's own participants and subject leader write its plan.")
    form = PlanForm(request.POST, work_group=found.work_group, prefix=f"plan{found.pk}")
    if not form.is_valid():
        messages.error(request, "Choose the workshop and write what the department will do.")
    else:
        try:
            services.plan_save(booking=found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, "Department plan saved.")
    return redirect(reverse("workgroups:detail", kwargs={"pk": found.work_group_id}) + "#plans")


@login_required
@require_POST
def focus(request: HttpRequest, pk: int) -> HttpResponse:
    participant = access.participant_or_404(request.user, pk)
    if not access.can_see_needs(request.user, participant):
        raise PermissionDenied("Only the participant, their subject leader or a facilitator chooses their focus.")
    form = FocusForm(request.POST, work_group=participant.work_group)
    if not form.is_valid():
        messages.error(request, "Choose one of the Work Group's foci, or to decide at the first workshop.")
    else:
        try:
            services.participant_set_focus(participant=participant, by=request.user, focus=form.cleaned_data["focus"])
        except ValidationError as error:
            _error(request, error)
        else:
            chosen = form.cleaned_data["focus"]
            messages.success(request, f"{participant}: {chosen or 'deciding at the first workshop'}.")
    return redirect(reverse("workgroups:detail", kwargs={"pk": participant.work_group_id}))


@login_required
@require_POST
def plan_workshop(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.plan_or_404(request.user, pk)
    if not can_manage_department(request.user, found.booking.department):
        raise PermissionDenied("Only the department's head or PD lead turns the plan into a department workshop.")
    form = PlanWorkshopForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the date and time of the department workshop.")
    else:
        try:
            workshop = services.plan_to_department_workshop(plan=found, by=request.user, starts_at=form.cleaned_data["starts_at"])
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, "Department workshop made from the plan; the department's members are invited.")
            return redirect("departments:workshop", slug=found.booking.department.slug, pk=workshop.pk)
    return redirect(reverse("workgroups:detail", kwargs={"pk": found.booking.work_group_id}) + "#plans")


@login_required
def outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    group = access.space_or_404(request.user, pk)
    me = access.participant_for(request.user, group)
    if me is None:
        raise PermissionDenied("Only the Work Group's participants rate themselves.")
    stage = request.POST.get("stage") or request.GET.get("stage") or Rating.Stage.START
    if stage not in Rating.Stage.values:
        raise Http404("No such stage.")
    statements = group.outcomes.all()
    mine = {r.statement_id: r for r in me.ratings.filter(stage=stage)}
    initial = {}
    for statement_id, rating in mine.items():
        initial[f"score_{statement_id}"], initial[f"evidence_{statement_id}"] = rating.score, rating.evidence
    form = RatingsForm(request.POST or None, statements=statements, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.ratings_save(work_group=group, user=request.user, stage=stage, answers=form.answers())
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, f"{saved} rating{'s' if saved != 1 else ''} saved ({Rating.Stage(stage).label.lower()}).")
            return redirect(reverse("workgroups:outcomes", kwargs={"pk": group.pk}) + f"?stage={stage}")
    return render(
        request, "workgroups/outcomes.html",
        {"group": group, "form": form, "stage": stage, "stages": Rating.Stage.choices,
         "stage_label": Rating.Stage(stage).label},
        status=400 if form.errors else 200,
    )


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    group = _facilitated(request, pk)
    return render(request, "workgroups/report.html", {"group": group, "report": selectors.report(group=group)})


@login_required
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    group = _facilitated(request, pk)
    response = HttpResponse(selectors.report_csv(selectors.report(group=group)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workgroup-{group.pk}-report.csv"'
    return response
