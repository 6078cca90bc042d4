"""Views for videos: HLS playlists and captions, served to the player."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control

from .models import Video
from .selectors import PlaylistNotFound, captions_vtt, playlist_text


# Segment URLs inside are presigned for an hour: browsers must not keep the playlist longer.
@cache_control(private=True, max_age=300)
def playlist(request: HttpRequest, video_id: int, path: str) -> HttpResponse:
    video = get_object_or_404(Video, pk=video_id)
    try:
        text = playlist_text(video=video, path=path)
    except PlaylistNotFound:
        raise Http404("No such playlist.")
    return HttpResponse(text, content_type="application/vnd.apple.mpegurl")


@cache_control(private=True, max_age=60)
def captions(request: HttpRequest, video_id: int, language: str) -> HttpResponse:
    video = get_object_or_404(Video, pk=video_id)
    text = captions_vtt(video=video, language=language)
    if text is None:
        raise Http404("No captions in that language.")
    return HttpResponse(text, content_type="text/vtt; charset=utf-8")
