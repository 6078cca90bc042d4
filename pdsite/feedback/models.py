"""Time-stamped comments on a video: a lesson recording (`Video.private`) or a PD clip.

A comment sits at a moment (`start`) or over a range (`start`–`end`), has a kind (question,
suggestion, strength, note), an audience, and tags (Big Ideas, Essence principles, an ITTECF
standard). Replies hang from one comment (one level) and are seen by whoever sees it. Who sees
what is decided in feedback/access.py only; `Comment.objects.visible_to(user, video)` asks it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Ittecf(models.TextChoices):
    """The eight standards of the Initial Teacher Training and Early Career Framework (DfE,
    January 2024; in force from September 2025, replacing the ECF), by their headings."""

    HIGH_EXPECTATIONS = "1", "1. High expectations"
    HOW_PUPILS_LEARN = "2", "2. How pupils learn"
    SUBJECT_AND_CURRICULUM = "3", "3. Subject and curriculum"
    CLASSROOM_PRACTICE = "4", "4. Classroom practice"
    ADAPTIVE_TEACHING = "5", "5. Adaptive teaching"
    ASSESSMENT = "6", "6. Assessment"
    MANAGING_BEHAVIOUR = "7", "7. Managing behaviour"
    PROFESSIONAL_BEHAVIOURS = "8", "8. Professional behaviours"


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user, video) -> "CommentQuerySet":
        """The comments (and replies) on `video` that `user` may see: the one rule in
        feedback/access.py, as a queryset."""
        from .access import visible_comments

        return visible_comments(user, video, self)


class Comment(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        SUGGESTION = "suggestion", "Suggestion"
        STRENGTH = "strength", "Strength"
        NOTE = "note", "Note"

    class Audience(models.TextChoices):
        PRIVATE = "private", "Only me"
        SHARE = "share", "People this is shared with"
        DEPARTMENT = "department", "My department"

    video = models.ForeignKey("videos.Video", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="video_comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NOTE)
    start = models.FloatField(help_text="Seconds into the video.")
    end = models.FloatField(null=True, blank=True, help_text="Seconds; set for a range, empty for a moment.")
    body = models.TextField()
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.PRIVATE)
    # SHARE: the share the commenter saw the recording through (None: the owner, to everyone it
    # is shared with). Kept when the share is revoked (the row stays), so revoking hides at once.
    share = models.ForeignKey("lessons.Share", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey(
        "departments.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    big_ideas = models.ManyToManyField("courses.BigIdea", blank=True, related_name="+")
    principles = models.ManyToManyField("courses.EssencePrinciple", blank=True, related_name="+")
    ittecf = models.CharField("ITTECF standard", max_length=2, choices=Ittecf.choices, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["start", "created_at", "pk"]
        indexes = [models.Index(fields=["video", "start"])]
        constraints = [
            models.CheckConstraint(
                name="comment_moment_is_a_moment_or_range",
                condition=Q(start__gte=0) & (Q(end__isnull=True) | Q(end__gt=models.F("start"))),
            ),
            models.CheckConstraint(
                name="comment_department_only_for_department_audience",
                condition=Q(audience="department", department__isnull=False)
                | (~Q(audience="department") & Q(department__isnull=True)),
            ),
            models.CheckConstraint(
                name="comment_share_only_for_share_audience",
                condition=Q(share__isnull=True) | Q(audience="share"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.start:.0f}s on {self.video_id}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class Mention(models.Model):
    """Someone named as @username in a comment who may see it: notified in-app at once, and
    once in the next reminder digest (`digested_at`, claimed by a conditional update)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_mention_per_user_and_comment")]
        indexes = [models.Index(fields=["digested_at", "created_at"])]
