"""Views for courses: the progress heartbeat the player posts to, and induction pathways
(the ECT's own pathway, and their mentor's or induction tutor's view of it)."""

import json
from pathlib import Path

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pdsite.videos.models import Video

from . import pathway_selectors as selectors
from .models import Enrolment, PathwayStep, StepProgress
from .pathway_services import (
    StepRefused,
    meeting_confirm,
    mentor_comment_add,
    reflection_submit,
    task_submit,
)
from .services import InvalidReport, progress_record_heartbeat


@require_POST
def heartbeat(request: HttpRequest) -> JsonResponse:
    """Record the ranges a signed-in teacher's player has played.

    Form-encoded (so `navigator.sendBeacon` can carry the CSRF token): `video` (id),
    `ranges` (JSON list of [start, end] seconds) and optional `position`. Kept lean for
    the benchmark: no template, no page lookups; one locked row. Reports carrying a valid
    signed `token` never get here: middleware.HeartbeatTokenMiddleware records them.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to record your progress."}, status=403)
    claimed_user = request.POST.get("user")
    if claimed_user not in (None, "", str(request.user.pk)):
        return JsonResponse({"error": "You can only report your own progress."}, status=403)
    try:
        video_id = int(request.POST["video"])
    except (KeyError, ValueError, TypeError):
        return JsonResponse({"error": "Send video (an id), ranges (JSON) and position (seconds)."}, status=400)
    video = Video.objects.filter(pk=video_id).only("pk", "status", "duration").first()
    return heartbeat_record_response(user=request.user, video=video, data=request.POST)


def heartbeat_record_response(*, user, video, data) -> JsonResponse:
    """Parse the report in `data` (a QueryDict) for an already authenticated `user` and
    `video` (None: no such video), record it, and answer the player. Shared by the view
    above and the signed-token path (middleware.HeartbeatTokenMiddleware)."""
    try:
        ranges = json.loads(data.get("ranges", "[]"))
    except (ValueError, TypeError):
        return JsonResponse({"error": "Send video (an id), ranges (JSON) and position (seconds)."}, status=400)
    position = data.get("position") or None
    if video is None:
        return JsonResponse({"error": "No such video."}, status=404)
    try:
        record = progress_record_heartbeat(user=user, video=video, ranges=ranges, position=position)
    except InvalidReport as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(
        {
            "watched_seconds": round(record.watched_seconds, 1),
            "percent_watched": record.percent_watched,
            "completed": record.completed_at is not None,
        }
    )


# --- Pathways: the ECT ------------------------------------------------------------------


@login_required
def pathway_detail(request: HttpRequest, slug: str) -> HttpResponse:
    progress = selectors.pathway_for_user(user=request.user, slug=slug)
    if progress is None:
        raise Http404("You are not enrolled on this pathway.")
    return render(request, "courses/pathway_detail.html", {"progress": progress, "owner": True})


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
    return redirect(reverse("courses:pathway", args=[slug]) + f"#step-{step.pk}")


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
    return render(request, "courses/mentees.html", {"mentees": selectors.mentees_for(viewer=request.user)})


@login_required
def mentee_pathway(request: HttpRequest, user_id: int, slug: str) -> HttpResponse:
    teacher = get_object_or_404(get_user_model(), pk=user_id)
    if not selectors.can_see_reflections(viewer=request.user, teacher=teacher) or teacher.pk == request.user.pk:
        return HttpResponseForbidden("Only this teacher's mentor and induction tutor can see their pathway.")
    progress = selectors.pathway_for_user(user=teacher, slug=slug)
    if progress is None:
        raise Http404("This teacher is not enrolled on that pathway.")
    context = {
        "progress": progress,
        "teacher": teacher,
        "is_mentor": selectors.is_mentor_of(viewer=request.user, teacher=teacher),
    }
    return render(request, "courses/mentee_pathway.html", context)


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
            return HttpResponseForbidden(str(error))
        messages.error(request, str(error))
    return redirect(reverse("courses:mentee_pathway", args=[user_id, slug]) + f"#step-{step.pk}")
