"""The recruitment dashboard: open applications per stage and time waited, and where each
month's applicants got to, with a chart.

Counts of candidates are counts of people, so every table here is protected like
the statistics (stats/suppress.py: "<k" for small counts, secondary suppression
against the totals). The two monthly tables share their rows' totals, so they are
protected as one system: a total hidden in one is hidden in the other. No
candidate's code or name is shown; the digest names the candidates waiting.
"""

from __future__ import annotations

import datetime as dt

from visits.recruitment import STAGES, Standing, standings
from visits.retention import add_months
from visits.stats.charts import column_chart
from visits.stats.grids import TOTAL, Grid, build_grid
from visits.stats.page import Page, suppression_note
from visits.stats.periods import month_abbreviation, month_of
from visits.stats.suppress import protect
from visits.stats.tables import Table

STAGE_ROWS = {
    "applied": "Applied, waiting for an interview",
    "interviewed": "Interviewed, waiting for the training",
    "trained": "Trained, waiting for a first visit",
    "first_visit": "First visit made, waiting for a decision",
}
STAGE_COLUMNS = {"applied": "Applied", "interviewed": "Interviewed", "trained": "Trained", "first_visit": "First visit"}
OUTCOME_COLUMNS = {None: "Still open", "accepted": "Accepted", "declined": "Declined", "withdrew": "Withdrew"}
# (column, longest wait in days it holds)
WAITS = (("Up to 2 weeks", 14), ("2 to 4 weeks", 28), ("1 to 3 months", 91), ("Over 3 months", None))
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
    """Applications per month by furthest stage and by outcome, with the totals, protected
    together: both breakdowns add up to the same row totals."""
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

    return protect(values, equations, k, rank)


def recruitment_page(corpus, config: dict, today: dt.date) -> dict[str, str]:
    """The page and its CSV and SVG files, relative to the dashboards folder."""
    k = config["privacy"]["min_count"]
    wait_days = config["programme"]["candidate_wait_days"]
    items = standings(corpus, today)
    page = Page("recruitment.md", "Recruitment")
    page.text(
        f"*As of {today.isoformat()}, from the candidate records merged so far.* Only counts are "
        "shown here; candidates waiting longer than "
        f"{wait_days} days are named in the weekly digest (`visits digest`) and by `visits validate`."
    )
    grid = waiting_grid(items, today, k)
    page.heading("Open applications per stage")
    page.table(
        grid.table(
            "open-applications",
            "Open applications by stage and time waited",
            "Each open application once, at the furthest stage reached, by the days since it was reached.",
            "Stage",
        )
    )
    months_kept = config["retention"]["candidate_months"]
    months = last_months(today)
    cells = monthly_cells(items, months, k)
    labels = {month: f"{month_abbreviation(month)} {month[:4]}" for month in months}
    page.heading("Applications by month")
    if months_kept:
        page.text(
            f"Declined and withdrawn applications are removed {months_kept} months after the decision "
            "(retention), so the older months count fewer of them."
        )
    for slug, title, columns, about in (
        (
            "applications-by-stage",
            "How far each month's applicants got",
            list(STAGE_COLUMNS.values()),
            "Applications by the month they arrived, each counted once at the furthest stage reached.",
        ),
        (
            "applications-by-outcome",
            "How each month's applications ended",
            list(OUTCOME_COLUMNS.values()),
            "The same applications by their decision: accepted, declined by the programme, or withdrawn "
            "by the candidate.",
        ),
    ):
        rows = [
            [labels.get(row, row), *(cells[row, column] for column in [*columns, TOTAL])] for row in [*months, TOTAL]
        ]
        page.table(Table(slug, title, ["Month applied", *columns, TOTAL], rows, about))
    series = [(column, [cells[month, column] for month in months]) for column in STAGE_COLUMNS.values()]
    page.chart(
        "applications-by-month.svg",
        "Applications per month, by the furthest stage reached",
        column_chart(
            "Applications per month",
            "Applications per month of arrival, stacked by the furthest stage reached; hidden counts have no bar.",
            [month_abbreviation(month) for month in months],
            series,
        ),
    )
    page.text(suppression_note(k).replace("detained people", "candidates"))
    return page.files()
