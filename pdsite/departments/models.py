"""Schools, departments and their people; workshops with pre-viewing; assignments and reminders.

Status (not started / % watched / complete / late) is never stored: it is computed on read
from courses.ViewingRecord (see selectors/status.py), so it can never disagree with progress.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.fields import StreamField

from .blocks import AgendaBlock


class School(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    trust = models.CharField(max_length=200, blank=True, help_text="Multi-academy trust, if any.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    class Phase(models.TextChoices):
        NONE = "", "Not in a Teaching for Mastery programme"
        DEVELOPMENT = "development", "Development"
        EMBEDDING = "embedding", "Embedding"
        SUSTAINING = "sustaining", "Sustaining"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    tfm_phase = models.CharField("TfM phase", max_length=20, choices=Phase.choices, blank=True)

    class Meta:
        ordering = ["school__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} · {self.school}"


class Role(models.TextChoices):
    HEAD = "head", "Head of department"
    PD_LEAD = "pd_lead", "PD lead"
    TEACHER = "teacher", "Teacher"
    ECT = "ect", "Early career teacher"
    MENTOR = "mentor", "Mentor"
    INDUCTION_TUTOR = "induction_tutor", "Induction tutor"
    MASTERY_ADVOCATE = "mastery_advocate", "Mastery advocate"


# Roles that run a department's PD: they see its members' progress and set its work.
MANAGING_ROLES = (Role.HEAD, Role.PD_LEAD)


class Membership(models.Model):
    """One person in one department, with one role (a mentor is also a teacher who watches)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.TEACHER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["department", "user"], name="one_membership_per_department")]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.department.name}"


class Team(models.Model):
    """A group inside a department (e.g. "KS3 team"), used to assign work to some members."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="department_teams")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="unique_team_name_per_department")]

    def __str__(self) -> str:
        return self.name


class Workshop(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENTAL = "departmental", "Departmental workshop"
        CO_PLANNING = "co_planning", "Co-planning meeting"
        TRG = "trg", "Teacher research group (TRG)"
        LESSON_STUDY = "lesson_study", "Lesson study"

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DEPARTMENTAL)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    place = models.CharField(max_length=200, blank=True, help_text="Room, or leave blank when online.")
    link = models.URLField(blank=True, help_text="Meeting link, when online.")
    agenda = StreamField(AgendaBlock(), blank=True)
    pre_task = models.TextField(blank=True, help_text="e.g. sort six statements into always/sometimes/never true.")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="WorkshopAttendee", related_name="workshops", blank=True
    )
    pre_viewing_due_at = models.DateTimeField(help_text="Default: 48 hours before the workshop.")
    follow_up_at = models.DateTimeField(help_text="When the follow-up reflection is asked for (a week after).")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    PRE_VIEWING_HOURS_BEFORE = 48
    FOLLOW_UP_DAYS_AFTER = 7

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def default_due(cls, starts_at):
        return starts_at - timedelta(hours=cls.PRE_VIEWING_HOURS_BEFORE)

    @classmethod
    def default_follow_up(cls, starts_at):
        return starts_at + timedelta(days=cls.FOLLOW_UP_DAYS_AFTER)

    @property
    def agenda_minutes(self) -> int:
        return sum(block.value["minutes"] for block in self.agenda)


class WorkshopAttendee(models.Model):
    """Someone invited to a workshop: whether they came, and their follow-up reflection."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="attendee_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    attended = models.BooleanField(null=True, help_text="Unknown until the facilitator records it.")
    follow_up = models.TextField(blank=True, help_text="Did you try it? What happened?")
    follow_up_at = models.DateTimeField(null=True, blank=True)
    # Set once, by a conditional update, when the follow-up prompt is sent (so it is sent once).
    follow_up_prompted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workshop", "user"], name="one_attendee_row_per_user")]


class Assignment(models.Model):
    """Something to watch by a due time, for a set of people (a department, a team or individuals).

    The target is a kind plus one nullable foreign key per kind, so new kinds (a pathway, once
    courses.Pathway exists) are one choice and one column more. Pre-viewing for a workshop is
    an assignment with `workshop` set, so rosters, grids and reminders share one status rule.
    """

    class Kind(models.TextChoices):
        CLIP = "clip", "Clip"
        CLIP_RANGE = "clip_range", "Part of a clip"
        MODULE = "module", "Module"

    class Audience(models.TextChoices):
        DEPARTMENT = "department", "Whole department"
        TEAM = "team", "A team"
        INDIVIDUALS = "individuals", "Chosen people"
        WORKSHOP = "workshop", "Workshop attendees"

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="assignments")
    workshop = models.ForeignKey(
        Workshop, null=True, blank=True, on_delete=models.CASCADE, related_name="pre_viewing"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    clip = models.ForeignKey(
        "courses.PDVideoPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    start_seconds = models.FloatField(null=True, blank=True)
    end_seconds = models.FloatField(null=True, blank=True)
    module = models.ForeignKey(
        "courses.PDModulePage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.DEPARTMENT)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="assignments")
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="AssignmentRecipient", related_name="department_assignments"
    )
    due_at = models.DateTimeField()
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["department", "due_at"])]
        constraints = [
            models.CheckConstraint(
                name="assignment_target_matches_kind",
                condition=(
                    Q(kind="clip", clip__isnull=False, module__isnull=True)
                    | Q(kind="clip_range", clip__isnull=False, module__isnull=True, start_seconds__gte=0,
                        end_seconds__isnull=False)
                    | Q(kind="module", module__isnull=False, clip__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.kind == self.Kind.MODULE:
            return self.module.title
        if self.kind == self.Kind.CLIP_RANGE:
            return f"{self.clip.title} ({_clock(self.start_seconds)}–{_clock(self.end_seconds)})"
        return self.clip.title


def _clock(seconds: float | None) -> str:
    seconds = int(seconds or 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


class AssignmentRecipient(models.Model):
    """Who an assignment is for, fixed when it is made (a later joiner is added explicitly)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="recipient_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "user"], name="one_recipient_row_per_user")]
        indexes = [models.Index(fields=["user", "assignment"])]


class SentReminder(models.Model):
    """A reminder that went out; the unique constraint makes a second beat run send nothing."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user", "kind"], name="one_reminder_per_kind")
        ]


class Notification(models.Model):
    """An in-app message (reminder digests land here as well as in email)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class ReminderPreference(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    muted = models.BooleanField(default=False)



class InvitationQuerySet(models.QuerySet):
    def pending(self, *, now=None):
        """Invitations that can still be accepted: not used and not expired."""
        return self.filter(accepted_at__isnull=True, expires__gt=now or timezone.now())


class Invitation(models.Model):
    """An email address invited to join a department with a role, by a link with a random token.

    Whoever holds the link and signs in with that address (or creates an account for it on the
    accept page) joins. It can be used once and not after `expires`. Inviting the same address
    to the same department again refreshes the pending invitation instead of making a second.
    """

    VALID_DAYS = 14

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(help_text="Stored in lower case.")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.TEACHER)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "email"],
                condition=Q(accepted_at__isnull=True),
                name="one_open_invitation_per_email_and_department",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.get_role_display()} · {self.department.name}"
