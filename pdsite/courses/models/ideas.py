"""The Five Big Ideas and the ten Essence-of-Mastery principles: fixed sets, editable text."""

from django.db import models
from wagtail.search import index


class BigIdea(index.Indexed, models.Model):
    """One of the five NCETM Big Ideas (created by migration; not deletable while in use)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    summary = models.TextField(help_text="One or two sentences, shown in lists.")
    order = models.PositiveSmallIntegerField(unique=True)

    search_fields = [index.SearchField("name"), index.SearchField("summary"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["order"]
        verbose_name = "Big Idea"

    def __str__(self) -> str:
        return self.name


class EssencePrinciple(index.Indexed, models.Model):
    """One of the ten principles of the Essence of Mathematics Teaching for Mastery."""

    class Group(models.TextChoices):
        UNDERPINNING = "underpinning", "Underpinning principles"
        LESSON_DESIGN = "lesson_design", "Lesson design"
        CLASSROOM = "classroom", "In the classroom"

    order = models.PositiveSmallIntegerField(unique=True)
    group = models.CharField(max_length=20, choices=Group.choices)
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    summary = models.TextField(help_text="One or two sentences, shown in lists.")

    search_fields = [index.SearchField("title"), index.SearchField("summary"), index.FilterField("group")]

    class Meta:
        ordering = ["order"]
        verbose_name = "Essence principle"

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"
