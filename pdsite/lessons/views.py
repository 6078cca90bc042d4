"""Recordings pages under /recordings/ (namespace `lessons`): My recordings, Record a lesson, a
recording's page (player, feedback, and for its owner the shares, audit list and deletion), and
a school's recording policy.

Each view: sign-in, find the recording through the one rule (access.py via the video rule),
parse, call one service or selector, render. A recording the person may not see, one whose
share was revoked or has ended, and an unknown id all answer the same 404 "No such recording."
(so a head of department cannot tell a colleague's unshared recording from nothing). Forged
POSTs (no CSRF token) get Django's 403 page; a POST that is not the owner's gets the 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pdsite.departments.models import Department, Role, School
from pdsite.departments.permissions import can_grant_role
from pdsite.videos.storage import StorageUnavailable
from pdsite.videos.uploads.errors import UploadError
from pdsite.videos.uploads.services import upload_get_for_user

from . import access, selectors, services
from .audiences import audience_label
from .forms import PolicyForm, RecordForm, ShareForm
from .models import DEFAULT_RETENTION_DAYS, Recording, RecordingPolicy, Share

NOT_FOUND = "No such recording."


def _owned(request: HttpRequest, pk: int) -> Recording:
    """The viewer's own recording `pk`; anyone else gets the unknown-id 404."""
    grant = selectors.recording_get_visible_or_404(request, pk)
    if not grant.is_owner:
        raise Http404(NOT_FOUND)
    return grant.recording


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _refuse(form, error: ValidationError) -> None:
    """Put a service's refusal on the form, field by field where it names fields."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "lessons/index.html",
        {
            "owned": selectors.recordings_owned_by(request.user),
            "shared": selectors.recordings_shared_with(request.user),
            "may_record": Department.objects.filter(memberships__user=request.user).exists(),
            # Schools whose recording policy the viewer sets (a head of department there).
            "policy_schools": School.objects.filter(
                departments__memberships__user=request.user, departments__memberships__role=Role.HEAD
            ).distinct().order_by("name"),
        },
    )


def _recording_department(request: HttpRequest) -> Department | None:
    """The department the lesson is recorded in: the one asked for (?department=), else the
    teacher's first. None: the teacher is in no department."""
    departments = Department.objects.filter(memberships__user=request.user).select_related("school").distinct()
    wanted = request.GET.get("department") or request.POST.get("department")
    return (departments.filter(pk=wanted).first() if str(wanted or "").isdigit() else None) or departments.first()


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest) -> HttpResponse:
    """Record a lesson: class context, the school's consent statement, then the resumable
    upload (upload.js posts the form's fields to the upload's completion when every byte has
    arrived). Without JavaScript the form posts the file in one request."""
    department = _recording_department(request)
    policy = selectors.recording_policy_for(department) if department else None
    if department is None or policy is None or not policy.allows_recording:
        sets_policy = department is not None and _sets_policy(request.user, department.school)
        return render(request, "lessons/no_consent.html", {"department": department, "sets_policy": sets_policy})
    form = RecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        source = request.FILES.get("source")
        if source is None:
            form.add_error(None, "Choose the lesson's video file.")
        else:
            c = form.cleaned_data
            try:
                recording = services.recording_create(
                    owner=request.user, department=department, title=c["title"], year_group=c["year_group"],
                    recorded_on=c["recorded_on"], consent_confirmed=c["consent"], source=source, unit=c["unit"],
                    small_step=c["small_step"], lesson_focus=c["lesson_focus"],
                )
            except ValidationError as error:
                _refuse(form, error)
            else:
                messages.success(request, f"“{recording.title}” uploaded; it is being prepared for watching.")
                return redirect("lessons:recording", pk=recording.pk)
    departments = Department.objects.filter(memberships__user=request.user).distinct()
    return render(
        request, "lessons/record.html",
        {
            "form": form, "department": department, "departments": departments, "policy": policy,
            "upload_create_url": reverse("videos:uploads:create"),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def upload_complete(request: HttpRequest, upload_id) -> JsonResponse:
    """Finish a resumable upload as a recording (upload.js posts the Record form's fields here
    when every byte has arrived). JSON: 201 with the recording's page, or {"error": ...}: 401
    signed out, 404 someone else's or an unknown upload, 400 a field to fix (the upload stays
    open, so fixing it and pressing Upload again finishes it), 422 a file that is not a video."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to record a lesson."}, status=401)
    try:
        session = upload_get_for_user(user=request.user, upload_id=upload_id)
    except UploadError as error:
        return JsonResponse({"error": str(error)}, status=error.status)
    department = _recording_department(request)
    form = RecordForm(request.POST)
    if department is None:
        form.add_error(None, "You are not in a department yet, so you cannot record a lesson.")
    if not form.is_valid():
        return _json_refusal(form)
    c = form.cleaned_data
    try:
        recording = services.recording_create_from_upload(
            session=session, owner=request.user, department=department, title=c["title"],
            year_group=c["year_group"], recorded_on=c["recorded_on"], consent_confirmed=c["consent"],
            unit=c["unit"], small_step=c["small_step"], lesson_focus=c["lesson_focus"],
        )
    except ValidationError as error:
        _refuse(form, error)
        return _json_refusal(form)
    except UploadError as error:
        return JsonResponse({"error": str(error)}, status=error.status)
    except StorageUnavailable as error:
        return JsonResponse({"error": str(error)}, status=503)
    messages.success(request, f"“{recording.title}” uploaded; it is being prepared for watching.")
    url = reverse("lessons:recording", args=[recording.pk])
    return JsonResponse({"recording_id": recording.pk, "redirect_url": url}, status=201)


def _json_refusal(form) -> JsonResponse:
    errors = {name: [str(m) for m in errs] for name, errs in form.errors.items()}
    first = next(iter(errors.values()))[0]
    name = next(iter(errors))
    label = form[name].label if name in form.fields else ""
    return JsonResponse({"error": f"{label}: {first}" if label else first, "errors": errors}, status=400)


@login_required
@require_GET
def recording_detail(request: HttpRequest, pk: int) -> HttpResponse:
    grant = selectors.recording_get_visible_or_404(request, pk, share_id=request.GET.get("share"))
    recording, is_owner = grant.recording, grant.is_owner
    # The share the page is seen through (a whole-recording one first): the clip range, the
    # feedback panel's share, the audit line.
    share = grant.share
    services.recording_view_record(recording=recording, viewer=request.user, share=share)
    if grant.is_clip and share is not None and share.is_clip and "start" not in request.GET:
        # The player plays only the clip's range (the server lists nothing else anyway).
        query = request.GET.copy()
        query.update({"start": f"{share.start:g}", "end": f"{share.end:g}"})
        return redirect(f"{request.path}?{query.urlencode()}")
    context = {
        "recording": recording, "is_owner": is_owner, "share": share,
        "window": (share.start, share.end) if grant.is_clip and share is not None and share.is_clip else None,
        "viewer_name": _name(request.user),
    }
    if is_owner:
        context.update(
            shares=selectors.recording_share_rows(recording),
            views=selectors.recording_audit(recording),
            share_form=ShareForm(owner=request.user, duration=recording.video.duration),
        )
    return render(request, "lessons/recording.html", context)


@login_required
@require_POST
def share_create(request: HttpRequest, pk: int) -> HttpResponse:
    recording = _owned(request, pk)
    form = ShareForm(request.POST, owner=request.user, duration=recording.video.duration)
    if form.is_valid():
        c = form.cleaned_data
        kind, audience_id = c["audience"]
        try:
            share = services.share_create(
                recording=recording, by=request.user, audience_kind=kind, audience_id=audience_id,
                permission=c["permission"], start=c["start"], end=c["end"], ends_at=form.ends_at(),
            )
        except ValidationError as error:
            _refuse(form, error)
        else:
            what = "A clip" if share.is_clip else "The recording"
            label = audience_label(share.audience_kind, share.audience_id)
            messages.success(request, f"{what} is shared with {label}.")
            return redirect(f"{reverse('lessons:recording', args=[recording.pk])}#shares")
    return render(
        request, "lessons/recording.html",
        {
            "recording": recording, "is_owner": True, "share": None, "window": None,
            "viewer_name": _name(request.user), "shares": selectors.recording_share_rows(recording),
            "views": selectors.recording_audit(recording), "share_form": form,
        },
        status=400,
    )


@login_required
@require_POST
def share_revoke(request: HttpRequest, pk: int, share_id: int) -> HttpResponse:
    recording = _owned(request, pk)
    share = Share.objects.filter(pk=share_id, recording=recording).first()
    if share is None:
        raise Http404("No such share.")
    try:
        services.share_revoke(share=share, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Stopped sharing with {audience_label(share.audience_kind, share.audience_id)}: at once."
        )
    return redirect(f"{reverse('lessons:recording', args=[recording.pk])}#shares")


@login_required
@require_http_methods(["GET", "POST"])
def recording_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation page. POST: delete it completely (the service)."""
    recording = _owned(request, pk)
    if request.method == "POST":
        title = recording.title
        try:
            services.recording_delete(recording=recording, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("lessons:recording", pk=recording.pk)
        messages.success(request, f"“{title}” is deleted: the video, its transcript, comments and shares.")
        return redirect("lessons:index")
    return render(
        request, "lessons/delete.html",
        {"recording": recording, "live_shares": access.live_shares(recording).count()},
    )


def _sets_policy(user, school: School) -> bool:
    """A head of department at `school` (or an administrator): who grants the managing roles
    there sets how its lessons may be recorded."""
    return can_grant_role(user, school, Role.HEAD)


@login_required
@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest, slug: str) -> HttpResponse:
    """A school's recording policy, for its heads of department (anyone else: 403, the same
    for a school that does not exist)."""
    school = School.objects.filter(slug=slug).first()
    if school is None or not _sets_policy(request.user, school):
        raise PermissionDenied("Only a head of department at the school sets its recording policy.")
    current = RecordingPolicy.objects.filter(school=school).first()
    initial = {
        "consent_statement": current.consent_statement if current else "",
        "retention_days": current.retention_days if current else DEFAULT_RETENTION_DAYS,
    }
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.recording_policy_set(school=school, **form.cleaned_data)
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, "Recording policy saved.")
            return redirect("lessons:policy", slug=school.slug)
    return render(
        request, "lessons/policy.html", {"school": school, "policy": current, "form": form},
        status=400 if form.errors else 200,
    )
