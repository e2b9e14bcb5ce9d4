"""Disclosure control proven against everything published together.

The reader this package defends against holds every table about people the
project shows (internal statistics of every year, meeting packs, the monitoring
report), knows how they relate, knows the programme's public figures (visits per
centre and period), and knows that "<k" means 1 to k-1 and "x" means 0 or at
least k. For each count shown as "<k" the audit computes, by integer programming
over all of that at once, the tightest interval [min, max] the reader can
derive; protection holds when every such interval spans at least
`privacy.min_interval_values` integers (3 by default).

How tables and relations are given (the form other packages use):

- A table is a `visits.stats.grids.Grid`; the published ones are gathered in a
  dict by name ("2026/people", "report/2026/observations", ...). A grid built
  with `k` is about people: its hidden cells are the unknowns, and the sums it
  was built with (`grid.equations`) are relations the reader knows. A grid built
  without `k` (visits, hours) is public: all its cells are known constants.
- A cell is named by a `Ref`: (table name, row, column).
- A `Relation(kind, left, right)` (a plain tuple `(kind, left_cells, right_cells)`
  is accepted too) states what the reader knows beyond a grid's own sums:
  kind "same": left[0] and right[0] count the same people (one unknown), e.g. a
  year's people in the nationality table and in the people table;
  kind "eq": sum(left) == sum(right);
  kind "le": sum(left) <= sum(right), e.g. people with a vulnerability at a
  centre <= people visited at that centre; "ge" is "le" the other way round.
  Also spelt "equal", "at-most", "at-least", "==", "<=", ">="; an "eq" of one
  cell with one cell is read as "same".
- The report's `ReportFigures(year_figures).relations()` names its own grids by
  their keys in `.grids()`, and the year's grids as "year.<YearFigures
  attribute>" ("year.people", "year.nationalities", "year.visits");
  `publication.py` qualifies both with the year. A report grid that is a year
  grid itself (the same object) is that year table, not a second one.

Modules: `model` (unknowns and linear constraints), `solve` (intervals by HiGHS,
LP before MILP), `audit` (the result), `relations` (what the reader knows
about one year's grids), `secondary` (suppression widened until the audit
holds), `method` (the method in words, for the pages and the report).
"""

from __future__ import annotations

from typing import NamedTuple

Ref = tuple[str, str, str]  # (table, row, column)
KINDS = ("same", "eq", "le", "ge")
ALIASES = {"<=": "le", ">=": "ge", "==": "eq", "=": "eq", "equal": "eq", "at-most": "le", "at-least": "ge"}
DEFAULT_WIDTH = 3  # integer values an interval must span at least


class Relation(NamedTuple):
    kind: str
    left: tuple[Ref, ...]
    right: tuple[Ref, ...]


def relation(kind: str, left, right) -> Relation:
    """A Relation from any of the accepted spellings ("<=", ">=", "==" too)."""
    kind = ALIASES.get(kind, kind)
    if kind not in KINDS:
        raise ValueError(f"unknown relation kind {kind!r}; use one of {', '.join([*KINDS, *ALIASES])}")
    left, right = tuple(tuple(ref) for ref in left), tuple(tuple(ref) for ref in right)
    if kind == "eq" and len(left) == len(right) == 1:
        kind = "same"  # one count equal to another is the same people: hidden in both or neither
    return Relation("le", right, left) if kind == "ge" else Relation(kind, left, right)


def width_of(config: dict) -> int:
    """`privacy.min_interval_values` from visits.yml, at least 1 (3 when unset or invalid)."""
    value = config.get("privacy", {}).get("min_interval_values", DEFAULT_WIDTH)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else DEFAULT_WIDTH


def k_of(config: dict) -> int:
    value = config.get("privacy", {}).get("min_count", 5)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else 5
