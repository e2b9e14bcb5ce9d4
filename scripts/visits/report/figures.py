"""The yearly monitoring report's figures: the year's protected grids, and the report's own.

A person "accompanied" in a year is one the programme visited at least once in
it, counted once, in the centre of their first visit of the year (the year's
`people` grid). Where the report shows a population the internal statistics
show too (people accompanied, ended detentions, vulnerabilities), it shows the
year's grid itself, so a hidden cell is hidden everywhere. Its own grids
(nationalities by centre, monitoring observations) take the year's published
cells as known to the reader and hide what the year hides.

`relations()` states what a reader can deduce between grids that no grid's own
equations say: the same count in two grids, and counts bounded by others.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from visits import monitoring
from visits.stats.figures import PEOPLE, YearFigures
from visits.stats.grids import TOTAL, Grid, build_grid, pool_rare
from visits.stats.suppress import Cell, Hidden

OTHER_NATIONALITIES = "Other nationalities"
# An area whose list holds a single code would repeat that code's row exactly.
AREAS = [area for area, codes in monitoring.AREAS.items() if len(codes) > 1]
QUARTILE_METHOD: Literal["inclusive"] = "inclusive"  # statistics.quantiles: linear between order statistics (R type 7)

CellRef = tuple[str, str, str]  # (grid name, row, column)
Relation = tuple[str, list[CellRef], list[CellRef]]  # (kind, left, right): "equal" or "at-most"


@dataclass
class Length:
    """Quartiles of the days in detention of the people accompanied at one centre."""

    people: Cell
    quartiles: tuple[float, float, float] | None  # None: withheld (under k people, or hidden)


@dataclass
class ReportFigures:
    year_figures: YearFigures

    @property
    def year(self) -> int:
        return self.year_figures.year

    @property
    def k(self) -> int:
        return self.year_figures.k

    @property
    def centres(self) -> list[str]:
        """Centres the report has a section for: those with people accompanied or ended detentions."""
        figures = self.year_figures
        key = figures.key
        return [
            centre
            for centre in figures.facts.centres
            if figures.facts("people", key, centre) or figures.facts("visits", key, centre)
        ]

    @property
    def people(self) -> Grid:
        return self.year_figures.people

    @property
    def outcomes(self) -> Grid:
        return self.year_figures.outcomes

    @property
    def vulnerabilities(self) -> Grid:
        return self.year_figures.vulnerabilities

    def _counterparts(self, pairs: dict[tuple[str, str], Cell]) -> tuple[set, set]:
        """Of cells equal to a cell the year's grids publish or hide: (public, hidden)."""
        public = {key for key, cell in pairs.items() if not isinstance(cell, Hidden)}
        return public, set(pairs) - public

    @cached_property
    def nationality_rows(self) -> dict[str, list[str]]:
        """The rows of the year's nationality table, each with the codes it counts (pooled alike)."""
        facts, year = self.year_figures.facts, self.year
        totals = {key[2]: value for key, value in facts.counts.items() if key[0] == "nationality" and key[1] == year}
        return pool_rare(totals, self.k, OTHER_NATIONALITIES)

    @cached_property
    def nationalities(self) -> Grid:
        """People accompanied by nationality and centre; rare nationalities pooled, as the year pools them."""
        figures, rows = self.year_figures, self.nationality_rows
        facts, year, key = figures.facts, self.year, figures.key
        same = {(TOTAL, centre): figures.people[key, centre] for centre in [*facts.centres, TOTAL]}
        same |= {(row, TOTAL): figures.nationalities[row, PEOPLE] for row in rows}
        public, hidden = self._counterparts(same)
        return build_grid(
            [*rows, TOTAL],
            facts.centres,
            lambda row, centre: sum(facts("nationality-at", year, code, centre) for code in rows[row]),
            k=self.k,
            sums={TOTAL: list(rows)},
            hide=hidden,
            public=public,
        )

    @cached_property
    def observation_rows(self) -> list[str]:
        """Each area with more than one code, followed by its codes; single codes stand alone."""
        rows = []
        for area, codes in monitoring.AREAS.items():
            if area in AREAS:
                rows.append(area)
            rows.extend(codes)
        return rows

    @cached_property
    def observations(self) -> Grid:
        """People accompanied about whom each observation (or any of an area's) was reported in the year.

        Rows do not add up: one person may be the subject of several observations.
        A row equal in truth to another in a column (an area and its only observed
        code) is hidden in both or neither, as the year does for people and new people.
        """
        facts, year = self.year_figures.facts, self.year

        def count(row: str, centre: str) -> int:
            measure = "observation-area" if row in AREAS else "observation"
            return facts(measure, year, row, centre)

        def true(row: str, column: str) -> int:
            return sum(count(row, centre) for centre in (facts.centres if column == TOTAL else [column]))

        twins = [
            ((area, column), (code, column))
            for area in AREAS
            for code in monitoring.AREAS[area]
            for column in [*facts.centres, TOTAL]
            if true(area, column) == true(code, column)
        ]
        shared: set = set()
        while True:
            grid = build_grid(self.observation_rows, facts.centres, count, k=self.k, hide=shared)
            hidden = {
                cell for pair in twins if any(isinstance(grid.cells[cell], Hidden) for cell in pair) for cell in pair
            }
            if hidden <= shared:
                return grid
            shared |= hidden

    def lengths(self) -> dict[str, Length]:
        """Per centre and in all (TOTAL): quartiles of days detained, over at least k published people."""
        figures = self.year_figures
        facts, key = figures.facts, figures.key
        result = {}
        for centre in [*self.centres, TOTAL]:
            people = figures.people[key, centre]
            days = [
                d
                for (year, place), values in facts.stay_days.items()
                if year == self.year
                if centre in (TOTAL, place)
                for d in values
            ]
            result[centre] = Length(people, quartiles(days, people, self.k))
        return result

    def grids(self) -> dict[str, Grid]:
        """Every table about people the report shows, by a stable name."""
        return {
            "people": self.people,
            "outcomes": self.outcomes,
            "vulnerabilities": self.vulnerabilities,
            "nationalities": self.nationalities,
            "observations": self.observations,
        }

    def relations(self) -> list[Relation]:
        """What holds between the grids' cells beyond each grid's own sums.

        "equal": the left cells add up to the right cells; "at-most": the left cells'
        sum is at most the right cells' sum. The year's grids are named `year.<name>`.
        """
        figures, key = self.year_figures, self.year_figures.key
        columns = [*figures.facts.centres, TOTAL]
        found: list[Relation] = []
        for column in columns:
            found.append(("equal", [("nationalities", TOTAL, column)], [("people", key, column)]))
            for row in self.observation_rows:
                found.append(("at-most", [("observations", row, column)], [("people", key, column)]))
            for area in AREAS:
                codes = list(monitoring.AREAS[area])
                for code in codes:
                    found.append(("at-most", [("observations", code, column)], [("observations", area, column)]))
                found.append(
                    ("at-most", [("observations", area, column)], [("observations", code, column) for code in codes])
                )
            for flag in self.vulnerabilities.rows:
                found.append(("at-most", [("vulnerabilities", flag, column)], [("people", key, column)]))
        for row in self.nationality_rows:
            found.append(("equal", [("nationalities", row, TOTAL)], [("year.nationalities", row, PEOPLE)]))
        return found


def quartiles(days: list[int], people: Cell, k: int) -> tuple[float, float, float] | None:
    """Lower quartile, median, upper quartile, only over at least k people whose count is published."""
    if isinstance(people, Hidden) or people < max(k, 2) or len(days) < max(k, 2):
        return None
    low, median, high = statistics.quantiles(days, n=4, method=QUARTILE_METHOD)
    return (low, median, high)
