"""Induction pathways: an ordered list of steps an ECT works through, each due some weeks
after their enrolment starts, with who may see what (the teacher, their mentor and their
induction tutor).

Pathway ─< PathwayStep (ordered; watch a clip or clip range, complete a module, write a
reflection, do a gap task, hold a mentor meeting)
User ── InductionProfile (ECT year, mentor, induction tutor, start date)
User ─< Enrolment >─ Pathway ─< StepProgress (one per enrolment and step) ─< MentorComment

Moved here from the courses app: every table keeps its name (`courses_pathway`,
`courses_pathway_big_ideas`, ...) and every row (migrations: pathways 0001, courses 0005).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


class EctYear(models.IntegerChoices):
    YEAR_1 = 1, "ECT year 1"
    YEAR_2 = 2, "ECT year 2"


class Pathway(ClusterableModel):
    """A sequence of PD steps. With `ect_year` set, ECTs of that year are enrolled automatically."""

    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=100, unique=True)
    intro = models.TextField(blank=True)
    ect_year = models.PositiveSmallIntegerField(
        choices=EctYear.choices,
        null=True,
        blank=True,
        unique=True,
        help_text="Enrol every ECT in this year of induction automatically (at most one pathway per year).",
    )
    big_ideas = ParentalManyToManyField("courses.BigIdea", blank=True, related_name="pathways")
    principles = ParentalManyToManyField("courses.EssencePrinciple", blank=True, related_name="pathways")

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("intro"),
        FieldPanel("ect_year"),
        MultiFieldPanel([FieldPanel("big_ideas"), FieldPanel("principles")], heading="What it develops"),
        InlinePanel("steps", label="Steps", min_num=1),
    ]

    class Meta:
        db_table = "courses_pathway"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class PathwayStep(Orderable):
    class Kind(models.TextChoices):
        WATCH = "watch", "Watch a clip"
        MODULE = "module", "Complete a module"
        REFLECTION = "reflection", "Write a reflection"
        TASK = "task", "Do a gap task"
        MEETING = "meeting", "Mentor meeting"

    pathway = ParentalKey(Pathway, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=255)
    instructions = models.TextField(blank=True, help_text="The prompt for a reflection; what to do for a task.")
    clip = models.ForeignKey(
        "courses.PDVideoPage", null=True, blank=True, on_delete=models.PROTECT, related_name="pathway_steps"
    )
    start = models.FloatField(null=True, blank=True, help_text="Watch only from here (seconds); blank: the whole clip.")
    end = models.FloatField(null=True, blank=True, help_text="…to here (seconds).")
    module = models.ForeignKey(
        "courses.PDModulePage", null=True, blank=True, on_delete=models.PROTECT, related_name="pathway_steps"
    )
    due_week = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
        help_text="Due at the end of this week after the teacher's start date (week 1 = the first 7 days).",
    )
    requires_previous = models.BooleanField(
        default=True, help_text="Can only be done once every earlier step is done."
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("instructions"),
        FieldPanel("clip"),
        FieldPanel("start"),
        FieldPanel("end"),
        FieldPanel("module"),
        FieldPanel("due_week"),
        FieldPanel("requires_previous"),
    ]

    class Meta(Orderable.Meta):
        db_table = "courses_pathwaystep"

    def __str__(self) -> str:
        return f"{self.pathway} · {self.title}"

    def clean(self):
        if self.kind == self.Kind.WATCH and not self.clip_id:
            raise ValidationError({"clip": "A watch step needs a clip."})
        if self.kind == self.Kind.MODULE and not self.module_id:
            raise ValidationError({"module": "A module step needs a module."})
        if (self.start is None) != (self.end is None):
            raise ValidationError({"end": "Give both the start and the end of the range, or neither."})
        if self.start is not None and self.end <= self.start:
            raise ValidationError({"end": "The end of the range must come after its start."})

    @property
    def is_range(self) -> bool:
        return self.start is not None and self.end is not None

    def due_date(self, start_date: datetime.date) -> datetime.date:
        return start_date + datetime.timedelta(weeks=self.due_week) - datetime.timedelta(days=1)


class InductionProfile(models.Model):
    """An early-career teacher's induction: their year, mentor and induction tutor."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="induction")
    ect_year = models.PositiveSmallIntegerField(choices=EctYear.choices)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentees"
    )
    induction_tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="tutees"
    )
    start_date = models.DateField(help_text="Deadlines count from here.")

    panels = [FieldPanel("user"), FieldPanel("ect_year"), FieldPanel("mentor"), FieldPanel("induction_tutor"), FieldPanel("start_date")]

    class Meta:
        db_table = "courses_inductionprofile"

    def __str__(self) -> str:
        return f"{self.user} ({self.get_ect_year_display()})"

    def clean(self):
        if self.mentor_id and self.mentor_id == self.user_id:
            raise ValidationError({"mentor": "An ECT cannot mentor themselves."})


class Enrolment(models.Model):
    class Source(models.TextChoices):
        HAND = "hand", "Enrolled by hand"
        ROLE = "role", "Enrolled by ECT year"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="enrolments")
    start_date = models.DateField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.HAND)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("user"), FieldPanel("pathway"), FieldPanel("start_date")]

    class Meta:
        db_table = "courses_enrolment"
        constraints = [models.UniqueConstraint(fields=["user", "pathway"], name="one_enrolment_per_user_pathway")]

    def __str__(self) -> str:
        return f"{self.user} · {self.pathway}"


class StepProgress(models.Model):
    """A step done (or handed in) by one enrolled teacher: the reflection text, the task's
    evidence, the mentor who confirmed a meeting."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="step_progress")
    step = models.ForeignKey(PathwayStep, on_delete=models.CASCADE, related_name="progress")
    text = models.TextField(blank=True, help_text="The reflection, or the task's note.")
    evidence = models.FileField(upload_to="pathways/evidence/%Y/%m/", blank=True, max_length=500)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField()

    class Meta:
        db_table = "courses_stepprogress"
        constraints = [models.UniqueConstraint(fields=["enrolment", "step"], name="one_progress_per_enrolment_step")]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.step.title}"


class MentorComment(models.Model):
    progress = models.ForeignKey(StepProgress, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "courses_mentorcomment"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author} on {self.progress}"
