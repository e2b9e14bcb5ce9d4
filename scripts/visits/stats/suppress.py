"""Small-count protection: a count of people from 1 to k-1 is never published.

Primary suppression hides those counts. Secondary suppression then hides more
cells until no hidden count can be worked out exactly from what is published:

1. every equation "total = sum of parts" (a row, a column, a quarter as the sum
   of its months, ...) must have no hidden member or at least two, and
2. no hidden cell may follow from combining several equations either (checked
   exactly, by Gaussian elimination over the rationals on the hidden cells).

The complement chosen is the cheapest published cell of the equation: an inner
cell before a subtotal before a grand total, a non-zero count before a zero
(a zero complement would tell the reader the sum of the hidden pair), the
smallest count first. Zero is otherwise published: "nobody" identifies no one.

This is the starting point only: it guards against exact recovery within one
grid. stats/disclosure/ then audits everything published together, bounds from
non-negativity and integrality included, and hides more where a reader could
narrow a small count to fewer than `privacy.min_interval_values` values.

Every hidden cell shows the same mark, small or not: were small counts marked
apart ("<5"), a reader would know each lies in 1..4 and each other mark is 0 or
at least 5, and three "<5" under a "<5" total would pin that total to 3 or 4
whatever else is hidden (the attack of issue 14). `Hidden.primary` is kept for
the audit and the tests, never shown.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

MARK = "x"  # one mark for every hidden count (Statistics Canada's "x": suppressed for confidentiality)
SECONDARY_MARK = MARK
K = TypeVar("K", bound=Hashable)  # how a cell is named: (row, column) in a grid


@dataclass(frozen=True)
class Hidden:
    """A published cell whose value is withheld; `primary` when it is itself a small count (never shown)."""

    primary: bool
    k: int

    def __str__(self) -> str:
        return MARK


Cell = int | Hidden
Equation = tuple[K, Sequence[K]]  # (total, parts)


def protect(
    values: Mapping[K, int],
    equations: Iterable[Equation[K]],
    k: int,
    rank: Callable[[K], int] = lambda key: 0,
    also_hide: Iterable[K] = (),
    public: Iterable[K] = (),
) -> dict[K, Cell]:
    """The publishable version of `values`.

    `rank` ranks aggregates above inner cells; `also_hide` names cells another
    table needs hidden here too (secondary unless small themselves); `public`
    names cells the reader knows from elsewhere (visits per centre, say), which
    are never hidden and never count as protection.
    """
    lines = [(total, *parts) for total, parts in equations]
    order = {key: index for index, key in enumerate(values)}
    public = set(public)

    def cost(key):
        return (rank(key), values[key] == 0, values[key], order[key])

    hidden = {key: False for key in also_hide if key in values}
    hidden |= {key: True for key, value in values.items() if 0 < value < k}
    hidden = {key: primary for key, primary in hidden.items() if key not in public}
    while True:
        _close_lines(lines, hidden, cost, public)
        exposed = recoverable(lines, hidden)
        if not exposed:
            break
        cell = min(exposed, key=order.__getitem__)
        widened = _cheapest([line for line in lines if cell in line], hidden, cost, public) or _cheapest(
            [line for line in lines if any(key in hidden for key in line)], hidden, cost, public
        )
        if widened is None:
            break  # everything that may be hidden is; nothing more can be done
        hidden[widened] = False
    return {key: Hidden(hidden[key], k) if key in hidden else value for key, value in values.items()}


def _cheapest(lines: list[tuple[K, ...]], hidden: dict[K, bool], cost, public: set[K]) -> K | None:
    candidates = {key for line in lines for key in line if key not in hidden and key not in public}
    return min(candidates, key=cost) if candidates else None


def _close_lines(lines: list[tuple], hidden: dict, cost, public: set) -> None:
    """Hide a complement in every equation with exactly one hidden member, to a fixed point."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(key in hidden for key in line) == 1:
                complement = _cheapest([line], hidden, cost, public)
                if complement is not None:
                    hidden[complement] = False
                    changed = True


def recoverable(lines: Iterable[Sequence[K]], hidden: Iterable[K]) -> list[K]:
    """Hidden cells whose value the published cells and equations fix exactly.

    Each line is (total, *parts) meaning total = sum(parts). Published cells are
    constants, so only the hidden ones are unknowns; a hidden cell is determined
    when its column of the reduced row echelon form has a pivot and that pivot's
    row involves no free unknown.
    """
    hidden = set(hidden)
    pivots: dict[K, dict[K, Fraction]] = {}
    for total, *parts in lines:
        row: dict[K, Fraction] = {}
        for key, sign in ((total, -1), *((part, 1) for part in parts)):
            if key in hidden:
                row[key] = row.get(key, Fraction(0)) + sign
        row = {key: value for key, value in row.items() if value}
        for key in [key for key in row if key in pivots]:
            _subtract(row, pivots[key], row[key])
        if not row:
            continue
        pivot = next(iter(row))
        scale = row[pivot]
        row = {key: value / scale for key, value in row.items()}
        for other in pivots.values():
            if pivot in other:
                _subtract(other, row, other[pivot])
        pivots[pivot] = row
    return [key for key, row in pivots.items() if len(row) == 1]


def _subtract(row: dict, pivot_row: dict, factor: Fraction) -> None:
    for key, value in pivot_row.items():
        updated = row.get(key, Fraction(0)) - factor * value
        if updated:
            row[key] = updated
        else:
            row.pop(key, None)


def share(part: Cell, whole: Cell, k: int) -> str:
    """A percentage, only of published counts and over at least k people."""
    if isinstance(part, Hidden) or isinstance(whole, Hidden) or whole < max(k, 1):
        return ""
    return f"{100 * part / whole:.0f} %"
