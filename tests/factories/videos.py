import factory

from pdsite.videos.models import Video


class VideoFactory(factory.django.DjangoModelFactory):
    """A Video row without running the pipeline (for tests of status rules and progress)."""

    class Meta:
        model = Video

    title = factory.Sequence(lambda n: f"Clip {n}")
    source = factory.django.FileField(filename="clip.mp4", data=b"not transcoded")
    status = Video.Status.UPLOADED
