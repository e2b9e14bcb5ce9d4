"""Secondary suppression widened until the audit holds, across every table at once.

It starts from what each grid's own heuristic hid (suppress.protect: the
cheapest complement in every sum, until no hidden count is exactly
recoverable), then:

1. a count hidden in one table is hidden in every table that shows it;
2. while some "<k" count's interval is narrower than the width asked for, the
   cheapest published cell in a constraint with it is hidden as well (an inner
   cell before a subtotal before a total, a cell shown in one table before one
   shown in several, a non-zero count before a zero, the smallest first, then
   table order), one per failing count per round, and only the failing counts
   are solved again. Hiding a cell never narrows another's interval (the reader
   knows less), so counts that passed keep passing, and the loop ends: at worst
   with every cell that may be hidden hidden.

Deterministic: the same tables give the same cells hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from visits.stats.disclosure import DEFAULT_WIDTH, Ref
from visits.stats.disclosure.audit import AuditResult, audit_model
from visits.stats.disclosure.model import Model, build_model
from visits.stats.grids import Grid
from visits.stats.suppress import Hidden


def settle(tables: Mapping[str, Grid], relations: Iterable, width: int = DEFAULT_WIDTH) -> tuple[Model, AuditResult]:
    """Hide what must be hidden in `tables` (changed in place); the model and the final audit."""
    model = build_model(tables, list(relations))
    for cls in list(model.hideable):  # shown in one table, hidden in another: hidden in all
        if any(isinstance(model.cells[ref][0].cells[model.cells[ref][1]], Hidden) for ref in model.members[cls]):
            model.hide(cls)
    result = audit_model(model, width)
    rounds = 0
    while not result.ok:
        chosen: list[Ref] = []
        for failure in result.failures:
            cell = cheapest(model, failure.cell, set(chosen))
            if cell is not None:
                chosen.append(cell)
        if not chosen:
            result.rounds = rounds
            return model, result  # nothing more may be hidden: the failures stand
        for cell in chosen:
            model.hide(cell)
        rounds += 1
        result = audit_model(model, width, only={failure.cell for failure in result.failures})
    if rounds:
        result = audit_model(model, width)  # every interval again: the ones that passed have widened
        result.rounds = rounds
    return model, result


def cheapest(model: Model, cls: Ref, taken: set[Ref]) -> Ref | None:
    """The cheapest published cell in a constraint with `cls`, or else with any unknown linked to it."""
    near = {other for index in model.by_class.get(cls, ()) for other, _ in model.constraints[index].terms}
    found = _cheapest(model, near - taken)
    if found is not None:
        return found
    component = next((group for group in model.components() if cls in group), [cls])
    around = {
        other
        for unknown in component
        for index in model.by_class.get(unknown, ())
        for other, _ in model.constraints[index].terms
    }
    return _cheapest(model, around - taken)


def _cheapest(model: Model, candidates: set[Ref]) -> Ref | None:
    allowed = [cls for cls in candidates if cls in model.hideable]
    if not allowed:
        return None
    return min(
        allowed,
        key=lambda cls: (
            model.aggregate(cls),
            len(model.members[cls]),
            model.value[cls] == 0,
            model.value[cls],
            model.order[cls],
        ),
    )
