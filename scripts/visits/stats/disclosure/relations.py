"""What a reader knows about how the statistics' grids relate, beyond each grid's own sums.

Each grid's sums (a Total column, quarters as sums of months for measures that
add up, a Total row) come with the grid. Here are the others, all true by how
measures.py counts:

- people visited are distinct per period, so they do not add up over time, but
  a year's (or quarter's) people at a centre are at most the sum of its
  quarters' (months') people there (each is counted in the quarter of their
  first visit of the year, at the same centre), and over all centres a year
  holds at least as many people as any of its quarters, a quarter as any month;
- a new person is visited in that period at that centre: new <= people;
- a person is counted at a centre only on a visit there: people <= visits
  (public figures);
- the nationality, age band and gender tables count the year's people: their
  totals are the people table's year total (one unknown);
- a person with a vulnerability flag is one of the year's people at that
  centre: flagged <= people; a visit touching a topic is a visit: topic <= visits;
- over the years, the people visited in a year are at most all the new people
  of that year and the years before; and in the first month, quarter and year
  with visits everyone visited is new (new = people, centre by centre).
"""

from __future__ import annotations

from visits.stats.disclosure import Relation
from visits.stats.figures import PEOPLE, YearFigures
from visits.stats.grids import TOTAL, Grid
from visits.stats.periods import months_in


def name(year: int, grid: str) -> str:
    return f"{year}/{grid}"


def as_events(grid: Grid, k: int) -> Grid:
    """The visits grid made hideable where a small count of visits would bound people too closely.

    Visits are public figures, never a small count to protect; but a month with 2
    visits at a centre tells the reader that at most 2 people were visited there.
    The year's visits per centre and each quarter's visits of all centres (the
    meeting packs show them) stay public; a month's, or a centre's within the year,
    may be hidden.
    """
    if not grid.events:
        grid.k, grid.events = k, True
        year = grid.rows[-1]
        grid.public = frozenset(
            (row, column) for row, column in grid.cells if row == year or (column == TOTAL and "-Q" in row)
        )
    return grid


def year_tables(figures: YearFigures) -> dict:
    """The grids of one year the pages and the packs publish, by table name; "visits" is events."""
    as_events(figures.visits, figures.k)
    grids = (
        "visits",
        "people",
        "new_people",
        "outcomes",
        "nationalities",
        "age_bands",
        "genders",
        "vulnerabilities",
        "languages",
        "topics",
        "actions",
    )
    return {name(figures.year, grid): getattr(figures, grid) for grid in grids}


def year_relations(figures: YearFigures) -> list[Relation]:
    year, key = figures.year, figures.key
    people, new, visits = name(year, "people"), name(year, "new_people"), name(year, "visits")
    columns = [*figures.facts.centres, TOTAL]
    found: list[Relation] = []
    for period in figures.period_rows:
        for column in columns:
            cell = (period, column)
            found.append(Relation("le", ((new, *cell),), ((people, *cell),)))
            found.append(Relation("le", ((people, *cell),), ((visits, *cell),)))
    for column in columns:
        found.append(Relation("le", ((people, key, column),), tuple((people, q, column) for q in figures.quarters)))
        for quarter in figures.quarters:
            months = months_in(quarter, figures.facts.today)
            found.append(Relation("le", ((people, quarter, column),), tuple((people, m, column) for m in months)))
            if column == TOTAL:
                found.append(Relation("le", ((people, quarter, TOTAL),), ((people, key, TOTAL),)))
                found += [Relation("le", ((people, m, TOTAL),), ((people, quarter, TOTAL),)) for m in months]
    for grid in ("nationalities", "age_bands", "genders"):
        found.append(Relation("same", ((name(year, grid), TOTAL, PEOPLE),), ((people, key, TOTAL),)))
    for flag, column in figures.vulnerabilities.cells:
        found.append(Relation("le", ((name(year, "vulnerabilities"), flag, column),), ((people, key, column),)))
    for topic, column in figures.topics.cells:
        found.append(Relation("le", ((name(year, "topics"), topic, column),), ((visits, key, column),)))
    return found


def across_years(all_figures: list[YearFigures]) -> list[Relation]:
    """Relations between years (`all_figures` in year order)."""
    found: list[Relation] = []
    new_so_far: list = []
    for figures in all_figures:
        new_so_far.append((name(figures.year, "new_people"), figures.key, TOTAL))
        people = (name(figures.year, "people"), figures.key, TOTAL)
        found.append(Relation("le", (people,), tuple(new_so_far)))
    first = next((figures for figures in all_figures if figures.visits.values[figures.key, TOTAL]), None)
    if first is not None:
        month = next(m for m in first.months if first.visits.values[m, TOTAL])
        quarter = f"{first.year}-Q{(int(month[5:]) - 1) // 3 + 1}"
        for period in (month, quarter, first.key):
            for column in [*first.facts.centres, TOTAL]:
                found.append(
                    Relation(
                        "eq",
                        ((name(first.year, "new_people"), period, column),),
                        ((name(first.year, "people"), period, column),),
                    )
                )
    return found
