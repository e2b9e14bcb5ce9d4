"""Secondary suppression widened until the audit holds, across every table at once.

It starts from what each grid's own heuristic hid (suppress.protect: the
cheapest complement in every sum, until no hidden count is exactly
recoverable), then:

1. a count hidden in one table is hidden in every table that shows it;
2. while some small count's interval is narrower than the width asked for, the
   cheapest published cell in a constraint with it is hidden as well (an inner
   cell before a subtotal before a total, a cell shown in one table before one
   shown in several, a non-zero count before a zero, the smallest first, then
   table order), one per failing count in its first round, twice as many in
   each round it still fails, batched over every failing count, and only the
   failing counts are solved again; at the end every count is, but a component
   whose unknowns have not changed keeps the intervals solved before
   (solve.Cache);
   counts no hiding can help (a public figure pins them) are left to fail.
   Hiding a cell never narrows another's interval (the reader knows less), so
   counts that passed keep passing, and the loop ends: at worst with every cell
   that may be hidden hidden.

Deterministic: the same tables give the same cells hidden.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

from visits.stats.disclosure import DEFAULT_WIDTH, Ref
from visits.stats.disclosure.audit import AuditResult, audit_model
from visits.stats.disclosure.model import Model, build_model
from visits.stats.disclosure.solve import Cache
from visits.stats.grids import Grid
from visits.stats.suppress import Hidden


def settle(tables: Mapping[str, Grid], relations: Iterable, width: int = DEFAULT_WIDTH) -> tuple[Model, AuditResult]:
    """Hide what must be hidden in `tables` (changed in place); the model and the final audit."""
    relations = list(relations)
    model = build_model(tables, relations)
    for cls in list(model.hideable):  # shown in one table, hidden in another: hidden in all
        if any(isinstance(model.cells[ref][0].cells[model.cells[ref][1]], Hidden) for ref in model.members[cls]):
            model.hide(cls)
    cache = Cache()  # what was solved, for the rounds after
    result = audit_model(model, width, cache=cache)
    rounds = 0
    hopeless = _beyond_help(tables, relations, result, width)
    persisting: dict[Ref, int] = {}  # failing count -> rounds it has failed in
    while any(failure.cell not in hopeless for failure in result.failures):
        chosen: list[Ref] = []
        taken: set[Ref] = set()
        for failure in result.failures:
            if failure.cell in hopeless:
                continue
            persisting[failure.cell] = persisting.get(failure.cell, 0) + 1
            # one cell at first; twice as many each round the count still fails, so that a
            # count that needs many cells hidden gets them in a few rounds, not one by one
            wanted = 2 ** (persisting[failure.cell] - 1)
            fresh = (cell for cell in ranked(model, failure.cell) if cell not in taken)
            for cell in itertools.islice(fresh, wanted):
                chosen.append(cell)
                taken.add(cell)
        if not chosen:
            break  # nothing more may be hidden: the failures stand
        for cell in chosen:
            model.hide(cell)
        rounds += 1
        # only the failing counts: the others keep passing (hiding never narrows an interval)
        result = audit_model(model, width, only={failure.cell for failure in result.failures}, cache=cache)
    if rounds:
        # every interval again, read from the cache where a component has not changed since
        result = audit_model(model, width, cache=cache)
        result.rounds = rounds
    return model, result


def _beyond_help(tables: Mapping[str, Grid], relations: list, result: AuditResult, width: int) -> set[Ref]:
    """Failing counts that stay too narrow even with every cell that may be hidden hidden.

    A public figure pins them (1 visit in a quarter: at most 1 person); hiding more
    would only blank the tables, so they are left to fail the audit, named.
    """
    if result.ok:
        return set()
    worst = build_model(tables, relations)
    for cls in list(worst.hideable):
        worst.hide(cls, in_tables=False)
    failing = {failure.cell for failure in result.failures}
    return {failure.cell for failure in audit_model(worst, width, only=failing).failures}


def ranked(model: Model, cls: Ref) -> list[Ref]:
    """The published cells that may be hidden for `cls`, cheapest first: those in a constraint
    with it, then those in a constraint with any unknown linked to it."""
    near = {other for index in model.by_class.get(cls, ()) for other, _ in model.constraints[index].terms}
    around = {
        other
        for unknown in model.component_of(cls)
        for index in model.by_class.get(unknown, ())
        for other, _ in model.constraints[index].terms
    }
    return _by_cost(model, near) + _by_cost(model, around - near)


def _by_cost(model: Model, candidates: set[Ref]) -> list[Ref]:
    return sorted(
        (cls for cls in candidates if cls in model.hideable),
        key=lambda cls: (
            model.aggregate(cls),
            len(model.members[cls]),
            model.value[cls] == 0,
            model.value[cls],
            model.order[cls],
        ),
    )
