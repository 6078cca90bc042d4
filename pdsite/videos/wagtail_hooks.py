"""The video library and the video chooser in the Wagtail admin.

Private videos (teachers' lesson recordings) are not part of the library for anyone, not even
a superuser: no listing, search, filter, chooser, inspect, edit, delete, usage or history page
shows one, and asking for one by id answers 404. Recordings have their own pages (lessons).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView

from . import services
from .chooser import VideoChooserViewSet
from .described.admin import described_audio_view
from .forms import VideoForm
from .models import Video
from .selectors import poster_url
from .transcripts import wagtail_hooks as transcript_hooks  # noqa: F401  (transcript editor: URLs and menu)
from .transcripts.services import transcript_import
from .uploads.views import VideoUploadView


class LibraryOnly:
    """For the views of one video: a private recording is not in the library (404)."""

    def get_object(self, *args, **kwargs):
        video = super().get_object(*args, **kwargs)
        if video.private:
            raise Http404("No such video.")
        return video


class VideoIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(private=False)


class VideoDeleteView(LibraryOnly, generic.DeleteView):
    pass


class VideoUsageView(LibraryOnly, UsageView):
    pass


class VideoHistoryView(LibraryOnly, HistoryView):
    pass


class VideoEditView(LibraryOnly, generic.EditView):
    @property
    def header_more_buttons(self):
        described = Button(
            "Described audio", url=reverse("video_library:described_audio", args=[self.object.pk]), icon_name="media",
            priority=5,
        )
        return [described, *super().header_more_buttons]

    def save_instance(self):
        form = self.form
        video = form.save()
        if form.cleaned_data.get("captions"):
            transcript_import(video=video, vtt_text=form.cleaned_data["captions"], user=self.request.user)
        return video


class PosterColumn(Column):
    cell_template_name = "videos/admin/poster_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        user = parent_context["request"].user
        context["poster_url"] = poster_url(instance, user=user) if instance.is_playable else ""
        return context


class StatusColumn(Column):
    """Status with a progress bar while the video is being prepared."""

    cell_template_name = "videos/admin/status_cell.html"


class DurationColumn(Column):
    cell_template_name = "videos/admin/duration_cell.html"


class VideoInspectView(LibraryOnly, generic.InspectView):
    template_name = "videos/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        video = self.object
        context["video"] = video
        context["renditions"] = video.renditions.all()
        context["described_audio"] = video.described_audio.order_by("language")
        context["poster_url"] = poster_url(video, user=self.request.user) if video.is_playable else ""
        context["can_retry"] = video.status == Video.Status.FAILED and self.permission_policy.user_has_permission(
            self.request.user, "change"
        )
        return context


class VideoViewSet(ModelViewSet):
    model = Video
    icon = "media"
    menu_label = "Videos"
    menu_order = 250
    add_to_admin_menu = True
    form_fields = ["title", "source"]
    index_view_class = VideoIndexView
    add_view_class = VideoUploadView
    edit_view_class = VideoEditView
    delete_view_class = VideoDeleteView
    usage_view_class = VideoUsageView
    history_view_class = VideoHistoryView
    inspect_view_enabled = True
    inspect_view_class = VideoInspectView
    inspect_view_fields = ["title", "status", "duration", "width", "height", "failure_stage", "failure_reason", "created_at"]
    list_display = [
        "title",  # first: Wagtail links it to the edit view
        PosterColumn("poster", label="Poster"),
        StatusColumn("status", label="Status"),
        DurationColumn("duration", label="Duration"),
        Column("failure_reason", label="Problem"),
        "created_at",
    ]
    list_filter = ["status", "failure_stage"]
    search_fields = ["title"]
    ordering = ["-created_at"]

    def get_form_class(self, for_update=False):
        return VideoForm

    @property
    def retry_view(self):
        @require_POST
        def retry(request, pk):
            if not self.permission_policy.user_has_permission(request.user, "change"):
                raise PermissionDenied
            video = get_object_or_404(Video, pk=pk, private=False)
            try:
                services.video_retry(video=video)
            except services.InvalidTransition as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"“{video.title}” is queued for transcoding again.")
            return redirect(self.get_url_name("inspect"), pk)

        return retry

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("retry/<int:pk>/", self.retry_view, name="retry"),
            path("described-audio/<int:pk>/", described_audio_view, name="described_audio"),
        ]


video_chooser_viewset = VideoChooserViewSet("video_chooser")


@hooks.register("register_admin_viewset")
def register_video_viewset():
    return VideoViewSet("video_library")


@hooks.register("register_admin_viewset")
def register_video_chooser_viewset():
    return video_chooser_viewset

