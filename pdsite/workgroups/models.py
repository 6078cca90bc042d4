"""Maths Hubs Work Groups: a year-long group of teachers from several schools.

Hub ─< WorkGroup ─< Workshop ─< WorkshopSession (joint, or one focus's)
WorkGroup ─< Facilitator (a person with a short bio), FocusOption (A, B…), OutcomeStatement
WorkGroup ─< Booking (one school's places) ─< Participant (a person, lead or not, a focus)
Workshop ─< Attendance; WorkGroup ─< GapTask ─< GapSubmission; WorkGroup ─< Post;
Booking ─< DepartmentPlan; OutcomeStatement ─< Rating (start / end, with evidence)
School ─< ParticipationRecord (the history eligibility is decided from, see eligibility.py)

Who may see what is decided in access.py; every write goes through services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel


class Phase(models.TextChoices):
    DEVELOPING = "developing", "Developing"
    EMBEDDING = "embedding", "Embedding"
    SUSTAINING = "sustaining", "Sustaining"
    OTHER = "other", "Other"


class Heading(models.TextChoices):
    """The four headings of a Work Group's intended outcomes, with the Guskey level each one's
    figures evidence (Guskey 2000: reactions, learning, organisational support, use, student
    outcomes)."""

    STUDENT_OUTCOMES = "student_outcomes", "Student outcomes"
    POLICIES = "policies", "Whole-school/departmental policies and approaches"
    PRACTICE = "practice", "Practice development"
    PROFESSIONAL_LEARNING = "professional_learning", "Professional learning"


class Hub(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="maths_hubs",
        help_text="Hub staff: they run every Work Group of the hub (as its facilitators do).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The Work Groups whose space `user` may see (access.py holds the rule)."""
        from .access import work_groups_visible_to

        return work_groups_visible_to(user, self)


class WorkGroup(ClusterableModel):
    class Eligibility(models.TextChoices):
        OPEN = "open", "Any school"
        TFM_HISTORY = "tfm_history", (
            "Schools that took part in a Developing, Embedding or Sustaining Work Group, or have a Secondary "
            "Mastery Specialist from cohorts 1–8"
        )

    class Members(models.TextChoices):
        TEACHERS = "teachers", "Teachers: a school books its pair"
        SUBJECT_LEADERS = "subject_leaders", "Subject leaders: a community, one place per school for its leader"

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="work_groups")
    title = models.CharField(max_length=200)
    members = models.CharField(max_length=20, choices=Members.choices, default=Members.TEACHERS,
                               help_text="A subject leader community has the same workshops, tasks and outcomes.")
    programme_code = models.CharField(max_length=30, blank=True, help_text="e.g. NCP25-15.")
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.OTHER)
    description = models.TextField()
    who_for = models.TextField("Who it is for", blank=True)
    funding_note = models.CharField(max_length=200, blank=True, help_text="e.g. “Funded by DfE, free to schools”.")
    capacity = models.PositiveSmallIntegerField(default=24, help_text="Places (participants), all schools together.")
    places_per_school = models.PositiveSmallIntegerField(default=2)
    booking_deadline = models.DateField(help_text="The last day a school can book.")
    lead_attends_every_workshop = models.BooleanField(
        default=True, help_text="The lead participant (normally the subject leader) must attend every workshop."
    )
    eligibility = models.CharField(max_length=20, choices=Eligibility.choices, default=Eligibility.OPEN)
    specialist_max_cohort = models.PositiveSmallIntegerField(
        default=8, help_text="A Secondary Mastery Specialist of this cohort or earlier makes a school eligible."
    )
    join_first = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Where a school that is not yet eligible is pointed to (e.g. a Developing Mastery group).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkGroupQuerySet.as_manager()

    panels = [
        FieldPanel("hub"), FieldPanel("title"), FieldPanel("members"), FieldPanel("programme_code"), FieldPanel("phase"),
        FieldPanel("description"), FieldPanel("who_for"), FieldPanel("funding_note"),
        MultiFieldPanel(
            [FieldPanel("capacity"), FieldPanel("places_per_school"), FieldPanel("booking_deadline"),
             FieldPanel("lead_attends_every_workshop")], heading="Places",
        ),
        MultiFieldPanel(
            [FieldPanel("eligibility"), FieldPanel("specialist_max_cohort"), FieldPanel("join_first")],
            heading="Eligibility",
        ),
        InlinePanel("facilitators", label="Facilitators"),
        InlinePanel("foci", label="Focus options"),
        InlinePanel("outcomes", label="Intended outcomes"),
    ]

    class Meta:
        ordering = ["hub__name", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.programme_code})" if self.programme_code else self.title

    is_community = property(lambda self: self.members == self.Members.SUBJECT_LEADERS)


class Facilitator(models.Model):
    work_group = ParentalKey(WorkGroup, on_delete=models.CASCADE, related_name="facilitators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitating")
    bio = models.TextField(blank=True, help_text="A short bio shown on the Work Group's page.")

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["work_group", "user"], name="one_facilitator_row_per_user")]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class FocusOption(models.Model):
    work_group = ParentalKey(WorkGroup, on_delete=models.CASCADE, related_name="foci")
    code = models.CharField(max_length=4, help_text="e.g. A.")
    title = models.CharField(max_length=200, help_text="e.g. Developing mathematical thinking.")
    suits = models.TextField("Who it suits", blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["work_group", "code"], name="one_focus_per_code")]

    def __str__(self) -> str:
        return f"Focus {self.code}: {self.title}"


class Workshop(ClusterableModel):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"

    work_group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="workshops")
    number = models.PositiveSmallIntegerField()
    date = models.DateField()
    starts = models.TimeField()
    ends = models.TimeField()
    half_day = models.BooleanField(default=False)
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(max_length=200, blank=True)
    link = models.URLField(blank=True)
    # Raised by services.workshop_reschedule: calendars replace the event they hold.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    panels = [
        FieldPanel("work_group"), FieldPanel("number"), FieldPanel("date"), FieldPanel("starts"), FieldPanel("ends"),
        FieldPanel("half_day"), FieldPanel("mode"), FieldPanel("venue"), FieldPanel("link"),
        InlinePanel("sessions", label="Session plan (no focus: joint)"),
    ]

    class Meta:
        ordering = ["work_group", "number"]
        constraints = [
            models.UniqueConstraint(fields=["work_group", "number"], name="one_workshop_per_number"),
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="workshop_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"Workshop {self.number} · {self.date:%a %-d %b %Y}"

    @property
    def where(self) -> str:
        return self.venue if self.mode == self.Mode.IN_PERSON else "Online"


class WorkshopSession(models.Model):
    """A part of a workshop's day: joint (no focus) or one focus's (the afternoon split)."""

    workshop = ParentalKey(Workshop, on_delete=models.CASCADE, related_name="sessions")
    starts = models.TimeField()
    ends = models.TimeField()
    title = models.CharField(max_length=200)
    focus = models.ForeignKey(FocusOption, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["workshop", "starts", "focus__code"]

    def __str__(self) -> str:
        return self.title


class ParticipationRecord(models.Model):
    """A fact of a school's history that eligibility is decided from."""

    class Kind(models.TextChoices):
        WORK_GROUP = "work_group", "Took part in a Teaching for Mastery Work Group"
        SPECIALIST = "specialist", "Has a Secondary Mastery Specialist"

    school = models.ForeignKey("departments.School", on_delete=models.CASCADE, related_name="tfm_history")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    cohort = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The specialist's cohort.")
    year = models.CharField(max_length=9, blank=True, help_text="e.g. 2022/23.")

    class Meta:
        ordering = ["school", "year"]

    def __str__(self) -> str:
        what = f"{self.get_phase_display()} Work Group" if self.kind == self.Kind.WORK_GROUP else f"specialist cohort {self.cohort}"
        return f"{self.school} · {what}"


class Booking(models.Model):
    """One school's places in a Work Group. Status changes only in services.booking_transition."""

    class Status(models.TextChoices):
        AWAITING_ENDORSEMENT = "awaiting_endorsement", "Waiting for the headteacher's endorsement"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"

    class Endorser(models.TextChoices):
        HEADTEACHER = "headteacher", "Headteacher"
        HEAD_OF_DEPARTMENT = "head_of_department", "Head of department"

    work_group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="bookings")
    department = models.ForeignKey("departments.Department", on_delete=models.PROTECT, related_name="+")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.AWAITING_ENDORSEMENT)
    endorsed_by_name = models.CharField(max_length=200, blank=True)
    endorser_role = models.CharField(max_length=30, choices=Endorser.choices, blank=True)
    endorsed_at = models.DateTimeField(null=True, blank=True)
    endorsement_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["work_group", "department__school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_group", "department"], condition=~Q(status="cancelled"), name="one_live_booking_per_department"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department.school} · {self.work_group}"

    @property
    def is_live(self) -> bool:
        return self.status != self.Status.CANCELLED


class Participant(models.Model):
    """A person with a place. `focus` None: they decide at the first workshop."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="participants")
    # The booking's group, kept here so one person holds one place per group (a constraint).
    work_group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work_group_places")
    is_lead = models.BooleanField(default=False)
    focus = models.ForeignKey(FocusOption, null=True, blank=True, on_delete=models.SET_NULL, related_name="participants")
    dietary_needs = models.CharField(max_length=300, blank=True)
    access_needs = models.CharField(max_length=300, blank=True)
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["booking", "-is_lead", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_group", "user"], condition=Q(cancelled=False), name="one_place_per_person_and_group"
            )
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Attendance(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendance")
    attended = models.BooleanField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workshop", "participant"], name="one_attendance_per_workshop")]


class GapTask(models.Model):
    """Work between workshops, set by a facilitator, due before the next workshop."""

    work_group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="gap_tasks")
    title = models.CharField(max_length=200)
    instructions = models.TextField()
    before_workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="gap_tasks")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["before_workshop__number", "pk"]

    def __str__(self) -> str:
        return self.title


class GapSubmission(models.Model):
    """A participant's answer to a gap task: a note, a file, and/or a lesson clip shared with the
    group (a lessons.Share to the "workgroup" audience)."""

    task = models.ForeignKey(GapTask, on_delete=models.CASCADE, related_name="submissions")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="submissions")
    note = models.TextField(blank=True)
    file = models.FileField(upload_to="workgroups/gap/%Y/%m/", blank=True)
    share = models.ForeignKey("lessons.Share", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "participant"], name="one_submission_per_task")]


class Post(models.Model):
    """A message in the group's discussion space."""

    work_group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class DepartmentPlan(models.Model):
    """“Back in the department”: what a school's department will do before the next workshop."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="plans")
    before_workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="+")
    actions = models.TextField()
    # The department workshop the plan became (services.plan_to_department_workshop), if any.
    department_workshop = models.ForeignKey(
        "departments.Workshop", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["before_workshop__number"]
        constraints = [models.UniqueConstraint(fields=["booking", "before_workshop"], name="one_plan_per_workshop")]


class OutcomeStatement(models.Model):
    work_group = ParentalKey(WorkGroup, on_delete=models.CASCADE, related_name="outcomes")
    heading = models.CharField(max_length=30, choices=Heading.choices)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["work_group", "heading", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Rating(models.Model):
    """A participant's self-rating against one statement, at the start or the end (1–4)."""

    class Stage(models.TextChoices):
        START = "start", "At the start"
        END = "end", "At the end"

    SCALE = ((1, "1 – not yet"), (2, "2 – beginning"), (3, "3 – developing"), (4, "4 – secure"))

    statement = models.ForeignKey(OutcomeStatement, on_delete=models.CASCADE, related_name="ratings")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="ratings")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    score = models.PositiveSmallIntegerField(choices=SCALE)
    evidence = models.TextField(blank=True)
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "participant", "stage"], name="one_rating_per_stage"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=4), name="rating_score_1_to_4"),
        ]
