"""Cookies that must reach pdsite inside an LMS's frame: SameSite=None (a cross-site frame gets
no Lax cookie), which browsers accept only with Secure, and Partitioned (kept even where
third-party cookies are blocked, per top-level site). Only LTI needs them, so only LTI sets them:
pylti1p3's OIDC state cookie, and the session and CSRF cookies of a session an LTI launch began."""

import http.cookies

from django.conf import settings
from pylti1p3.contrib.django.cookie import DjangoCookieService

# Partitioned (CHIPS): browsers that block third-party cookies still keep a cookie set inside a
# frame when it is partitioned by the top-level site. Python's cookie module knows the attribute
# only from 3.14; until then teach it, as pylti1p3 does for SameSite.
if "partitioned" not in http.cookies.Morsel._reserved:  # noqa: SLF001
    http.cookies.Morsel._reserved["partitioned"] = "Partitioned"  # noqa: SLF001
    http.cookies.Morsel._flags.add("partitioned")  # noqa: SLF001


def frame_cookie(response, name: str) -> None:
    """Make the cookie `name` of `response` one a cross-site frame keeps and sends back."""
    response.cookies[name]["samesite"] = "None"
    response.cookies[name]["secure"] = True
    response.cookies[name]["partitioned"] = True


# The session key marking a session an LTI launch signed in (its value: the registration's pk).
LTI_SESSION_KEY = "pdsite_lti_registration"


class FrameCookieService(DjangoCookieService):
    """pylti1p3's cookie service (its OIDC state cookie), always a frame cookie: the library sets
    SameSite=None only over HTTPS, and never Partitioned. Browsers accept Secure cookies from
    http://localhost, where the tests run."""

    def update_response(self, response):
        for key, data in self._cookie_data_to_set.items():
            response.set_cookie(key, data["value"], max_age=data["exp"], httponly=True, path="/")
            frame_cookie(response, key)


class FrameSessionCookieMiddleware:
    """For a session an LTI launch signed in, send the session and CSRF cookies as frame cookies
    (SameSite=None; Secure; Partitioned), so the clip page's player and the picker's form work in the LMS's frame. Every other
    session keeps the site's Lax cookies. Sits before SessionMiddleware (it edits its cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.get(LTI_SESSION_KEY):
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                if name in response.cookies:
                    frame_cookie(response, name)
        return response
