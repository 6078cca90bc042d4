"""Vocabularies for spelling correction in the database fallback (see pdsite.search.spelling).

PostgreSQL: the pg_trgm extension, the SearchWord table with a trigram GIN index, filled from
the moments indexed so far. SQLite: fts5vocab tables over the moments' FTS5 table (a list of
its terms, and where each occurs); they read the FTS5 index itself, so need no upkeep.
"""

import re

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

FTS_TABLE = "pdsite_search_moment_fts"
TRIGRAM_INDEX = "pdsite_search_word_trgm"
WORD = re.compile(r"[^\W\d_]{3,64}")


def create_structures(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON pdsite_search_searchword USING gin (word gin_trgm_ops)"
        )
        SearchMoment = apps.get_model("pdsite_search", "SearchMoment")
        SearchWord = apps.get_model("pdsite_search", "SearchWord")
        words = set()
        for text, context in SearchMoment.objects.values_list("text", "context").iterator(chunk_size=2000):
            words.update(word.lower() for word in WORD.findall(f"{text} {context}"))
        SearchWord.objects.bulk_create([SearchWord(word=word) for word in words], ignore_conflicts=True, batch_size=2000)
    elif vendor == "sqlite":
        for kind in ("row", "instance"):
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE}_{kind} USING fts5vocab({FTS_TABLE}, '{kind}')"
            )


def drop_structures(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
    elif vendor == "sqlite":
        for kind in ("row", "instance"):
            schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}_{kind}")


class Migration(migrations.Migration):
    dependencies = [("pdsite_search", "0003_pd_leads_edit_synonyms")]

    operations = [
        TrigramExtension(),  # a no-op on other databases
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=64, unique=True)),
            ],
        ),
        migrations.RunPython(create_structures, drop_structures),
    ]
