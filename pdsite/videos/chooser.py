"""The video chooser behind a page's video field (issue #19, item 5).

A PD lead picking the video for a clip page searches by title, can narrow to one status,
sees ready videos first (newest first within each status) and sees failed ones marked with
their problem, rather than paging through every upload in upload order.

Private videos (lesson recordings) are never offered, and choosing one by id answers 404: a
recording must not end up on a PD page.
"""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.views.generic import chooser as chooser_views

from .models import Video

# Statuses a PD lead filters by; "in progress" covers every step before playable.
STATUS_FILTERS = {
    "ready": [Video.Status.READY, Video.Status.PLAYABLE],
    "in_progress": [Video.Status.UPLOADED, Video.Status.PROBING, Video.Status.TRANSCODING],
    "failed": [Video.Status.FAILED],
}


class VideoChooserFilterForm(BaseFilterForm):
    """Title search and a status filter."""

    q = forms.CharField(label="Search by title", required=False, widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), ("ready", "Ready to publish"), ("in_progress", "Still processing"), ("failed", "Failed")],
    )

    def filter(self, objects):
        """The videos matching the title words and the chosen status."""
        query = self.cleaned_data.get("q", "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            for word in query.split():
                objects = objects.filter(title__icontains=word)
        status = self.cleaned_data.get("status")
        if status:
            objects = objects.filter(status__in=STATUS_FILTERS[status])
        return objects


class StatusColumn(Column):
    """The video's status; a failed one says so and why."""

    cell_template_name = "videos/admin/chooser_status_cell.html"


class _VideoChooseMixin:
    filter_form_class = VideoChooserFilterForm
    per_page = 20

    def get_object_list(self):
        """Ready videos first, then those still processing, failed last; newest first in each."""
        rank = Case(
            *(When(status__in=statuses, then=Value(order)) for order, statuses in enumerate(STATUS_FILTERS.values())),
            default=Value(len(STATUS_FILTERS)),
            output_field=IntegerField(),
        )
        videos = Video.objects.filter(private=False)
        return videos.annotate(status_rank=rank).order_by("status_rank", "-created_at", "-pk")

    @property
    def columns(self):
        """Title (the link that chooses), then status."""
        return [self.title_column, StatusColumn("status", label="Status")]


class VideoChooseView(_VideoChooseMixin, chooser_views.ChooseView):
    """The chooser modal's first page."""


class VideoChooseResultsView(_VideoChooseMixin, chooser_views.ChooseResultsView):
    """The results part, refreshed as the PD lead searches or filters."""


class VideoChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        return Video.objects.get(pk=pk, private=False)


class VideoChosenMultipleView(chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        return super().get_objects(pks).filter(private=False)


class VideoChooserViewSet(ChooserViewSet):
    """Picks a video for a page's video field (registered as the default widget for
    foreign keys to Video, so PDVideoPage's FieldPanel("video") uses it)."""

    model = Video
    icon = "media"
    choose_one_text = "Choose a video"
    choose_another_text = "Choose another video"
    edit_item_text = "Edit this video"
    form_fields = None  # videos are uploaded in the library, not from the chooser
    choose_view_class = VideoChooseView
    choose_results_view_class = VideoChooseResultsView
    chosen_view_class = VideoChosenView
    chosen_multiple_view_class = VideoChosenMultipleView
