"""Counts laid out as rows x columns with their totals, protected as one system.

A grid knows which of its cells are sums of others (the Total column, a
quarter row as the sum of its months, a Total row), so suppression sees every
equation a reader could use. Tables that share figures are cut from the same
grid, so a value hidden in one table is never published in another.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from visits.stats.suppress import Cell, Hidden, protect
from visits.stats.tables import Table

TOTAL = "Total"


@dataclass
class Grid:
    rows: list[str]
    columns: list[str]  # including TOTAL when there is a total column
    cells: dict[tuple[str, str], Cell]
    # what the disclosure audit needs to pose this grid to a reader (stats/disclosure):
    k: int | None = None  # the grid is about people and protected when set
    events: bool = False  # counts of visits, not people: never "<k", but hidden ("x", any value) where
    # they would bound a count of people too closely
    equations: list = field(default_factory=list)  # ((row, column) total, [(row, column) parts])
    public: frozenset = frozenset()  # cells the reader knows from elsewhere: never hidden
    values: dict = field(default_factory=dict, repr=False)  # the true counts, for the audit only

    def __getitem__(self, key: tuple[str, str]) -> Cell:
        return self.cells[key]

    def exact(self, key: tuple[str, str]) -> int:
        """A cell of a grid built without `k`, which hides nothing (minutes, visits, money)."""
        value = self.cells[key]
        assert not isinstance(value, Hidden), f"{key} is hidden: this grid is protected"
        return value

    def table(
        self,
        slug: str,
        title: str,
        about: str,
        first: str,
        rows: Sequence[str] | None = None,
        labels: Mapping[str, str] | None = None,
        shown: Callable[[int], object] = lambda value: value,
    ) -> Table:
        """A table of some rows (default all); `first` heads the column of row labels.

        `labels` renames rows; `shown` formats published values (minutes as hours).
        """
        labels = labels or {}

        def cell(key):
            value = self.cells[key]
            return value if isinstance(value, Hidden) else shown(value)

        return Table(
            slug,
            title,
            [first, *self.columns],
            [[labels.get(r, r), *(cell((r, c)) for c in self.columns)] for r in (self.rows if rows is None else rows)],
            about,
        )


def build_grid(
    rows: Sequence[str],
    columns: Sequence[str],
    count: Callable[[str, str], int],
    *,
    k: int | None,
    total_column: bool = True,
    sums: Mapping[str, Sequence[str]] | None = None,
    hide=(),
    public=(),
) -> Grid:
    """A grid of count(row, column); `sums` maps a row to the rows it adds up.

    With `k` the counts are about people and are protected (`hide` and
    `public` as for suppress.protect); without it they are published as they
    are (visits, hours, volunteers, money).
    """
    sums = dict(sums or {})
    all_columns = [*columns, TOTAL] if total_column else list(columns)
    memo: dict[tuple[str, str], int] = {}

    def value(row: str, column: str) -> int:
        if (row, column) not in memo:
            if row in sums:
                memo[row, column] = sum(value(part, column) for part in sums[row])
            elif column == TOTAL:
                memo[row, column] = sum(value(row, other) for other in columns)
            else:
                memo[row, column] = count(row, column)
        return memo[row, column]

    values = {(row, column): value(row, column) for row in rows for column in all_columns}
    equations = []
    if total_column:
        equations += [((row, TOTAL), [(row, column) for column in columns]) for row in rows]
    equations += [
        ((row, column), [(part, column) for part in parts]) for row, parts in sums.items() for column in all_columns
    ]
    if k is None:
        return Grid(list(rows), all_columns, dict(values), equations=equations, values=values)

    def rank(key: tuple[str, str]) -> int:
        return (key[0] in sums) + (key[1] == TOTAL)

    cells = protect(values, equations, k, rank, also_hide=hide, public=public)
    return Grid(list(rows), all_columns, cells, k, False, equations, frozenset(public), values)


def pool_rare(totals: Mapping[str, int], k: int, other: str) -> dict[str, list[str]]:
    """Rows to show, each with the categories it counts; most frequent first.

    Categories with fewer than k in all are pooled into one row `other`, so
    that a rare nationality or language is not even named.
    """
    common = sorted((name for name, value in totals.items() if value >= k), key=lambda name: (-totals[name], name))
    rows = {name: [name] for name in common}
    rare = sorted(name for name, value in totals.items() if 0 < value < k)
    if rare:
        rows[other] = rare
    return rows
