"""Factories for the courses app: curriculum snippets (Year, Block, Unit), its pages (clip
library, clips, curriculum, unit and module pages) and viewing records.

Page factories add the page to the tree and publish it (tests/factories/pages.py). Without a
`parent` a page goes under the section that already exists (the first clip library, curriculum
or module index), made under the site's home page when there is none. Pathways are in
tests/factories/pathways.py.
"""

import factory
from wagtail.models import Site

from pdsite.courses.models import (
    Block,
    ClipLibraryPage,
    CurriculumIndexPage,
    KeyStage,
    ModuleIndexPage,
    PDModulePage,
    PDVideoPage,
    Term,
    Unit,
    UnitPage,
    Year,
)
from pdsite.progress.models import ViewingRecord
from pdsite.videos.models import Video

from .pages import PageFactory
from .users import UserFactory
from .videos import VideoFactory


class YearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Year
        django_get_or_create = ("number",)

    number = 7
    key_stage = factory.LazyAttribute(lambda y: KeyStage.KS3 if y.number <= 9 else KeyStage.KS4)


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    year = factory.SubFactory(YearFactory)
    term = Term.AUTUMN
    title = factory.Sequence(lambda n: f"Block {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    block = factory.SubFactory(BlockFactory)
    title = factory.Sequence(lambda n: f"Unit {n}")
    slug = factory.Sequence(lambda n: f"unit-{n}")


# --- Pages ---------------------------------------------------------------------------


def site_root():
    """The default site's root page (the HomePage the migrations make)."""
    return Site.objects.get(is_default_site=True).root_page.specific


def existing_or_new(model, factory_class):
    """A default parent: the first live `model` page, else a new one from `factory_class`."""
    return factory.LazyFunction(lambda: model.objects.live().first() or factory_class())


class ClipLibraryPageFactory(PageFactory):
    class Meta:
        model = ClipLibraryPage

    parent = factory.LazyFunction(site_root)
    title = "Clip library"
    slug = "clips"


class CurriculumIndexPageFactory(PageFactory):
    class Meta:
        model = CurriculumIndexPage

    parent = factory.LazyFunction(site_root)
    title = "Curriculum"
    slug = "curriculum"


class ModuleIndexPageFactory(PageFactory):
    class Meta:
        model = ModuleIndexPage

    parent = factory.LazyFunction(site_root)
    title = "Modules"
    slug = "modules"


class UnitPageFactory(PageFactory):
    class Meta:
        model = UnitPage

    parent = existing_or_new(CurriculumIndexPage, CurriculumIndexPageFactory)
    unit = factory.SubFactory(UnitFactory)
    title = factory.LazyAttribute(lambda page: page.unit.title)


class PDVideoPageFactory(PageFactory):
    """A clip page with a READY video (not transcoded: VideoFactory) of 200 s.

    `units`, `big_ideas` and `principles` take lists of rows; `representations` and
    `misconceptions` lists of tag names; `video__duration=...` and friends shape the video.
    """

    class Meta:
        model = PDVideoPage

    _tag_fields = ("representations", "misconceptions")

    parent = existing_or_new(ClipLibraryPage, ClipLibraryPageFactory)
    title = factory.Sequence(lambda n: f"Clip page {n}")
    video = factory.SubFactory(VideoFactory, status=Video.Status.READY, duration=200.0)


class PDModulePageFactory(PageFactory):
    """A module page; `body` takes the stream as a list of (block, value) pairs."""

    class Meta:
        model = PDModulePage

    parent = existing_or_new(ModuleIndexPage, ModuleIndexPageFactory)
    title = factory.Sequence(lambda n: f"Module {n}")
    kind = PDModulePage.Kind.BIG_IDEAS


def clip_block(clip, note: str = "") -> tuple[str, dict]:
    """A module body's clip block."""
    return ("clip", {"clip": clip, "note": note})


# --- Progress ------------------------------------------------------------------------


class ViewingRecordFactory(factory.django.DjangoModelFactory):
    """A viewing record written directly (the progress service is the way to test the rules)."""

    class Meta:
        model = ViewingRecord

    user = factory.SubFactory(UserFactory)
    video = factory.SubFactory(VideoFactory, status=Video.Status.READY, duration=60.0)
