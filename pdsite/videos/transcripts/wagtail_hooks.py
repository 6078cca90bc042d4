"""Admin URLs and the menu item of the transcript editor (imported by videos/wagtail_hooks.py)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ..descriptions import admin as descriptions_admin
from . import admin

urlpatterns = [
    path("", admin.transcript_index, name="index"),
    path("<int:video_id>/<slug:language>/", admin.transcript_edit, name="edit"),
    path("<int:video_id>/<slug:language>/approve/", admin.transcript_approve, name="approve"),
    path("<int:video_id>/<slug:language>/upload/", admin.transcript_upload, name="upload"),
    path("<int:video_id>/<slug:language>/descriptions/", descriptions_admin.descriptions_edit, name="descriptions"),
]


@hooks.register("register_admin_urls")
def register_transcript_urls():
    return [path("transcripts/", include((urlpatterns, "videos_transcripts"), namespace="videos_transcripts"))]


class TranscriptMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_transcript_menu_item():
    return TranscriptMenuItem("Transcripts", reverse("videos_transcripts:index"), icon_name="doc-full", order=260)
