"""Cookies that must reach pdsite inside an LMS's frame: SameSite=None (a cross-site frame gets
no Lax cookie), which browsers accept only with Secure. Only LTI needs them, so only LTI sets them:
pylti1p3's OIDC state cookie, and the session and CSRF cookies of a session an LTI launch began."""

from django.conf import settings
from pylti1p3.contrib.django.cookie import DjangoCookieService

# The session key marking a session an LTI launch signed in (its value: the registration's pk).
LTI_SESSION_KEY = "pdsite_lti_registration"


class FrameCookieService(DjangoCookieService):
    """pylti1p3's cookie service, always SameSite=None; Secure (the library sets that only over
    HTTPS; browsers also accept Secure cookies from http://localhost, where tests run)."""

    def update_response(self, response):
        for key, data in self._cookie_data_to_set.items():
            response.set_cookie(
                key, data["value"], max_age=data["exp"], secure=True, httponly=True, path="/", samesite="None"
            )


class FrameSessionCookieMiddleware:
    """For a session an LTI launch signed in, send the session and CSRF cookies SameSite=None;
    Secure, so the clip page's player and the picker's form work in the LMS's frame. Every other
    session keeps the site's Lax cookies. Sits before SessionMiddleware (it edits its cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.get(LTI_SESSION_KEY):
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                if name in response.cookies:
                    response.cookies[name]["samesite"] = "None"
                    response.cookies[name]["secure"] = True
        return response
