"""Views for videos: HLS playlists, segments, captions and thumbnails, for signed-in users only.

Each asks the one rule (`access.video_get_visible_or_404`): a video the viewer may not see
answers exactly like one that does not exist. Signed-out requests get 403 first.
"""

import mimetypes
from functools import wraps

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import cache_control

from .access import video_get_visible_or_404
from .selectors import MediaNotFound, PlaylistNotFound, media_name_from_token, playlist_text, thumbnails_vtt_text
from .transcripts.selectors import captions_vtt

_CONTENT_TYPES = {".ts": "video/mp2t", ".m3u8": "application/vnd.apple.mpegurl", ".vtt": "text/vtt"}


def signed_in_only(view):
    """403 for anonymous requests: media is private (hls.js gets a plain refusal, not a login page)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return HttpResponseForbidden("Sign in to watch this video.")
        return view(request, *args, **kwargs)

    return wrapped


# Short cache: segment URLs inside are signed for PDSITE_MEDIA_URL_SECONDS, and while a
# video is PLAYABLE its variant playlists grow.
@signed_in_only
@cache_control(private=True, max_age=2)
def playlist(request: HttpRequest, video_id: int, path: str) -> HttpResponse:
    video = video_get_visible_or_404(request, video_id)
    try:
        text = playlist_text(video=video, path=path, user=request.user)
    except PlaylistNotFound:
        raise Http404("No such playlist.")
    return HttpResponse(text, content_type="application/vnd.apple.mpegurl")


@signed_in_only
@cache_control(private=True, max_age=3600)
def media(request: HttpRequest, token: str) -> FileResponse:
    """One stored file (segment, poster, sprite) named by a signed, short-lived token made
    for this user (a playlist the rule allowed handed it out; see access)."""
    try:
        name = media_name_from_token(token, user=request.user)
        handle = default_storage.open(name, "rb")
    except (MediaNotFound, FileNotFoundError):
        raise Http404("No such file, or the link has expired.")
    suffix = name[name.rfind(".") :]
    content_type = _CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(handle, content_type=content_type)


@signed_in_only
@cache_control(private=True, max_age=60)
def captions(request: HttpRequest, video_id: int, language: str) -> HttpResponse:
    video = video_get_visible_or_404(request, video_id)
    text = captions_vtt(video=video, language=language)
    if text is None:
        raise Http404("No captions in that language.")
    return HttpResponse(text, content_type="text/vtt; charset=utf-8")


@signed_in_only
@cache_control(private=True, max_age=300)
def thumbnails(request: HttpRequest, video_id: int) -> HttpResponse:
    video = video_get_visible_or_404(request, video_id)
    text = thumbnails_vtt_text(video=video, user=request.user)
    if text is None:
        raise Http404("No preview thumbnails for this video.")
    return HttpResponse(text, content_type="text/vtt; charset=utf-8")
