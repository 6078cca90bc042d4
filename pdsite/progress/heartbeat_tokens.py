"""Signed progress tokens: the lean way in for the player's heartbeat (issue #7).

A clip page hands its player a token (the `heartbeat_token` template tag in
templatetags/pdsite_progress.py) naming the signed-in teacher and the video, bound to
the teacher's session (its key) and to their password (its stored hash). The heartbeat
middleware (`middleware.HeartbeatTokenMiddleware`) accepts a report carrying a valid token
without Django's session, user and CSRF round of work: on PostgreSQL the report's one
statement (services.progress_record_token_heartbeat) checks the teacher is active, the
session still exists (so logging out revokes every token issued to it) and the binding still
matches (so a password change revokes them too) and records the report; elsewhere one query
checks the same and the report is recorded after it. Tokens issued before issue #17 carry an
older binding: they fail the check and their reports take the full path. The token is also the report's anti-forgery secret: a cross-site page cannot read it
(synchroniser-token pattern), and it only works alongside the session cookie it is bound to.
A token that fails any check is ignored, not trusted: the report then goes through the normal
session + CSRF path, which refuses what it should and never loses an honest report.
"""

import hashlib

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare

# The salt predates the progress app (tokens were issued by pdsite.courses): changing it
# would refuse every token in players that are open during a deploy.
SALT = "pdsite.courses.heartbeat-token"
# Sessions kept in the database (or cached in front of it) can be checked in the same query
# as the user; with other engines tokens are not issued and every report takes the full path.
BINDING_LENGTH = 32  # hex digits of the binding kept in the token
_DB_SESSION_ENGINES = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")


class TokenRefused(ValueError):
    """The token is forged, expired, for another session, or unreadable."""


def tokens_enabled() -> bool:
    return settings.SESSION_ENGINE in _DB_SESSION_ENGINES


def _binding(*, session_key: str, password: str) -> str:
    """What ties a token to one session and one password: PostgreSQL computes the same in the
    heartbeat's one statement (services._token_viewer_sql), so the check costs no round trip.
    It needs no key: the token's signature (SECRET_KEY) is what makes it unforgeable, and the
    digest reveals nothing the holder of the session cookie does not already have."""
    return hashlib.sha256(f"{session_key}:{password}".encode()).hexdigest()[:BINDING_LENGTH]


def heartbeat_token_issue(*, user, video_id: int, session_key: str | None) -> str:
    """A token for `user` reporting on `video_id` in this session; "" when none can be made
    (anonymous, no session yet, or a session engine the middleware cannot check)."""
    if not (tokens_enabled() and session_key and user is not None and user.is_authenticated):
        return ""
    binding = _binding(session_key=session_key, password=user.password)
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
    expected = _binding(session_key=session_key, password=user.password)
    return constant_time_compare(binding, expected)
