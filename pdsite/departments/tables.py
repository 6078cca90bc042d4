"""Each report as a plain table of text (header + rows). The page and its CSV export both
render this one table, so the download always says what the screen says."""

from dataclasses import dataclass

from .selectors.reports import Grid, Retention, Roster, UptakeRow

NOT_ASSIGNED = "—"


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str = ""


def grid_table(grid: Grid) -> Table:
    header = ["Teacher", "Role"] + [f"{a.title} (due {_when(a.due_at)})" for a in grid.items]
    rows = []
    for row in grid.rows:
        cells = [
            NOT_ASSIGNED if cell is None else f"{cell.label} · {cell.percent} % · {cell.minutes_watched} min"
            for cell in row.cells
        ]
        rows.append([_name(row.user), row.role] + cells)
    return Table(header, rows)


def roster_table(roster: Roster) -> Table:
    header = ["Teacher"] + [a.title for a in roster.items] + ["Ready"]
    if roster.held:
        header += ["Attended", "Follow-up"]
    rows = []
    for row in roster.rows:
        line = [_name(row.user)] + [_with_percent(c) for c in row.cells] + ["Yes" if row.ready else "No"]
        if roster.held:
            line += [{True: "Yes", False: "No", None: "Not recorded"}[row.attended], "Yes" if row.followed_up else "No"]
        rows.append(line)
    return Table(header, rows, caption=roster.readiness)


def uptake_table(rows: list[UptakeRow]) -> Table:
    header = ["Grouped by", "Name", "Teachers who watched", "Share of teachers", "Hours watched", "Completions"]
    return Table(
        header,
        [
            [r.dimension, r.name, str(r.teachers), f"{r.percent_teachers} %", f"{r.hours:.2f}", str(r.completions)]
            for r in rows
        ],
    )


def retention_table(retention: Retention) -> Table:
    return Table(
        ["Second", "Viewers", "Share of viewers"],
        [[str(s), str(n), f"{retention.percent_at(s)} %"] for s, n in enumerate(retention.curve)],
    )


def _with_percent(cell) -> str:
    return cell.label if "%" in cell.label else f"{cell.label} ({cell.percent} %)"


def _name(user) -> str:
    return user.get_full_name() or user.username


def _when(moment) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%d %b %Y %H:%M")
