"""The pages teachers visit. The tree stays tidy through parent/subpage types:

Home → Curriculum → Unit pages
     → Clip library → PD video pages (linked to units, Big Ideas, principles)
     → Big Ideas → Big Idea pages
     → Essence of mastery → principle pages
     → PD modules → module pages

A clip holds its links (units, Big Ideas, principles); unit and idea pages list the
clips that point at them, so each link is stored once.
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import ChapterBlock, DiagnosticQuestionBlock, ModuleStreamBlock


class IndexPage(Page):
    """Shared shape of the section pages: an intro, one allowed child type, one per site."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        abstract = True


class CurriculumIndexPage(IndexPage):
    subpage_types = ["courses.UnitPage"]
    template = "courses/curriculum_index_page.html"

    def get_context(self, request, *args, **kwargs):
        from ..selectors import curriculum_tree

        context = super().get_context(request, *args, **kwargs)
        context["years"] = curriculum_tree()
        return context


class UnitPage(Page):
    """A curriculum unit: its small steps, its PD clips and start-of-unit diagnostic questions."""

    unit = models.OneToOneField(
        "courses.Unit", null=True, on_delete=models.PROTECT, related_name="page", help_text="One page per unit."
    )
    intro = RichTextField(blank=True)
    diagnostic = StreamField(
        [("question", DiagnosticQuestionBlock())], blank=True, help_text="Start-of-unit diagnostic questions."
    )

    content_panels = Page.content_panels + [FieldPanel("unit"), FieldPanel("intro"), FieldPanel("diagnostic")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["courses.CurriculumIndexPage"]
    subpage_types: list[str] = []

    def get_context(self, request, *args, **kwargs):
        from ..selectors import ClipFilters, clips_for_browse

        context = super().get_context(request, *args, **kwargs)
        context["small_steps"] = self.unit.small_steps.all() if self.unit_id else []
        context["clips"] = clips_for_browse(filters=ClipFilters(unit=self.unit.slug)) if self.unit_id else []
        return context


class ClipLibraryPage(IndexPage):
    """All PD clips, filterable by year, unit, Big Idea, principle, representation, duration."""

    subpage_types = ["courses.PDVideoPage"]
    template = "courses/clip_library_page.html"

    def get_context(self, request, *args, **kwargs):
        from ..selectors import ClipFilters, clip_filter_options, clips_for_browse

        context = super().get_context(request, *args, **kwargs)
        filters = ClipFilters.from_query(request.GET)
        context["filters"] = filters
        context["options"] = clip_filter_options()
        context["clips"] = clips_for_browse(filters=filters)
        return context


class PDVideoPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        video = cleaned.get("video")
        going_live = "action-publish" in self.data or "action-submit" in self.data
        if going_live and video is not None and not video.is_playable:
            self.add_error("video", _video_not_ready_message(video))
        elif going_live and video is not None and cleaned.get("picture_carries_meaning"):
            if not (video.has_descriptions or video.has_described_audio):
                self.add_error("picture_carries_meaning", _no_description_message(video))
        return cleaned


def _no_description_message(video) -> str:
    """Why a clip whose picture carries meaning cannot go live yet (WCAG 1.2.5), and what to do."""
    return (
        f"“{video.title}” has no audio description yet, and this clip’s picture carries meaning. "
        "Write its descriptions (Transcripts in the admin menu, then Audio description) or upload a "
        "described audio track (Videos, then Described audio), then publish; or save a draft now."
    )


def _video_not_ready_message(video) -> str:
    """Why a page cannot go live with `video`, and what to do: wait, or (failed) retry or choose another."""
    if video.status == video.Status.FAILED:
        stage = video.get_failure_stage_display().lower() if video.failure_stage else "processing"
        reason = f" {video.failure_reason}" if video.failure_reason else ""
        return (
            f"“{video.title}” failed while {stage} and will not become ready by itself.{reason} "
            "Retry it from its page under Videos in the admin menu, or choose another video."
        )
    return (
        f"“{video.title}” is {video.get_status_display().lower()}, not ready: "
        "save a draft now and publish once it has finished processing."
    )


class PDVideoPage(Page):
    """A bite-sized PD clip: the video, why it matters, and what it is linked to."""

    video = models.ForeignKey("videos.Video", null=True, on_delete=models.PROTECT, related_name="pages")
    summary = RichTextField(blank=True)
    key_point = models.TextField(blank=True, help_text="The one thing teachers should take away.")
    difficult_point = models.TextField(blank=True, help_text="Where pupils (or teachers) usually stumble.")
    chapters = StreamField([("chapter", ChapterBlock())], blank=True)
    picture_carries_meaning = models.BooleanField(
        default=False,
        verbose_name="The picture carries meaning",
        help_text="The screen shows what the narration does not say (a bar model drawn, counters moved). "
        "Such a clip is published only with an audio description or a described audio track.",
    )
    completion_threshold = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0.5), MaxValueValidator(1.0)],
        help_text="Share of unique seconds a teacher must watch to complete this clip (0.5–1). "
        "Blank: the site default (PDSITE_COMPLETION_THRESHOLD, 0.9).",
    )
    units = ParentalManyToManyField("courses.Unit", blank=True, related_name="clips")
    big_ideas = ParentalManyToManyField("courses.BigIdea", blank=True, related_name="clips")
    principles = ParentalManyToManyField("courses.EssencePrinciple", blank=True, related_name="clips")
    representations = ClusterTaggableManager(through="courses.ClipRepresentation", blank=True)
    misconceptions = ClusterTaggableManager(through="courses.ClipMisconception", blank=True)

    base_form_class = PDVideoPageForm
    content_panels = Page.content_panels + [
        FieldPanel("video"),
        FieldPanel("picture_carries_meaning"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("key_point"), FieldPanel("difficult_point")], heading="Key and difficult points"),
        FieldPanel("chapters"),
        FieldPanel("completion_threshold"),
        MultiFieldPanel(
            [
                FieldPanel("units", widget=forms.CheckboxSelectMultiple),
                FieldPanel("big_ideas", widget=forms.CheckboxSelectMultiple),
                FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
                FieldPanel("representations"),
                FieldPanel("misconceptions"),
            ],
            heading="Links",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("key_point"),
        index.SearchField("difficult_point"),
    ]
    parent_page_types = ["courses.ClipLibraryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "PD video page"

    def get_context(self, request, *args, **kwargs):
        from ..selectors import links_for_clip, modules_for_clip

        context = super().get_context(request, *args, **kwargs)
        context["links"] = links_for_clip(clip=self)
        context["modules"] = modules_for_clip(clip=self)
        return context


class BigIdeaIndexPage(IndexPage):
    subpage_types = ["courses.BigIdeaPage"]
    template = "courses/big_idea_index_page.html"


class BigIdeaPage(Page):
    big_idea = models.OneToOneField("courses.BigIdea", null=True, on_delete=models.PROTECT, related_name="page")
    body = RichTextField(blank=True, help_text="What this Big Idea looks like in a lesson.")

    content_panels = Page.content_panels + [FieldPanel("big_idea"), FieldPanel("body")]
    parent_page_types = ["courses.BigIdeaIndexPage"]
    subpage_types: list[str] = []

    def get_context(self, request, *args, **kwargs):
        from ..selectors import clips_for_browse, modules_for, ClipFilters

        context = super().get_context(request, *args, **kwargs)
        slug = self.big_idea.slug if self.big_idea_id else None
        context["clips"] = clips_for_browse(filters=ClipFilters(big_idea=slug)) if slug else []
        context["modules"] = modules_for(big_idea_id=self.big_idea_id)
        context["no_clips_message"] = "No clips are linked to this Big Idea yet."
        return context


class EssenceIndexPage(IndexPage):
    subpage_types = ["courses.EssencePrinciplePage"]
    template = "courses/essence_index_page.html"


class EssencePrinciplePage(Page):
    principle = models.OneToOneField(
        "courses.EssencePrinciple", null=True, on_delete=models.PROTECT, related_name="page"
    )
    body = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("principle"), FieldPanel("body")]
    parent_page_types = ["courses.EssenceIndexPage"]
    subpage_types: list[str] = []

    def get_context(self, request, *args, **kwargs):
        from ..selectors import ClipFilters, clips_for_browse, modules_for

        context = super().get_context(request, *args, **kwargs)
        order = self.principle.order if self.principle_id else None
        context["clips"] = clips_for_browse(filters=ClipFilters(principle=order)) if order else []
        context["modules"] = modules_for(principle_id=self.principle_id)
        context["no_clips_message"] = "No clips are linked to this principle yet."
        return context


class ModuleIndexPage(IndexPage):
    subpage_types = ["courses.PDModulePage"]
    template = "courses/module_index_page.html"


class PDModulePage(Page):
    """A Big Ideas or Essence module: an ordered mix of clips, text, reflection prompts, resources."""

    class Kind(models.TextChoices):
        BIG_IDEAS = "big_ideas", "Five Big Ideas module"
        ESSENCE = "essence", "Essence of mastery module"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    intro = RichTextField(blank=True)
    big_ideas = ParentalManyToManyField("courses.BigIdea", blank=True, related_name="modules")
    principles = ParentalManyToManyField("courses.EssencePrinciple", blank=True, related_name="modules")
    body = StreamField(ModuleStreamBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("big_ideas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["courses.ModuleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "PD module page"
