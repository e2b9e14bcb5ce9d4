"""The yearly summary, laid out for the monitoring report: key figures first, then
tables by centre, outcomes, detention length and who the people visited were.

Plain headings and tables so that it prints well; one chart only.
"""

from __future__ import annotations

import statistics

from visits.expenses import euros
from visits.stats import charts, periods
from visits.stats.figures import EXPENSE_STATUSES, PEOPLE, YearFigures
from visits.stats.grids import TOTAL, Grid
from visits.stats.page import Page, suppression_note
from visits.stats.suppress import Cell, Hidden, share
from visits.stats.tables import Table, hours

ALL_CENTRES = {TOTAL: "All centres"}


def with_share(table: Table, grid: Grid, column: str, whole: Cell, k: int, heading: str = "Share") -> Table:
    """The table with a percentage column: each row's `column` cell over `whole`."""
    table.columns.append(heading)
    for row, key in zip(table.rows, grid.rows):
        row.append(share(grid[key, column], whole, k))
    return table


def quartiles(days: list[int], n: Cell, k: int) -> list[str]:
    """Lower quartile, median and upper quartile, only over at least k published detentions."""
    if isinstance(n, Hidden) or n < k or not days:
        return ["", "", ""]
    points = statistics.quantiles(days, n=4, method="inclusive") if len(days) > 1 else days * 3
    return [f"{point:.0f}" if point % 1 == 0 else f"{point:.1f}" for point in points]


def summary_page(figures: YearFigures) -> Page:
    year, facts, k = figures.year, figures.facts, figures.k
    key = figures.key
    page = Page(f"{year}/summary.md", f"Summary {year}")
    page.text(
        f"Figures for {periods.coverage(year, facts.today)}, laid out for the monitoring report. "
        "[By month and quarter](index.md) · [All years](../index.md)"
    )
    people_total = figures.people[key, TOTAL]

    expenses = sum(facts("expense-cents", year, status) for status in EXPENSE_STATUSES)
    key_rows: list[list] = [
        ["Visits", figures.visits[key, TOTAL]],
        ["Hours visited", hours(figures.minutes.exact((key, TOTAL)))],
        ["People visited", people_total],
        ["New people", figures.new_people[key, TOTAL]],
        *[[f"Active volunteers ({role})", figures.volunteers[key, role]] for role in figures.roles],
        ["Active volunteers (all)", figures.volunteers[key, TOTAL]],
        ["Detentions ended", figures.outcomes[TOTAL, TOTAL]],
        ["Follow-up actions agreed", figures.actions[TOTAL, TOTAL]],
        ["Expenses (EUR)", euros(expenses)],
    ]
    page.table(
        Table(
            "key-figures",
            "Key figures",
            ["Figure", str(year)],
            key_rows,
            "The year's totals; each is explained with its table below or on the page by month.",
        ),
        level=2,
    )

    by_centre = [
        [
            centre,
            facts.centre_names.get(centre, centre),
            figures.visits[key, centre],
            hours(figures.minutes.exact((key, centre))),
            figures.people[key, centre],
            figures.new_people[key, centre],
        ]
        for centre in figures.visits.columns
    ]
    by_centre[-1][:2] = ["Total", "All centres"]
    page.table(
        Table(
            "by-centre",
            "Activity by centre",
            ["Centre", "Name", "Visits", "Hours", "People visited", "New people"],
            by_centre,
            "Per centre: visit reports, hours visited, distinct people visited (each counted in the "
            "centre of their first visit of the year) and people visited for the first time.",
        ),
        level=2,
    )

    page.heading("Outcomes of detention")
    outcome_rows = [row for row in figures.outcomes.rows if row != TOTAL]
    page.chart(
        "outcomes.svg",
        f"Bar chart: how the detentions that ended in {year} ended.",
        charts.bar_chart(
            f"Outcomes of detention, {year}",
            f"Detentions ended in the year, by outcome. Counts marked <{k} or x are hidden.",
            outcome_rows,
            [figures.outcomes[row, TOTAL] for row in outcome_rows],
        ),
    )
    outcomes = figures.outcomes.table(
        "outcomes",
        "Outcomes by centre",
        "Detentions of people the programme visited that ended in the year, by "
        "outcome, in the centre where the person was held last; Share is of all "
        "ended detentions.",
        "Outcome",
    )
    page.table(with_share(outcomes, figures.outcomes, TOTAL, figures.outcomes[TOTAL, TOTAL], k))

    lengths = []
    for centre in figures.outcomes.columns:
        days = [
            d
            for (when, place), values in facts.detention_days.items()
            if when == year and (place == centre or centre == TOTAL)
            for d in values
        ]
        n = figures.outcomes[TOTAL, centre]
        lengths.append([ALL_CENTRES.get(centre, centre), n, *quartiles(days, n, k)])
    page.table(
        Table(
            "detention-length",
            "Length of ended detentions (days)",
            ["Centre", "Ended detentions", "Lower quartile", "Median", "Upper quartile"],
            lengths,
            "Days from the first day of detention to the outcome date, for detentions that ended in "
            f"the year. Quartiles and median are shown only over {k} detentions or more.",
        ),
        level=2,
    )

    _people_tables(page, figures, people_total)
    _activity_tables(page, figures)
    page.heading("Method")
    page.text(
        "A person is counted once in the year, in the centre of their first visit in it; outcomes and "
        "detention lengths count in the year the detention ended. Rare nationalities and languages are "
        f"pooled so that they are not named. Percentages are given only over {k} people or more."
    )
    page.text(suppression_note(k))
    return page


def _people_tables(page: Page, figures: YearFigures, people_total: Cell) -> None:
    k = figures.k
    page.table(
        with_share(
            figures.nationalities.table(
                "nationalities",
                "Nationalities of the people visited",
                "People visited in the year by declared nationality (ISO code; XX unknown or stateless). "
                f"Nationalities with fewer than {k} people are pooled.",
                "Nationality",
            ),
            figures.nationalities,
            PEOPLE,
            figures.nationalities[TOTAL, PEOPLE],
            k,
        ),
        level=2,
    )
    page.table(
        with_share(
            figures.vulnerabilities.table(
                "vulnerabilities",
                "Vulnerabilities observed",
                "People visited in the year with each vulnerability flag, by centre. A person may have several flags, "
                "so the rows do not add up; Share is of all people visited.",
                "Vulnerability",
            ),
            figures.vulnerabilities,
            TOTAL,
            people_total,
            k,
        ),
        level=2,
    )
    page.heading("Age and gender")
    page.table(figures.age_bands.table("age-bands", "Age bands", "People visited in the year by age band.", "Age band"))
    page.table(figures.genders.table("genders", "Gender", "People visited in the year by stated gender.", "Gender"))


def _activity_tables(page: Page, figures: YearFigures) -> None:
    facts, year, k, key = figures.facts, figures.year, figures.k, figures.key
    page.heading("Languages and topics")
    page.table(
        figures.languages.table(
            "languages",
            "Languages used in visits",
            f"Visits in the year by main language of the conversation (ISO 639 code), by centre. Languages used in "
            f"fewer than {k} visits are pooled.",
            "Language",
        )
    )
    page.table(
        with_share(
            figures.topics.table(
                "topics",
                "Topics of visits",
                "Visits in the year that touched each topic, by centre. A visit may touch several topics, so the rows "
                "do not add up; Share is of all visits.",
                "Topic",
            ),
            figures.topics,
            TOTAL,
            figures.visits[key, TOTAL],
            k,
        )
    )
    page.table(
        figures.actions.table(
            "follow-up-actions",
            "Follow-up actions by kind and status",
            "Actions agreed during the year's visits (by visit date), by kind and by their status today.",
            "Kind",
        ),
        level=2,
    )
    page.table(
        figures.volunteers_by_centre.table(
            "volunteers-by-centre",
            "Active volunteers by centre",
            "Volunteers with at least one visit in the year, by centre and role. A volunteer visiting in several "
            "centres is counted in each, and once in All centres.",
            "Centre",
            labels=ALL_CENTRES,
        ),
        level=2,
    )
    page.table(
        Table(
            "expenses-by-status",
            "Expenses by status",
            ["Status", "Claims", "Amount (EUR)"],
            [
                [status, facts("expenses", year, status), euros(facts("expense-cents", year, status))]
                for status in EXPENSE_STATUSES
            ],
            "Expense claims dated in the year, by their status today, and their amount in euros.",
        ),
        level=2,
    )
