"""Views for induction pathways: the ECT's own pathway (steps handed in, evidence), and their
mentor's or induction tutor's view of it (meetings confirmed, comments)."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import selectors
from .models import Enrolment, PathwayStep, StepProgress
from .services import (
    StepRefused,
    meeting_confirm,
    mentor_comment_add,
    reflection_submit,
    task_submit,
)


# --- Pathways: the ECT ------------------------------------------------------------------


@login_required
def pathway_detail(request: HttpRequest, slug: str) -> HttpResponse:
    progress = selectors.pathway_for_user(user=request.user, slug=slug)
    if progress is None:
        raise Http404("You are not enrolled on this pathway.")
    return render(request, "pathways/pathway_detail.html", {"progress": progress, "owner": True})


@login_required
@require_POST
def step_submit(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """A reflection or a gap task handed in by the enrolled teacher."""
    step = get_object_or_404(PathwayStep, pk=step_id, pathway__slug=slug)
    try:
        if step.kind == PathwayStep.Kind.REFLECTION:
            reflection_submit(user=request.user, step=step, text=request.POST.get("text", ""))
            messages.success(request, f"Reflection saved: “{step.title}”.")
        elif step.kind == PathwayStep.Kind.TASK:
            task_submit(user=request.user, step=step, note=request.POST.get("text", ""), evidence=request.FILES.get("evidence"))
            messages.success(request, f"Task handed in: “{step.title}”.")
        else:
            raise StepRefused("This step is done by watching or by your mentor, not with a form.")
    except StepRefused as error:
        messages.error(request, str(error))
    return redirect(reverse("pathways:pathway", args=[slug]) + f"#step-{step.pk}")


@login_required
def evidence(request: HttpRequest, progress_id: int) -> HttpResponse:
    """A task's evidence file, for the teacher, their mentor and induction tutor only."""
    progress = get_object_or_404(StepProgress.objects.select_related("enrolment__user"), pk=progress_id)
    if not progress.evidence or not selectors.can_see_reflections(viewer=request.user, teacher=progress.enrolment.user):
        raise Http404("No such evidence.")
    return FileResponse(progress.evidence.open("rb"), as_attachment=True, filename=Path(progress.evidence.name).name)


# --- Pathways: mentor and induction tutor ------------------------------------------------


@login_required
def mentees(request: HttpRequest) -> HttpResponse:
    return render(request, "pathways/mentees.html", {"mentees": selectors.mentees_for(viewer=request.user)})


_NOT_YOURS = "No such pathway, or it is not one you mentor or tutor."


@login_required
def mentee_pathway(request: HttpRequest, user_id: int, slug: str) -> HttpResponse:
    # One answer for "no such teacher or pathway" and "not yours to see": neither leaks who exists.
    teacher = get_user_model().objects.filter(pk=user_id).first()
    if teacher is None or teacher.pk == request.user.pk:
        raise Http404(_NOT_YOURS)
    if not selectors.can_see_reflections(viewer=request.user, teacher=teacher):
        raise Http404(_NOT_YOURS)
    progress = selectors.pathway_for_user(user=teacher, slug=slug)
    if progress is None:
        raise Http404(_NOT_YOURS)
    context = {
        "progress": progress,
        "teacher": teacher,
        "is_mentor": selectors.is_mentor_of(viewer=request.user, teacher=teacher),
    }
    return render(request, "pathways/mentee_pathway.html", context)


@login_required
@require_POST
def mentor_action(request: HttpRequest, user_id: int, slug: str, step_id: int) -> HttpResponse:
    """The mentor confirms a meeting or comments on a step their ECT handed in."""
    enrolment = get_object_or_404(Enrolment, user_id=user_id, pathway__slug=slug)
    step = get_object_or_404(PathwayStep, pk=step_id, pathway_id=enrolment.pathway_id)
    try:
        if request.POST.get("action") == "confirm":
            meeting_confirm(mentor=request.user, enrolment=enrolment, step=step, note=request.POST.get("text", ""))
            messages.success(request, f"Meeting confirmed: “{step.title}”.")
        else:
            progress = StepProgress.objects.filter(enrolment=enrolment, step=step).first()
            if progress is None:
                raise StepRefused("There is nothing handed in for this step to comment on yet.")
            mentor_comment_add(author=request.user, progress=progress, text=request.POST.get("text", ""))
            messages.success(request, "Comment added.")
    except StepRefused as error:
        if not selectors.can_see_reflections(viewer=request.user, teacher=enrolment.user):
            raise Http404(_NOT_YOURS) from None
        messages.error(request, str(error))
    return redirect(reverse("pathways:mentee_pathway", args=[user_id, slug]) + f"#step-{step.pk}")
