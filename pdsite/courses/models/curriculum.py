"""The curriculum tree: Year → Block (in a term) → Unit → Small step."""

from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index


class KeyStage(models.TextChoices):
    KS3 = "ks3", "Key Stage 3"
    KS4 = "ks4", "Key Stage 4"


class Term(models.TextChoices):
    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"


class Tier(models.TextChoices):
    ALL = "all", "All pupils"
    FOUNDATION = "foundation", "Foundation"
    HIGHER = "higher", "Higher"


class Year(models.Model):
    number = models.PositiveSmallIntegerField(unique=True, help_text="7 to 11.")
    key_stage = models.CharField(max_length=3, choices=KeyStage.choices)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=models.Q(number__gte=7, number__lte=11), name="year_is_7_to_11"),
        ]

    def __str__(self) -> str:
        return f"Year {self.number}"


class Block(models.Model):
    """A themed block of units, about half a term (e.g. Year 7 Autumn: Algebraic thinking)."""

    year = models.ForeignKey(Year, on_delete=models.PROTECT, related_name="blocks")
    term = models.CharField(max_length=10, choices=Term.choices)
    title = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0, help_text="Position within the year.")

    class Meta:
        ordering = ["year__number", "order"]
        constraints = [models.UniqueConstraint(fields=["year", "title"], name="unique_block_title_per_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_term_display()}: {self.title}"


class Unit(index.Indexed, ClusterableModel):
    """A unit of one to three weeks, with its small steps and the representations it uses."""

    block = models.ForeignKey(Block, on_delete=models.PROTECT, related_name="units")
    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Position within the block.")
    weeks = models.PositiveSmallIntegerField(default=2)
    tier = models.CharField(max_length=12, choices=Tier.choices, default=Tier.ALL)
    main_idea = models.CharField(max_length=200, blank=True)
    main_ideas_revisited = models.TextField(blank=True, help_text="Earlier learning this unit builds on.")
    big_ideas = models.ManyToManyField("courses.BigIdea", blank=True, related_name="units")
    representations = ClusterTaggableManager(through="courses.UnitRepresentation", blank=True)

    panels = [
        FieldPanel("block"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("order"),
        FieldPanel("weeks"),
        FieldPanel("tier"),
        FieldPanel("main_idea"),
        FieldPanel("main_ideas_revisited"),
        FieldPanel("big_ideas"),
        FieldPanel("representations"),
        InlinePanel("small_steps", label="Small steps"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("main_idea"),
        index.AutocompleteField("title"),
        index.FilterField("block_id"),
    ]

    class Meta:
        ordering = ["block__year__number", "block__order", "order"]

    def __str__(self) -> str:
        return f"Y{self.block.year.number} {self.title}"


class SmallStep(Orderable):
    """About one lesson's worth of a unit; R = review of earlier learning, H = Higher tier."""

    unit = ParentalKey(Unit, on_delete=models.CASCADE, related_name="small_steps")
    title = models.CharField(max_length=200)
    is_review = models.BooleanField("review (R)", default=False)
    is_higher = models.BooleanField("higher (H)", default=False)

    panels = [FieldPanel("title"), FieldPanel("is_review"), FieldPanel("is_higher")]

    def __str__(self) -> str:
        return self.title
