"""What a resumable upload is for, and who may send one: the registry of upload purposes.

The admin's library upload ("video") is built in: it needs `videos.add_video`, and the
`complete` endpoint makes the Video. Other apps register purposes from their
AppConfig.ready(), because this app imports no other pdsite app. pdsite.lessons registers
"recording": a teacher sends the bytes through the same endpoints, but

- `may_start(user, fields)` decides on the server whether they may start one at all (their
  school's consent statement, confirmed in `fields`, the form's values sent with the start);
  it raises UploadError (403) with a message to show, before any byte is accepted;
- only the session's owner may send its parts or chunks (as for every upload), without
  `videos.add_video`;
- the upload is finished by the purpose's own endpoint (`complete_url(session)`, which calls
  the purpose's service: `lessons.services.recording_create_from_upload`), not by
  `videos:uploads:complete`, which refuses it; the Video it makes is private.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..models import UploadSession
from .errors import UploadError


class UploadForbidden(UploadError):
    status = 403


@dataclass(frozen=True)
class UploadPurpose:
    name: str
    may_start: Callable[[object, dict], None]
    complete_url: Callable[[UploadSession], str]


_PURPOSES: dict[str, UploadPurpose] = {}


def upload_purpose_register(name: str, *, may_start, complete_url) -> None:
    """Add (or replace: ready() may run twice in tests) an upload purpose."""
    if name == UploadSession.Purpose.VIDEO or name not in UploadSession.Purpose.values:
        raise ValueError(f"{name!r} is not an upload purpose that can be registered")
    _PURPOSES[name] = UploadPurpose(name, may_start, complete_url)


def upload_purpose(name: str) -> UploadPurpose | None:
    """The registered purpose `name`; None for "video" (built in) and for unknown names."""
    return _PURPOSES.get(name)


def require_may_start(user, purpose: str, fields: dict) -> None:
    """Raise UploadError unless `user` may start an upload for `purpose`."""
    if purpose == UploadSession.Purpose.VIDEO:
        if not user.has_perm("videos.add_video"):
            raise UploadForbidden("Your account may not upload videos.")
        return
    registered = upload_purpose(purpose)
    if registered is None:
        raise UploadError("Say what the upload is for.")
    registered.may_start(user, fields if isinstance(fields, dict) else {})


def require_may_send(user, session: UploadSession) -> None:
    """Raise UploadError unless `user` may go on with `session` (they own it: the caller
    looked it up by user). A library upload still needs `videos.add_video`."""
    if session.purpose == UploadSession.Purpose.VIDEO and not user.has_perm("videos.add_video"):
        raise UploadForbidden("Your account may not upload videos.")
