"""URLs of videos (namespace `videos`): playlists, media, captions, audio descriptions, thumbnails, transcript
downloads, and the resumable uploads (`videos:uploads:*`, in uploads/urls.py)."""

from django.urls import include, path, re_path

from . import views
from .transcripts import views as transcript_views

app_name = "videos"
urlpatterns = [
    re_path(r"^(?P<video_id>\d+)/hls/(?P<path>[\w-]+(?:/[\w-]+)?\.m3u8)$", views.playlist, name="playlist"),
    path("<int:video_id>/captions/<slug:language>.vtt", views.captions, name="captions"),
    path("<int:video_id>/descriptions/<slug:language>.vtt", views.descriptions, name="descriptions"),
    path(
        "<int:video_id>/transcript/<slug:language>.<str:fmt>",
        transcript_views.transcript_download,
        name="transcript_download",
    ),
    path("uploads/", include("pdsite.videos.uploads.urls")),
    path("<int:video_id>/thumbnails.vtt", views.thumbnails, name="thumbnails"),
    path("media/<path:token>", views.media, name="media"),
]
