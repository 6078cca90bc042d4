"""Moving ViewingRecord to progress and the induction models to pathways loses nothing.

A database is built at the pre-move schema (every app at its last migration before the move:
courses 0004, no progress or pathways), filled through the historical models with rows in
every moved table (and a group and a user granted permissions on them, and a Wagtail log
entry about one), then migrated to the latest. Every table's row count, every moved row,
every content type id, every permission grant and the log entry must be unchanged, only
relabelled; the moved models must read the rows and insert new ones.

The migration runs in a subprocess against its own database (a file on SQLite, a
throwaway database on the PostgreSQL server of DATABASE_URL), so it never touches the test
database or another engineer's. Run as a script, this module is that subprocess.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MOVED = {
    "viewingrecord": "progress",
    "pathway": "pathways",
    "pathwaystep": "pathways",
    "inductionprofile": "pathways",
    "enrolment": "pathways",
    "stepprogress": "pathways",
    "mentorcomment": "pathways",
}
MOVED_TABLES = [f"courses_{model}" for model in MOVED] + ["courses_pathway_big_ideas", "courses_pathway_principles"]
MOVE_MIGRATIONS = [
    ("progress", "0001_initial"),
    ("pathways", "0001_initial"),
    ("courses", "0005_move_progress_and_pathways_out"),
]


def _migrate_and_compare(database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "pdsite.settings.test"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, __file__], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _intervals(value):
    """Watched intervals as [[start, end], ...] whether stored as JSON text or a multirange."""
    import json

    from pdsite.progress.fields import pairs_from_multirange

    if isinstance(value, str) and value.startswith("{"):
        return pairs_from_multirange(value)
    if isinstance(value, str):
        return json.loads(value)
    return value


def _check(snapshots: dict) -> None:
    before, after = snapshots["before"], snapshots["after"]

    # Every table keeps its rows; only the three move migrations are recorded. (Apps added
    # since the move bring new tables: only the tables there before are compared.)
    assert set(before["counts"]) <= set(after["counts"])
    after["counts"] = {table: after["counts"][table] for table in before["counts"]}
    # ...and their content types and permissions: those may only grow.
    for table in ("django_content_type", "auth_permission"):
        assert after["counts"].pop(table) >= before["counts"].pop(table), table
    applied = after["counts"].pop("django_migrations") - before["counts"].pop("django_migrations")
    assert applied >= len(MOVE_MIGRATIONS)
    assert after["counts"] == before["counts"]
    for table in MOVED_TABLES:
        assert before["counts"][table] > 0, f"{table} was not seeded"

    # Watched intervals were JSON text before the move; progress 0005 (issue #17) made them a
    # nummultirange on PostgreSQL. Either way they must hold the same seconds.
    for snapshot in (before, after):
        for row in snapshot["rows"].get("courses_viewingrecord", []):
            row["watched_intervals"] = _intervals(row.get("watched_intervals"))

    # Same rows, same values, in the same tables (later migrations may add columns: only
    # the columns the rows had before the move are compared).
    for table, rows in before["rows"].items():
        columns = set(rows[0]) if rows else set()
        assert [{c: row[c] for c in columns} for row in after["rows"][table]] == rows, table

    # Content types keep their ids under the new app labels; none is left behind.
    for model, label in MOVED.items():
        assert after["content_types"][f"{label}.{model}"] == before["content_types"][f"courses.{model}"]
        assert f"courses.{model}" not in after["content_types"]

    def relabelled(grants):
        return sorted(
            [who, MOVED[model] if label == "courses" and model in MOVED else label, model, codename, pk]
            for who, label, model, codename, pk in grants
        )

    assert sorted(after["group_permissions"]) == relabelled(before["group_permissions"])
    assert sorted(after["user_permissions"]) == relabelled(before["user_permissions"])
    assert after["log_entries"] == before["log_entries"]

    # The moved models read the old rows and write new ones.
    orm = after["orm"]
    assert orm["watched_intervals"] == [[0.0, 30.0], [40.0, 55.5]]
    assert orm["big_ideas"] == ["move-idea"] and orm["principles"] == ["move-principle"]
    assert orm["steps"] == ["Watch it", "Reflect"]
    assert orm["comment"] == "Good point" and orm["reflection"] == "I noticed..."
    assert orm["has_perms"] == {"pathways.change_pathway": True, "progress.view_viewingrecord": True, "pathways.add_enrolment": True}
    assert orm["new_pathway_pk"] > orm["max_old_pathway_pk"]
    assert orm["new_record_pk"] > orm["max_old_record_pk"]
    assert orm["log_entry_model"] == "pathways.pathway"


def test_moving_models_keeps_every_row_on_sqlite(tmp_path):
    _check(_migrate_and_compare(f"sqlite:///{tmp_path / 'move.sqlite3'}"))


def test_moving_models_keeps_every_row_on_postgresql():
    from benchmarks._support import throwaway_postgres
    from tests.conftest import require_service

    require_service("DATABASE_URL", "PostgreSQL")
    server = os.environ["DATABASE_URL"]
    name = f"{server.rpartition('/')[2]}_move"[:63]
    with throwaway_postgres(server, name=name) as url:
        _check(_migrate_and_compare(url))


@pytest.mark.django_db
def test_fresh_database_names_moved_models_under_their_new_apps():
    """A database migrated from nothing (the test database) has the moved models' content
    types and permissions under progress and pathways only."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    assert not ContentType.objects.filter(app_label="courses", model__in=list(MOVED)).exists()
    for model, label in MOVED.items():
        content_type = ContentType.objects.get(app_label=label, model=model)
        codenames = set(Permission.objects.filter(content_type=content_type).values_list("codename", flat=True))
        assert {f"{verb}_{model}" for verb in ("add", "change", "delete", "view")} <= codenames


# --- The subprocess ----------------------------------------------------------------------


def _pre_move_targets(graph) -> list[tuple[str, str]]:
    """Each app's last migration that does not come after the move (none for new apps)."""
    after = set().union(*(graph.backwards_plan(node) for node in MOVE_MIGRATIONS))  # with their dependants
    before = {node for node in graph.nodes if node not in after}
    targets = []
    for node in sorted(before):
        children = {child for child in graph.node_map[node].children if child[0] == node[0]}
        if not children & before:
            targets.append(node)
    return targets


def _seed(apps) -> None:
    """Rows in every moved table, written with the pre-move (historical) models."""
    import datetime

    from django.conf import settings
    from django.contrib.auth.management import create_permissions
    from django.utils import timezone

    # As the home migrations do: permissions exist for every model of this state.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    User = apps.get_model(settings.AUTH_USER_MODEL)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Video = apps.get_model("videos", "Video")
    BigIdea = apps.get_model("courses", "BigIdea")
    EssencePrinciple = apps.get_model("courses", "EssencePrinciple")
    Pathway = apps.get_model("courses", "Pathway")
    PathwayStep = apps.get_model("courses", "PathwayStep")
    InductionProfile = apps.get_model("courses", "InductionProfile")
    Enrolment = apps.get_model("courses", "Enrolment")
    StepProgress = apps.get_model("courses", "StepProgress")
    MentorComment = apps.get_model("courses", "MentorComment")
    ViewingRecord = apps.get_model("courses", "ViewingRecord")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")

    now = timezone.now()
    ect = User.objects.create(username="move-ect", password="!")
    mentor = User.objects.create(username="move-mentor", password="!")
    tutor = User.objects.create(username="move-tutor", password="!")
    video = Video.objects.create(title="Moved clip", source="videos/moved.mp4", status="ready", duration=120.0)
    ViewingRecord.objects.create(
        user=ect, video=video, watched_intervals=[[0.0, 30.0], [40.0, 55.5]], watched_seconds=45.5,
        coverage=45.5 / 120, last_position=55.5, last_report_at=now,
    )
    ViewingRecord.objects.create(
        user=mentor, video=video, watched_intervals=[[0.0, 120.0]], watched_seconds=120.0, coverage=1.0,
        last_position=120.0, completed_at=now, last_report_at=now,
    )
    idea = BigIdea.objects.create(slug="move-idea", name="Moved idea", summary="s", order=901)
    principle = EssencePrinciple.objects.create(order=901, group="classroom", slug="move-principle", title="Moved", summary="s")
    pathway = Pathway.objects.create(title="Moved pathway", slug="moved-pathway", intro="Intro", ect_year=1)
    # Through the join tables: a historical ParentalManyToManyField only writes on a cluster save.
    Pathway.big_ideas.through.objects.create(pathway=pathway, bigidea=idea)
    Pathway.principles.through.objects.create(pathway=pathway, essenceprinciple=principle)
    watch = PathwayStep.objects.create(pathway=pathway, sort_order=0, kind="watch", title="Watch it", start=5.0, end=25.0)
    reflect = PathwayStep.objects.create(pathway=pathway, sort_order=1, kind="reflection", title="Reflect", due_week=3)
    InductionProfile.objects.create(user=ect, ect_year=1, mentor=mentor, induction_tutor=tutor, start_date=datetime.date(2026, 9, 1))
    enrolment = Enrolment.objects.create(user=ect, pathway=pathway, start_date=datetime.date(2026, 9, 1), source="role")
    StepProgress.objects.create(enrolment=enrolment, step=watch, completed_at=now)
    progress = StepProgress.objects.create(
        enrolment=enrolment, step=reflect, text="I noticed...", evidence="pathways/evidence/2026/09/x.pdf",
        confirmed_by=mentor, completed_at=now,
    )
    MentorComment.objects.create(progress=progress, author=mentor, text="Good point")

    # Grants on the moved models, by group and by user, and an admin log entry about one.
    admins = Group.objects.create(name="Induction admins")
    for label, codename in (("courses", "change_pathway"), ("courses", "view_viewingrecord"), ("courses", "view_pathway")):
        admins.permissions.add(Permission.objects.get(content_type__app_label=label, codename=codename))
    admins.user_set.add(tutor)
    tutor.user_permissions.add(Permission.objects.get(content_type__app_label="courses", codename="add_enrolment"))
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get(app_label="courses", model="pathway"), label="Moved pathway",
        action="wagtail.edit", timestamp=now, object_id=str(pathway.pk), user=tutor,
    )


def _snapshot(connection) -> dict:
    """Row counts of every table; every row of the moved tables; content types; grants."""
    q = connection.ops.quote_name
    snapshot = {"counts": {}, "rows": {}}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {q(table)}")
            snapshot["counts"][table] = cursor.fetchone()[0]
        for table in MOVED_TABLES:
            cursor.execute(f"SELECT * FROM {q(table)} ORDER BY {q('id')}")
            columns = [column[0] for column in cursor.description]
            snapshot["rows"][table] = [dict(zip(columns, row)) for row in cursor.fetchall()]
        cursor.execute("SELECT id, app_label, model FROM django_content_type")
        snapshot["content_types"] = {f"{label}.{model}": pk for pk, label, model in cursor.fetchall()}
        cursor.execute(
            "SELECT g.name, ct.app_label, ct.model, p.codename, p.id FROM auth_group_permissions gp "
            "JOIN auth_group g ON g.id = gp.group_id JOIN auth_permission p ON p.id = gp.permission_id "
            "JOIN django_content_type ct ON ct.id = p.content_type_id"
        )
        snapshot["group_permissions"] = [list(row) for row in cursor.fetchall()]
        cursor.execute(
            "SELECT u.username, ct.app_label, ct.model, p.codename, p.id FROM auth_user_user_permissions up "
            "JOIN auth_user u ON u.id = up.user_id JOIN auth_permission p ON p.id = up.permission_id "
            "JOIN django_content_type ct ON ct.id = p.content_type_id"
        )
        snapshot["user_permissions"] = [list(row) for row in cursor.fetchall()]
        cursor.execute("SELECT id, content_type_id, object_id, label FROM wagtailcore_modellogentry ORDER BY id")
        snapshot["log_entries"] = [list(row) for row in cursor.fetchall()]
    return json.loads(json.dumps(snapshot, default=str))


def _read_with_moved_models() -> dict:
    from django.contrib.auth import get_user_model
    from django.db.models import Max
    from django.utils import timezone
    from wagtail.models import ModelLogEntry

    from pdsite.pathways.models import MentorComment, Pathway, StepProgress
    from pdsite.progress.models import ViewingRecord
    from pdsite.videos.models import Video

    User = get_user_model()
    ect, tutor = User.objects.get(username="move-ect"), User.objects.get(username="move-tutor")
    pathway = Pathway.objects.get(slug="moved-pathway")
    max_old_pathway = Pathway.objects.aggregate(value=Max("pk"))["value"]
    max_old_record = ViewingRecord.objects.aggregate(value=Max("pk"))["value"]
    new_pathway = Pathway.objects.create(title="After the move", slug="after-the-move")
    newcomer = User.objects.create(username="move-newcomer", password="!")
    new_record = ViewingRecord.objects.create(user=newcomer, video=Video.objects.get(title="Moved clip"), last_report_at=timezone.now())
    return {
        "watched_intervals": ViewingRecord.objects.get(user=ect).watched_intervals,
        "big_ideas": [idea.slug for idea in pathway.big_ideas.all()],
        "principles": [principle.slug for principle in pathway.principles.all()],
        "steps": [step.title for step in pathway.steps.all()],
        "comment": MentorComment.objects.get().text,
        "reflection": StepProgress.objects.get(step__kind="reflection", enrolment__user=ect).text,
        "has_perms": {
            perm: tutor.has_perm(perm)
            for perm in ("pathways.change_pathway", "progress.view_viewingrecord", "pathways.add_enrolment")
        },
        "max_old_pathway_pk": max_old_pathway,
        "new_pathway_pk": new_pathway.pk,
        "max_old_record_pk": max_old_record,
        "new_record_pk": new_record.pk,
        "log_entry_model": "{0.app_label}.{0.model}".format(ModelLogEntry.objects.get(label="Moved pathway").content_type),
    }


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    targets = _pre_move_targets(executor.loader.graph)
    executor.migrate(targets)
    _seed(executor.loader.project_state(targets).apps)
    before = _snapshot(connection)
    call_command("migrate", interactive=False, verbosity=0)
    after = _snapshot(connection)
    after["orm"] = _read_with_moved_models()
    print(json.dumps({"before": before, "after": after}, default=str))


if __name__ == "__main__":
    main()
