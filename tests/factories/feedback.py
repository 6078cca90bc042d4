import factory

from pdsite.feedback.models import Comment

from .users import UserFactory


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment row written directly (services.comment_create is the way to test the rules)."""

    class Meta:
        model = Comment

    author = factory.SubFactory(UserFactory)
    kind = Comment.Kind.NOTE
    start = 10.0
    body = factory.Sequence(lambda n: f"Comment {n}")
    audience = Comment.Audience.PRIVATE
