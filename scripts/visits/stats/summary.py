"""The yearly summary, laid out for the monitoring report: key figures first, then
tables by centre, outcomes, detention length and who the people visited were.

Plain headings and tables so that it prints well; one chart only.
"""

from __future__ import annotations

import statistics
from decimal import Decimal

from visits.stats import charts, periods
from visits.stats.figures import EXPENSE_STATUSES, PEOPLE, YearFigures
from visits.stats.grids import TOTAL, Grid
from visits.stats.names import Names, relabel
from visits.stats.page import Page, marks_in_words, suppression_note
from visits.stats.suppress import Cell, Hidden, share
from visits.stats.tables import Percent, Quantity, Table, euro_figure, hours_figure


def with_share(table: Table, grid: Grid, column: str, whole: Cell, k: int, heading: str = "Share (%)") -> Table:
    """The table with a percentage column: each row's `column` cell over `whole`.

    Whether a share is shown at all is suppress.share's decision; only its writing is ours."""
    table.columns.append(heading)
    for row, key in zip(table.rows, grid.rows):
        part = grid[key, column]
        published = not isinstance(part, Hidden) and not isinstance(whole, Hidden)
        row.append(Percent(part, whole) if published and share(part, whole, k) else "")  # type: ignore[arg-type]
    return table


def quartiles(days: list[int], n: Cell, k: int) -> list:
    """Lower quartile, median and upper quartile, only over at least k published detentions."""
    if isinstance(n, Hidden) or n < k or not days:
        return ["", "", ""]
    points = statistics.quantiles(days, n=4, method="inclusive") if len(days) > 1 else days * 3
    return [Quantity(Decimal(f"{point:.1f}"), 0 if point % 1 == 0 else 1) for point in points]


def summary_page(figures: YearFigures, names: Names) -> Page:
    year, facts, k, t = figures.year, figures.facts, figures.k, names.t
    key = figures.key
    page = Page(f"{year}/summary.md", t.gettext("Summary {year}").format(year=year), t=t)
    laid_out, by_month = t.gettext("Laid out for the monitoring report."), t.gettext("By month and quarter")
    all_years = t.gettext("All years")
    page.text(
        f"{periods.coverage(year, facts.today, t)} {laid_out} [{by_month}](index.md) · [{all_years}](../index.md)"
    )
    people_total = figures.people[key, TOTAL]

    expenses = sum(facts("expense-cents", year, status) for status in EXPENSE_STATUSES)
    active = t.gettext("Active volunteers ({role})")
    key_rows: list[list] = [
        [t.gettext("Visits"), figures.visits[key, TOTAL]],
        [t.gettext("Hours visited"), hours_figure(figures.minutes.exact((key, TOTAL)))],
        [t.gettext("People visited"), people_total],
        [t.gettext("New people"), figures.new_people[key, TOTAL]],
        *[
            [active.format(role=_lower(names.field("role", role))), figures.volunteers[key, role]]
            for role in figures.roles
        ],
        [t.gettext("Active volunteers (all)"), figures.volunteers[key, TOTAL]],
        [t.gettext("Detentions ended"), figures.outcomes[TOTAL, TOTAL]],
        [t.gettext("Follow-up actions agreed"), figures.actions[TOTAL, TOTAL]],
        [t.gettext("Expenses (EUR)"), euro_figure(expenses)],
    ]
    page.table(
        Table(
            "key-figures",
            t.gettext("Key figures"),
            [t.gettext("Figure"), str(year)],
            key_rows,
            t.gettext("The year's totals; each is explained with its table below or on the page by month."),
        ),
        level=2,
    )

    by_centre = [
        [
            names.centre(centre),
            figures.visits[key, centre],
            hours_figure(figures.minutes.exact((key, centre))),
            figures.people[key, centre],
            figures.new_people[key, centre],
        ]
        for centre in figures.visits.columns
    ]
    page.table(
        Table(
            "by-centre",
            t.gettext("Activity by centre"),
            [
                t.gettext("Centre"),
                t.gettext("Visits"),
                t.gettext("Hours"),
                t.gettext("People visited"),
                t.gettext("New people"),
            ],
            by_centre,
            t.gettext(
                "Per centre: visit reports, hours visited, distinct people visited (each counted in the "
                "centre of their first visit of the year) and people visited for the first time."
            ),
        ),
        level=2,
    )

    page.heading(t.gettext("Outcomes of detention"))
    outcome_rows = [row for row in figures.outcomes.rows if row != TOTAL]
    page.chart(
        "outcomes.svg",
        t.gettext("Bar chart: how the detentions that ended in {year} ended.").format(year=year),
        charts.bar_chart(
            t.gettext("Outcomes of detention, {year}").format(year=year),
            t.gettext("Detentions ended in the year, by outcome. Hidden counts are marked {marks}.").format(
                marks=marks_in_words(t, k)
            ),
            [names.field("outcome", row) for row in outcome_rows],
            [figures.outcomes[row, TOTAL] for row in outcome_rows],
            t,
        ),
    )
    outcomes = figures.outcomes.table(
        "outcomes",
        t.gettext("Outcomes by centre"),
        t.gettext(
            "Detentions of people the programme visited that ended in the year, by outcome, in the centre "
            "where the person was held last; the share is of all ended detentions."
        ),
        t.gettext("Outcome"),
    )
    relabel(outcomes, lambda row: names.field("outcome", row), names.centres_and_total)
    page.table(with_share(outcomes, figures.outcomes, TOTAL, figures.outcomes[TOTAL, TOTAL], k, _share(names)))

    lengths = []
    for centre in figures.outcomes.columns:
        days = [
            d
            for (when, place), values in facts.detention_days.items()
            if when == year and (place == centre or centre == TOTAL)
            for d in values
        ]
        n = figures.outcomes[TOTAL, centre]
        lengths.append([names.centre(centre), n, *quartiles(days, n, k)])
    page.table(
        Table(
            "detention-length",
            t.gettext("Length of ended detentions (days)"),
            [
                t.gettext("Centre"),
                t.gettext("Ended detentions"),
                t.gettext("Lower quartile"),
                t.gettext("Median"),
                t.gettext("Upper quartile"),
            ],
            lengths,
            t.gettext(
                "Days from the first day of detention to the outcome date, for detentions that ended in "
                "the year. Quartiles and median are shown only over {k} detentions or more."
            ).format(k=k),
        ),
        level=2,
    )

    _people_tables(page, figures, names, people_total)
    _activity_tables(page, figures, names)
    page.heading(t.gettext("Method"))
    page.text(
        t.gettext(
            "A person is counted once in the year, in the centre of their first visit in it; outcomes and "
            "detention lengths count in the year the detention ended. Rare nationalities and languages are "
            "pooled so that they are not named. Percentages are given only over {k} people or more."
        ).format(k=k)
    )
    page.text(suppression_note(k, t))
    return page


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def _share(names: Names) -> str:
    return names.t.gettext("Share (%)")


def _people_tables(page: Page, figures: YearFigures, names: Names, people_total: Cell) -> None:
    k, t = figures.k, names.t
    nationalities = figures.nationalities.table(
        "nationalities",
        t.gettext("Nationalities of the people visited"),
        t.gettext(
            "People visited in the year by declared nationality. Nationalities with fewer than {k} people are pooled."
        ).format(k=k),
        t.gettext("Nationality"),
    )
    relabel(nationalities, names.nationality, names.centres_and_total)
    whole = figures.nationalities[TOTAL, PEOPLE]
    page.table(with_share(nationalities, figures.nationalities, PEOPLE, whole, k, _share(names)), level=2)
    vulnerabilities = figures.vulnerabilities.table(
        "vulnerabilities",
        t.gettext("Vulnerabilities observed"),
        t.gettext(
            "People visited in the year with each vulnerability, by centre. A person may have several, "
            "so the rows do not add up; the share is of all people visited."
        ),
        t.gettext("Vulnerability"),
    )
    relabel(vulnerabilities, lambda row: names.field("vulnerability", row), names.centres_and_total)
    page.table(with_share(vulnerabilities, figures.vulnerabilities, TOTAL, people_total, k, _share(names)), level=2)
    page.heading(t.gettext("Age and gender"))
    ages = figures.age_bands.table(
        "age-bands", t.gettext("Age bands"), t.gettext("People visited in the year by age band."), t.gettext("Age band")
    )
    page.table(relabel(ages, lambda row: names.field("age_band", row), names.centres_and_total))
    genders = figures.genders.table(
        "genders",
        t.gettext("Stated gender"),
        t.gettext("People visited in the year by stated gender."),
        t.gettext("Gender"),
    )
    page.table(relabel(genders, lambda row: names.field("gender", row), names.centres_and_total))


def _activity_tables(page: Page, figures: YearFigures, names: Names) -> None:
    facts, year, k, key, t = figures.facts, figures.year, figures.k, figures.key, names.t
    page.heading(t.gettext("Languages and topics"))
    languages = figures.languages.table(
        "languages",
        t.gettext("Languages used in visits"),
        t.gettext(
            "Visits in the year by main language of the conversation, by centre. Languages used in fewer than "
            "{k} visits are pooled."
        ).format(k=k),
        t.gettext("Language"),
    )
    page.table(relabel(languages, names.language, names.centres_and_total))
    topics = figures.topics.table(
        "topics",
        t.gettext("Topics of visits"),
        t.gettext(
            "Visits in the year that touched each topic, by centre. A visit may touch several topics, so the rows "
            "do not add up; the share is of all visits."
        ),
        t.gettext("Topic"),
    )
    relabel(topics, lambda row: names.field("topic", row), names.centres_and_total)
    page.table(with_share(topics, figures.topics, TOTAL, figures.visits[key, TOTAL], k, _share(names)))
    actions = figures.actions.table(
        "follow-up-actions",
        t.gettext("Follow-up actions by kind and status"),
        t.gettext("Actions agreed during the year's visits (by visit date), by kind and by their status today."),
        t.gettext("Kind"),
    )
    page.table(
        relabel(actions, lambda row: names.field("action", row), lambda code: names.field("action_status", code)),
        level=2,
    )
    volunteers = figures.volunteers_by_centre.table(
        "volunteers-by-centre",
        t.gettext("Active volunteers by centre"),
        t.gettext(
            "Volunteers with at least one visit in the year, by centre and role. A volunteer visiting in several "
            "centres is counted in each, and once in all centres."
        ),
        t.gettext("Centre"),
    )
    page.table(relabel(volunteers, names.centre, lambda code: names.field("role", code)), level=2)
    page.table(
        Table(
            "expenses-by-status",
            t.gettext("Expenses by status"),
            [t.gettext("Status"), t.gettext("Claims"), t.gettext("Amount (EUR)")],
            [
                [
                    names.field("expense_status", status),
                    facts("expenses", year, status),
                    euro_figure(facts("expense-cents", year, status)),
                ]
                for status in EXPENSE_STATUSES
            ],
            t.gettext("Expense claims dated in the year, by their status today, and their amount in euros."),
        ),
        level=2,
    )
