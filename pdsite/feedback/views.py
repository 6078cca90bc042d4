"""Comment endpoints under /feedback/ (JSON for the panel's script, redirects for its no-JS
forms) and the department tag report page.

Each endpoint: sign-in, CSRF, find the video or comment through the one rule, parse, call one
service, answer. A video or comment the person may not see, and a forged request (no or a
wrong CSRF token), answer the same 404 as an unknown id, so none of them can be told apart.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pdsite.departments.permissions import managed_department
from pdsite.videos.access import video_get_visible_or_404
from pdsite.videos.pipeline.vtt import format_clock

from . import access, selectors, services
from .forms import CommentForm, EditForm, ReplyForm
from .models import Comment

SIGN_IN = "Sign in to read and write comments."


def _forged(request: HttpRequest) -> bool:
    """Does the CSRF check refuse this request? (Django's own check, answered our way.)"""
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is not None


def endpoint(view):
    """Signed in, and a POST must pass the CSRF check; otherwise answer like an unknown id."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"ok": False, "message": SIGN_IN}, status=403)
        if request.method == "POST" and _forged(request):
            raise Http404(access.NOT_FOUND)
        return view(request, *args, **kwargs)

    return wrapped


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request: HttpRequest, comment_id: int | None = None) -> str:
    target = request.POST.get("next") or request.headers.get("Referer") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    return f"{target.split('#')[0]}#comment-{comment_id}" if comment_id else target


def _answer(request: HttpRequest, video, *, message: str, comment_id: int | None = None, status: int = 200):
    """The panel's list as the viewer now sees it (JSON), or back to the page (no JS)."""
    if _wants_json(request):
        return JsonResponse(
            {"ok": True, "message": message, "comment_id": comment_id, **_listing(request, video)}, status=status
        )
    messages.success(request, message)
    return redirect(_back(request, comment_id))


def _refused(request: HttpRequest, error: ValidationError):
    """A ValidationError as field errors (JSON, 400), or as a message back on the page."""
    if hasattr(error, "error_dict"):
        errors = {name: [str(m) for e in errs for m in e.messages] for name, errs in error.error_dict.items()}
    else:
        errors = {"__all__": list(error.messages)}
    first = next(iter(errors.values()))[0]
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": first, "errors": errors}, status=400)
    messages.error(request, first)
    return redirect(_back(request))


def _form_error(form) -> ValidationError:
    return ValidationError({name: errs for name, errs in form.errors.items()})


def _listing(request: HttpRequest, video) -> dict:
    threads = selectors.comment_threads(request, video)
    context = {
        "threads": threads, "video": video, "kinds": Comment.Kind.choices,
        "can_reply": access.comment_options(request, video).allowed,
    }
    html = render_to_string("feedback/_comments.html", context, request=request)
    markers = [
        {"id": t.comment.pk, "start": t.comment.start, "end": t.comment.end, "kind": t.comment.get_kind_display()}
        for t in threads
    ]
    return {"html": html, "comments": markers}


def _comment(request: HttpRequest, comment_id: int):
    comment = access.comment_get_visible(request, comment_id)
    if comment is None:
        raise Http404(access.NOT_FOUND)
    return comment


@endpoint
@require_http_methods(["GET", "POST"])
def video_comments(request: HttpRequest, video_id: int):
    """GET: the comments the viewer may see. POST: a new comment."""
    video = video_get_visible_or_404(request, video_id)
    if request.method == "GET":
        return JsonResponse({"ok": True, **_listing(request, video)})
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_error(form))
    data = form.cleaned_data
    try:
        comment = services.comment_create(
            author=request.user, video=video, kind=data["kind"], start=data["start"], end=data["end"],
            body=data["body"], audience=data["audience"], share_id=data["share"], department=data["department"],
            big_ideas=data["big_ideas"], principles=data["principles"], ittecf=data["ittecf"],
        )
    except ValidationError as error:
        return _refused(request, error)
    message = f"{comment.get_kind_display()} posted at {format_clock(comment.start)}."
    return _answer(request, video, message=message, comment_id=comment.pk, status=201)


@endpoint
@require_POST
def comment_reply(request: HttpRequest, comment_id: int):
    parent = _comment(request, comment_id)
    form = ReplyForm(request.POST)
    form.is_valid()
    try:
        reply = services.comment_reply(author=request.user, parent=parent, body=form.cleaned_data.get("body", ""))
    except ValidationError as error:
        return _refused(request, error)
    return _answer(request, parent.video, message="Reply posted.", comment_id=reply.parent_id, status=201)


@endpoint
@require_POST
def comment_edit(request: HttpRequest, comment_id: int):
    comment = _comment(request, comment_id)
    form = EditForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_error(form))
    try:
        services.comment_edit(
            comment=comment, user=request.user, body=form.cleaned_data["body"], kind=form.cleaned_data["kind"]
        )
    except ValidationError as error:
        return _refused(request, error)
    return _answer(request, comment.video, message="Comment saved.", comment_id=comment.parent_id or comment.pk)


@endpoint
@require_POST
def comment_resolve(request: HttpRequest, comment_id: int):
    comment = _comment(request, comment_id)
    try:
        services.comment_resolve(comment=comment, user=request.user)
    except ValidationError as error:
        return _refused(request, error)
    return _answer(request, comment.video, message="Comment resolved.", comment_id=comment.pk)


@endpoint
@require_POST
def comment_unresolve(request: HttpRequest, comment_id: int):
    comment = _comment(request, comment_id)
    try:
        services.comment_unresolve(comment=comment, user=request.user)
    except ValidationError as error:
        return _refused(request, error)
    return _answer(request, comment.video, message="Comment reopened.", comment_id=comment.pk)


@endpoint
@require_POST
def comment_delete(request: HttpRequest, comment_id: int):
    comment = _comment(request, comment_id)
    video, parent_id = comment.video, comment.parent_id
    try:
        services.comment_delete(comment=comment, user=request.user)
    except ValidationError as error:
        return _refused(request, error)
    return _answer(request, video, message="Comment deleted." if not parent_id else "Reply deleted.", comment_id=parent_id)


@login_required
@require_GET
def tag_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The department's tag report, for its managers (403 otherwise, as departments' pages)."""
    department = managed_department(request.user, slug)
    report = selectors.tag_report_for_department(department, request.user)
    sections = [
        ("Big Ideas", report.big_ideas),
        ("Essence principles", report.principles),
        ("ITTECF standards", report.ittecf),
    ]
    return render(
        request, "feedback/tag_report.html", {"department": department, "report": report, "sections": sections}
    )

