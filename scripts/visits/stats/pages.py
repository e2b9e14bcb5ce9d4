"""The statistics section of the internal site: an index, and per year a page of
monthly and quarterly figures and a summary for the monitoring report, in one language.

statistics_files() is the whole interface: it returns every file as text, keyed
by its path inside the statistics folder, and writes nothing itself. The site
calls it once per language with the same `facts`: the protected figures are
built once and only the words change.
"""

from __future__ import annotations

import datetime as dt

from visits.i18n import N_, Translator, translator
from visits.stats import charts, periods
from visits.stats.figures import YearFigures
from visits.stats.grids import TOTAL, Grid
from visits.stats.measures import Facts, collect
from visits.stats.names import Names, relabel
from visits.stats.page import Page, marks_in_words, suppression_note
from visits.stats.publication import Publication, publish
from visits.stats.summary import summary_page
from visits.stats.tables import Label, Table, euro_figure, hours_figure

# the publication of the last facts seen: the next language reuses it (one build's facts at a time)
_LAST: list[tuple[Facts, int, Publication]] = []


def statistics_files(corpus, config: dict, today: dt.date, facts=None, language: str = "en") -> dict[str, str]:
    """Markdown, CSV and SVG files of the statistics section in `language`, by relative path.

    `facts` are the figures gathered by `collect`, when the caller has them already, or
    the build's `publication.Publication` (then its settled grids are shown); pass the
    same object for every language, so that the figures are protected only once."""
    k = config.get("privacy", {}).get("min_count", 5)
    k = k if isinstance(k, int) and k >= 1 else 5
    t = translator(language)
    facts = facts or collect(corpus, config, today)
    if hasattr(facts, "year") and hasattr(facts, "facts"):  # a publication.Publication: its settled grids
        publication, facts, k = facts, facts.facts, facts.k
    else:  # every table about people from one settled publication (stats/publication.py)
        publication = published(facts, config)
    names = Names(t, {record.id: record.data.get("name", {}) for record in corpus.of("centre")})
    years = sorted(year for year in facts.years if year <= today.year)
    files = index_page(years, k, today, t).files()
    for year in reversed(years):  # newest first, the order the navigation shows them in
        figures = publication.year(year)
        files.update(year_page(figures, names).files())
        files.update(summary_page(figures, names).files())
    return files


def published(facts: Facts, config: dict) -> Publication:
    """The settled publication of `facts`, made once whatever the number of languages."""
    if not (_LAST and _LAST[0][0] is facts and _LAST[0][1] == id(config)):
        _LAST[:] = [(facts, id(config), publish(facts, config))]
    return _LAST[0][2]


def index_page(years: list[int], k: int, today: dt.date, t: Translator) -> Page:
    page = Page("index.md", t.gettext("Statistics"), t=t)
    page.text(
        t.gettext(
            "Figures of the visits programme, computed from the records when the site was built (figures up to {date})."
        ).format(date=periods.day(t, today))
    )
    if not years:
        page.text(t.gettext("No visit, outcome or expense has been recorded yet."))
    for year in reversed(years):
        page.heading(str(year))
        by_month = t.gettext("{year} by month and quarter").format(year=year)
        summary = t.gettext("{year} summary for the monitoring report").format(year=year)
        page.text(f"- [{by_month}]({year}/index.md)\n- [{summary}]({year}/summary.md)")
    page.heading(t.gettext("Method"))
    page.text(
        t.gettext(
            "Visits, hours, volunteers and expenses are counted from the visit reports and expense "
            "records. A person is counted once per period, in the centre of their first visit in it; "
            "a new person is one whose first visit ever falls in the period. An ended detention counts "
            "in the year of its outcome date, in the centre where the person was held last."
        ),
        t.gettext("Visit notes are never used. Detained people appear only as counts, never by code."),
        suppression_note(k, t),
    )
    return page


def _series_by_centre(figures: YearFigures, grid: Grid, names: Names, shown=lambda value: value) -> list:
    return [
        (names.centre(centre), [shown(grid[month, centre]) for month in figures.months])
        for centre in figures.facts.centres
    ]


# slug -> titles of its month and quarter tables
TITLES = {
    "visits": (N_("Visits by month"), N_("Visits by quarter")),
    "hours": (N_("Hours by month"), N_("Hours by quarter")),
    "people-visited": (N_("People visited by month"), N_("People visited by quarter")),
    "new-people": (N_("New people by month"), N_("New people by quarter")),
    "volunteers": (N_("Active volunteers by month"), N_("Active volunteers by quarter")),
    "expenses": (N_("Expenses by month"), N_("Expenses by quarter")),
}


def last_row(t: Translator) -> str:
    return t.gettext("The last row is the year.")


def period_label(period: str, t: Translator) -> Label:
    return Label(period, periods.name(period, t))


def _month_and_quarter(
    page: Page, grid: Grid, figures: YearFigures, slug: str, about: str, columns, shown=lambda value: value
) -> None:
    """The month table and the quarter table (ending with the year) of one measure."""
    t = page.t
    by_month, by_quarter = TITLES[slug]
    for suffix, title, first, rows, note in (
        ("month", by_month, N_("Month"), figures.months, about),
        ("quarter", by_quarter, N_("Quarter"), [*figures.quarters, figures.key], f"{about} {last_row(t)}"),
    ):
        table = grid.table(f"{slug}-by-{suffix}", t.gettext(title), note, t.gettext(first), rows, shown=shown)
        page.table(relabel(table, rows=lambda period: period_label(period, t), columns=columns))


def year_page(figures: YearFigures, names: Names) -> Page:
    year, facts, t = figures.year, figures.facts, names.t
    page = Page(f"{year}/index.md", t.gettext("Statistics {year}").format(year=year), t=t)
    summary, all_years = t.gettext("Summary for the monitoring report"), t.gettext("All years")
    page.text(f"{periods.coverage(year, facts.today, t)} [{summary}](summary.md) · [{all_years}](../index.md)")
    labels = [periods.month_abbreviation(month, t) for month in figures.months]
    per_centre = t.gettext("One column per centre, and the total of all centres.")
    centres = names.centres_and_total

    page.heading(t.gettext("Visits"))
    page.chart(
        "visits-by-month.svg",
        t.gettext("Bar chart: visits per month in {year}, stacked by centre.").format(year=year),
        charts.column_chart(
            t.gettext("Visits per month, {year}").format(year=year),
            t.gettext("Visit reports per month, stacked by centre."),
            labels,
            _series_by_centre(figures, figures.visits, names),
            t,
        ),
    )
    about = t.gettext("Number of visit reports dated in the period. {per_centre}").format(per_centre=per_centre)
    _month_and_quarter(page, figures.visits, figures, "visits", about, centres)

    page.heading(t.gettext("Hours visited"))
    page.chart(
        "hours-by-month.svg",
        t.gettext("Bar chart: hours visited per month in {year}, stacked by centre.").format(year=year),
        charts.column_chart(
            t.gettext("Hours visited per month, {year}").format(year=year),
            t.gettext("Hours of visits per month, by centre."),
            labels,
            _series_by_centre(figures, figures.minutes, names, lambda m: m / 60),
            t,
        ),
    )
    about = t.gettext("Total length of the visits in the period, in hours with one decimal. {per_centre}").format(
        per_centre=per_centre
    )
    _month_and_quarter(page, figures.minutes, figures, "hours", about, centres, shown=hours_figure)

    _people_section(page, figures, names, labels, per_centre)
    _volunteer_section(page, figures, names, labels)
    _expense_section(page, figures, names, labels)
    page.text(suppression_note(figures.k, t))
    return page


def _people_section(page: Page, figures: YearFigures, names: Names, labels: list[str], per_centre: str) -> None:
    year, t = figures.year, names.t
    hidden = t.gettext("Hidden counts are marked {marks}; no bar is drawn for them.").format(
        marks=marks_in_words(t, figures.k)
    )
    _people_measure(
        page,
        figures,
        names,
        labels,
        figures.people,
        "people-visited",
        t.gettext("People visited"),
        t.gettext("Bar chart: people visited per month in {year}, all centres.").format(year=year),
        t.gettext("People visited per month, {year}").format(year=year),
        t.gettext("Distinct people visited. {hidden}").format(hidden=hidden),
        t.gettext(
            "Distinct detained people with at least one visit in the period, counted once, in the centre of "
            "their first visit in it. {per_centre} A quarter or the year is not the sum of its months: "
            "the same person is visited in several months."
        ).format(per_centre=per_centre),
    )
    _people_measure(
        page,
        figures,
        names,
        labels,
        figures.new_people,
        "new-people",
        t.gettext("New people"),
        t.gettext("Bar chart: people visited for the first time per month in {year}.").format(year=year),
        t.gettext("New people per month, {year}").format(year=year),
        t.gettext("People whose first visit fell in the month. {hidden}").format(hidden=hidden),
        t.gettext(
            "Detained people whose first visit ever fell in the period, in the centre of that visit. {per_centre}"
        ).format(per_centre=per_centre),
    )


def _people_measure(
    page: Page,
    figures: YearFigures,
    names: Names,
    labels: list[str],
    grid: Grid,
    slug: str,
    heading: str,
    alt: str,
    title: str,
    description: str,
    about: str,
) -> None:
    """A measure of people: its heading, the chart of all centres by month, then the month and quarter tables."""
    page.heading(heading)
    chart = charts.column_chart(
        title, description, labels, [(names.t.gettext("People"), [grid[m, TOTAL] for m in figures.months])], names.t
    )
    page.chart(f"{slug}-by-month.svg", alt, chart)
    _month_and_quarter(page, grid, figures, slug, about, names.centres_and_total)


def _volunteer_section(page: Page, figures: YearFigures, names: Names, labels: list[str]) -> None:
    year, t = figures.year, names.t

    def role(code: str) -> str:
        return names.field("role", code)

    page.heading(t.gettext("Active volunteers"))
    page.chart(
        "volunteers-by-month.svg",
        t.gettext("Line chart: active volunteers per month in {year}, one line per role.").format(year=year),
        charts.line_chart(
            t.gettext("Active volunteers per month, {year}").format(year=year),
            t.gettext("Volunteers with at least one visit in the month, by role."),
            labels,
            [(role(code), [figures.volunteers[m, code] for m in figures.months]) for code in figures.roles],
            t,
        ),
    )
    about = t.gettext(
        "Volunteers with at least one visit report in the period, one column per role, and their total. "
        "A volunteer active in several months is counted in each."
    )
    _month_and_quarter(page, figures.volunteers, figures, "volunteers", about, role)


def _expense_section(page: Page, figures: YearFigures, names: Names, labels: list[str]) -> None:
    facts, year, t = figures.facts, figures.year, names.t

    def row(period: str) -> list:
        transport, telephone = facts("transport-cents", period), facts("telephone-cents", period)
        return [
            period_label(period, t),
            facts("km", period),
            euro_figure(transport),
            euro_figure(telephone),
            euro_figure(transport + telephone),
        ]

    columns = [
        t.gettext(name)
        for name in (N_("Period"), N_("Km"), N_("Transport (EUR)"), N_("Telephone (EUR)"), N_("Total (EUR)"))
    ]
    about = t.gettext(
        "Expenses dated in the period, whatever their status: kilometres driven, transport costs "
        "(kilometres at the reimbursement rate plus tickets), telephone costs and their total, in euros."
    )
    page.heading(t.gettext("Expenses"))
    page.chart(
        "expenses-by-month.svg",
        t.gettext("Bar chart: expenses in euros per month in {year}, transport and telephone stacked.").format(
            year=year
        ),
        charts.column_chart(
            t.gettext("Expenses per month, {year} (EUR)").format(year=year),
            t.gettext("Transport and telephone costs in euros."),
            labels,
            [
                (names.field("expense_kind", kind), [facts(f"{kind}-cents", m) / 100 for m in figures.months])
                for kind in ("transport", "telephone")
            ],
            t,
        ),
    )
    by_month, by_quarter = TITLES["expenses"]
    page.table(Table("expenses-by-month", t.gettext(by_month), columns, [row(m) for m in figures.months], about))
    page.table(
        Table(
            "expenses-by-quarter",
            t.gettext(by_quarter),
            columns,
            [row(q) for q in [*figures.quarters, figures.key]],
            f"{about} {last_row(t)}",
        )
    )
