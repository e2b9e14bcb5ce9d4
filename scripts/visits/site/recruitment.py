"""The recruitment dashboard: open applications per stage and time waited, and where each
month's applicants got to, with a chart.

Counts of candidates are counts of people, so every table here is protected like
the statistics (stats/suppress.py: "<k" for small counts, secondary suppression
against the totals), then settled and audited with every other published table
(stats/publication.py), once, then written in each language. The two monthly
tables share their rows' totals, so they are protected as one system: a total
hidden in one is hidden in the other. No candidate's code or name is shown; the digest names the candidates waiting.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from visits.i18n import N_
from visits.recruitment import STAGES, Standing, standings
from visits.retention import add_months
from visits.site.markdown import escape
from visits.site.text import Text
from visits.stats.charts import column_chart
from visits.stats.grids import TOTAL, Grid, build_grid
from visits.stats.periods import month_of
from visits.stats.suppress import protect
from visits.stats.tables import Table

# The English names are the cells' keys; the page shows them translated.
STAGE_ROWS = {
    "applied": N_("Applied, waiting for an interview"),
    "interviewed": N_("Interviewed, waiting for the training"),
    "trained": N_("Trained, waiting for a first visit"),
    "first_visit": N_("First visit made, waiting for a decision"),
}
STAGE_COLUMNS = {
    "applied": N_("Applied"),
    "interviewed": N_("Interviewed"),
    "trained": N_("Trained"),
    "first_visit": N_("First visit"),
}
OUTCOME_COLUMNS = {
    None: N_("Still open"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "withdrew": N_("Withdrew"),
}
# (column, longest wait in days it holds)
WAITS = ((N_("Up to 2 weeks"), 14), (N_("2 to 4 weeks"), 28), (N_("1 to 3 months"), 91), (N_("Over 3 months"), None))
MONTHS_SHOWN = 12


def _band(days: int) -> str:
    return next(name for name, longest in WAITS if longest is None or days <= longest)


def waiting_grid(items: list[Standing], today: dt.date, k: int) -> Grid:
    """Open applications: stage reached (rows, with their total) by time waited since."""
    open_ones = [item for item in items if item.open]
    rows = [STAGE_ROWS[stage] for stage in STAGES]
    counts = {(STAGE_ROWS[item.stage], _band(item.waited(today))): 0 for item in open_ones}
    for item in open_ones:
        counts[STAGE_ROWS[item.stage], _band(item.waited(today))] += 1
    return build_grid(
        [*rows, TOTAL],
        [name for name, _ in WAITS],
        lambda row, column: counts.get((row, column), 0),
        k=k,
        sums={TOTAL: rows},
    )


def last_months(today: dt.date) -> list[str]:
    first = add_months(today.replace(day=1), 1 - MONTHS_SHOWN)
    return [month_of(add_months(first, offset)) for offset in range(MONTHS_SHOWN)]


def monthly_cells(items: list[Standing], months: list[str], k: int) -> dict:
    """The cells of `monthly_grid`, protected on their own."""
    return monthly_grid(items, months, k).cells


def monthly_grid(items: list[Standing], months: list[str], k: int) -> Grid:
    """Applications per month by furthest stage and by outcome, with the totals, protected
    together: both breakdowns add up to the same row totals (one grid, one Total column)."""
    stage_columns, outcome_columns = list(STAGE_COLUMNS.values()), list(OUTCOME_COLUMNS.values())
    rows = [*months, TOTAL]
    values = {(row, column): 0 for row in rows for column in [*stage_columns, *outcome_columns, TOTAL]}
    for item in items:
        month = month_of(item.applied)
        if month in months:
            for row in (month, TOTAL):
                values[row, STAGE_COLUMNS[item.stage]] += 1
                values[row, OUTCOME_COLUMNS[item.outcome]] += 1
                values[row, TOTAL] += 1
    equations = [
        ((row, TOTAL), [(row, column) for column in columns])
        for row in rows
        for columns in (stage_columns, outcome_columns)
    ]
    equations += [
        ((TOTAL, column), [(month, column) for month in months]) for column in [*stage_columns, *outcome_columns, TOTAL]
    ]

    def rank(key) -> int:
        return (key[0] == TOTAL) + (key[1] == TOTAL)

    columns = [*stage_columns, *outcome_columns, TOTAL]
    return Grid(rows, columns, protect(values, equations, k, rank), k, False, equations, frozenset(), values)


@dataclass
class Recruitment:
    """What the page shows, counted and protected once for every language."""

    today: dt.date
    k: int
    wait_days: int
    months_kept: int
    months: list[str]
    waiting: Grid
    cells: Grid


def gather_recruitment(corpus, config: dict, today: dt.date, published=None) -> Recruitment:
    """`published` (stats.publication.Publication) holds these grids settled with every other table."""
    if getattr(published, "recruitment", None) is not None:
        return published.recruitment
    k = config["privacy"]["min_count"]
    items = standings(corpus, today)
    months = last_months(today)
    return Recruitment(
        today,
        k,
        config["programme"]["candidate_wait_days"],
        config["retention"]["candidate_months"],
        months,
        waiting_grid(items, today, k),
        monthly_grid(items, months, k),
    )


def recruitment_page(data: Recruitment, text: Text) -> dict[str, str]:
    """The page and its CSV and SVG files, relative to the dashboards folder."""
    t = text.t
    total = text.gettext("Total")
    parts = [
        "*"
        + text.gettext("As of {date}, from the candidate records merged so far.", date=text.date(data.today, "long"))
        + "* "
        + text.gettext(
            "Only counts are shown here; candidates waiting longer than {days} days are named in the "
            "weekly digest (`visits digest`) and by `visits validate`.",
            days=data.wait_days,
        ),
        "## " + text.gettext("Open applications per stage"),
    ]
    files: dict[str, str] = {}

    def add(table: Table) -> None:
        files[table.csv_name] = table.csv()
        parts.append(table.markdown(3, t))

    waits = [name for name, _longest in WAITS]
    add(
        Table(
            "open-applications",
            text.gettext("Open applications by stage and time waited"),
            [text.gettext("Stage"), *(text.gettext(name) for name in waits)],
            [
                [text.gettext(row), *(data.waiting[row, name] for name in waits)]
                for row in [*STAGE_ROWS.values(), TOTAL]
            ],
            text.gettext(
                "Each open application once, at the furthest stage reached, by the days since it was reached."
            ),
        )
    )
    labels = {month: f"{t.month(int(month[5:]), 'abbreviated')} {month[:4]}" for month in data.months}
    labels[TOTAL] = total
    parts.append("## " + text.gettext("Applications by month"))
    if data.months_kept:
        parts.append(
            text.gettext(
                "Declined and withdrawn applications are removed {months} months after the decision "
                "(retention), so the older months count fewer of them.",
                months=data.months_kept,
            )
        )
    for slug, title, columns, about in (
        (
            "applications-by-stage",
            N_("How far each month's applicants got"),
            list(STAGE_COLUMNS.values()),
            N_("Applications by the month they arrived, each counted once at the furthest stage reached."),
        ),
        (
            "applications-by-outcome",
            N_("How each month's applications ended"),
            list(OUTCOME_COLUMNS.values()),
            N_(
                "The same applications by their decision: accepted, declined by the programme, or "
                "withdrawn by the candidate."
            ),
        ),
    ):
        rows = [
            [labels[row], *(data.cells[row, column] for column in [*columns, TOTAL])] for row in [*data.months, TOTAL]
        ]
        add(
            Table(
                slug,
                text.gettext(title),
                [text.gettext("Month applied"), *(text.gettext(c) for c in columns), total],
                rows,
                text.gettext(about),
            )
        )
    series = [
        (text.gettext(column), [data.cells[month, column] for month in data.months])
        for column in STAGE_COLUMNS.values()
    ]
    files["applications-by-month.svg"] = column_chart(
        text.gettext("Applications per month"),
        text.gettext(
            "Applications per month of arrival, stacked by the furthest stage reached; hidden counts have no bar."
        ),
        [t.month(int(month[5:]), "abbreviated") for month in data.months],
        series,
    )
    alt = escape(text.gettext("Applications per month, by the furthest stage reached"))
    parts.append(f"![{alt}](applications-by-month.svg)")
    parts.append(_note(text, data.k))
    title = text.gettext("Recruitment")
    front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n# {escape(title)}\n"
    body = "\n\n".join(part.strip("\n") for part in parts)
    return {"recruitment.md": f"{front}\n{body}\n", **files}


def _note(text: Text, k: int) -> str:
    if k <= 1:
        return '!!! note "{title}"\n    {body}'.format(
            title=text.gettext("Small numbers"),
            body=text.gettext("privacy.min_count is 1 in visits.yml: no count is hidden."),
        )
    return '!!! note "{title}"\n    {body}'.format(
        title=text.gettext("Small numbers are hidden"),
        body=text.gettext(
            "Counts of candidates from 1 to {below} are shown as **&lt;{k}**. A cell marked **x** is "
            "hidden too, so that a small count cannot be worked out from the totals. Zero is shown. "
            "The CSV files hold exactly what the tables show.",
            below=k - 1,
            k=k,
        ),
    )
