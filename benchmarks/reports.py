"""How fast the department reports are at school scale, and that their query counts stay flat (issue #8).

Needs PostgreSQL (the harness's throwaway SQLite says nothing about the production planner):
the server comes from ``PDSITE_BENCHMARK_DATABASE_URL``, else ``DATABASE_URL`` in
``.services.env``. A throwaway database ``<name>_bench_reports_<pid>`` is created on it
(a copy of the migrated template, ``_migrated``), seeded and dropped at the end, so
nobody's data is touched.

Seed: 500 teachers in 25 departments (sizes uneven; the last department in a second school),
200 clips (READY videos of 4–8 minutes linked to Big Ideas, principles and units), 20,000
viewing records this term, 300 assignments (2 of them a workshop's pre-viewing) for whole
departments. ``--quick``: a fifth of everything and 30 runs instead of 200.

Measures, warm (after one untimed run), each report's selector as the page calls it:
``department_grid`` of the largest department, ``workshop_roster`` of a 20-person workshop,
``school_uptake`` of the big school over the term. Query counts are taken on the largest and
the smallest department / workshop / school: ``queries_constant`` says they are equal.

Goals: every report ``queries`` <= 8 and constant; ``p95_ms`` <= 100.
"""

import os
import random
import time
from datetime import timedelta

import dj_database_url
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ._migrated import migrated_postgres
from ._support import database_name, percentile, postgres_server_url, progress

FULL = {"teachers": 500, "departments": 25, "clips": 200, "records": 20_000, "assignments": 300, "runs": 200}
QUICK = {"teachers": 100, "departments": 5, "clips": 40, "records": 4_000, "assignments": 60, "runs": 30}
MAX_QUERIES = 8
MAX_P95_MS = 100.0


def run(quick: bool) -> dict:
    sizes = QUICK if quick else FULL
    server = postgres_server_url()
    result = {"benchmark": "reports", "quick": quick, "sizes": sizes}
    if not server:
        return {**result, "goal": _goals(), "ok": False, "notes": "PostgreSQL not configured: set "
                "PDSITE_BENCHMARK_DATABASE_URL or DATABASE_URL in .services.env."}
    name = f"{database_name(server)}_bench_reports_{os.getpid()}"
    progress(f"creating the throwaway PostgreSQL database {name}")
    with migrated_postgres(server, name=name) as url:
        previous = _switch_database(dj_database_url.parse(url))
        try:
            # The search index is not what is measured; its in-process backend was set up for SQLite.
            settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False
            progress(f"seeding {sizes}")
            seeded = _seed(sizes)
            result.update(_measure(seeded, runs=sizes["runs"]))
        finally:
            connections["default"].close()
            _switch_database(previous)
    progress(f"dropped {name}")
    reports = result["reports"]
    ok = all(r["queries"] <= MAX_QUERIES and r["queries_constant"] and r["p95_ms"] <= MAX_P95_MS for r in reports.values())
    return {**result, "goal": _goals(), "ok": ok}


def _goals() -> dict:
    return {"queries": f"<= {MAX_QUERIES} and constant", "p95_ms": f"<= {MAX_P95_MS:.0f}"}


def _switch_database(config: dict) -> dict:
    """Point the default connection at `config`; return the old settings."""
    previous = dict(connections.settings["default"])
    connections["default"].close()
    connections.settings["default"] = connections.configure_settings({"default": dict(config)})["default"]
    try:
        del connections._connections.default
    except AttributeError:
        pass
    return previous


# --- Seeding (bulk, set-based) ---------------------------------------------------------


def _seed(sizes: dict) -> dict:
    from django.contrib.auth import get_user_model

    from pdsite.courses.models import (
        BigIdea,
        Block,
        ClipLibraryPage,
        EssencePrinciple,
        PDVideoPage,
        Unit,
        Year,
    )
    from pdsite.progress.models import ViewingRecord
    from pdsite.departments.models import (
        Assignment,
        AssignmentRecipient,
        Department,
        Membership,
        Role,
        School,
        Workshop,
        WorkshopAttendee,
    )
    from pdsite.home.models import HomePage
    from wagtail.models import Page
    from pdsite.videos.models import Video

    rng = random.Random(8)
    User = get_user_model()
    now = timezone.now()

    big, small_school = School.objects.create(name="Big School", slug="big"), School.objects.create(
        name="Small School", slug="small"
    )
    n_dept = sizes["departments"]
    departments = Department.objects.bulk_create(
        Department(school=big if i < n_dept - 1 else small_school, name=f"Dept {i}", slug=f"dept-{i}")
        for i in range(n_dept)
    )
    users = User.objects.bulk_create(
        User(username=f"t{i}", email=f"t{i}@school.example", first_name="T", last_name=f"{i:04d}", password="!")
        for i in range(sizes["teachers"])
    )
    # Uneven sizes: department 0 is the largest, the last one the smallest (3 people).
    weights = [n_dept - i + 2 for i in range(n_dept)]
    counts = [max(3, sizes["teachers"] * w // sum(weights)) for w in weights]
    counts[0] += sizes["teachers"] - sum(counts)
    members_of, cursor, memberships = {}, 0, []
    for dept, count in zip(departments, counts):
        chunk = users[cursor : cursor + count]
        cursor += count
        members_of[dept.pk] = chunk
        memberships += [
            Membership(department=dept, user=u, role=Role.HEAD if j == 0 else Role.TEACHER) for j, u in enumerate(chunk)
        ]
    Membership.objects.bulk_create(memberships)

    year, _ = Year.objects.get_or_create(number=7, defaults={"key_stage": "ks3"})
    block = Block.objects.create(year=year, term="autumn", title="Bench block")
    units = Unit.objects.bulk_create(Unit(block=block, title=f"Unit {i}", slug=f"bench-unit-{i}") for i in range(12))
    ideas, principles = list(BigIdea.objects.all()), list(EssencePrinciple.objects.all())

    videos = Video.objects.bulk_create(
        Video(title=f"Clip {i}", source=f"bench/{i}.mp4", status=Video.Status.READY, duration=rng.randint(240, 480))
        for i in range(sizes["clips"])
    )
    home = HomePage.objects.get()
    library = home.add_child(instance=ClipLibraryPage(title="Clips", slug="clips"))
    pages = []
    for i, video in enumerate(videos):
        pages.append(library.add_child(instance=PDVideoPage(title=f"Clip {i}", slug=f"clip-{i}", video=video)))
    PDVideoPage.big_ideas.through.objects.bulk_create(
        PDVideoPage.big_ideas.through(pdvideopage_id=p.pk, bigidea_id=ideas[i % len(ideas)].pk) for i, p in enumerate(pages)
    ) if ideas else None
    PDVideoPage.principles.through.objects.bulk_create(
        PDVideoPage.principles.through(pdvideopage_id=p.pk, essenceprinciple_id=principles[i % len(principles)].pk)
        for i, p in enumerate(pages)
    ) if principles else None
    PDVideoPage.units.through.objects.bulk_create(
        PDVideoPage.units.through(pdvideopage_id=p.pk, unit_id=units[i % len(units)].pk) for i, p in enumerate(pages)
    )

    pairs = set()
    while len(pairs) < sizes["records"]:
        pairs.add((rng.randrange(len(users)), rng.randrange(len(videos))))
    records = []
    for ui, vi in pairs:
        video = videos[vi]
        seconds = rng.uniform(5, video.duration)
        coverage = seconds / video.duration
        when = now - timedelta(hours=rng.randint(1, 400))
        records.append(
            ViewingRecord(
                user=users[ui], video=video, watched_intervals=[[0.0, seconds]], watched_seconds=seconds,
                coverage=coverage, last_position=seconds, last_report_at=when,
                completed_at=when if coverage >= 0.9 else None,
            )
        )
    ViewingRecord.objects.bulk_create(records, batch_size=2000)

    def workshop_for(dept, attendees, title):
        starts = now + timedelta(days=3)
        w = Workshop.objects.create(
            department=dept, title=title, starts_at=starts, pre_viewing_due_at=Workshop.default_due(starts),
            follow_up_at=Workshop.default_follow_up(starts),
        )
        WorkshopAttendee.objects.bulk_create(WorkshopAttendee(workshop=w, user=u) for u in attendees)
        return w

    big_workshop = workshop_for(departments[0], members_of[departments[0].pk][:20], "Equality and equivalence")
    small_workshop = workshop_for(departments[-1], members_of[departments[-1].pk][:2], "Small TRG")
    assignments = []
    for i in range(sizes["assignments"]):
        if i < 2:
            dept, workshop = departments[0], big_workshop
        elif i < 4:
            dept, workshop = departments[-1], small_workshop
        else:
            dept, workshop = departments[i % (n_dept - 1)], None  # the smallest department gets only its 2
        due = workshop.pre_viewing_due_at if workshop else now + timedelta(days=rng.randint(-10, 20))
        assignments.append(Assignment(department=dept, workshop=workshop, kind="clip", clip=rng.choice(pages), due_at=due))
    assignments = Assignment.objects.bulk_create(assignments)
    AssignmentRecipient.objects.bulk_create(
        (
            AssignmentRecipient(assignment=a, user=u)
            for a in assignments
            for u in (
                [row.user for row in a.workshop.attendee_rows.select_related("user")] if a.workshop else members_of[a.department_id]
            )
        ),
        batch_size=5000,
    )
    # As autovacuum would after a bulk load: the planner needs row counts to choose hash joins.
    # Only the tables seeded here (the rest of the database is as migrated, and small).
    seeded_models = [User, Membership, Department, Video, PDVideoPage, ViewingRecord, Assignment, AssignmentRecipient,
                     WorkshopAttendee, PDVideoPage.big_ideas.through, PDVideoPage.principles.through,
                     PDVideoPage.units.through, Unit, Page]
    tables = ", ".join(connections["default"].ops.quote_name(model._meta.db_table) for model in seeded_models)
    with connections["default"].cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
    progress(f"seeded {len(users)} teachers, {len(pages)} clips, {len(records)} records, {len(assignments)} assignments")
    return {
        "largest": departments[0], "smallest": departments[-1],
        "big_workshop": big_workshop, "small_workshop": small_workshop,
        "big_school": big, "small_school": small_school,
    }


# --- Measuring -------------------------------------------------------------------------


def _measure(seeded: dict, *, runs: int) -> dict:
    from pdsite.departments.selectors import reports as report_selectors

    term = report_selectors.TermWindow.containing(timezone.localdate())
    cases = {
        "department_grid": (
            lambda target: report_selectors.department_grid(department=target), seeded["largest"], seeded["smallest"],
        ),
        "workshop_roster": (
            lambda target: report_selectors.workshop_roster(workshop=target),
            seeded["big_workshop"],
            seeded["small_workshop"],
        ),
        "school_uptake": (
            lambda target: report_selectors.school_uptake(school=target, term=term),
            seeded["big_school"],
            seeded["small_school"],
        ),
    }
    reports = {}
    for name, (call, large, small) in cases.items():
        call(large)  # warm
        counts = []
        for target in (large, small):
            with CaptureQueriesContext(connections["default"]) as captured:
                call(target)
            counts.append(len(captured.captured_queries))
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            call(large)
            times.append((time.perf_counter() - start) * 1000)
        reports[name] = {
            "queries": counts[0],
            "queries_small": counts[1],
            "queries_constant": counts[0] == counts[1],
            "p50_ms": round(percentile(times, 0.50), 2),
            "p95_ms": round(percentile(times, 0.95), 2),
            "runs": runs,
        }
        progress(f"{name}: {reports[name]}")
    return {"reports": reports}
