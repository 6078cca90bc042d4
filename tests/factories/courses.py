import factory

from pdsite.courses.models import Block, KeyStage, Term, Unit, Year


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
