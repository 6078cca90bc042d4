"""Cycles pages under /cycles/ (namespace `cycles`): your cycles, a department's cycles,
starting one from a template, a cycle's page, its step forms, closing it.

Each view: authorise through access.py, call one service or selector, render. A cycle the
person may not see answers 404 "No such cycle.", the same as an unknown one; a department
they are not in, 404 "No such department."; seeing a cycle without the right to change it, 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pdsite.departments.models import Department
from pdsite.departments.permissions import can_manage_department

from . import access, selectors, services
from .forms import CycleCreateForm, CycleEditForm, StepForm, refuse
from .models import Cycle, CycleStep
from .templates import Kind


def _cycle(request: HttpRequest, pk: int) -> Cycle:
    return access.cycle_get_visible_or_404(request.user, pk)


def _step(request: HttpRequest, pk: int, step_id: int, *, work: bool) -> CycleStep:
    cycle = _cycle(request, pk)
    step = cycle.steps.select_related("owner", "recording__owner", "workshop").filter(pk=step_id).first()
    if step is None:
        raise Http404("No such step.")
    step.cycle = cycle
    if work and not access.can_work_on_cycle(request.user, cycle):
        raise PermissionDenied("Only the cycle's group changes its steps, while it is open.")
    return step


@login_required
def index(request: HttpRequest) -> HttpResponse:
    departments = Department.objects.filter(memberships__user=request.user).select_related("school").distinct()
    return render(
        request, "cycles/index.html",
        {"summaries": selectors.cycles_for_user(user=request.user), "departments": departments},
    )


@login_required
def department_cycles(request: HttpRequest, slug: str) -> HttpResponse:
    department = access.department_for_member_or_404(request.user, slug)
    kinds = dict(Kind.choices)
    return render(
        request, "cycles/department_cycles.html",
        {
            "department": department,
            "summaries": selectors.cycles_for_department(department=department, user=request.user),
            "kinds": [(kind, kinds[kind]) for kind in access.kinds_user_may_start(request.user, department)],
            "manager": can_manage_department(request.user, department),
        },
    )


@login_required
def cycle_create(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    department = access.department_for_member_or_404(request.user, slug)
    if kind not in dict(Kind.choices):
        raise Http404("No such kind of cycle.")
    if kind not in access.kinds_user_may_start(request.user, department):
        raise PermissionDenied("An ECT observation is started by the ECT's mentor or induction tutor, or a manager.")
    form = CycleCreateForm(
        request.POST or None, department=department, user=request.user, kind=kind,
        initial={"starts_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            cycle = services.cycle_create(
                department=department, kind=kind, title=c["title"], by=request.user,
                research_focus=c["research_focus"], starts_on=c["starts_on"], ends_on=c["ends_on"],
                participants=c["participants"], ect=c.get("ect"), mentor=c.get("mentor"),
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, f"Cycle “{cycle.title}” started: {cycle.steps.count()} steps.")
            return redirect("cycles:cycle", pk=cycle.pk)
    return render(
        request, "cycles/cycle_form.html",
        {"department": department, "form": form, "kind_label": dict(Kind.choices)[kind], "cycle": None},
        status=400 if form.errors else 200,
    )


@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    return render(
        request, "cycles/cycle_detail.html",
        {
            "page": selectors.cycle_page(cycle=cycle, viewer=request),
            "cycle": cycle,
            "can_work": access.can_work_on_cycle(request.user, cycle),
            "can_lead": access.can_lead_cycle(request.user, cycle) and cycle.is_open,
        },
    )


@login_required
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    if not (cycle.is_open and access.can_lead_cycle(request.user, cycle)):
        raise PermissionDenied("Only the cycle's lead changes its dates and group, while it is open.")
    form = CycleEditForm(
        request.POST or None, department=cycle.department, user=request.user, initial=CycleEditForm.initial_for(cycle)
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        participants = list(c["participants"])
        if access.is_participant(request.user, cycle):
            participants.append(request.user)  # the form lists the others; you stay in your group
        try:
            services.cycle_update(
                cycle=cycle, title=c["title"], research_focus=c["research_focus"], starts_on=c["starts_on"],
                ends_on=c["ends_on"], participants=participants,
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, "Cycle saved.")
            return redirect("cycles:cycle", pk=cycle.pk)
    return render(
        request, "cycles/cycle_form.html",
        {"department": cycle.department, "form": form, "cycle": cycle, "kind_label": cycle.get_kind_display()},
        status=400 if form.errors else 200,
    )


@login_required
def step_edit(request: HttpRequest, pk: int, step_id: int) -> HttpResponse:
    step = _step(request, pk, step_id, work=True)
    form = StepForm(request.POST or None, step=step, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.step_update(step=step, by=request.user, **form.step_changes())
                if form.recording_changed():
                    services.cycle_attach_recording(step=step, recording=form.cleaned_data["recording"], by=request.user)
                if (discussion := form.discussion()) is not None:
                    services.discussion_save(step=step, by=request.user, **discussion)
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, f"“{step.title}” saved.")
            return redirect(f"{_cycle_url(step.cycle)}#step-{step.order}")
    return render(
        request, "cycles/step_form.html", {"cycle": step.cycle, "step": step, "form": form},
        status=400 if form.errors else 200,
    )


def _cycle_url(cycle: Cycle) -> str:
    return reverse("cycles:cycle", kwargs={"pk": cycle.pk})


@login_required
@require_POST
def step_done(request: HttpRequest, pk: int, step_id: int) -> HttpResponse:
    step = _step(request, pk, step_id, work=True)
    done = request.POST.get("done", "1") != "0"
    try:
        services.step_complete(step=step, by=request.user, done=done)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{step.title}” marked {'done' if done else 'not done'}.")
    return redirect(f"{_cycle_url(step.cycle)}#step-{step.order}")


@login_required
@require_POST
def cycle_close(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    if not access.can_lead_cycle(request.user, cycle):
        raise PermissionDenied("Only the cycle's lead closes it.")
    try:
        services.cycle_close(cycle=cycle, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Cycle closed. Its recordings are deleted after the school's retention period.")
    return redirect("cycles:cycle", pk=cycle.pk)
