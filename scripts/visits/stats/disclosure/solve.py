"""The tightest interval a reader can derive for each "<k" count, by HiGHS.

Per component of linked unknowns (model.components), one problem is posed once
in HiGHS: non-negative integer unknowns (every hidden cell shows the same mark,
so the reader cannot tell a small count from a complement), and the
constraints with the published counts moved to the right. The minimum and
maximum of each small count are then solved for by changing only the
objective, so that the simplex starts from the last basis:

- bounds every integer solution keeps are found first by propagating the rows
  (a total minus the parts' bounds, a part at most its total: the reader's
  differencing) and tighten the columns;
- every solution found, and the true counts themselves, are witnesses: a value
  a witness gives is attainable, so a bound a witness attains at a propagated
  bound needs no solve;
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
PROPAGATION_VISITS = 8  # times a row is propagated at most (bounds may creep down by one)


class Cache:
    """What was solved in one model, as secondary suppression hides more of it.

    `solved`: (component, class) -> interval; a component whose unknowns have not
    changed poses the same problem again. `attained`: class -> the least and greatest
    values some solution gave it; hiding more only adds solutions (a solution before,
    with the newly hidden cells at their true counts, is one after), so they stay
    attained and a bound already at 0 or at the ceiling needs no solve.
    """

    def __init__(self) -> None:
        self.solved: dict[tuple[tuple[Ref, ...], Ref], tuple[int, int]] = {}
        self.attained: dict[Ref, tuple[int, int]] = {}


class Problem:
    """The reader's integer programme over one component of unknowns."""

    def __init__(self, model: Model, unknowns: list[Ref], attained: dict[Ref, tuple[int, int]] | None = None) -> None:
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
        ceiling = _ceilings(len(unknowns), self.rows, self.lower, self.upper, big)
        self.floor, self.ceiling = _propagate(self.rows, self.lower, self.upper, [0.0] * len(unknowns), ceiling)
        import numpy as np

        truth = np.array([model.value[cls] for cls in unknowns], dtype=float)
        self.seen_low, self.seen_high = truth.copy(), truth.copy()
        for i, cls in enumerate(unknowns):
            if attained and cls in attained:
                self._witness_one(i, *attained[cls])
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
        highs.addVars(n, np.array(self.floor, dtype=float), np.array(self.ceiling, dtype=float))
        if self.rows:
            starts = np.cumsum([0] + [len(row) for row in self.rows[:-1]]).astype(np.int32)
            columns = np.array([i for row in self.rows for i, _ in row], dtype=np.int32)
            values = np.array([v for row in self.rows for _, v in row], dtype=float)
            infinite = highspy.kHighsInf
            lower = np.array([-infinite if math.isinf(x) else x for x in self.lower], dtype=float)
            highs.addRows(
                len(self.rows), lower, np.array(self.upper, dtype=float), len(values), starts, columns, values
            )
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

    def _witness_one(self, i: int, low: int, high: int) -> None:
        self.seen_low[i] = min(self.seen_low[i], low)
        self.seen_high[i] = max(self.seen_high[i], high)

    def attained(self) -> dict[Ref, tuple[int, int]]:
        return {cls: (int(self.seen_low[i]), int(self.seen_high[i])) for i, cls in enumerate(self.unknowns)}

    def interval(self, i: int) -> tuple[int, int]:
        """[min, max] of unknown `i` over every integer solution the reader cannot rule out."""
        low = int(self.floor[i]) if self.seen_low[i] <= self.floor[i] else self._bound(i, 1.0)
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


def _propagate(rows: list, lower: list, upper: list, low: list[float], high: list[float]) -> tuple[list, list]:
    """Bounds on each unknown that every integer solution keeps, by propagating the rows.

    A reader's differencing (a total minus the parts it knows, a part at most its total)
    is this; a witness at such a bound proves it without a solve. A row is looked at
    again only when a bound of one of its unknowns moved, a few times at most: what
    propagation does not find, the solver does.
    """
    rows_of: dict[int, list[int]] = {}
    for r, row in enumerate(rows):
        for j, _ in row:
            rows_of.setdefault(j, []).append(r)
    pending, visits = list(range(len(rows))), [0] * len(rows)
    queued = set(pending)
    while pending:
        r = pending.pop()
        queued.discard(r)
        visits[r] += 1
        row, row_low, row_high = rows[r], lower[r], upper[r]
        least = [c * (low[j] if c > 0 else high[j]) for j, c in row]
        most = [c * (high[j] if c > 0 else low[j]) for j, c in row]
        total_least, total_most = sum(least), sum(most)
        bounded_below = math.isfinite(row_low)
        moved = []
        for (j, c), own_least, own_most in zip(row, least, most):
            top = (row_high - (total_least - own_least)) / c  # c * x <= row_high - the others' least
            bottom = (row_low - (total_most - own_most)) / c if bounded_below else None
            if c < 0:
                top, bottom = bottom, top
            if top is not None and math.floor(top + TOLERANCE) < high[j]:
                high[j] = float(max(math.floor(top + TOLERANCE), low[j]))
                moved.append(j)
            if bottom is not None and math.ceil(bottom - TOLERANCE) > low[j]:
                low[j] = float(min(math.ceil(bottom - TOLERANCE), high[j]))
                moved.append(j)
        for j in moved:
            for other in rows_of[j]:
                if other != r and other not in queued and visits[other] < PROPAGATION_VISITS:
                    pending.append(other)
                    queued.add(other)
    return low, high


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
            if cache is not None and (key, cls) in cache.solved:
                found[cls] = cache.solved[key, cls]
            else:
                wanted.append(i)
        if not wanted:
            continue
        problem = Problem(model, unknowns, cache.attained if cache is not None else None)
        problem.seed(wanted)
        for i in wanted:
            found[unknowns[i]] = problem.interval(i)
            if cache is not None:
                cache.solved[key, unknowns[i]] = found[unknowns[i]]
        if cache is not None:
            cache.attained.update(problem.attained())
        for kind, count in problem.solves.items():
            solves[kind] += count
    return found, solves
