"""The Wagtail page-factory base: a factory-made page sits in the tree under its parent and
is published the way an editor would do it (or added unpublished).

`publish(parent, page)` is the same step for a page built by hand. The page factories of each
app (tests/factories/courses.py, ...) subclass `PageFactory` and name a default parent.
"""

from __future__ import annotations

import factory
from wagtail.models import Page


def publish(parent: Page, page: Page) -> Page:
    """Add `page` under `parent` and publish it, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_unpublished(parent: Page, page: Page) -> Page:
    """Add `page` under `parent`, not live and never published (no revision yet: call
    `page.save_revision()` for a draft as the editor's "Save draft" leaves it)."""
    page.live = False
    parent.add_child(instance=page)
    return page


class PageFactory(factory.django.DjangoModelFactory):
    """A page added under `parent` and published; `live=False` adds it unpublished.

    `parent` is a page, or a declaration resolving to one (subclasses give a default).
    The fields named in `_tag_fields` (ClusterTaggableManager) take lists of tag names.
    """

    class Meta:
        abstract = True

    parent = None
    live = True
    title = factory.Sequence(lambda n: f"Page {n}")

    # ClusterTaggableManager fields: set on the unsaved page (modelcluster keeps them until save).
    _tag_fields: tuple[str, ...] = ()

    @classmethod
    def _build(cls, model_class, *args, parent=None, **kwargs):
        # Wagtail makes the slug from the title when none is given (Page.full_clean).
        tags = {name: kwargs.pop(name) for name in cls._tag_fields if name in kwargs}
        page = model_class(*args, **kwargs)
        for name, values in tags.items():
            getattr(page, name).set(list(values))
        return page

    @classmethod
    def _create(cls, model_class, *args, parent=None, live=True, **kwargs):
        if parent is None:
            raise ValueError(f"{cls.__name__} needs a parent page")
        page = cls._build(model_class, *args, **kwargs)
        return publish(parent, page) if live else add_unpublished(parent, page)
