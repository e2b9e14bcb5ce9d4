"""The grids of one year, built and protected once, then cut into tables by the pages.

Every figure about people that appears on more than one page (people visited
per centre, new people, ended detentions) comes from one protected grid here,
so the year page and the summary always hide the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from visits.stats import periods
from visits.stats.grids import TOTAL, Grid, build_grid, pool_rare
from visits.stats.measures import Facts
from visits.stats.suppress import Hidden

# Display order of the fixed lists of the schemas; values not listed follow, sorted.
ROLES = ("friendly", "accredited")
OUTCOMES = ("released", "removed", "dublin-transfer", "transferred", "other")
AGE_BANDS = ("under-18", "18-24", "25-34", "35-44", "45-54", "55-64", "65-plus", "unknown")
GENDERS = ("female", "male", "non-binary", "unknown")
VULNERABILITIES = (
    "minor-claimed",
    "pregnancy",
    "disability",
    "serious-illness",
    "psychological-distress",
    "trafficking-victim",
    "lgbtqi",
    "family-with-children",
)
TOPICS = (
    "legal-procedure",
    "health",
    "family-contact",
    "living-conditions",
    "emotional-support",
    "spiritual-support",
    "practical-needs",
    "release-return-preparation",
)
ACTION_KINDS = ("lawyer", "family", "administration", "partner-organisation", "medical", "other")
ACTION_STATUSES = ("open", "done")
EXPENSE_STATUSES = ("submitted", "approved", "paid")
PEOPLE = "People"


def ordered(fixed: tuple[str, ...], seen, always: bool = True) -> list[str]:
    """The fixed list (all of it, or only the values seen), then unexpected values seen."""
    seen = set(seen)
    return [value for value in fixed if always or value in seen] + sorted(seen - set(fixed))


@dataclass
class YearFigures:
    facts: Facts
    year: int
    k: int

    @property
    def key(self) -> str:
        return str(self.year)

    @cached_property
    def months(self) -> list[str]:
        return periods.months(self.year, self.facts.today)

    @cached_property
    def quarters(self) -> list[str]:
        return periods.quarters(self.year, self.facts.today)

    @property
    def period_rows(self) -> list[str]:
        return [*self.months, *self.quarters, self.key]

    @property
    def period_sums(self) -> dict[str, list[str]]:
        """Rows that add up others, for measures that add up over time."""
        sums = {quarter: periods.months_in(quarter, self.facts.today) for quarter in self.quarters}
        return {**sums, self.key: self.quarters}

    def _over_time(self, measure: str, protected: bool, additive: bool = True, hide=()) -> Grid:
        return build_grid(
            self.period_rows,
            self.facts.centres,
            lambda row, centre: self.facts(measure, row, centre),
            k=self.k if protected else None,
            sums=self.period_sums if additive else None,
            hide=hide,
        )

    def _categories(self, measure: str, fixed: tuple[str, ...], always: bool = True, position: int = 2) -> list[str]:
        """Values at `position` of the keys of `measure` in this year, in display order."""
        return ordered(
            fixed, [key[position] for key in self.facts.counts if key[0] == measure and key[1] == self.year], always
        )

    @cached_property
    def visits(self) -> Grid:
        return self._over_time("visits", protected=False)

    @cached_property
    def minutes(self) -> Grid:
        return self._over_time("minutes", protected=False)

    @property
    def people(self) -> Grid:
        return self._people_and_new[0]

    @property
    def new_people(self) -> Grid:
        return self._people_and_new[1]

    def _true(self, measure: str, row: str, column: str) -> int:
        centres = self.facts.centres if column == TOTAL else [column]
        return sum(self.facts(measure, row, centre) for centre in centres)

    @cached_property
    def _people_and_new(self) -> tuple[Grid, Grid]:
        """People visited and new people, where a cell equal in both is hidden in both or neither.

        In the first period of the programme, or of a centre, everyone visited is
        new; a reader who knows it must not read a count hidden in one table off
        the other. People visited are distinct per period, so a quarter is not the
        sum of its months; new people add up.
        """
        shared: set = set()
        while True:
            people = self._over_time("people", protected=True, additive=False, hide=shared)
            new = self._over_time("new", protected=True, hide=shared)
            hidden = {
                key
                for grid in (people, new)
                for key, cell in grid.cells.items()
                if isinstance(cell, Hidden) and self._true("people", *key) == self._true("new", *key)
            }
            if hidden <= shared:
                return people, new
            shared |= hidden

    @cached_property
    def roles(self) -> list[str]:
        return ordered(ROLES, [key[2] for key in self.facts.counts if key[0] == "volunteers"], always=True)

    @cached_property
    def volunteers(self) -> Grid:
        return build_grid(self.period_rows, self.roles, lambda row, role: self.facts("volunteers", row, role), k=None)

    @cached_property
    def volunteers_by_centre(self) -> Grid:
        def count(centre: str, role: str) -> int:
            if centre == TOTAL:
                return self.facts("volunteers", self.key, role)
            return self.facts("volunteers-at", self.year, centre, role)

        return build_grid([*self.facts.centres, TOTAL], self.roles, count, k=None)

    @cached_property
    def outcomes(self) -> Grid:
        kinds = self._categories("outcome", OUTCOMES)
        return build_grid(
            [*kinds, TOTAL],
            self.facts.centres,
            lambda kind, centre: self.facts("outcome", self.year, kind, centre),
            k=self.k,
            sums={TOTAL: kinds},
        )

    def _single_column(self, measure: str, rows: dict[str, list[str]]) -> Grid:
        """People visited in the year by one of their attributes; the total is theirs."""
        known = () if isinstance(self.people[self.key, TOTAL], Hidden) else [(TOTAL, PEOPLE)]
        return build_grid(
            [*rows, TOTAL],
            [PEOPLE],
            lambda row, _: sum(self.facts(measure, self.year, value) for value in rows[row]),
            k=self.k,
            total_column=False,
            sums={TOTAL: list(rows)},
            public=known,
        )

    @cached_property
    def nationalities(self) -> Grid:
        totals = {
            value: self.facts("nationality", self.year, value)
            for value in self._categories("nationality", (), always=False)
        }
        return self._single_column("nationality", pool_rare(totals, self.k, "Other nationalities"))

    @cached_property
    def age_bands(self) -> Grid:
        return self._single_column("age", {band: [band] for band in self._categories("age", AGE_BANDS)})

    @cached_property
    def genders(self) -> Grid:
        return self._single_column("gender", {value: [value] for value in self._categories("gender", GENDERS)})

    @cached_property
    def vulnerabilities(self) -> Grid:
        flags = self._categories("vulnerability", VULNERABILITIES)
        return build_grid(
            flags,
            self.facts.centres,
            lambda flag, centre: self.facts("vulnerability", self.year, flag, centre),
            k=self.k,
        )

    @cached_property
    def languages(self) -> Grid:
        seen = self._categories("language", (), always=False, position=3)
        totals = {
            language: sum(self.facts("language", self.year, centre, language) for centre in self.facts.centres)
            for language in seen
        }
        rows = pool_rare(totals, self.k, "Other languages")
        # each visit has one language, so the Total row is the visits per centre, published as they are
        return build_grid(
            [*rows, TOTAL],
            self.facts.centres,
            lambda row, centre: sum(self.facts("language", self.year, centre, language) for language in rows[row]),
            k=self.k,
            sums={TOTAL: list(rows)},
            public=[(TOTAL, column) for column in [*self.facts.centres, TOTAL]],
        )

    @cached_property
    def topics(self) -> Grid:
        return build_grid(
            self._categories("topic", TOPICS, position=3),
            self.facts.centres,
            lambda topic, centre: self.facts("topic", self.year, centre, topic),
            k=self.k,
        )

    @cached_property
    def actions(self) -> Grid:
        kinds = self._categories("action", ACTION_KINDS)
        statuses = self._categories("action", ACTION_STATUSES, position=3)
        return build_grid(
            [*kinds, TOTAL],
            statuses,
            lambda kind, status: self.facts("action", self.year, kind, status),
            k=self.k,
            sums={TOTAL: kinds},
        )
