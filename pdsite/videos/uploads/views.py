"""Resumable upload endpoints (JSON) and the admin "Add video" page that drives them.

Every endpoint needs a signed-in user, a CSRF token (Django's middleware; the page sends it as
X-CSRFToken) and an upload that belongs to that user. A library upload (the default purpose)
needs `videos.add_video`; another purpose (a teacher's lesson recording, registered by
pdsite.lessons: uploads/purposes.py) is started only when its own check says yes, and is
finished by its own endpoint (the state's `urls.complete`). Errors come back as
{"error": "..."} with a 4xx status.
"""

import json
from functools import wraps

from django.contrib import messages
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from wagtail.admin.views import generic

from .. import services as video_services
from ..models import UploadSession
from ..storage import StorageUnavailable
from ..transcripts.services import transcript_import
from . import services as uploads
from .errors import UploadConflict, UploadError, UploadNotFound
from .purposes import UploadForbidden, require_may_send, require_may_start, upload_purpose


def _error(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def upload_api(view):
    """Authorise, and turn upload and storage errors into JSON answers."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _error("Sign in to upload videos.", 401)
        try:
            return view(request, *args, **kwargs)
        except UploadConflict as error:
            return _error(str(error), error.status, offset=error.offset)
        except UploadError as error:
            return _error(str(error), error.status)
        except StorageUnavailable as error:
            return _error(str(error), 503)

    return wrapper


def _json_body(request) -> dict:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise UploadError("The request body must be JSON.")
    if not isinstance(body, dict):
        raise UploadError("The request body must be a JSON object.")
    return body


def _state(session) -> dict:
    state = uploads.upload_state(session=session)
    purpose = upload_purpose(session.purpose)
    state["purpose"] = session.purpose
    state["urls"] = {
        "self": reverse("videos:uploads:detail", args=[session.pk]),
        "parts": reverse("videos:uploads:parts", args=[session.pk]),
        "chunk": reverse("videos:uploads:chunk", args=[session.pk]),
        "complete": purpose.complete_url(session) if purpose else reverse("videos:uploads:complete", args=[session.pk]),
    }
    return state


def _session(request, upload_id):
    """The user's own upload, which they may go on with (else UploadError: 404 or 403). Someone
    who may not upload library videos and has no such upload hears the 403 they always did."""
    try:
        session = uploads.upload_get_for_user(user=request.user, upload_id=upload_id)
    except UploadNotFound:
        if not request.user.has_perm("videos.add_video"):
            raise UploadForbidden("Your account may not upload videos.")
        raise
    require_may_send(request.user, session)
    return session


@require_http_methods(["POST"])
@upload_api
def create(request):
    """Start: JSON `filename`, `size`, and for a registered purpose `purpose` and `fields` (the
    form's values its check needs, e.g. the consent confirmation of a lesson recording)."""
    body = _json_body(request)
    purpose = body.get("purpose") or UploadSession.Purpose.VIDEO
    if not isinstance(purpose, str):
        raise UploadError("Say what the upload is for.")
    require_may_start(request.user, purpose, body.get("fields") or {})
    session = uploads.upload_start(
        user=request.user, filename=body.get("filename"), size=body.get("size"), purpose=purpose
    )
    return JsonResponse(_state(session), status=201)


@require_http_methods(["GET", "DELETE"])
@upload_api
def detail(request, upload_id):
    session = _session(request, upload_id)
    if request.method == "DELETE":
        uploads.upload_abort(session=session)
        session.refresh_from_db()
    return JsonResponse(_state(session))


@require_http_methods(["POST"])
@upload_api
def parts(request, upload_id):
    session = _session(request, upload_id)
    urls = uploads.upload_presign_parts(session=session, part_numbers=_json_body(request).get("part_numbers"))
    return JsonResponse({"urls": {str(number): url for number, url in urls.items()}})


@require_http_methods(["PUT"])
@upload_api
def chunk(request, upload_id):
    session = _session(request, upload_id)
    try:
        length = int(request.headers.get("Content-Length", ""))
    except ValueError:
        length = None
    offset = uploads.upload_write_chunk(
        session=session, content_range=request.headers.get("Content-Range", ""), stream=request, length=length
    )
    return JsonResponse({"offset": offset})


@require_http_methods(["POST"])
@upload_api
def complete(request, upload_id):
    """Finish: form fields `title` and optional `captions` (a WebVTT file), as on the add form."""
    session = _session(request, upload_id)
    if session.purpose != UploadSession.Purpose.VIDEO:
        # A lesson recording is finished by its own page (consent, class context): never here.
        raise UploadError("Finish this upload from the page it was started on.")
    captions = None
    if upload := request.FILES.get("captions"):
        try:
            captions = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UploadError("The captions file must be UTF-8 text.")
    video = uploads.upload_complete(session=session, title=request.POST.get("title", ""), captions=captions)
    messages.success(request, f"Video '{video.title}' uploaded; it is being prepared for streaming.")
    return JsonResponse(
        {"video_id": video.pk, "status": video.status, "redirect_url": reverse("video_library:index")}, status=201
    )


class VideoCreateView(generic.CreateView):
    """The plain add form: the file arrives in one request (the no-JavaScript path)."""

    def form_valid(self, form):
        # The save runs in one transaction: if storage fails, no row is left behind either.
        try:
            return super().form_valid(form)
        except StorageUnavailable as error:
            form.add_error(None, str(error))
            self.produced_error_message = str(error)
            return self.form_invalid(form)

    def save_instance(self):
        form = self.form
        video = video_services.video_create(
            title=form.cleaned_data["title"], source=form.cleaned_data["source"], uploaded_by=self.request.user
        )
        if form.cleaned_data.get("captions"):
            transcript_import(video=video, vtt_text=form.cleaned_data["captions"], user=self.request.user)
        return video


class VideoUploadView(VideoCreateView):
    """The admin "Add video" page: the usual form, taken over by upload.js for resumable uploads.

    Without JavaScript the form posts the file in one request as before (fine for small files),
    with the same checks as the original add view.
    """

    template_name = "videos/admin/upload.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["upload_create_url"] = reverse("videos:uploads:create")
        return context
