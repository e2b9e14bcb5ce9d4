"""The tightest interval a reader can derive for each "<k" count, by HiGHS.

Per component of linked unknowns (model.components), one problem is posed once:
non-negative integer unknowns (every hidden cell shows the same mark, so the
reader cannot tell a small count from a complement), and the constraints with
the published counts moved to the right. The minimum and maximum of each small
count are then solved for, reusing that problem:

- every solution found, and the true counts themselves, are witnesses: a value
  a witness gives is attainable, so a bound already witnessed at 0 or at the
  unknown's ceiling (the least total it is a part of) needs no solve;
- each bound is solved first as a linear programme; the LP bound is exact when
  its optimal point is integral, which the simplex vertex usually is for tables
  of sums; only otherwise is the MILP solved.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]
from scipy.sparse import csr_array  # type: ignore[import-untyped]

from visits.stats.disclosure import Ref
from visits.stats.disclosure.model import Model

TOLERANCE = 1e-6


class Problem:
    """The reader's integer programme over one component of unknowns."""

    def __init__(self, model: Model, unknowns: list[Ref]) -> None:
        self.unknowns = unknowns
        index = {cls: i for i, cls in enumerate(unknowns)}
        n = len(unknowns)
        touched = sorted({c for cls in unknowns for c in model.by_class.get(cls, ())})
        rows, columns, data, lower, upper = [], [], [], [], []
        big = 10 * (sum(model.value[cls] for cls in unknowns) + model.k)
        for row, c in enumerate(touched):
            constraint = model.constraints[c]
            rest = 0
            for cls, coefficient in constraint.terms:
                if cls in index:
                    rows.append(row)
                    columns.append(index[cls])
                    data.append(coefficient)
                else:
                    rest += coefficient * model.value[cls]
                    big += abs(coefficient * model.value[cls])
            lower.append(-np.inf if constraint.op == "le" else -rest)
            upper.append(-rest)
        self.ceiling = _ceilings(n, rows, columns, data, lower, upper, big)
        matrix = csr_array((data, (rows, columns)), shape=(len(lower), n))
        self.constraints = [LinearConstraint(matrix, lower, upper)] if lower else []
        self.bounds = Bounds(np.zeros(n), self.ceiling)
        truth = np.array([model.value[cls] for cls in unknowns], dtype=float)
        self.seen_low, self.seen_high = truth.copy(), truth.copy()
        self.solves = {"lp": 0, "milp": 0}

    def seed(self, wanted: list[int]) -> None:
        """Witnesses for many counts at once: all wanted counts as low, then as high, as they can go."""
        if len(wanted) < 2:
            return
        for sign in (1.0, -1.0):
            objective = np.zeros(len(self.unknowns))
            objective[wanted] = sign
            self.solves["lp"] += 1
            found = milp(objective, constraints=self.constraints, bounds=self.bounds)
            if found.x is not None and not np.any(np.abs(found.x - np.round(found.x)) > TOLERANCE):
                self._witness(np.round(found.x))

    def _witness(self, values: np.ndarray) -> None:
        np.minimum(self.seen_low, values, out=self.seen_low)
        np.maximum(self.seen_high, values, out=self.seen_high)

    def interval(self, i: int) -> tuple[int, int]:
        """[min, max] of unknown `i` over every integer solution the reader cannot rule out."""
        low = 0 if self.seen_low[i] <= 0 else self._bound(i, 1.0)
        high = int(self.ceiling[i]) if self.seen_high[i] >= self.ceiling[i] else -self._bound(i, -1.0)
        return low, high

    def _bound(self, i: int, sign: float) -> int:
        objective = np.zeros(len(self.unknowns))
        objective[i] = sign
        self.solves["lp"] += 1
        found = milp(objective, constraints=self.constraints, bounds=self.bounds)
        if found.x is None or np.any(np.abs(found.x - np.round(found.x)) > TOLERANCE):
            self.solves["milp"] += 1
            found = milp(
                objective, constraints=self.constraints, bounds=self.bounds, integrality=np.ones(len(self.unknowns))
            )
        if found.x is None:  # the true counts satisfy every constraint: HiGHS failing here is a bug
            raise RuntimeError(f"HiGHS found no solution for {self.unknowns[i]}: {found.message}")
        self._witness(np.round(found.x))  # a witness: every value it holds is attainable
        return round(found.fun)


def _ceilings(n: int, rows: list, columns: list, data: list, lower: list, upper: list, big: float) -> np.ndarray:
    """An upper bound per unknown, from rows whose unknowns all count positively (parts <= a total).

    The tighter the bound M of "x = 0 or k <= x <= M", the closer the LP relaxation to the MILP.
    """
    ceiling = np.full(n, float(big))
    signs: dict[int, set[int]] = {}
    for row, coefficient in zip(rows, data):
        signs.setdefault(row, set()).add(1 if coefficient > 0 else -1)
    for row, column, coefficient in zip(rows, columns, data):
        # sum of positive parts <= upper, or (an equation) sum of negative parts = lower
        bound = upper[row] if signs[row] == {1} else -lower[row] if signs[row] == {-1} else None
        if bound is not None and np.isfinite(bound) and bound >= 0:
            ceiling[column] = min(ceiling[column], bound / abs(coefficient))
    return np.floor(ceiling + TOLERANCE)


def intervals(model: Model, only: set[Ref] | None = None) -> tuple[dict[Ref, tuple[int, int]], dict[str, int]]:
    """The interval of every "<k" class (or of those in `only`), and how many solves it took."""
    found: dict[Ref, tuple[int, int]] = {}
    solves = {"lp": 0, "milp": 0}
    for unknowns in model.components():
        wanted = [i for i, cls in enumerate(unknowns) if model.hidden[cls] and (only is None or cls in only)]
        if not wanted:
            continue
        problem = Problem(model, unknowns)
        problem.seed(wanted)
        for i in wanted:
            found[unknowns[i]] = problem.interval(i)
        for kind, count in problem.solves.items():
            solves[kind] += count
    return found, solves
