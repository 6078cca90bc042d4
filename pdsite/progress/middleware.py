"""The progress heartbeat's lean path (issues #7, #17): a report carrying a valid signed token
(heartbeat_tokens) is recorded here, before the session, CSRF, auth, messages and redirect
middleware run, because those cost more than the report itself (see README, "Heartbeat
benchmark"). Everything else, including a report whose token fails any check, goes on down
the normal stack to `views.heartbeat` unchanged. On PostgreSQL the token check and the report
are one statement (services.progress_record_token_heartbeat); elsewhere one query checks the
token and `views.heartbeat_record_response` → `services.progress_record_heartbeat` records it. On this path a
video no live clip page shows answers exactly like an unknown one (404), as on the session
path, which asks the full rule (pdsite.videos.access; the trade-off is in
selectors.heartbeat_token_viewer).

Place it right after SecurityMiddleware (HTTPS redirect and security headers still apply).
"""

import json

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.urls import resolve, reverse

from . import heartbeat_tokens, selectors, services
from .views import heartbeat_record_response, heartbeat_recorded_response


class HeartbeatTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.path = self.match = None  # resolved on first use: URLs may not be loaded at start-up

    def __call__(self, request):
        if request.method == "POST":
            if self.path is None:
                self.path = reverse("progress:heartbeat")
                self.match = resolve(self.path)
            if request.path_info == self.path and "token" in request.POST:
                # What URL resolution would find (ops' request metrics label by it): the same
                # for every report, so it is not resolved again each time.
                request.resolver_match = self.match
                response = self._lean(request)
                if response is not None:
                    return response
        return self.get_response(request)

    def _lean(self, request):
        """The report's response, or None to let the full stack decide (no session cookie,
        token forged/expired/for another session or password, inactive user)."""
        if not heartbeat_tokens.tokens_enabled():
            return None
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if not session_key:
            return None
        try:
            user_id, video_id, binding = heartbeat_tokens.heartbeat_token_read(request.POST["token"])
        except heartbeat_tokens.TokenRefused:
            return None
        if request.POST.get("video") != str(video_id) or request.POST.get("user") not in (None, "", str(user_id)):
            return None
        if connection.vendor == "postgresql":
            response = self._one_statement(request, user_id=user_id, video_id=video_id, session_key=session_key, binding=binding)
            if response is not None:
                return response
        # Other engines, and whatever the one statement did not record: check the token with
        # one query, then answer (a bad report gets its 400 here) or hand over to the full stack.
        found = selectors.heartbeat_token_viewer(user_id=user_id, video_id=video_id, session_key=session_key)
        if found is None:
            return None
        user, session_alive, video = found
        if not (session_alive and heartbeat_tokens.heartbeat_token_binds(binding, session_key=session_key, user=user)):
            return None
        return _sized(heartbeat_record_response(user=user, video=video, data=request.POST))

    def _one_statement(self, request, *, user_id, video_id, session_key, binding):
        """PostgreSQL: the token check and the report are one statement
        (services.progress_record_token_heartbeat). None when it recorded nothing (a refused
        token, a malformed report): the caller answers those as it always has."""
        try:
            ranges = json.loads(request.POST.get("ranges", "[]"))
        except (ValueError, TypeError):
            return None
        try:
            record = services.progress_record_token_heartbeat(
                user_id=user_id, video_id=video_id, session_key=session_key, binding=binding,
                ranges=ranges, position=request.POST.get("position") or None,
            )
        except services.ReportConflict as error:  # the player's next report carries the same ranges
            return _sized(JsonResponse({"error": str(error)}, status=409))
        return None if record is None else _sized(heartbeat_recorded_response(record))


def _sized(response):
    # CommonMiddleware (skipped here) would set it; keep-alive clients need it.
    response.headers["Content-Length"] = str(len(response.content))
    return response
