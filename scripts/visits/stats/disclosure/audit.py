"""The audit: every "<k" count of everything published, and the interval a reader can derive for it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from visits.stats.disclosure import DEFAULT_WIDTH, Ref
from visits.stats.disclosure.model import Model, build_model
from visits.stats.disclosure.solve import Cache, intervals
from visits.stats.grids import Grid


@dataclass(frozen=True)
class Failure:
    """A "<k" count a reader can pin down to fewer than `width` values, and the tables that do it."""

    cell: Ref  # the first cell of the count's class
    cells: tuple[Ref, ...]  # every published cell showing that count
    interval: tuple[int, int]
    tables: tuple[str, ...]

    def describe(self) -> str:
        table, row, column = self.cell
        low, high = self.interval
        return f"{table} [{row}, {column}] is between {low} and {high}, derivable from {', '.join(self.tables)}"


@dataclass
class AuditResult:
    width: int
    tables: int = 0
    cells: int = 0  # cells audited: every cell of every table about people
    protected: int = 0  # counts shown as "<k" (each class once)
    hidden: int = 0  # every hidden class, "<k" and "x"
    intervals: dict[Ref, tuple[int, int]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    solves: dict[str, int] = field(default_factory=dict)
    rounds: int = 0  # rounds of widening the suppression took (secondary.settle)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def narrowest(self) -> tuple[Ref, tuple[int, int]] | None:
        """The "<k" count with the fewest possible values (ties: table order), with its interval."""
        if not self.intervals:
            return None
        cell = min(self.intervals, key=lambda ref: self.intervals[ref][1] - self.intervals[ref][0])
        return cell, self.intervals[cell]

    def as_json(self) -> dict:
        narrowest = self.narrowest
        return {
            "ok": self.ok,
            "min_interval_values": self.width,
            "tables": self.tables,
            "cells": self.cells,
            "hidden": self.hidden,
            "protected": self.protected,
            "narrowest": None
            if narrowest is None
            else {"cell": list(narrowest[0]), "min": narrowest[1][0], "max": narrowest[1][1]},
            "failures": [
                {
                    "cell": list(f.cell),
                    "cells": [list(c) for c in f.cells],
                    "min": f.interval[0],
                    "max": f.interval[1],
                    "tables": list(f.tables),
                }
                for f in self.failures
            ],
            "solves": self.solves,
            "rounds": self.rounds,
        }


def too_narrow(interval: tuple[int, int], width: int) -> bool:
    return interval[1] - interval[0] + 1 < width


def audit_model(
    model: Model,
    width: int = DEFAULT_WIDTH,
    only: set[Ref] | None = None,
    cache: Cache | None = None,
) -> AuditResult:
    """Intervals of the small counts in `only` (default all).

    `cache` (solve.Cache) keeps what was solved in this model for the next call.
    """
    found, solves = intervals(model, only, cache)
    tables = {ref[0] for refs in model.members.values() for ref in refs}
    result = AuditResult(
        width,
        tables=len(tables),
        cells=model.about_people,
        protected=len(model.primaries),
        hidden=len(model.hidden) - len(model.free),
        intervals=found,
        solves=solves,
    )
    result.failures = [
        Failure(cls, tuple(model.members[cls]), interval, tuple(model.tables_of(cls)))
        for cls, interval in sorted(found.items(), key=lambda item: model.order[item[0]])
        if too_narrow(interval, width)
    ]
    return result


def audit(tables: Mapping[str, Grid], relations: Iterable = (), width: int = DEFAULT_WIDTH) -> AuditResult:
    """Audit published tables (protected grids about people, and public grids) and their relations."""
    return audit_model(build_model(tables, relations), width)
