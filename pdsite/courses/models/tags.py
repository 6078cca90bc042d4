"""Two separate tag vocabularies: representations (bar model, algebra tiles…) and
misconceptions ("= means the answer is"…), so neither list fills up with the other."""

from django.db import models
from modelcluster.fields import ParentalKey
from taggit.models import TagBase, ItemBase


class RepresentationTag(TagBase):
    class Meta:
        verbose_name = "representation"


class MisconceptionTag(TagBase):
    class Meta:
        verbose_name = "misconception"


class UnitRepresentation(ItemBase):
    tag = models.ForeignKey(RepresentationTag, on_delete=models.CASCADE, related_name="unit_items")
    content_object = ParentalKey("courses.Unit", on_delete=models.CASCADE, related_name="tagged_representations")


class ClipRepresentation(ItemBase):
    tag = models.ForeignKey(RepresentationTag, on_delete=models.CASCADE, related_name="clip_items")
    content_object = ParentalKey("courses.PDVideoPage", on_delete=models.CASCADE, related_name="tagged_representations")


class ClipMisconception(ItemBase):
    tag = models.ForeignKey(MisconceptionTag, on_delete=models.CASCADE, related_name="clip_items")
    content_object = ParentalKey("courses.PDVideoPage", on_delete=models.CASCADE, related_name="tagged_misconceptions")
