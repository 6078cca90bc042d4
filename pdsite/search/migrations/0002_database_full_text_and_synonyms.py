"""Database full-text structures for moments, by database, and the seeded synonym list.

PostgreSQL: a GIN index on SearchMoment.search_vector (filled by pdsite.search.indexing).
SQLite: an FTS5 table (porter stemming) keyed by the moment's id, maintained by the same code.
"""

from django.db import migrations

FTS_TABLE = "pdsite_search_moment_fts"
GIN_INDEX = "pdsite_search_moment_vector_gin"

SEED_SYNONYMS = [
    "bar model, tape diagram, strip diagram",
    "nth term, general term, position-to-term rule",
    "directed number, negative number, signed number",
    "double number line, dual number line",
    "counters, double-sided counters",
    "hypotenuse, longest side",
    "gradient, slope",
    "equals sign, equal sign",
    "ratio table, proportion table",
    "common difference, constant difference",
]


def create_structures(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON pdsite_search_searchmoment USING gin (search_vector)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(text, context, tokenize='porter unicode61')"
        )


def drop_structures(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def seed_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("pdsite_search", "SearchSynonym")
    for terms in SEED_SYNONYMS:
        SearchSynonym.objects.get_or_create(terms=terms)


class Migration(migrations.Migration):
    dependencies = [("pdsite_search", "0001_search_moments")]

    operations = [
        migrations.RunPython(create_structures, drop_structures),
        migrations.RunPython(seed_synonyms, migrations.RunPython.noop),
    ]
