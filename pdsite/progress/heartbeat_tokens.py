"""Signed progress tokens: the lean way in for the player's heartbeat (issue #7).

A clip page hands its player a token (the `heartbeat_token` template tag in
templatetags/pdsite_progress.py) naming the signed-in teacher and the video, bound to
the teacher's session (its key) and to their session auth hash (their password). The
heartbeat middleware (`middleware.HeartbeatTokenMiddleware`) accepts a report carrying a
valid token without Django's session, user and CSRF round of work: one query checks the
teacher is active, the session still exists (so logging out revokes every token issued to
it) and the auth hash still matches (so a password change revokes them too), and fetches the
video. The token is also the report's anti-forgery secret: a cross-site page cannot read it
(synchroniser-token pattern), and it only works alongside the session cookie it is bound to.
A token that fails any check is ignored, not trusted: the report then goes through the normal
session + CSRF path, which refuses what it should and never loses an honest report.
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

# The salt predates the progress app (tokens were issued by pdsite.courses): changing it
# would refuse every token in players that are open during a deploy.
SALT = "pdsite.courses.heartbeat-token"
# Sessions kept in the database (or cached in front of it) can be checked in the same query
# as the user; with other engines tokens are not issued and every report takes the full path.
_DB_SESSION_ENGINES = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")


class TokenRefused(ValueError):
    """The token is forged, expired, for another session, or unreadable."""


def tokens_enabled() -> bool:
    return settings.SESSION_ENGINE in _DB_SESSION_ENGINES


def _binding(*, session_key: str, auth_hash: str) -> str:
    return salted_hmac(SALT, f"{session_key}:{auth_hash}", algorithm="sha256").hexdigest()[:32]


def heartbeat_token_issue(*, user, video_id: int, session_key: str | None) -> str:
    """A token for `user` reporting on `video_id` in this session; "" when none can be made
    (anonymous, no session yet, or a session engine the middleware cannot check)."""
    if not (tokens_enabled() and session_key and user is not None and user.is_authenticated):
        return ""
    binding = _binding(session_key=session_key, auth_hash=user.get_session_auth_hash())
    return signing.dumps([user.pk, int(video_id), binding], salt=SALT, compress=False)


def heartbeat_token_read(token: str) -> tuple[int, int, str]:
    """(user id, video id, binding) of an untampered, unexpired token; raises TokenRefused."""
    try:
        user_id, video_id, binding = signing.loads(token, salt=SALT, max_age=settings.PDSITE_HEARTBEAT_TOKEN_MAX_AGE)
        return int(user_id), int(video_id), str(binding)
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise TokenRefused(str(error) or "unreadable token") from error


def heartbeat_token_binds(binding: str, *, session_key: str, user) -> bool:
    """Whether the token was issued to this session and the user's password is unchanged."""
    expected = _binding(session_key=session_key, auth_hash=user.get_session_auth_hash())
    return constant_time_compare(binding, expected)
