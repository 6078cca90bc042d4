"""Watched intervals become a nummultirange on PostgreSQL (issue #17), so a heartbeat report
is one statement that merges into them where the row is locked (progress.fields). A new
column is filled from the JSON pairs, the JSON column is dropped and the new one takes its
name: every reader of `watched_intervals` still gets [[start, end], ...] floats. Other
engines keep JSON text. Reversible."""

import json

from django.db import migrations

import pdsite.progress.fields

TABLE = "courses_viewingrecord"


def _copy(apps, schema_editor, *, source, target, to_multirange):
    if schema_editor.connection.vendor == "postgresql":
        if to_multirange:  # sorted, disjoint pairs: range_agg merges whatever was there
            schema_editor.execute(
                f"UPDATE {TABLE} SET {target} = COALESCE((SELECT range_agg(numrange((p->>0)::numeric, "
                f"(p->>1)::numeric)) FROM jsonb_array_elements({source}) p WHERE (p->>1)::numeric > (p->>0)::numeric), "
                "'{}'::nummultirange)"
            )
        else:
            schema_editor.execute(
                f"UPDATE {TABLE} SET {target} = COALESCE((SELECT jsonb_agg(jsonb_build_array(lower(r)::float8, "
                f"upper(r)::float8) ORDER BY lower(r)) FROM unnest({source}) r), '[]'::jsonb)"
            )
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {source} FROM {TABLE}")
        for pk, value in cursor.fetchall():
            pairs = json.loads(value) if isinstance(value, str) else value
            cursor.execute(f"UPDATE {TABLE} SET {target} = %s WHERE id = %s", [json.dumps(pairs or []), pk])


def forwards(apps, schema_editor):
    _copy(apps, schema_editor, source="watched_intervals", target="watched", to_multirange=True)


def backwards(apps, schema_editor):
    _copy(apps, schema_editor, source="watched", target="watched_intervals", to_multirange=False)


class Migration(migrations.Migration):

    dependencies = [
        ("progress", "0004_uptake_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="viewingrecord",
            name="watched",
            field=pdsite.progress.fields.IntervalSetField(default=list),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="viewingrecord", name="watched_intervals"),
        migrations.RenameField(model_name="viewingrecord", old_name="watched", new_name="watched_intervals"),
    ]
