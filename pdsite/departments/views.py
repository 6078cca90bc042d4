"""Pages for heads of department, PD leads and teachers (the members page and invitations are
in member_views.py). Each view: authorise through
permissions.py, call one service or selector, render. Anonymous people are sent to sign in;
signed-in people without the right get 403 (the same for a department that does not exist
as for one they may not see, so nothing leaks)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pdsite.videos.access import video_get_visible_or_404

from . import permissions
from .selectors import due as due_selectors
from .selectors import members as member_selectors
from .selectors import reminders as reminder_selectors
from .selectors import reports as report_selectors
from .services import assignments as assignment_services
from .services import reminders as reminder_services
from .services import workshops as workshop_services
from .csv_export import csv_response
from .forms import AssignmentForm, FollowUpForm, WorkshopForm
from .models import Department, School, Workshop
from .tables import grid_table, retention_table, roster_table, uptake_table


def _managed(request: HttpRequest, slug: str) -> Department:
    return permissions.managed_department(request.user, slug)


def _workshop(request: HttpRequest, slug: str, pk: int, *, manage: bool) -> Workshop:
    workshop = Workshop.objects.select_related("department__school", "facilitator").filter(
        pk=pk, department__slug=slug
    ).first()
    if workshop is None:
        raise PermissionDenied
    allowed = (
        permissions.can_manage_department(request.user, workshop.department)
        if manage
        else permissions.can_view_workshop(request.user, workshop)
    )
    if not allowed:
        raise PermissionDenied
    return workshop


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "departments/index.html",
        {
            "departments": permissions.managed_departments(request.user).select_related("school"),
            "schools": permissions.aggregate_schools(request.user),
            "due": due_selectors.due_for_user(user=request.user),
        },
    )


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        muted = request.POST.get("muted") == "on"
        reminder_services.reminder_mute_set(user=request.user, muted=muted)
        messages.success(request, "Reminders are now muted." if muted else "Reminders are on.")
        return redirect("departments:notifications")
    return render(
        request,
        "departments/notifications.html",
        {
            "notifications": reminder_selectors.notifications_for(user=request.user),
            "muted": reminder_selectors.reminders_muted(user=request.user),
        },
    )


@login_required
def department_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    department = _managed(request, slug)
    return render(
        request,
        "departments/department_dashboard.html",
        {
            "department": department,
            "workshops": department.workshops.order_by("-starts_at")[:20],
            "members": member_selectors.members_of(department=department),
        },
    )


@login_required
def workshop_create(request: HttpRequest, slug: str) -> HttpResponse:
    department = _managed(request, slug)
    form = WorkshopForm(request.POST or None, department=department, initial={"facilitator": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            workshop = workshop_services.workshop_create(
                department=department, data=form.to_data(), created_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Workshop “{workshop.title}” created.")
            return redirect("departments:workshop", slug=slug, pk=workshop.pk)
    return render(
        request, "departments/workshop_form.html", {"department": department, "form": form, "editing": False},
        status=400 if form.errors else 200,
    )


@login_required
def workshop_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    workshop = _workshop(request, slug, pk, manage=True)
    form = WorkshopForm(request.POST or None, department=workshop.department, initial=WorkshopForm.initial_for(workshop))
    if request.method == "POST" and form.is_valid():
        try:
            workshop_services.workshop_update(workshop=workshop, data=form.to_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Workshop saved.")
            return redirect("departments:workshop", slug=slug, pk=workshop.pk)
    return render(
        request,
        "departments/workshop_form.html",
        {"department": workshop.department, "form": form, "editing": True, "workshop": workshop},
        status=400 if form.errors else 200,
    )


@login_required
def workshop_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    workshop = _workshop(request, slug, pk, manage=False)
    manager = permissions.can_manage_department(request.user, workshop.department)
    context = {"workshop": workshop, "department": workshop.department, "manager": manager}
    if manager:
        roster = report_selectors.workshop_roster(workshop=workshop)
        context.update(roster=roster, table=roster_table(roster))
    else:
        mine = [a for a in due_selectors.due_for_user(user=request.user).assignments if a.assignment.workshop_id == workshop.pk]
        # A facilitator who does not manage the department sees the page; the follow-up is the attendees'.
        follow_up_open = timezone.now() >= workshop.starts_at and workshop.facilitator_id != request.user.pk
        context.update(mine=mine, follow_up_form=FollowUpForm(), follow_up_open=follow_up_open)
    return render(request, "departments/workshop_detail.html", context)


@login_required
def workshop_roster_csv(request: HttpRequest, slug: str, pk: int):
    workshop = _workshop(request, slug, pk, manage=True)
    table = roster_table(report_selectors.workshop_roster(workshop=workshop))
    return csv_response(filename=f"workshop-{workshop.pk}-readiness.csv", header=table.header, rows=table.rows)


@login_required
@require_POST
def workshop_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    workshop = _workshop(request, slug, pk, manage=True)
    workshop_services.attendance_record(workshop=workshop, attended_user_ids=request.POST.getlist("attended"))
    messages.success(request, "Attendance saved.")
    return redirect("departments:workshop", slug=slug, pk=pk)


@login_required
@require_POST
def workshop_follow_up(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    workshop = _workshop(request, slug, pk, manage=False)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            workshop_services.follow_up_record(workshop=workshop, user=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Thank you: your follow-up is saved.")
    else:
        messages.error(request, "Write a sentence or two: did you try it, and what happened?")
    return redirect("departments:workshop", slug=slug, pk=pk)


@login_required
def assignments(request: HttpRequest, slug: str) -> HttpResponse:
    department = _managed(request, slug)
    form = AssignmentForm(request.POST or None, department=department)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            recipients = assignment_services.audience_members(
                department=department, audience=c["audience"], team=c.get("team"), users=c.get("people") or ()
            )
            assignment_services.assignment_create(
                department=department,
                target=c["target"],
                due_at=c["due_at"],
                recipients=recipients,
                created_by=request.user,
                audience=c["audience"],
                team=c.get("team"),
                note=c["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Assigned to {len(recipients)} people.")
            return redirect("departments:assignments", slug=slug)
    return render(
        request,
        "departments/assignments.html",
        {
            "department": department,
            "form": form,
            "assignments": due_selectors.department_due(department=department),
        },
        status=400 if form.errors else 200,
    )


@login_required
def report_grid(request: HttpRequest, slug: str) -> HttpResponse:
    department = _managed(request, slug)
    grid = report_selectors.department_grid(department=department)
    clips = {a.clip.video_id: a.clip.title for a in grid.items if a.clip_id and a.clip.video_id}
    return render(
        request, "departments/report_grid.html", {"department": department, "table": grid_table(grid), "clips": clips}
    )


@login_required
def report_grid_csv(request: HttpRequest, slug: str):
    department = _managed(request, slug)
    table = grid_table(report_selectors.department_grid(department=department))
    return csv_response(filename=f"{department.slug}-grid.csv", header=table.header, rows=table.rows)


def _school_for_aggregates(request, slug) -> School:
    school = School.objects.filter(slug=slug).first()
    if school is None or not permissions.can_view_school_aggregates(request.user, school):
        raise PermissionDenied
    return school


@login_required
def report_uptake(request: HttpRequest, slug: str) -> HttpResponse:
    school = _school_for_aggregates(request, slug)
    term = report_selectors.TermWindow.parse(request.GET.get("term"), today=timezone.localdate())
    table = uptake_table(report_selectors.school_uptake(school=school, term=term))
    return render(
        request,
        "departments/report_uptake.html",
        {"school": school, "term": term, "terms": report_selectors.TermWindow.containing(timezone.localdate()).recent(),
         "table": table},
    )


@login_required
def report_uptake_csv(request: HttpRequest, slug: str):
    school = _school_for_aggregates(request, slug)
    term = report_selectors.TermWindow.parse(request.GET.get("term"), today=timezone.localdate())
    table = uptake_table(report_selectors.school_uptake(school=school, term=term))
    return csv_response(filename=f"{school.slug}-uptake-{term.key}.csv", header=table.header, rows=table.rows)


def _retention(request, video_id):
    if not permissions.can_view_retention(request.user):
        raise PermissionDenied
    # The one video rule: an unknown video and one the manager may not see are one 404.
    video = video_get_visible_or_404(request, video_id)
    return report_selectors.video_retention(video=video, teachers=permissions.visible_teachers(request.user))


@login_required
def report_retention(request: HttpRequest, video_id: int) -> HttpResponse:
    retention = _retention(request, video_id)
    return render(
        request,
        "departments/report_retention.html",
        {"retention": retention, "table": retention_table(retention)},
    )


@login_required
def report_retention_csv(request: HttpRequest, video_id: int):
    retention = _retention(request, video_id)
    table = retention_table(retention)
    return csv_response(filename=f"video-{video_id}-retention.csv", header=table.header, rows=table.rows)
