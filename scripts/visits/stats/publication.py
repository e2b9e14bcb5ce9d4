"""Everything the project publishes about people, protected together and audited together.

`publish(facts, config)` is called once per build: it builds the grids of every
year (the statistics pages), the quarter figures of the meeting packs and the
monitoring report's own tables and the internal recruitment dashboard's
counts of candidates (when given the corpus), poses the relations between all of them, and
settles the suppression (disclosure/secondary.py) so that no "<k" count can be
narrowed below `privacy.min_interval_values` values by combining them. Every
output then renders from `Publication.year(y)` / `.report(y)`, so a cell hidden
in one place is hidden everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from visits.stats.disclosure import Relation, k_of, relation, width_of
from visits.stats.disclosure.audit import AuditResult
from visits.stats.disclosure.relations import across_years, name, year_relations, year_tables
from visits.stats.disclosure.secondary import settle
from visits.stats.figures import YearFigures
from visits.stats.grids import TOTAL, Grid
from visits.stats.measures import Facts


class DisclosureError(Exception):
    """Raised by `Publication.checked` when a "<k" count can be narrowed too far."""


@dataclass
class Publication:
    facts: Facts
    k: int
    width: int
    years: dict[int, YearFigures]
    reports: dict[int, object]
    tables: dict[str, Grid] = field(repr=False)
    relations: list[Relation] = field(repr=False)
    settled: AuditResult = field(repr=False)
    recruitment: object = None  # visits.site.recruitment.Recruitment, settled with the rest

    def year(self, year: int) -> YearFigures:
        """The settled grids of `year`; a year with no record has only zeros, which need no protection."""
        return self.years.get(year) or YearFigures(self.facts, year, self.k)

    def report(self, year: int):
        """The monitoring report's figures of a complete year (visits.report.figures.ReportFigures)."""
        return self.reports[year]

    def audit(self) -> AuditResult:
        """The audit of the settled tables: a full audit of every small count, the last step of settling."""
        return self.settled

    def checked(self, error: type[Exception] = DisclosureError) -> Publication:
        """Itself, or `error` naming the first count a reader could narrow too far and the tables."""
        result = self.audit()
        if not result.ok:
            first = result.failures[0]
            raise error(
                f"disclosure audit failed for {len(result.failures)} count(s) shown as <{self.k}: "
                f"{first.describe()} (fewer than {self.width} values); run `visits audit` for all of them"
            )
        return self


def pack_table(figures: YearFigures) -> tuple[dict[str, Grid], list[Relation]]:
    """The meeting packs' people figures of a year's quarters, the same people as the year's grids."""
    tables, relations = {}, []
    for quarter in figures.quarters:
        table = f"packs/{quarter}"
        cells = {(row, quarter): grid.cells[quarter, TOTAL] for row, grid in _pack_rows(figures)}
        values = {(row, quarter): grid.values.get((quarter, TOTAL), 0) for row, grid in _pack_rows(figures)}
        tables[table] = Grid(list(dict(_pack_rows(figures))), [quarter], cells, figures.k, values=values)
        relations += [
            Relation("same", ((name(figures.year, grid_name), quarter, TOTAL),), ((table, row, quarter),))
            for row, grid_name in (("people", "people"), ("new", "new_people"))
        ]
    return tables, relations


def _pack_rows(figures: YearFigures) -> list[tuple[str, Grid]]:
    return [("people", figures.people), ("new", figures.new_people)]


def _report(figures: YearFigures, tables: dict[str, Grid]) -> tuple[object, list[Relation]] | None:
    """The report's figures of a year and its relations, its grids added to `tables`."""
    try:
        from visits.report.figures import ReportFigures
    except ImportError:  # the report is not part of this checkout (yet)
        return None
    report = ReportFigures(figures)
    shown = {id(grid): table for table, grid in tables.items()}
    # a grid the report shows as the year shows it is that year's table, not a second one
    own = {
        grid_name: shown.get(id(grid), f"report/{figures.year}/{grid_name}")
        for grid_name, grid in report.grids().items()
    }
    tables.update({own[grid_name]: grid for grid_name, grid in report.grids().items()})

    def qualified(ref) -> tuple[str, str, str]:
        table, row, column = ref
        if table in own:
            return (own[table], row, column)
        attribute = table.removeprefix("year.")
        tables.setdefault(name(figures.year, attribute), getattr(figures, attribute))
        return (name(figures.year, attribute), row, column)

    relations = [
        relation(kind, [qualified(ref) for ref in left], [qualified(ref) for ref in right])
        for kind, left, right in report.relations()
    ]
    return report, relations


def recruitment_tables(corpus, config: dict, today) -> tuple[object, dict[str, Grid], list[Relation]]:
    """The recruitment dashboard's grids and what a reader knows between them.

    Its own sums (row and column totals, the twelve months adding up to the Total
    row, the stage and the outcome breakdowns sharing one Total column) come with
    the grids. Beyond them: the applications of the months shown still open are
    some of all the open applications. Candidates are counted nowhere else (a
    volunteer count is public, never "<k"), so they are a component of their own.
    """
    from visits.site.recruitment import OUTCOME_COLUMNS, gather_recruitment

    data = gather_recruitment(corpus, config, today)
    tables = {RECRUITMENT_OPEN: data.waiting, RECRUITMENT_MONTHS: data.cells}
    still_open = OUTCOME_COLUMNS[None]
    relations = [Relation("le", ((RECRUITMENT_MONTHS, TOTAL, still_open),), ((RECRUITMENT_OPEN, TOTAL, TOTAL),))]
    return data, tables, relations


RECRUITMENT_OPEN, RECRUITMENT_MONTHS = "recruitment/open-applications", "recruitment/applications-by-month"


def publish(facts: Facts, config: dict, corpus=None) -> Publication:
    """Every table about people, settled together; the recruitment dashboard's only with `corpus`."""
    k, width = k_of(config), width_of(config)
    years = {year: YearFigures(facts, year, k) for year in sorted(facts.years) if year <= facts.today.year}
    tables: dict[str, Grid] = {}
    relations: list[Relation] = []
    for figures in years.values():
        tables.update(year_tables(figures))
        relations += year_relations(figures)
        packs, same = pack_table(figures)
        tables.update(packs)
        relations += same
    relations += across_years(list(years.values()))
    reports = {}
    for year, figures in years.items():
        complete = year < facts.today.year and figures.visits.values[figures.key, TOTAL] > 0
        found = _report(figures, tables) if complete else None
        if found is not None:
            reports[year], more = found
            relations += more
    recruitment = None
    if corpus is not None:
        recruitment, more_tables, more = recruitment_tables(corpus, config, facts.today)
        tables.update(more_tables)
        relations += more
    _, result = settle(tables, relations, width)
    return Publication(facts, k, width, years, reports, tables, relations, result, recruitment)
