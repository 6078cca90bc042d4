"""Pages teachers visit (units, PD video pages) and per-teacher viewing records."""

from django.conf import settings
from django.db import models
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class UnitPage(Page):
    """A curriculum unit (e.g. Year 7 Sequences) and the PD clips that support it."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.PDVideoPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["clips"] = PDVideoPage.objects.child_of(self).live().public().select_related("video")
        return context


class PDVideoPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        video = cleaned.get("video")
        if "action-publish" in self.data and video is not None and not video.is_ready:
            self.add_error(
                "video",
                f"“{video.title}” is {video.get_status_display().lower()}, not ready: "
                "save a draft now and publish once it has finished processing.",
            )
        return cleaned


class PDVideoPage(Page):
    """A bite-sized PD clip: the video, its captions and a short summary."""

    video = models.ForeignKey("videos.Video", null=True, on_delete=models.PROTECT, related_name="pages")
    summary = RichTextField(blank=True)

    base_form_class = PDVideoPageForm
    content_panels = Page.content_panels + [FieldPanel("video"), FieldPanel("summary")]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["courses.UnitPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "PD video page"


class ViewingRecord(models.Model):
    """What one teacher has actually watched of one video: unique seconds, not play time."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="viewing_records")
    video = models.ForeignKey("videos.Video", on_delete=models.CASCADE, related_name="viewing_records")
    # Sorted, disjoint [start, end] pairs in seconds (see courses.intervals).
    watched_intervals = models.JSONField(default=list)
    watched_seconds = models.FloatField(default=0)
    coverage = models.FloatField(default=0, help_text="Unique seconds watched / duration, 0–1.")
    last_position = models.FloatField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    first_report_at = models.DateTimeField(auto_now_add=True)
    last_report_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "video"], name="one_viewing_record_per_user_video")]

    def __str__(self) -> str:
        return f"{self.user} · {self.video} · {self.coverage:.0%}"

    @property
    def percent_watched(self) -> int:
        return int(self.coverage * 100)
