"""The statistics section of the internal site: an index, and per year a page of
monthly and quarterly figures and a summary for the monitoring report.

statistics_files() is the whole interface: it returns every file as text, keyed
by its path inside the statistics folder, and writes nothing itself.
"""

from __future__ import annotations

import datetime as dt

from visits.expenses import euros
from visits.stats import charts, periods
from visits.stats.figures import YearFigures
from visits.stats.grids import TOTAL, Grid
from visits.stats.measures import collect
from visits.stats.page import Page, suppression_note
from visits.stats.summary import summary_page
from visits.stats.tables import Table, hours


def statistics_files(corpus, config: dict, today: dt.date, facts=None) -> dict[str, str]:
    """Markdown, CSV and SVG files of the statistics section, by relative path.

    `facts` are the figures gathered by `collect`, when the caller has them already."""
    k = config.get("privacy", {}).get("min_count", 5)
    k = k if isinstance(k, int) and k >= 1 else 5
    facts = facts or collect(corpus, config, today)
    years = sorted(year for year in facts.years if year <= today.year)
    files = index_page(years, k, today).files()
    for year in reversed(years):  # newest first, the order the navigation shows them in
        figures = YearFigures(facts, year, k)
        files.update(year_page(figures).files())
        files.update(summary_page(figures).files())
    return files


def index_page(years: list[int], k: int, today: dt.date) -> Page:
    page = Page("index.md", "Statistics")
    page.text(
        "Figures of the visits programme, computed from the records when the site was built "
        f"(figures up to {today.isoformat()})."
    )
    if not years:
        page.text("No visit, outcome or expense has been recorded yet.")
    for year in reversed(years):
        page.heading(str(year))
        page.text(
            f"- [{year} by month and quarter]({year}/index.md)\n"
            f"- [{year} summary for the monitoring report]({year}/summary.md)"
        )
    page.heading("Method")
    page.text(
        "Visits, hours, volunteers and expenses are counted from the visit reports and expense "
        "records. A person is counted once per period, in the centre of their first visit in it; "
        "a new person is one whose first visit ever falls in the period. An ended detention counts "
        "in the year of its outcome date, in the centre where the person was held last.",
        "Visit notes are never used. Detained people appear only as counts, never by code.",
        suppression_note(k),
    )
    return page


def _series_by_centre(figures: YearFigures, grid: Grid, shown=lambda value: value) -> list:
    return [(centre, [shown(grid[month, centre]) for month in figures.months]) for centre in figures.facts.centres]


def _month_and_quarter(
    page: Page, grid, figures: YearFigures, slug: str, title: str, about: str, quarter_rows: list[str], **options
) -> None:
    """The month table and the quarter table (ending with the year) of one measure."""
    page.table(grid.table(f"{slug}-by-month", f"{title} by month", about, "Month", figures.months, **options))
    page.table(
        grid.table(
            f"{slug}-by-quarter",
            f"{title} by quarter",
            about + " The last row is the year.",
            "Quarter",
            quarter_rows,
            **options,
        )
    )


def year_page(figures: YearFigures) -> Page:
    year, facts = figures.year, figures.facts
    page = Page(f"{year}/index.md", f"Statistics {year}")
    page.text(
        f"Figures for {periods.coverage(year, facts.today)}. "
        "[Summary for the monitoring report](summary.md) · [All years](../index.md)"
    )
    labels = [periods.month_abbreviation(month) for month in figures.months]
    centres = ", ".join(facts.centres)
    per_centre = f"One column per centre ({centres}) and the total of all centres."
    quarter_rows = [*figures.quarters, figures.key]

    page.heading("Visits")
    page.chart(
        "visits-by-month.svg",
        f"Bar chart: visits per month in {year}, stacked by centre.",
        charts.column_chart(
            f"Visits per month, {year}",
            "Visit reports per month, stacked by centre.",
            labels,
            _series_by_centre(figures, figures.visits),
        ),
    )
    about = f"Number of visit reports dated in the period. {per_centre}"
    _month_and_quarter(page, figures.visits, figures, "visits", "Visits", about, quarter_rows)

    page.heading("Hours visited")
    page.chart(
        "hours-by-month.svg",
        f"Bar chart: hours visited per month in {year}, stacked by centre.",
        charts.column_chart(
            f"Hours visited per month, {year}",
            "Hours of visits per month, by centre.",
            labels,
            _series_by_centre(figures, figures.minutes, lambda m: m / 60),
        ),
    )
    about = f"Total length of the visits in the period, in hours with one decimal. {per_centre}"
    _month_and_quarter(page, figures.minutes, figures, "hours", "Hours", about, quarter_rows, shown=hours)

    _people_section(page, figures, labels, per_centre, quarter_rows)
    _volunteer_section(page, figures, labels, quarter_rows)
    _expense_section(page, figures, labels, quarter_rows)
    page.text(suppression_note(figures.k))
    return page


def _people_section(
    page: Page, figures: YearFigures, labels: list[str], per_centre: str, quarter_rows: list[str]
) -> None:
    year, k = figures.year, figures.k
    hidden = f"Bars marked <{k} or x are hidden small counts; no bar is drawn for them."
    page.heading("People visited")
    page.chart(
        "people-visited-by-month.svg",
        f"Bar chart: people visited per month in {year}, all centres.",
        charts.column_chart(
            f"People visited per month, {year}",
            f"Distinct people visited. {hidden}",
            labels,
            [("People", [figures.people[m, TOTAL] for m in figures.months])],
        ),
    )
    about = (
        f"Distinct detained people with at least one visit in the period, counted once, in the centre of "
        f"their first visit in it. {per_centre} A quarter or the year is not the sum of its months: "
        "the same person is visited in several months."
    )
    _month_and_quarter(page, figures.people, figures, "people-visited", "People visited", about, quarter_rows)

    page.heading("New people")
    page.chart(
        "new-people-by-month.svg",
        f"Bar chart: people visited for the first time per month in {year}.",
        charts.column_chart(
            f"New people per month, {year}",
            f"People whose first visit fell in the month. {hidden}",
            labels,
            [("People", [figures.new_people[m, TOTAL] for m in figures.months])],
        ),
    )
    about = f"Detained people whose first visit ever fell in the period, in the centre of that visit. {per_centre}"
    _month_and_quarter(page, figures.new_people, figures, "new-people", "New people", about, quarter_rows)


def _volunteer_section(page: Page, figures: YearFigures, labels: list[str], quarter_rows: list[str]) -> None:
    year = figures.year
    page.heading("Active volunteers")
    page.chart(
        "volunteers-by-month.svg",
        f"Line chart: active volunteers per month in {year}, one line per role.",
        charts.line_chart(
            f"Active volunteers per month, {year}",
            "Volunteers with at least one visit in the month, by role.",
            labels,
            [(role, [figures.volunteers[m, role] for m in figures.months]) for role in figures.roles],
        ),
    )
    about = (
        f"Volunteers with at least one visit report in the period, one column per role "
        f"({', '.join(figures.roles)}), and their total. A volunteer active in several months is "
        "counted in each."
    )
    _month_and_quarter(page, figures.volunteers, figures, "volunteers", "Active volunteers", about, quarter_rows)


def _expense_section(page: Page, figures: YearFigures, labels: list[str], quarter_rows: list[str]) -> None:
    facts, year = figures.facts, figures.year

    def row(period: str) -> list:
        transport, telephone = facts("transport-cents", period), facts("telephone-cents", period)
        return [period, facts("km", period), euros(transport), euros(telephone), euros(transport + telephone)]

    columns = ["Period", "Km", "Transport (EUR)", "Telephone (EUR)", "Total (EUR)"]
    about = (
        "Expenses dated in the period, whatever their status: kilometres driven, transport costs "
        "(kilometres at the reimbursement rate plus tickets), telephone costs and their total, in euros."
    )
    page.heading("Expenses")
    page.chart(
        "expenses-by-month.svg",
        f"Bar chart: expenses in euros per month in {year}, transport and telephone stacked.",
        charts.column_chart(
            f"Expenses per month, {year} (EUR)",
            "Transport and telephone costs in euros.",
            labels,
            [(kind, [facts(f"{kind}-cents", m) / 100 for m in figures.months]) for kind in ("transport", "telephone")],
        ),
    )
    page.table(Table("expenses-by-month", "Expenses by month", columns, [row(m) for m in figures.months], about))
    page.table(
        Table(
            "expenses-by-quarter",
            "Expenses by quarter",
            columns,
            [row(q) for q in quarter_rows],
            about + " The last row is the year.",
        )
    )
