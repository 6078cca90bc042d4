import datetime

import factory

from pdsite.pathways.models import Pathway, PathwayStep


class PathwayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pathway

    title = factory.Sequence(lambda n: f"Pathway {n}")
    slug = factory.Sequence(lambda n: f"pathway-{n}")


class PathwayStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathwayStep

    pathway = factory.SubFactory(PathwayFactory)
    kind = PathwayStep.Kind.REFLECTION
    title = factory.Sequence(lambda n: f"Step {n}")
    sort_order = factory.Sequence(lambda n: n)
    due_week = 1


def days_ago(days: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=days)
