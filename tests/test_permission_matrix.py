"""The permission matrix: every URL pdsite defines × every role × every object state.

`MATRIX` has one entry per named URL pattern: how to build its arguments for an object in each
state (a clip page that is live, unpublished, or restricted to the "PD leads" group; NONE for
URLs without such an object), the method to try, and the answer each role must get. The URL
conf is walked, so a new URL without an entry fails `test_every_url_has_a_matrix_entry`, and
an entry for a URL that is gone fails `test_every_matrix_entry_is_a_url`. Wagtail's and third
parties' URLs are exempt in groups, each with its reason (`EXEMPT`).

The rules encoded (issue #13, "Trust"): an object the person may not see answers like an unknown
id; media endpoints answer 403 "Sign in…" to anonymous requests; pages answer a sign-in redirect;
a department's pages are for the managers of that department (a head of another school gets the
same 403 as for an unknown department); the school's uptake report is for its PD lead; an ECT's
pathway, reflections and evidence are for the ECT, their mentor and induction tutor; "Locked
sign-ins" is for superusers. The world is built once for the module (tests/support/matrix.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from tests.support.matrix import (
    ADMIN_LOGIN,
    ADMIN_REFUSED,
    ADMINS,
    INDUCTION,
    LIVE,
    LOGIN,
    MANAGERS,
    NONE,
    PAGE_LOGIN,
    PAGE_STATES,
    RESTRICTED,
    ROLES,
    SIGNED_IN,
    UNPUBLISHED,
    build_world,
    is_pdsite_view,
    outcome,
    table,
    url_patterns,
)

Args = Callable[[object, str], dict | tuple]


@dataclass(frozen=True)
class Entry:
    """One URL's row: `expect` maps each object state to the outcome per role (see `table`);
    `args(world, state)` gives the URL's kwargs (a tuple: positional args); `data` is the body."""

    expect: dict[str, dict[str, object]]
    args: Args = lambda world, state: {}
    method: str = "get"
    data: Callable[[object, str], dict] = lambda world, state: {}
    as_json: bool = False
    query: dict = field(default_factory=dict)


def same(expected: dict[str, object]) -> dict[str, dict[str, object]]:
    """One table for a URL without object states."""
    return {NONE: expected}


def visible_video(anonymous) -> dict[str, dict[str, object]]:
    """A video is seen through the live pages that show it and their view restrictions; the
    superuser and the people who edit videos (PD leads: admin previews) see every video. Anyone
    else gets the unknown-id 404."""
    return {
        LIVE: table(200, ("anonymous", anonymous)),
        UNPUBLISHED: table(404, ("anonymous", anonymous), (ADMINS, 200)),
        RESTRICTED: table(404, ("anonymous", anonymous), (ADMINS, 200)),
    }


def video(world, state):
    return {"video_id": world.video(state).pk}


def department(world, state):
    return {"slug": world.department.slug}


def workshop(world, state):
    return {"slug": world.department.slug, "pk": world.workshop.pk}


def mentee(world, state):
    return {"user_id": world.users["ect"].pk, "slug": world.pathway.slug}


def step(kind):
    """Kwargs of a step of the ECT's pathway (`kind`: PathwayStep.Kind value)."""
    return lambda world, state: {"slug": world.pathway.slug, "step_id": world.steps[kind].pk}


def admin_video(world, state):
    return {"video_id": world.video(LIVE).pk, "language": "en"}


def library_video(world, state):
    return {"pk": world.video(LIVE).pk}


def upload(world, state):
    return {"upload_id": world.upload.pk}


def page_path(world, state):
    return (world.clips[state].get_url().lstrip("/"),)


SIGNED_IN_PAGE = same(table(200, ("anonymous", LOGIN)))
MANAGED = same(table(403, ("anonymous", LOGIN), (MANAGERS, 200)))
MANAGED_BAD_FORM = same(table(403, ("anonymous", LOGIN), (MANAGERS, 400)))
ADMIN_SCREEN = same(table(ADMIN_LOGIN, (ADMINS, 200)))
ADMIN_ACTION = same(table(ADMIN_LOGIN, (ADMINS, 302)))
SUPERUSER_SCREEN = same(table(ADMIN_LOGIN, ("pd_lead", ADMIN_REFUSED), ("superuser", 200)))
RETENTION_VIEWERS = frozenset({"hod", "other_hod", "pd_lead", "superuser"})  # anyone managing a department
# Managers who may not see the video get the unknown-video 404; everyone else the role's 403.
RETENTION = {
    LIVE: table(403, ("anonymous", LOGIN), (RETENTION_VIEWERS, 200)),
    UNPUBLISHED: table(403, ("anonymous", LOGIN), (RETENTION_VIEWERS - ADMINS, 404), (ADMINS, 200)),
    RESTRICTED: table(403, ("anonymous", LOGIN), (RETENTION_VIEWERS - ADMINS, 404), (ADMINS, 200)),
}
HEARTBEAT = {"ranges": "[[0, 1]]", "position": "1"}
# Cycles: the department's members start cycles; a cycle is its group's (`teacher` started it,
# `mentor` is in it) and its department's managers'; anyone else gets the unknown-cycle 404.
DEPARTMENT_A = frozenset({"teacher", "hod", "pd_lead", "mentor", "tutor", "ect", "superuser"})
CYCLE_SEERS = MANAGERS | {"teacher", "mentor"}
CYCLE_LEADS = MANAGERS | {"teacher"}
# Feedback: a comment to "My department" is seen by department A's members (and its author);
# anyone else gets the unknown-comment 404, and an anonymous request the JSON "Sign in" 403.
COMMENT_SEERS = DEPARTMENT_A - {"superuser"}
COMMENT_ACTION = same(table(404, ("anonymous", 403), (COMMENT_SEERS, 302)))


def a_comment(world, state):
    return {"comment_id": world.comment.pk}


RECORDING_SEERS = frozenset({"teacher", "mentor"})


def a_recording(world, state):
    return {"pk": world.recording.pk}


def a_cycle(world, state):
    return {"pk": world.cycle.pk}


def a_cycle_step(world, state):
    return {"pk": world.cycle.pk, "step_id": world.cycle.steps.get(order=1).pk}

# Work Groups: `teacher` and `ect` hold places (department A's booking, by `hod`); `other_hod`
# facilitates; the space is theirs, department A's managers' and the superuser's; anyone else
# gets the unknown-group 404. Facilitators' pages answer 403 to the rest of the space.
WG_SPACE = frozenset({"teacher", "ect", "hod", "pd_lead", "other_hod", "superuser"})
WG_FACILITATORS = frozenset({"other_hod", "superuser"})
WG_PARTICIPANTS = frozenset({"teacher", "ect"})
WG_SCHOOL = frozenset({"hod", "pd_lead", "superuser"}) | WG_PARTICIPANTS  # the booking's own school


def wg_rows(seers, allowed, answer):
    """404 outside `seers`, 403 inside them, `answer` for `allowed`; anonymous: sign in."""
    return same(table(404, ("anonymous", LOGIN), (seers, 403), (allowed, answer)))


def a_group(world, state):
    return {"pk": world.workgroup["group"].pk}


def a_wg(name):
    return lambda world, state: {"pk": world.workgroup[name].pk}


MATRIX: dict[str, Entry] = {
    # Sign-in, search, My learning, and Wagtail's page serving (the clip pages themselves).
    "login": Entry(same(table(200))),
    "logout": Entry(same(table(302)), method="post"),
    "search": Entry(same(table(200)), query={"q": "bar model"}),
    "favicon": Entry(same(table(301))),  # to the static icon, for everyone
    "home:my_learning": Entry(SIGNED_IN_PAGE),
    "wagtail_serve": Entry(
        {LIVE: table(200), UNPUBLISHED: table(404), RESTRICTED: table(PAGE_LOGIN, (ADMINS, 200))}, args=page_path
    ),
    # Progress and pathways.
    "progress:heartbeat": Entry(
        visible_video(403), method="post", data=lambda world, state: {"video": world.video(state).pk, **HEARTBEAT}
    ),
    "pathways:pathway": Entry(
        same(table(404, ("anonymous", LOGIN), ("ect", 200))), args=lambda w, s: {"slug": w.pathway.slug}
    ),
    "pathways:step_submit": Entry(
        same(table(302, ("anonymous", LOGIN))), args=step("reflection"), method="post",
        data=lambda world, state: {"text": "The bar model made the structure visible."},
    ),
    "pathways:evidence": Entry(
        same(table(404, ("anonymous", LOGIN), (INDUCTION, 200))), args=lambda w, s: {"progress_id": w.evidence.pk}
    ),
    "pathways:mentees": Entry(SIGNED_IN_PAGE),
    "pathways:mentee_pathway": Entry(
        same(table(404, ("anonymous", LOGIN), (INDUCTION - {"ect"}, 200))), args=mentee
    ),
    "pathways:mentor_action": Entry(
        same(table(404, ("anonymous", LOGIN), (INDUCTION, 302))),
        args=lambda world, state: {**mentee(world, state), **step("meeting")(world, state)},
        method="post", data=lambda world, state: {"action": "confirm", "text": "Met on Tuesday."},
    ),
    # Video media: playlists, captions, thumbnails, transcripts, signed files, uploads.
    "videos:playlist": Entry(visible_video(403), args=lambda w, s: {**video(w, s), "path": "master.m3u8"}),
    "videos:captions": Entry(visible_video(403), args=lambda w, s: {**video(w, s), "language": "en"}),
    "videos:descriptions": Entry(visible_video(403), args=lambda w, s: {**video(w, s), "language": "en"}),
    "videos:thumbnails": Entry(visible_video(403), args=video),
    # Transcript editors (the PD leads group) read every transcript; a live, unrestricted clip's
    # transcript is public like its page.
    "videos:transcript_download": Entry(
        {LIVE: table(200), UNPUBLISHED: table(404, (ADMINS, 200)), RESTRICTED: table(404, (ADMINS, 200))},
        args=lambda w, s: {**video(w, s), "language": "en", "fmt": "txt"},
    ),
    "videos:media": Entry(same(table(404, ("anonymous", 403))), args=lambda w, s: {"token": "mx-not-a-signed-name"}),
    "videos:uploads:create": Entry(
        same(table(403, ("anonymous", 401), (ADMINS, 400))), method="post", as_json=True,
        data=lambda world, state: {"filename": "lesson.mp4", "size": -1},
    ),
    # An upload is its starter's: another uploader (here the superuser) gets the unknown-id 404.
    "videos:uploads:detail": Entry(
        same(table(403, ("anonymous", 401), ("pd_lead", 200), ("superuser", 404))), args=upload
    ),
    "videos:uploads:parts": Entry(
        same(table(403, ("anonymous", 401), ("pd_lead", 400), ("superuser", 404))), args=upload, method="post",
        as_json=True, data=lambda world, state: {"part_numbers": [1]},
    ),
    "videos:uploads:chunk": Entry(
        same(table(403, ("anonymous", 401), ("pd_lead", 400), ("superuser", 404))), args=upload, method="put"
    ),
    "videos:uploads:complete": Entry(
        same(table(403, ("anonymous", 401), ("pd_lead", 400), ("superuser", 404))), args=upload, method="post"
    ),
    # Departments: everything inside the department's own school.
    "departments:index": Entry(SIGNED_IN_PAGE),
    "departments:notifications": Entry(SIGNED_IN_PAGE),
    "departments:report_uptake": Entry(
        same(table(403, ("anonymous", LOGIN), (ADMINS, 200))), args=lambda w, s: {"slug": w.school.slug}
    ),
    "departments:report_uptake_csv": Entry(
        same(table(403, ("anonymous", LOGIN), (ADMINS, 200))), args=lambda w, s: {"slug": w.school.slug}
    ),
    "departments:report_retention": Entry(RETENTION, args=video),
    "departments:report_retention_csv": Entry(RETENTION, args=video),
    "departments:dashboard": Entry(MANAGED, args=department),
    "departments:members": Entry(MANAGED, args=department),
    "departments:members_remove": Entry(MANAGED_BAD_FORM, args=department, method="post"),
    "departments:members_import": Entry(MANAGED_BAD_FORM, args=department, method="post"),
    "departments:team_create": Entry(MANAGED_BAD_FORM, args=department, method="post"),
    "departments:workshop_create": Entry(MANAGED, args=department),
    "departments:workshop": Entry(same(table(403, ("anonymous", LOGIN), (MANAGERS | {"teacher"}, 200))), args=workshop),
    "departments:workshop_edit": Entry(MANAGED, args=workshop),
    "departments:workshop_roster_csv": Entry(MANAGED, args=workshop),
    "departments:workshop_attendance": Entry(
        same(table(403, ("anonymous", LOGIN), (MANAGERS, 302))), args=workshop, method="post"
    ),
    "departments:workshop_follow_up": Entry(
        same(table(403, ("anonymous", LOGIN), (MANAGERS | {"teacher"}, 302))), args=workshop, method="post",
        data=lambda world, state: {"text": "Tried the bar model; it helped."},
    ),
    "departments:assignments": Entry(MANAGED, args=department),
    "departments:report_grid": Entry(MANAGED, args=department),
    "departments:report_grid_csv": Entry(MANAGED, args=department),
    "departments:invitation_accept": Entry(same(table(200)), args=lambda w, s: {"token": w.invitation.token}),
    # Cycles (lesson study, TRG, ECT observation).
    "cycles:index": Entry(SIGNED_IN_PAGE),
    "cycles:department": Entry(same(table(404, ("anonymous", LOGIN), (DEPARTMENT_A, 200))), args=department),
    "cycles:create": Entry(
        same(table(404, ("anonymous", LOGIN), (DEPARTMENT_A, 200))),
        args=lambda w, s: {"slug": w.department.slug, "kind": "lesson_study"},
    ),
    "cycles:cycle": Entry(same(table(404, ("anonymous", LOGIN), (CYCLE_SEERS, 200))), args=a_cycle),
    "cycles:edit": Entry(
        same(table(404, ("anonymous", LOGIN), ("mentor", 403), (CYCLE_LEADS, 200))), args=a_cycle
    ),
    "cycles:close": Entry(
        same(table(404, ("anonymous", LOGIN), ("mentor", 403), (CYCLE_LEADS, 302))), args=a_cycle, method="post"
    ),
    "cycles:step_edit": Entry(same(table(404, ("anonymous", LOGIN), (CYCLE_SEERS, 200))), args=a_cycle_step),
    "cycles:step_done": Entry(
        same(table(404, ("anonymous", LOGIN), (CYCLE_SEERS, 302))), args=a_cycle_step, method="post"
    ),
    # Feedback (time-stamped comments on clips and recordings). Writes with nothing valid in
    # them come back to the page with the refusal (302), like the no-JS forms.
    "feedback:video_comments": Entry(visible_video(403), args=video),
    "feedback:reply": Entry(COMMENT_ACTION, args=a_comment, method="post"),
    "feedback:edit": Entry(COMMENT_ACTION, args=a_comment, method="post"),
    "feedback:resolve": Entry(COMMENT_ACTION, args=a_comment, method="post"),
    "feedback:unresolve": Entry(COMMENT_ACTION, args=a_comment, method="post"),
    "feedback:delete": Entry(COMMENT_ACTION, args=a_comment, method="post"),
    "feedback:tag_report": Entry(MANAGED, args=department),
    # Lesson recordings: `teacher`'s, shared whole with `mentor`; anyone else (the head of
    # department and the superuser included) gets the unknown-recording 404. The school's
    # recording policy is for its heads of department (and administrators).
    "lessons:index": Entry(SIGNED_IN_PAGE),
    "lessons:record": Entry(SIGNED_IN_PAGE),
    "lessons:upload_complete": Entry(
        same(table(404, ("anonymous", 401))), method="post",
        args=lambda w, s: {"upload_id": "00000000-0000-4000-8000-000000000000"},
    ),
    "lessons:recording": Entry(same(table(404, ("anonymous", LOGIN), (RECORDING_SEERS, 200))), args=a_recording),
    "lessons:share": Entry(same(table(404, ("anonymous", LOGIN), ("teacher", 400))), args=a_recording, method="post"),
    "lessons:revoke": Entry(
        same(table(404, ("anonymous", LOGIN), ("teacher", 302))), method="post",
        args=lambda w, s: {"pk": w.recording.pk, "share_id": w.share.pk},
    ),
    "lessons:delete": Entry(same(table(404, ("anonymous", LOGIN), ("teacher", 200))), args=a_recording),
    "lessons:policy": Entry(
        same(table(403, ("anonymous", LOGIN), ({"hod", "superuser"}, 200))), args=lambda w, s: {"slug": w.school.slug}
    ),
    # Work Groups (Maths Hubs, across schools).
    "workgroups:index": Entry(SIGNED_IN_PAGE),
    "workgroups:detail": Entry(SIGNED_IN_PAGE, args=a_group),
    "workgroups:book": Entry(
        same(table(403, ("anonymous", LOGIN), ({"hod", "pd_lead", "other_hod"}, 200))), args=a_group
    ),
    "workgroups:calendar": Entry(wg_rows(WG_SPACE, WG_SPACE, 200), args=a_group),
    "workgroups:roster": Entry(wg_rows(WG_SPACE, WG_FACILITATORS, 200), args=a_group),
    "workgroups:post": Entry(
        wg_rows(WG_SPACE, WG_SPACE, 302), args=a_group, method="post", data=lambda w, s: {"body": "Hello"}
    ),
    "workgroups:task_create": Entry(wg_rows(WG_SPACE, WG_FACILITATORS, 200), args=a_group),
    "workgroups:outcomes": Entry(wg_rows(WG_SPACE, WG_PARTICIPANTS, 200), args=a_group),
    "workgroups:report": Entry(wg_rows(WG_SPACE, WG_FACILITATORS, 200), args=a_group),
    "workgroups:report_csv": Entry(wg_rows(WG_SPACE, WG_FACILITATORS, 200), args=a_group),
    "workgroups:booking": Entry(wg_rows(WG_SPACE, WG_SCHOOL | WG_FACILITATORS, 200), args=a_wg("booking")),
    "workgroups:endorse": Entry(wg_rows(WG_SCHOOL | WG_FACILITATORS, {"hod", "pd_lead", "superuser"}, 200),
                                args=a_wg("booking")),
    "workgroups:cancel": Entry(wg_rows(WG_SCHOOL | WG_FACILITATORS, {"hod", "pd_lead", "other_hod", "superuser"}, 200),
                               args=a_wg("booking")),
    "workgroups:plan": Entry(
        wg_rows(WG_SCHOOL | WG_FACILITATORS, WG_SCHOOL, 302), args=a_wg("booking"), method="post"
    ),
    "workgroups:attendance": Entry(wg_rows(WG_SPACE, WG_FACILITATORS, 200), args=a_wg("workshop")),
    "workgroups:reschedule": Entry(
        wg_rows(WG_SPACE, WG_FACILITATORS, 302), args=a_wg("workshop"), method="post"
    ),
    "workgroups:task": Entry(wg_rows(WG_SPACE, WG_SPACE, 200), args=a_wg("task")),
    # `teacher`'s focus: the person, the school's leads and the facilitators choose it.
    "workgroups:focus": Entry(
        wg_rows(WG_SPACE, WG_SPACE - {"ect"}, 302), args=a_wg("participant"), method="post",
        data=lambda w, s: {"focus": ""},
    ),
    # The plan becomes a department workshop by the department's managers only.
    "workgroups:plan_workshop": Entry(
        wg_rows(WG_SCHOOL | WG_FACILITATORS, {"hod", "pd_lead", "superuser"}, 302), args=a_wg("plan"), method="post"
    ),
    # pdsite's own admin screens (Wagtail admin: no admin access answers the admin sign-in).
    "locked_signins:index": Entry(SUPERUSER_SCREEN),
    "locked_signins:unlock": Entry(
        same(table(ADMIN_LOGIN, ("pd_lead", ADMIN_REFUSED), ("superuser", 302))), method="post",
        args=lambda w, s: {"attempt_id": 999_999},
    ),
    "videos_transcripts:index": Entry(ADMIN_SCREEN),
    "videos_transcripts:edit": Entry(ADMIN_SCREEN, args=admin_video),
    "videos_transcripts:approve": Entry(ADMIN_ACTION, args=admin_video, method="post"),
    "videos_transcripts:upload": Entry(ADMIN_ACTION, args=admin_video, method="post"),
    "videos_transcripts:descriptions": Entry(ADMIN_SCREEN, args=admin_video),
    "video_library:add": Entry(ADMIN_SCREEN),
    "video_library:edit": Entry(ADMIN_SCREEN, args=library_video),
    "video_library:inspect": Entry(ADMIN_SCREEN, args=library_video),
    "video_library:retry": Entry(ADMIN_ACTION, args=library_video, method="post"),
    "video_library:described_audio": Entry(ADMIN_SCREEN, args=library_video),
    "video_library:index": Entry(ADMIN_SCREEN),
    "video_library:index_results": Entry(ADMIN_SCREEN),
    "video_library:history": Entry(ADMIN_SCREEN, args=library_video),
    "video_library:history_results": Entry(ADMIN_SCREEN, args=library_video),
    "video_library:usage": Entry(ADMIN_SCREEN, args=library_video),
    # GET asks to confirm (nothing is deleted); PD leads may not delete videos.
    "video_library:delete": Entry(SUPERUSER_SCREEN, args=library_video),
    # The page editor's video chooser (pdsite's search, status filter and order).
    "video_chooser:choose": Entry(ADMIN_SCREEN),
    "video_chooser:choose_results": Entry(ADMIN_SCREEN),
    "video_chooser:chosen": Entry(ADMIN_SCREEN, args=library_video),
    "video_chooser:chosen_multiple": Entry(ADMIN_SCREEN),
    # Probes and metrics (pdsite/ops): for machines; /metrics only from METRICS_ALLOWED_IPS (the
    # test client is 127.0.0.1) or with the token; System status is for superusers.
    "ops:healthz": Entry(same(table(200))),
    "ops:readyz": Entry(same(table(200))),
    "ops:metrics": Entry(same(table(200))),
    "system_status:index": Entry(SUPERUSER_SCREEN),
    # The live clip's video is READY, not failed: the superuser's retry is refused with a message.
    "system_status:retry": Entry(
        same(table(ADMIN_LOGIN, ("pd_lead", ADMIN_REFUSED), ("superuser", 302))), method="post",
        args=lambda w, s: {"video_id": w.video(LIVE).pk},
    ),
    # Single sign-on (pdsite/accounts): school A's pending member is decided by its heads of
    # department and the superuser; anyone else gets the unknown-request 404. An empty approval
    # comes back to the page with its message (302).
    "accounts:pending": Entry(SIGNED_IN_PAGE),
    "accounts:pending_approve": Entry(
        same(table(404, ("anonymous", LOGIN), ({"hod", "superuser"}, 302))), method="post",
        args=lambda w, s: {"pk": w.pending.pk},
    ),
    "accounts:pending_refuse": Entry(
        same(table(404, ("anonymous", LOGIN), ({"hod", "superuser"}, 302))), method="post",
        args=lambda w, s: {"pk": w.pending.pk},
    ),
    # LTI 1.3 tool (pdsite/lti): the JWKS is public; login and launch are for platforms (no
    # issuer: 400; no id_token: 403 refusal page, nobody signed in); the pages a launch opens
    # are the clip rule's (like the clip page, but signed-in only); a picker is its session's.
    "lti:jwks": Entry(same(table(200))),
    "lti:login": Entry(same(table(400))),
    "lti:launch": Entry(same(table(403)), method="post"),
    "lti:clip": Entry(
        {
            LIVE: table(200, ("anonymous", LOGIN)),
            UNPUBLISHED: table(404, ("anonymous", LOGIN)),
            RESTRICTED: table(404, ("anonymous", LOGIN), (ADMINS, 200)),
        },
        args=lambda w, s: {"page_id": w.clips[s].pk},
    ),
    "lti:module": Entry(same(table(404, ("anonymous", LOGIN))), args=lambda w, s: {"page_id": 999_999_999}),
    "lti:picker": Entry(same(table(404, ("anonymous", LOGIN))), args=lambda w, s: {"launch_id": "lti1p3-launch-unknown"}),
    "lti:roster": Entry(same(table(404, ("anonymous", LOGIN)))),
    "lti_keys:add": Entry(SUPERUSER_SCREEN),
    # Snippet delete views with pdsite's in-use check; PD leads have no snippet permissions.
    "wagtailsnippets_courses_bigidea:delete": Entry(SUPERUSER_SCREEN, args=lambda w, s: {"pk": w.big_idea.pk}),
    "wagtailsnippets_courses_essenceprinciple:delete": Entry(
        SUPERUSER_SCREEN, args=lambda w, s: {"pk": w.principle.pk}
    ),
}

# Patterns pdsite does not define, by where they are mounted: (route prefix, reason).
EXEMPT = {
    "Wagtail admin": (
        "admin/", "Wagtail's own admin screens and API, behind Wagtail's permission policies (tested by Wagtail)"
    ),
    "Wagtail documents": ("documents/", "Wagtail's document serving, with its collection view restrictions"),
    "Wagtail core": ("_util/", "Wagtail's sign-in and password forms for restricted pages"),
    "Single sign-on": (
        "sso/",
        "django-allauth's provider sign-in and callback (SOCIALACCOUNT_ONLY: no local sign-up or password "
        "screens); every sign-in passes pdsite.accounts.policy (tests/accounts/test_sso_provider.py)",
    ),
}

# Rows that are wrong today, each waiting for its fix (none: keep the set for the next one).
FOUND_ACCESS_BUGS: set[tuple[str, str, str]] = set()


def _cases():
    for name, entry in MATRIX.items():
        for state, expected in entry.expect.items():
            for role in ROLES:
                marks = []
                if (name, state, role) in FOUND_ACCESS_BUGS:
                    marks.append(pytest.mark.xfail(strict=True, reason="access bug found by the matrix (report)"))
                yield pytest.param(name, state, role, expected[role], marks=marks, id=f"{name}|{state}|{role}")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, _search_indexes, tmp_path_factory):
    """The world, built once in a transaction rolled back after the module's last test."""
    media = tmp_path_factory.mktemp("matrix-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_in_tmp():
    """Replaces conftest's per-test MEDIA_ROOT: the world's stored files are made once, by `world`."""


def _exemption(pattern) -> str | None:
    """The EXEMPT group a pattern pdsite does not define falls in (None: none, or pdsite's own)."""
    if is_pdsite_view(pattern):
        return None
    return next((group for group, (prefix, _) in EXEMPT.items() if pattern.route.startswith(prefix)), None)


def test_every_url_has_a_matrix_entry():
    """A URL pattern pdsite defines, or one outside the exempt groups, needs its MATRIX row."""
    missing = sorted(p.name for p in url_patterns() if p.name not in MATRIX and _exemption(p) is None)
    assert not missing, f"URL patterns without a permission-matrix entry: {missing}"


def test_every_matrix_entry_is_a_url():
    """A row for a URL that is gone is stale, and so is an exempt group that matches nothing."""
    patterns = url_patterns()
    assert sorted(set(MATRIX) - {p.name for p in patterns}) == [], "matrix entries for URLs that no longer exist"
    assert sorted(set(EXEMPT) - {_exemption(p) for p in patterns}) == [], "exempt groups that match no URL"


def test_every_entry_names_every_role_and_known_states():
    """Each row gives an answer for every role, in NONE or in each of the three page states; the
    expected-failure sets name only rows of the matrix."""
    for name, entry in MATRIX.items():
        assert set(entry.expect) in ({NONE}, set(PAGE_STATES)), name
        assert all(set(expected) == set(ROLES) for expected in entry.expect.values()), name
    rows = {(name, state, role) for name, entry in MATRIX.items() for state in entry.expect for role in ROLES}
    assert FOUND_ACCESS_BUGS <= rows


@pytest.mark.parametrize(("name", "state", "role", "expected"), list(_cases()))
def test_answer_matches_the_matrix(name, state, role, expected, world, db, client):
    """`role` asking `name` about the object in `state` gets the matrix's answer."""
    entry = MATRIX[name]
    args = entry.args(world, state)
    url = reverse(name, args=args) if isinstance(args, tuple) else reverse(name, kwargs=args)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    data = entry.data(world, state)
    send = getattr(client, entry.method)
    if entry.method == "get":
        response = send(url, entry.query)
    elif entry.as_json:
        response = send(url, json.dumps(data), content_type="application/json")
    elif entry.method == "put":
        response = send(url, b"", content_type="application/octet-stream")
    else:
        response = send(url, data)
    if response.streaming:  # reading to the end closes the file (response.close() would close the database connection)
        b"".join(response.streaming_content)
    assert outcome(response) == expected, f"{entry.method.upper()} {url} as {role}"
