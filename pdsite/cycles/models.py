"""Lesson study, TRG and ECT observation cycles: a group's steps around one research lesson.

Cycle ─< CycleStep (ordered, made from the kind's template in templates.py)
Cycle >─< User (participants: "the lesson-study group", a share audience of lesson recordings)
CycleStep ─ lessons.Recording (teach and record, reteach), departments.Workshop (the
post-lesson discussion), pathways.PathwayStep (ECT observation), courses.UnitPage (co-planning)

Who may see a cycle is decided in access.py; every write goes through services.py (a
recording's deletion date follows its cycle's end there).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from . import templates
from .templates import Kind


class CycleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The cycles `user` may see (access.py holds the rule)."""
        from .access import cycles_visible_to

        return cycles_visible_to(user, self)

    def open(self):
        return self.filter(status=Cycle.Status.OPEN)


class Cycle(models.Model):
    Kind = Kind

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    department = models.ForeignKey("departments.Department", on_delete=models.CASCADE, related_name="cycles")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    research_focus = models.TextField(
        blank=True, help_text="The question the group wants to answer about pupils' learning."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="Lesson recordings of the cycle are kept for the school's retention after this.")
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="pd_cycles", blank=True)
    # ECT observation only: whose induction it serves, and who leads it.
    ect = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["department", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="cycle_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CycleStep(models.Model):
    """One step of a cycle. Which of the step-specific fields apply is the template's to say
    (templates.StepDefinition.fields); the rest stay blank."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=templates.STEP_KINDS)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="pd_cycle_steps"
    )
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)
    # Co-planning.
    plan_notes = models.TextField(blank=True, help_text="The co-planned lesson: task, questions, expected responses.")
    unit = models.ForeignKey("courses.UnitPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    small_step = models.CharField(max_length=200, blank=True)
    # Teach and record; reteach. The recording's owner attaches it (services.cycle_attach_recording).
    recording = models.ForeignKey(
        "lessons.Recording", null=True, blank=True, on_delete=models.SET_NULL, related_name="cycle_steps"
    )
    # TRG: named by the host before the lesson.
    key_points = models.TextField(blank=True, help_text="What pupils should learn: the key point of the lesson.")
    difficult_points = models.TextField(blank=True, help_text="Where pupils are expected to find it hard.")
    revised_plan_notes = models.TextField(blank=True)
    # The post-lesson discussion: a workshop record whose agenda may point at moments.
    workshop = models.ForeignKey(
        "departments.Workshop", null=True, blank=True, on_delete=models.SET_NULL, related_name="cycle_steps"
    )
    # ECT observation: the induction pathway step this step evidences.
    pathway_step = models.ForeignKey(
        "pathways.PathwayStep", null=True, blank=True, on_delete=models.SET_NULL, related_name="cycle_steps"
    )

    class Meta:
        ordering = ["cycle", "order"]
        constraints = [models.UniqueConstraint(fields=["cycle", "order"], name="one_cycle_step_per_order")]
        indexes = [models.Index(fields=["cycle", "done_at"])]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.order}. {self.title}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def definition(self) -> templates.StepDefinition | None:
        return templates.definition(self.cycle.kind, self.kind)

    @property
    def fields(self) -> tuple[str, ...]:
        found = self.definition
        return found.fields if found else ()
