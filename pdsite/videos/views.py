"""Views for videos: HLS playlists, segments, captions and thumbnails, for signed-in users only.

Each asks the one rule (`access.video_get_visible_or_404`): a video the viewer may not see
answers exactly like one that does not exist. Signed-out requests get 403 first. For a private
recording each also asks `access.video_windows` and serves only what lies inside them; the
media view asks both again for every file (see private_media).
"""

import mimetypes
from functools import wraps

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils.cache import add_never_cache_headers, patch_cache_control

from .access import video_get_visible_or_404, video_windows
from .descriptions.selectors import descriptions_vtt
from .private_media import media_allowed, sprite_for
from .selectors import MediaNotFound, PlaylistNotFound, media_file_from_token, playlist_text, thumbnails_vtt_text
from .transcripts.selectors import captions_vtt

_CONTENT_TYPES = {".ts": "video/mp2t", ".m3u8": "application/vnd.apple.mpegurl", ".vtt": "text/vtt"}
MEDIA_NOT_FOUND = "No such file, or the link has expired."


def signed_in_only(view):
    """403 for anonymous requests: media is private (hls.js gets a plain refusal, not a login page)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return HttpResponseForbidden("Sign in to watch this video.")
        return view(request, *args, **kwargs)

    return wrapped


def cached_unless_private(*, max_age: int):
    """Let the browser keep the answer for `max_age` seconds, except a private recording's
    (marked by _private_not_cached): those are never kept."""

    def decorate(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if not getattr(response, "private_recording", False):
                patch_cache_control(response, private=True, max_age=max_age)
            return response

        return wrapped

    return decorate


# Short cache: segment URLs inside are signed for PDSITE_MEDIA_URL_SECONDS, and while a
# video is PLAYABLE its variant playlists grow.
@signed_in_only
@cached_unless_private(max_age=2)
def playlist(request: HttpRequest, video_id: int, path: str) -> HttpResponse:
    video = video_get_visible_or_404(request, video_id)
    try:
        text = playlist_text(video=video, path=path, user=request.user, windows=video_windows(request, video))
    except PlaylistNotFound:
        raise Http404("No such playlist.")
    return _private_not_cached(video, HttpResponse(text, content_type="application/vnd.apple.mpegurl"))


@signed_in_only
@cached_unless_private(max_age=3600)
def media(request: HttpRequest, token: str) -> HttpResponse:
    """One stored file (segment, poster, sprite) named by a signed, short-lived token made
    for this user (a playlist the rule allowed handed it out; see access). For a private
    recording the rule and the windows are asked again, so a revoked share or a segment
    outside the clip answers like an unknown file."""
    try:
        file = media_file_from_token(token, user=request.user)
    except MediaNotFound:
        raise Http404(MEDIA_NOT_FOUND)
    name, suffix = file.name, file.name[file.name.rfind(".") :]
    content_type = _CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if file.private:
        return _private_media(request, file, content_type)
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404(MEDIA_NOT_FOUND)
    return FileResponse(handle, content_type=content_type)


def _private_media(request: HttpRequest, file, content_type: str) -> HttpResponse:
    try:
        video = video_get_visible_or_404(request, file.video_id)
    except Http404:
        raise Http404(MEDIA_NOT_FOUND) from None
    windows = video_windows(request, video)
    if not media_allowed(video=video, name=file.name, windows=windows):
        raise Http404(MEDIA_NOT_FOUND)
    if windows is not None and file.name == video.sprite:
        body = sprite_for(video, windows)
        if body is None:
            raise Http404(MEDIA_NOT_FOUND)
        response = HttpResponse(body, content_type="image/jpeg")
    else:
        try:
            response = FileResponse(default_storage.open(file.name, "rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404(MEDIA_NOT_FOUND) from None
    return _private_not_cached(video, response)


def _private_not_cached(video, response: HttpResponse) -> HttpResponse:
    """A private recording's files are not kept by the browser: each play asks again, so a
    revoked share takes effect at once."""
    if video.private:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response.private_recording = True
    return response


@signed_in_only
@cached_unless_private(max_age=60)
def captions(request: HttpRequest, video_id: int, language: str) -> HttpResponse:
    return _text_track(request, video_id, captions_vtt, language=language, missing="No captions in that language.")


@signed_in_only
@cached_unless_private(max_age=60)
def descriptions(request: HttpRequest, video_id: int, language: str) -> HttpResponse:
    """The audio description track (WebVTT, kind="descriptions"), as the captions are served."""
    return _text_track(
        request, video_id, descriptions_vtt, language=language, missing="No audio description in that language."
    )


def _text_track(request: HttpRequest, video_id: int, render, *, language: str, missing: str) -> HttpResponse:
    """A WebVTT track of a video the viewer may see, cut to their windows (render(video=,
    language=, windows=) -> text, or None when there is none in that language)."""
    video = video_get_visible_or_404(request, video_id)
    text = render(video=video, language=language, windows=video_windows(request, video))
    if text is None:
        raise Http404(missing)
    return _private_not_cached(video, HttpResponse(text, content_type="text/vtt; charset=utf-8"))


@signed_in_only
@cached_unless_private(max_age=300)
def thumbnails(request: HttpRequest, video_id: int) -> HttpResponse:
    video = video_get_visible_or_404(request, video_id)
    text = thumbnails_vtt_text(video=video, user=request.user, windows=video_windows(request, video))
    if text is None:
        raise Http404("No preview thumbnails for this video.")
    return _private_not_cached(video, HttpResponse(text, content_type="text/vtt; charset=utf-8"))
