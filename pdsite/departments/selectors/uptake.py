"""School uptake over a term: per Big Idea, Essence principle and unit, how many of the
school's teachers watched, hours watched and completions (`school_uptake`).

The numbers are read from the viewing records themselves (the same rows, coverage and
`completed_at` the grid, the roster and My learning read), in one aggregate statement:
the term's records of the school's teachers are read once, joined to each clip's tags
(every (video, tag) once, however many pages show the video) and counted with integer keys,
which keeps the statement fast at school scale (the reports benchmark). Portable SQL:
PostgreSQL and SQLite run it alike. The term's records are found through the viewing records'
`viewingrecord_uptake_idx` (progress 0004: `last_report_at` and every column read here), so
when the term holds only part of the records they are read from the index alone.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from django.db import connection

from pdsite.courses.models import BigIdea, Block, EssencePrinciple, PDVideoPage, Unit, Year
from pdsite.progress.models import ViewingRecord

from ..models import Department, Membership


@dataclass(frozen=True)
class UptakeRow:
    dimension: str  # "Big Idea", "Essence principle", "Unit"
    name: str
    teachers: int
    of_teachers: int
    hours: float
    completions: int

    @property
    def percent_teachers(self) -> int:
        return round(self.teachers * 100 / self.of_teachers) if self.of_teachers else 0


UPTAKE_DIMENSIONS = [
    # label, path from ViewingRecord to the name, ordering key (what the statement joins)
    ("Big Idea", "video__pages__big_ideas__name", "video__pages__big_ideas__order"),
    ("Essence principle", "video__pages__principles__title", "video__pages__principles__order"),
    ("Unit", "video__pages__units__title", "video__pages__units__block__year__number"),
]


def school_uptake(*, school, term) -> list[UptakeRow]:
    """Per Big Idea, principle and unit (in that order, each by position then name): how many
    of the school's teachers watched in `term` (a `reports.TermWindow`), hours watched,
    completions. Rows with the same name and position are one row. One query."""
    with connection.cursor() as cursor:
        adapt = connection.ops.adapt_datetimefield_value
        cursor.execute(_uptake_sql(), [school.pk, adapt(term.start), adapt(term.end)])
        rows = cursor.fetchall()
    return [
        UptakeRow(UPTAKE_DIMENSIONS[dimension][0], name, teachers, of_teachers, round((seconds or 0) / 3600, 2), int(completions))
        for dimension, name, teachers, of_teachers, seconds, completions in rows
    ]


def group_rows(rows: list[UptakeRow]) -> dict[str, list[UptakeRow]]:
    grouped: dict[str, list[UptakeRow]] = defaultdict(list)
    for row in rows:
        grouped[row.dimension].append(row)
    return dict(grouped)


@cache
def _uptake_sql() -> str:
    """The statement, with the table names of the models (built once)."""
    t = {
        "record": ViewingRecord._meta.db_table,
        "membership": Membership._meta.db_table,
        "department": Department._meta.db_table,
        "page": PDVideoPage._meta.db_table,
        "page_ideas": PDVideoPage.big_ideas.through._meta.db_table,
        "page_principles": PDVideoPage.principles.through._meta.db_table,
        "page_units": PDVideoPage.units.through._meta.db_table,
        "idea": BigIdea._meta.db_table,
        "principle": EssencePrinciple._meta.db_table,
        "unit": Unit._meta.db_table,
        "block": Block._meta.db_table,
        "year": Year._meta.db_table,
    }
    return f"""
    WITH teachers AS (
        SELECT DISTINCT m.user_id FROM {t["membership"]} m
        JOIN {t["department"]} d ON d.id = m.department_id WHERE d.school_id = %s
    ), watched AS MATERIALIZED (
        SELECT r.user_id, r.video_id, r.watched_seconds,
               CASE WHEN r.completed_at IS NULL THEN 0 ELSE 1 END AS completed
        FROM {t["record"]} r
        WHERE r.last_report_at >= %s AND r.last_report_at < %s
          AND r.user_id IN (SELECT user_id FROM teachers)
    ), tags AS (
        SELECT p.video_id, 0 AS dimension, i.name, i."order" AS position
        FROM {t["page"]} p JOIN {t["page_ideas"]} l ON l.pdvideopage_id = p.page_ptr_id
        JOIN {t["idea"]} i ON i.id = l.bigidea_id
        UNION
        SELECT p.video_id, 1, e.title, e."order"
        FROM {t["page"]} p JOIN {t["page_principles"]} l ON l.pdvideopage_id = p.page_ptr_id
        JOIN {t["principle"]} e ON e.id = l.essenceprinciple_id
        UNION
        SELECT p.video_id, 2, u.title, y.number
        FROM {t["page"]} p JOIN {t["page_units"]} l ON l.pdvideopage_id = p.page_ptr_id
        JOIN {t["unit"]} u ON u.id = l.unit_id JOIN {t["block"]} b ON b.id = u.block_id
        JOIN {t["year"]} y ON y.id = b.year_id
    ), named AS MATERIALIZED (
        -- One integer per (dimension, name, position): what the rows are counted by.
        SELECT video_id, dimension, name, position,
               DENSE_RANK() OVER (ORDER BY dimension, position, name) AS tag
        FROM tags WHERE video_id IS NOT NULL
    ), per_video AS (
        SELECT video_id, SUM(watched_seconds) AS seconds, SUM(completed) AS completions
        FROM watched GROUP BY video_id
    ), totals AS (
        SELECT n.tag, SUM(v.seconds) AS seconds, SUM(v.completions) AS completions
        FROM named n JOIN per_video v ON v.video_id = n.video_id GROUP BY n.tag
    ), viewers AS (
        SELECT tag, COUNT(*) AS teachers FROM (
            SELECT DISTINCT n.tag, w.user_id FROM named n JOIN watched w ON w.video_id = n.video_id
        ) pairs GROUP BY tag
    ), labels AS (
        SELECT DISTINCT tag, dimension, name, position FROM named
    )
    SELECT labels.dimension, labels.name, viewers.teachers, (SELECT COUNT(*) FROM teachers),
           totals.seconds, totals.completions
    FROM labels JOIN totals ON totals.tag = labels.tag JOIN viewers ON viewers.tag = labels.tag
    ORDER BY labels.tag
    """
