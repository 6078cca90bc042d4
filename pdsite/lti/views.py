"""The LTI 1.3 endpoints: the tool's JWKS, OIDC login initiation, the launch, the pages a launch
opens (a clip, a module) and the Deep Linking picker. pylti1p3 checks the protocol (state cookie,
nonce, signature against the platform's JWKS, registration, deployment, message); these views
parse, ask access, call a service, render.

Only the two endpoints a platform posts to cross-site (login, launch) are CSRF-exempt, as the
OIDC third-party-initiated login flow requires; their forgery protection is the state cookie and
the signed id_token. The picker's own form keeps Django's CSRF check."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pylti1p3.contrib.django import DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.contrib.django.launch_data_storage.cache import DjangoCacheDataStorage
from pylti1p3.contrib.django.request import DjangoRequest
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, LtiServiceException, OIDCException
from requests import RequestException

from pdsite.settings.security import origin_of

from . import access, grades, selectors, services
from .cookies import LTI_SESSION_KEY, FrameCookieService
from .forms import PickForm
from .tool_config import PdsiteToolConf

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
# Custom parameters a deep-linked resource carries back on each launch.
CUSTOM_CLIP, CUSTOM_MODULE, CUSTOM_START, CUSTOM_END = "pdsite_clip", "pdsite_module", "pdsite_start", "pdsite_end"
PICKS_KEY = "pdsite_lti_deep_links"  # the deep-linking launch ids this session may answer
ROSTER_KEY = "pdsite_lti_roster"  # an instructor's launch with Names and Role Provisioning


def _framed(request: HttpRequest, response: HttpResponse, *, form_action: str = "") -> HttpResponse:
    """Let the registered platforms frame this LTI page (and, for the deep-linking return, post
    to the platform)."""
    update = {"frame-ancestors": selectors.platform_origins()}
    if form_action:
        update["form-action"] = [form_action]
    response._csp_update = update
    response.xframe_options_exempt = True
    return response


def _refused(request: HttpRequest, message: str, *, status: int = 403) -> HttpResponse:
    response = TemplateResponse(request, "lti/refused.html", {"message": message}, status=status)
    return _framed(request, response)


def _explain(error: Exception) -> str:
    """A person's sentence for pylti1p3's refusal."""
    text = str(error)
    if "State" in text or "state" in text or "Nonce" in text or "nonce" in text:
        return (
            "This launch could not be matched to its sign-in step: it was used already, has expired, "
            "or did not come from your course. Open the link from your course again."
        )
    if "Registration" in text or "Client id" in text or "registration" in text or "issuer" in text:
        return (
            "This learning platform is not registered with pdsite. Ask your administrator to add it "
            "in the admin's LTI menu, under LTI platforms."
        )
    if "deployment" in text:
        return "This deployment of pdsite is not registered for your learning platform. Ask your administrator to add its deployment id."
    if "decode" in text or "key" in text or "JWT" in text or "id_token" in text:
        return "The launch was not signed by the learning platform it names, so pdsite refused it."
    return f"The launch could not be checked ({text}). Open the link from your course again."


def _storage() -> DjangoCacheDataStorage:
    return DjangoCacheDataStorage()


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    """The tool's public keys (every unretired key), for platforms to verify its messages."""
    return JsonResponse(selectors.tool_jwks())


@csrf_exempt
@xframe_options_exempt
@require_http_methods(["GET", "POST"])
def oidc_login(request: HttpRequest) -> HttpResponse:
    """Third-party-initiated login: redirect to the platform's auth endpoint with state + nonce."""
    lti_request = DjangoRequest(request)
    tool_conf = PdsiteToolConf()
    login_step = DjangoOIDCLogin(
        lti_request, tool_conf, cookie_service=FrameCookieService(lti_request), launch_data_storage=_storage()
    )
    try:
        return login_step.redirect(request.build_absolute_uri(reverse("lti:launch")))
    except (OIDCException, LtiException) as error:
        return _refused(request, _explain(error), status=400)


@csrf_exempt
@xframe_options_exempt
@require_POST
def launch(request: HttpRequest) -> HttpResponse:
    """The platform's signed id_token: sign the LMS user in and open what the link names."""
    lti_request = DjangoRequest(request, post_only=True)
    message_launch = DjangoMessageLaunch(
        lti_request, PdsiteToolConf(), cookie_service=FrameCookieService(lti_request), launch_data_storage=_storage()
    )
    try:
        data = message_launch.get_launch_data()
        registration = message_launch._registration.row  # noqa: SLF001  (pylti1p3 keeps it private)
        services.launch_nonce_consume(issuer=registration.issuer, nonce=data["nonce"])
        user = services.lti_account_user(
            registration=registration,
            sub=data["sub"],
            email=data.get("email", ""),
            given_name=data.get("given_name", ""),
            family_name=data.get("family_name", ""),
        )
    except (LtiException, KeyError) as error:
        return _refused(request, _explain(error))
    except services.LaunchRefused as error:
        return _refused(request, str(error))
    login(request, user, backend=settings.PDSITE_SESSION_BACKEND)
    request.session[LTI_SESSION_KEY] = registration.pk
    if message_launch.is_deep_link_launch():
        if not access.may_pick_content(data.get(CLAIM + "roles", [])):
            return _refused(request, "Only a teacher or administrator of the course can add pdsite content to it.")
        request.session[PICKS_KEY] = [*request.session.get(PICKS_KEY, [])[-9:], message_launch.get_launch_id()]
        return redirect("lti:picker", launch_id=message_launch.get_launch_id())
    custom = data.get(CLAIM + "custom") or {}
    _remember_grading(registration=registration, user=user, data=data, custom=custom)
    if message_launch.has_nrps() and access.may_pick_content(data.get(CLAIM + "roles", [])):
        request.session[ROSTER_KEY] = {"launch": message_launch.get_launch_id(), "clip": str(custom.get(CUSTOM_CLIP, ""))}
    else:
        request.session.pop(ROSTER_KEY, None)
    return _open_resource(request, custom)


def _remember_grading(*, registration, user, data: dict, custom: dict) -> None:
    """A clip launched from a graded activity: its coverage goes back as the score."""
    endpoint = data.get(grades.AGS_CLAIM)
    clip_id = str(custom.get(CUSTOM_CLIP, ""))
    if endpoint and clip_id.isdigit():
        page = access.clip_for_viewer(user, int(clip_id))
        if page is not None:
            grades.grade_link_record(registration=registration, user=user, video=page.video, sub=data["sub"], endpoint=endpoint)


def _open_resource(request: HttpRequest, custom: dict) -> HttpResponse:
    def number(name):
        value = str(custom.get(name, "")).strip()
        return int(value) if value.isdigit() else None

    if number(CUSTOM_CLIP) is not None:
        query = {key: value for key, value in (("t", number(CUSTOM_START)), ("end", number(CUSTOM_END))) if value is not None}
        url = reverse("lti:clip", kwargs={"page_id": number(CUSTOM_CLIP)})
        return redirect(f"{url}?{urlencode(query)}" if query else url)
    if number(CUSTOM_MODULE) is not None:
        return redirect("lti:module", page_id=number(CUSTOM_MODULE))
    return _refused(request, "This course link does not name a pdsite clip or module. Ask your teacher to add it again.", status=400)


@login_required
@require_GET
def clip(request: HttpRequest, page_id: int) -> HttpResponse:
    """A clip page as the site shows it (player, captions, transcript, progress), framed by the LMS."""
    page = access.clip_for_viewer(request, page_id)
    if page is None:
        raise Http404("No such clip.")
    context = page.get_context(request)
    start, end = request.GET.get("t", ""), request.GET.get("end", "")
    if end.isdigit():
        context["lti_range"] = (int(start) if start.isdigit() else 0, int(end))
    if request.session.get(ROSTER_KEY, {}).get("clip") == str(page.pk):
        context["lti_roster_url"] = reverse("lti:roster")
    return _framed(request, TemplateResponse(request, page.get_template(request), context))


@login_required
@require_GET
def module(request: HttpRequest, page_id: int) -> HttpResponse:
    page = access.module_for_viewer(request, page_id)
    if page is None:
        raise Http404("No such module.")
    return _framed(request, TemplateResponse(request, page.get_template(request), page.get_context(request)))


@login_required
@require_http_methods(["GET", "POST"])
def picker(request: HttpRequest, launch_id: str) -> HttpResponse:
    """Deep Linking: choose a clip (or a range of it) or a module; answer the platform with the
    signed LtiDeepLinkingResponse."""
    if launch_id not in request.session.get(PICKS_KEY, []):
        raise Http404("No such content picker.")
    try:
        message_launch = DjangoMessageLaunch.from_cache(launch_id, request, PdsiteToolConf(), launch_data_storage=_storage())
    except LtiException:
        return _refused(request, "This content picker has expired. Choose “Add pdsite content” in your course again.")
    form = PickForm(
        request.POST if request.method == "POST" else None,
        clips=selectors.picker_clips(user=request.user),
        modules=selectors.picker_modules(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        if selectors.signing_key_get() is None:
            return _refused(request, "pdsite has no signing key yet: an administrator adds one in the admin's LTI menu, under LTI tool keys.")
        deep_link = message_launch.get_deep_link()
        token = deep_link.get_response_jwt([_resource(request, form.cleaned_data)])
        return_url = message_launch.get_launch_data()[DL_CLAIM + "deep_linking_settings"]["deep_link_return_url"]
        response = TemplateResponse(request, "lti/deep_link_return.html", {"return_url": return_url, "jwt": token})
        return _framed(request, response, form_action=origin_of(return_url))
    status = 400 if request.method == "POST" else 200
    return _framed(request, TemplateResponse(request, "lti/picker.html", {"form": form}, status=status))


def _resource(request: HttpRequest, cleaned: dict) -> DeepLinkResource:
    page = cleaned["page"]
    if cleaned["kind"] == "module":
        custom = {CUSTOM_MODULE: str(page.pk)}
        title = page.title
    else:
        custom = {CUSTOM_CLIP: str(page.pk)}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None:
            custom[CUSTOM_START] = str(start)
        if end is not None:
            custom[CUSTOM_END] = str(end)
        title = page.title if start is None and end is None else f"{page.title} ({start or 0}s–{end if end is not None else 'end'})"
    return (
        DeepLinkResource()
        .set_url(request.build_absolute_uri(reverse("lti:launch")))
        .set_title(title)
        .set_custom_params(custom)
    )


@login_required
@require_GET
def roster(request: HttpRequest) -> HttpResponse:
    """Names and Role Provisioning: the course's members and their progress on the launched clip,
    for the instructor whose launch in this session granted the roster."""
    from .roster import NRPS_CLAIM, roster_for_launch

    granted = request.session.get(ROSTER_KEY)
    if not granted:
        raise Http404("No course roster for this session.")
    try:
        message_launch = DjangoMessageLaunch.from_cache(granted["launch"], request, PdsiteToolConf(), launch_data_storage=_storage())
    except LtiException:
        return _refused(request, "This roster has expired. Open pdsite from your course again.")
    data = message_launch.get_launch_data()
    registration = selectors.registration_get(issuer=data["iss"], client_id=message_launch.get_client_id())
    if registration is None:
        return _refused(request, _explain(LtiException("Registration not found.")))
    clip = access.clip_for_viewer(request, int(granted["clip"])) if granted["clip"].isdigit() else None
    try:
        rows = roster_for_launch(registration=registration, nrps=data[NRPS_CLAIM], video_id=clip.video_id if clip else None)
    except (LtiServiceException, RequestException):
        return _refused(request, "Your learning platform did not send the course roster. Try again in a minute.", status=502)
    context = {"rows": rows, "clip": clip, "clip_url": reverse("lti:clip", kwargs={"page_id": clip.pk}) if clip else ""}
    return _framed(request, TemplateResponse(request, "lti/roster.html", context))
