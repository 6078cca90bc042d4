"""The PostgreSQL half of ``benchmarks.search``, run as a child process on its own database.

``python -m benchmarks._search_postgres SEGMENTS`` with DATABASE_URL pointing at an empty
database (a copy of the migrated template): checks it is migrated, builds the library through the indexing code (tsvector + GIN), times
the 200 queries through the fallback's real code (``backends.postgres_page``) and prints
one JSON object on the last line.
"""

import json
import os
import sys
import time


def main() -> int:
    count = int(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pdsite.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from pdsite.search import backends
    from pdsite.search.indexing import current_synonyms
    from pdsite.search.query import parse_query

    from ._search_data import build_moments, build_rows, filtered_subset, queries, time_queries
    from ._support import progress

    progress("postgres: checking the benchmark database is migrated")
    call_command("migrate", interactive=False, verbosity=0)
    progress(f"postgres: {count} segments")
    video_ids = build_rows(count)
    started = time.perf_counter()
    build_moments(video_ids)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE pdsite_search_searchmoment")
        cursor.execute("ANALYZE videos_transcriptsegment")
    build_seconds = time.perf_counter() - started
    subset = filtered_subset(video_ids)
    synonyms = current_synonyms()
    query_list = queries()

    def full_text(text: str, filtered: bool) -> None:
        backends.postgres_page(
            parse_query(text), synonyms, visible=video_ids, filtered=subset if filtered else video_ids,
            offset=0, limit=10,
        )  # fmt: skip

    progress("postgres: full-text queries")
    fts = time_queries(full_text, query_list)

    print(json.dumps(dict(fts, build_seconds=round(build_seconds, 2))), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
