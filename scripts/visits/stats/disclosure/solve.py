"""The tightest interval a reader can derive for each "<k" count, by HiGHS.

Per component of linked unknowns (model.components), one problem is posed once
in HiGHS: non-negative integer unknowns (every hidden cell shows the same mark,
so the reader cannot tell a small count from a complement), and the
constraints with the published counts moved to the right. The minimum and
maximum of each small count are then solved for by changing only the
objective, so that the simplex starts from the last basis:

- every solution found, and the true counts themselves, are witnesses: a value
  a witness gives is attainable, so a bound already witnessed at 0 or at the
  unknown's ceiling (the least total it is a part of) needs no solve;
- each bound is solved first as a linear programme; the LP bound is exact when
  its optimal point is integral, which the simplex vertex usually is for tables
  of sums, or when a witness attains the LP bound rounded inwards; only
  otherwise is the MILP solved (a second HiGHS model, made when first needed).

HiGHS (highspy) is imported here only when a problem is posed: every `visits`
command builds its parser from the command modules, and only the audit solves.
"""

from __future__ import annotations

import math
from typing import Any

from visits.stats.disclosure import Ref
from visits.stats.disclosure.model import Model

TOLERANCE = 1e-6

Cache = dict[tuple[tuple[Ref, ...], Ref], tuple[int, int]]  # (component, class) -> interval


class Problem:
    """The reader's integer programme over one component of unknowns."""

    def __init__(self, model: Model, unknowns: list[Ref]) -> None:
        self.unknowns = unknowns
        index = {cls: i for i, cls in enumerate(unknowns)}
        touched = sorted({c for cls in unknowns for c in model.by_class.get(cls, ())})
        self.rows: list[list[tuple[int, float]]] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        big = 10 * (sum(model.value[cls] for cls in unknowns) + model.k)
        for c in touched:
            constraint = model.constraints[c]
            rest, row = 0, []
            for cls, coefficient in constraint.terms:
                if cls in index:
                    row.append((index[cls], float(coefficient)))
                else:
                    rest += coefficient * model.value[cls]
                    big += abs(coefficient * model.value[cls])
            self.rows.append(row)
            self.lower.append(-math.inf if constraint.op == "le" else -rest)
            self.upper.append(-rest)
        self.ceiling = _ceilings(len(unknowns), self.rows, self.lower, self.upper, big)
        import numpy as np

        truth = np.array([model.value[cls] for cls in unknowns], dtype=float)
        self.seen_low, self.seen_high = truth.copy(), truth.copy()
        self.solves = {"lp": 0, "milp": 0}
        self._lp = self._highs(integer=False)
        self._mip: Any = None
        self._costs: dict[str, list[int]] = {"lp": [], "milp": []}  # columns whose cost is not zero

    def _highs(self, integer: bool):
        import highspy
        import numpy as np

        # highspy.Highs prints its banner on stdout before any option can silence it,
        # which would spoil `visits audit --format json`; its base class does not
        highs = highspy._core._Highs()
        highs.setOptionValue("output_flag", False)
        n = len(self.unknowns)
        highs.addVars(n, np.zeros(n), np.array(self.ceiling, dtype=float))
        if self.rows:
            starts = np.cumsum([0] + [len(row) for row in self.rows[:-1]]).astype(np.int32)
            columns = np.array([i for row in self.rows for i, _ in row], dtype=np.int32)
            values = np.array([v for row in self.rows for _, v in row], dtype=float)
            infinite = highspy.kHighsInf
            lower = np.array([-infinite if math.isinf(x) else x for x in self.lower], dtype=float)
            highs.addRows(len(self.rows), lower, np.array(self.upper, dtype=float), len(values), starts, columns, values)
        if integer:
            kinds = np.array([highspy.HighsVarType.kInteger] * n)
            highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), kinds)
        return highs

    def _minimise(self, costs: dict[int, float], integer: bool) -> tuple[float, Any] | None:
        """Minimise sum(cost * unknown); the optimum and its point, or None when HiGHS finds none."""
        import highspy

        if integer and self._mip is None:
            self._mip = self._highs(integer=True)
        highs, kind = (self._mip, "milp") if integer else (self._lp, "lp")
        for i in self._costs[kind]:  # only the objective changes: the last basis stays a start
            highs.changeColCost(i, 0.0)
        for i, cost in costs.items():
            highs.changeColCost(i, cost)
        self._costs[kind] = list(costs)
        self.solves[kind] += 1
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        import numpy as np

        return highs.getInfo().objective_function_value, np.asarray(highs.getSolution().col_value)

    def seed(self, wanted: list[int]) -> None:
        """Witnesses for many counts at once: all wanted counts as low, then as high, as they can go."""
        if len(wanted) < 2:
            return
        for sign in (1.0, -1.0):
            found = self._minimise(dict.fromkeys(wanted, sign), integer=False)
            if found is not None and _integral(found[1]):
                self._witness(found[1])

    def _witness(self, values) -> None:
        import numpy as np

        whole = np.round(values)
        np.minimum(self.seen_low, whole, out=self.seen_low)
        np.maximum(self.seen_high, whole, out=self.seen_high)

    def interval(self, i: int) -> tuple[int, int]:
        """[min, max] of unknown `i` over every integer solution the reader cannot rule out."""
        low = 0 if self.seen_low[i] <= 0 else self._bound(i, 1.0)
        high = int(self.ceiling[i]) if self.seen_high[i] >= self.ceiling[i] else -self._bound(i, -1.0)
        return low, high

    def _bound(self, i: int, sign: float) -> int:
        """min(sign * unknown i) over the integers: by LP when that is provably exact, else by MILP."""
        found = self._minimise({i: sign}, integer=False)
        if found is not None:
            value, point = found
            if _integral(point):
                self._witness(point)  # every value it holds is attainable
                return round(value)
            # the integer optimum is at least the LP bound rounded up; a witness there attains it
            bound = math.ceil(value - TOLERANCE)
            seen = self.seen_low[i] if sign > 0 else -self.seen_high[i]
            if seen == bound:
                return bound
        found = self._minimise({i: sign}, integer=True)
        if found is None:  # the true counts satisfy every constraint: HiGHS failing here is a bug
            raise RuntimeError(f"HiGHS found no solution for {self.unknowns[i]}")
        self._witness(found[1])
        return round(found[0])


def _integral(point) -> bool:
    import numpy as np

    return bool(np.all(np.abs(point - np.round(point)) <= TOLERANCE))


def _ceilings(n: int, rows: list[list[tuple[int, float]]], lower: list, upper: list, big: float) -> list[float]:
    """An upper bound per unknown, from rows whose unknowns all count positively (parts <= a total).

    The tighter the bounds, the closer the LP relaxation to the MILP.
    """
    ceiling = [float(big)] * n
    for row, low, high in zip(rows, lower, upper):
        signs = {1 if coefficient > 0 else -1 for _, coefficient in row}
        # sum of positive parts <= upper, or (an equation) sum of negative parts = lower
        bound = high if signs == {1} else -low if signs == {-1} else None
        if bound is not None and math.isfinite(bound) and bound >= 0:
            for column, coefficient in row:
                ceiling[column] = min(ceiling[column], bound / abs(coefficient))
    return [float(math.floor(c + TOLERANCE)) for c in ceiling]


def intervals(
    model: Model, only: set[Ref] | None = None, cache: Cache | None = None
) -> tuple[dict[Ref, tuple[int, int]], dict[str, int]]:
    """The interval of every "<k" class (or of those in `only`), and how many solves it took.

    `cache` holds intervals already solved in this model: a component whose unknowns
    have not changed poses the same problem, so its intervals are read, not solved.
    """
    found: dict[Ref, tuple[int, int]] = {}
    solves = {"lp": 0, "milp": 0}
    for unknowns in model.components():
        key = tuple(unknowns)
        wanted = []
        for i, cls in enumerate(unknowns):
            if not model.hidden[cls] or (only is not None and cls not in only):
                continue
            if cache is not None and (key, cls) in cache:
                found[cls] = cache[key, cls]
            else:
                wanted.append(i)
        if not wanted:
            continue
        problem = Problem(model, unknowns)
        problem.seed(wanted)
        for i in wanted:
            found[unknowns[i]] = problem.interval(i)
            if cache is not None:
                cache[key, unknowns[i]] = found[unknowns[i]]
        for kind, count in problem.solves.items():
            solves[kind] += count
    return found, solves
