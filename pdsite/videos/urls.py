from django.urls import path, re_path

from . import views

app_name = "videos"
urlpatterns = [
    re_path(r"^(?P<video_id>\d+)/hls/(?P<path>[\w-]+(?:/[\w-]+)?\.m3u8)$", views.playlist, name="playlist"),
    path("<int:video_id>/captions/<slug:language>.vtt", views.captions, name="captions"),
    path("<int:video_id>/thumbnails.vtt", views.thumbnails, name="thumbnails"),
    path("media/<path:token>", views.media, name="media"),
]
