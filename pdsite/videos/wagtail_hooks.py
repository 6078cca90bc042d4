"""The video library in the Wagtail admin."""

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.views import generic

from . import services
from .forms import VideoForm
from .models import Video
from .storage import StorageUnavailable
from .upload_views import VideoUploadView


class VideoCreateView(generic.CreateView):
    def form_valid(self, form):
        # The save runs in one transaction: if storage fails, no row is left behind either.
        try:
            return super().form_valid(form)
        except StorageUnavailable as error:
            form.add_error(None, str(error))
            self.produced_error_message = str(error)
            return self.form_invalid(form)

    def save_instance(self):
        form = self.form
        video = services.video_create(
            title=form.cleaned_data["title"], source=form.cleaned_data["source"], uploaded_by=self.request.user
        )
        if form.cleaned_data.get("captions"):
            services.transcript_import(video=video, vtt_text=form.cleaned_data["captions"])
        return video


class VideoEditView(generic.EditView):
    def save_instance(self):
        form = self.form
        video = form.save()
        if form.cleaned_data.get("captions"):
            services.transcript_import(video=video, vtt_text=form.cleaned_data["captions"])
        return video


class VideoViewSet(ModelViewSet):
    model = Video
    icon = "media"
    menu_label = "Videos"
    menu_order = 250
    add_to_admin_menu = True
    form_fields = ["title", "source"]
    add_view_class = VideoUploadView
    edit_view_class = VideoEditView
    list_display = [
        "title",
        Column("status", label="Status", accessor="get_status_display"),
        "duration",
        Column("failure_reason", label="Problem"),
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["title"]
    ordering = ["-created_at"]

    def get_form_class(self, for_update=False):
        return VideoForm


@hooks.register("register_admin_viewset")
def register_video_viewset():
    return VideoViewSet("video_library")
from . import transcript_hooks  # noqa: E402,F401  (transcript editor: URLs and menu)
