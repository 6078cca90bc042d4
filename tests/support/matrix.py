"""The world and the vocabulary of the permission matrix (tests/test_permission_matrix.py).

- `url_patterns()` walks the URL conf (through every include) and `is_pdsite_view()` tells the
  patterns pdsite defines from Wagtail's and third parties'.
- `build_world()` makes, once per module, two schools with one department each, a person for
  every role, an ECT's induction (pathway, mentor, induction tutor, evidence), a workshop, an
  invitation, an upload, and one clip for each object state: on a live page, on a page that was
  published and then unpublished, and on a live page restricted to the "PD leads" group.
  Each clip's video is READY with a stored master playlist, thumbnails track and transcript.
- `ROLES`, the role sets, `table()` and `outcome()` write and read the expected answers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pdsite.courses.models import BigIdea, ClipLibraryPage, EssencePrinciple
from pdsite.departments.models import Invitation, Role, Workshop, WorkshopAttendee
from pdsite.home.models import HomePage
from pdsite.pathways.models import Enrolment, InductionProfile, PathwayStep, StepProgress
from pdsite.videos.models import UploadSession, Video
from pdsite.videos.pipeline.sprite import SPRITE_NAME
from pdsite.videos.descriptions.selectors import Description
from pdsite.videos.descriptions.services import descriptions_save
from pdsite.videos.transcripts.services import transcript_import
from tests.factories.courses import ClipLibraryPageFactory, PDVideoPageFactory
from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
from tests.factories.pathways import PathwayFactory, PathwayStepFactory, days_ago
from tests.factories.users import UserFactory
from tests.factories.videos import VideoFactory

# --- Roles and object states ----------------------------------------------------------------

ROLES = (
    "anonymous",
    "teacher",
    "other_teacher",
    "hod",
    "other_hod",
    "pd_lead",
    "mentor",
    "tutor",
    "ect",
    "superuser",
)
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
# Managers of school A's department (head, PD lead) and the site administrator.
MANAGERS = frozenset({"hod", "pd_lead", "superuser"})
# Whoever may see the ECT's reflections and evidence.
INDUCTION = frozenset({"ect", "mentor", "tutor"})
# The "PD leads" group: admin access, videos, transcripts (home and videos migrations).
ADMINS = frozenset({"pd_lead", "superuser"})

LIVE, UNPUBLISHED, RESTRICTED, NONE = "live", "unpublished", "restricted", "none"
PAGE_STATES = (LIVE, UNPUBLISHED, RESTRICTED)

# Outcomes other than a plain status code (see `outcome`).
LOGIN = "login"  # 302 to the site's sign-in page
ADMIN_LOGIN = "admin-login"  # 302 to the Wagtail admin's sign-in (also: signed in, no admin access)
ADMIN_REFUSED = "admin-refused"  # 302 to the admin dashboard with "no permission" (PermissionDenied)
PAGE_LOGIN = "page-login"  # 302 to Wagtail's sign-in for a restricted page (/_util/login/)

# Video rows made with explicit ids far from the sequence: a video's HLS files live under
# videos/<id>/hls/ in the S3 bucket that other checkouts' test runs share.
VIDEO_ID_BASE = 7_000_000


def table(default, *rows: tuple[frozenset | str, object]) -> dict[str, object]:
    """Expected outcome per role: `default`, then each (role or role set, outcome) over it."""
    expected = dict.fromkeys(ROLES, default)
    for roles, answer in rows:
        for role in {roles} if isinstance(roles, str) else roles:
            expected[role] = answer
    return expected


# The redirects `outcome` names, by the URL name they point at.
REDIRECTS = (
    ("login", LOGIN),
    ("wagtailadmin_login", ADMIN_LOGIN),
    ("wagtailadmin_home", ADMIN_REFUSED),
    ("wagtailcore_login", PAGE_LOGIN),
)


def outcome(response) -> object:
    """What a response means for the matrix: one of the named redirects, else the status code."""
    if response.status_code == 302:
        location = response["Location"].split("?")[0]
        for name, answer in REDIRECTS:
            if location == reverse(name):
                return answer
    return response.status_code


# --- The URL conf ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """One named URL pattern: `name` with its namespaces ("videos:uploads:create"), the full
    route, and the view behind any decorators."""

    name: str
    route: str
    view: object


def _unwrap(callback):
    while True:
        if hasattr(callback, "view_class"):
            return callback.view_class
        if not hasattr(callback, "__wrapped__"):
            return callback
        callback = callback.__wrapped__


def url_patterns(resolver: URLResolver | None = None, prefix: str = "", namespaces: tuple = ()) -> list[Pattern]:
    """Every pattern of the URL conf, recursively through includes (unnamed ones as "?")."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            found += url_patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = ":".join(namespaces + (entry.name or "?",))
            found.append(Pattern(name=name, route=prefix + str(entry.pattern), view=_unwrap(entry.callback)))
    return found


def is_pdsite_view(pattern: Pattern) -> bool:
    """A view written in pdsite (also behind Wagtail's admin decorators and viewsets)."""
    return getattr(pattern.view, "__module__", "").startswith("pdsite.")


# --- The world ------------------------------------------------------------------------------


@dataclass
class World:
    """Everything the matrix's URLs point at, and the person for each role (None: anonymous)."""

    users: dict = field(default_factory=dict)
    clips: dict = field(default_factory=dict)  # state -> PDVideoPage
    school: object = None
    other_school: object = None
    department: object = None
    other_department: object = None
    pathway: object = None
    steps: dict = field(default_factory=dict)  # kind -> PathwayStep
    evidence: object = None  # StepProgress with a stored file
    workshop: object = None
    invitation: object = None
    upload: object = None
    big_idea: object = None
    principle: object = None
    cycle: object = None  # a lesson study started by `teacher`, with `mentor` in its group
    comment: object = None  # `teacher`'s comment on the live clip, to "My department" (A)
    workgroup: dict = field(default_factory=dict)  # Work Group rows by name (see _workgroups)
    pending: object = None  # someone waiting to join school A after a first single sign-on
    recording: object = None  # `teacher`'s lesson recording, shared whole with `mentor` to view
    share: object = None  # that share

    def video(self, state: str) -> Video:
        """The video of the clip in `state` (the live one for URLs without object states)."""
        return self.clips[LIVE if state == NONE else state].video


def _people(world: World) -> None:
    school, other = SchoolFactory(slug="mx-school-a"), SchoolFactory(slug="mx-school-b")
    department = DepartmentFactory(school=school, slug="mx-a-maths")
    other_department = DepartmentFactory(school=other, slug="mx-b-maths")
    memberships = {
        "teacher": (department, Role.TEACHER),
        "other_teacher": (other_department, Role.TEACHER),
        "hod": (department, Role.HEAD),
        "other_hod": (other_department, Role.HEAD),
        "pd_lead": (department, Role.PD_LEAD),
        "mentor": (department, Role.MENTOR),
        "tutor": (department, Role.INDUCTION_TUTOR),
        "ect": (department, Role.ECT),
    }
    world.users["anonymous"] = None
    for role, (dept, membership_role) in memberships.items():
        group = "PD leads" if role == "pd_lead" else "Teachers"
        user = UserFactory(username=f"mx-{role}", groups=[group])
        MembershipFactory(department=dept, user=user, role=membership_role)
        world.users[role] = user
    world.users["superuser"] = UserFactory(username="mx-superuser", is_superuser=True, is_staff=True)
    world.school, world.other_school = school, other
    world.department, world.other_department = department, other_department


def _stored(name: str, text: str) -> str:
    return default_storage.save(name, ContentFile(text.encode()))


def _clip(library, state: str, offset: int):
    """A clip page in `state` showing a READY video with a master playlist, thumbnails and captions."""
    video = VideoFactory(
        id=VIDEO_ID_BASE + offset, title=f"Matrix clip {state}", status=Video.Status.READY, duration=60.0
    )
    video.master_playlist = _stored(
        f"{video.output_prefix}/master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n360p/index.m3u8\n"
    )
    video.sprite = _stored(f"{video.output_prefix}/{SPRITE_NAME}", "not a jpeg")
    video.thumbnails = _stored(
        f"{video.output_prefix}/thumbnails.vtt", f"WEBVTT\n\n00:00.000 --> 00:05.000\n{SPRITE_NAME}#xywh=0,0,160,90\n"
    )
    video.save()
    transcript_import(video=video, vtt_text="WEBVTT\n\n00:00.000 --> 00:04.000\nDraw a bar model first.\n")
    descriptions_save(video=video, language="en", cues=[Description(0, 2, "A bar of three parts.")], user=None)
    page = PDVideoPageFactory(parent=library, title=f"Matrix clip {state}", slug=f"mx-clip-{state}", video=video)
    if state == UNPUBLISHED:
        page.unpublish()
    elif state == RESTRICTED:
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(Group.objects.get(name="PD leads"))
    page.refresh_from_db()
    return page


def _induction(world: World) -> None:
    users = world.users
    InductionProfile.objects.create(
        user=users["ect"], ect_year=1, mentor=users["mentor"], induction_tutor=users["tutor"], start_date=days_ago(14)
    )
    world.pathway = PathwayFactory(slug="mx-induction")
    for kind in (PathwayStep.Kind.REFLECTION, PathwayStep.Kind.TASK, PathwayStep.Kind.MEETING):
        world.steps[kind] = PathwayStepFactory(pathway=world.pathway, kind=kind)
    enrolment = Enrolment.objects.create(user=users["ect"], pathway=world.pathway, start_date=days_ago(14))
    world.evidence = StepProgress(
        enrolment=enrolment, step=world.steps[PathwayStep.Kind.TASK], text="Tried it.", completed_at=timezone.now()
    )
    world.evidence.evidence.save("mx-evidence.txt", ContentFile(b"lesson plan"), save=False)
    world.evidence.save()


def _department_work(world: World) -> None:
    starts = timezone.now() + datetime.timedelta(days=3)
    world.workshop = Workshop.objects.create(
        department=world.department,
        title="Matrix workshop",
        starts_at=starts,
        pre_viewing_due_at=Workshop.default_due(starts),
        follow_up_at=Workshop.default_follow_up(starts),
        facilitator=world.users["hod"],
    )
    WorkshopAttendee.objects.create(workshop=world.workshop, user=world.users["teacher"])
    world.invitation = Invitation.objects.create(
        department=world.department,
        email="mx-invited@school.example",
        token="mx-invitation-token",
        expires=timezone.now() + datetime.timedelta(days=Invitation.VALID_DAYS),
        invited_by=world.users["hod"],
    )
    world.upload = UploadSession.objects.create(
        user=world.users["pd_lead"], filename="mx.mp4", size=10, part_size=10,
        backend=UploadSession.Backend.LOCAL, storage_name="uploads/mx.mp4",
    )


def _ideas(world: World) -> None:
    world.big_idea = BigIdea.objects.first() or BigIdea.objects.create(
        slug="mx-idea", name="Matrix idea", summary="-", order=900
    )
    world.principle = EssencePrinciple.objects.first() or EssencePrinciple.objects.create(
        slug="mx-principle", title="Matrix principle", summary="-", order=900, group=EssencePrinciple.Group.CLASSROOM
    )


def _cycles(world: World) -> None:
    from pdsite.cycles.services import cycle_create

    world.cycle = cycle_create(
        department=world.department, kind="lesson_study", title="Matrix lesson study", by=world.users["teacher"],
        participants=[world.users["mentor"]],
    )


def _feedback(world: World) -> None:
    from pdsite.feedback.models import Comment
    from pdsite.feedback.services import comment_create

    world.comment = comment_create(
        author=world.users["teacher"], video=world.video(LIVE), kind=Comment.Kind.QUESTION, start=3.0,
        body="Why draw the bar first?", audience=Comment.Audience.DEPARTMENT, department=world.department,
    )


def _workgroups(world: World) -> None:
    """A Work Group facilitated by `other_hod` (another school's head: a hub facilitator), with
    department A's booking by `hod`, awaiting endorsement: `teacher` (lead) and `ect` hold places;
    a gap task due before workshop 2; the department's plan before it."""
    from pdsite.workgroups import services as wg_services
    from tests.factories.workgroups import work_group_for

    users = world.users
    group = work_group_for(users["other_hod"], title="Matrix Work Group")
    booking = wg_services.booking_create(
        work_group=group, department=world.department, by=users["hod"],
        places=[wg_services.Place(user=users["teacher"], is_lead=True), wg_services.Place(user=users["ect"])],
    )
    workshops = list(group.workshops.all())
    task = wg_services.gap_task_create(
        work_group=group, by=users["other_hod"], title="Matrix gap task", instructions="Try it.",
        before_workshop=workshops[1],
    )
    plan = wg_services.plan_save(booking=booking, by=users["hod"], before_workshop=workshops[1], actions="Co-plan.")
    world.workgroup = {
        "group": group, "booking": booking, "workshop": workshops[0], "task": task, "plan": plan,
        "participant": booking.participants.get(user=users["teacher"]),
    }


def _sign_in(world: World) -> None:
    from pdsite.accounts.services import pending_member_create

    person = UserFactory(username="mx-pending", email="mx-pending@school-a.example")
    world.pending = pending_member_create(
        user=person, school_id=world.school.pk, email=person.email, provider="oidc"
    )


def _recordings(world: World) -> None:
    from pdsite.lessons.models import Share
    from tests.support.recordings import make_recording, make_share

    world.recording = make_recording(owner=world.users["teacher"], department=world.department, title="Matrix lesson")
    world.share = make_share(world.recording, to=world.users["mentor"], permission=Share.Permission.VIEW)


def build_world() -> World:
    """Make the whole world (see the module docstring); call inside a transaction."""
    world = World()
    _people(world)
    home = HomePage.objects.get()
    library = ClipLibraryPage.objects.live().first() or ClipLibraryPageFactory(parent=home)
    for offset, state in enumerate(PAGE_STATES):
        world.clips[state] = _clip(library, state, offset)
    _induction(world)
    _department_work(world)
    _ideas(world)
    _cycles(world)
    _feedback(world)
    _workgroups(world)
    _sign_in(world)
    _recordings(world)
    return world
