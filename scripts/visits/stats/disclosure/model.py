"""What the reader knows, as unknowns and linear constraints.

Every cell of every published table is a `Ref`; cells a "same" relation joins
are one class (one population, one unknown). A class is known when any of its
cells is published or belongs to a public grid; otherwise it is an unknown, a
primary one when it shows "<k" (1 to k-1) and a secondary one when it shows "x"
(0, or k and more). Constraints are kept over classes, not yet over unknowns,
so that hiding one more cell (secondary.py) changes the model without
rebuilding it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from visits.stats.disclosure import Ref, Relation, relation
from visits.stats.grids import Grid
from visits.stats.suppress import Hidden


@dataclass(frozen=True)
class Constraint:
    """sum(coefficient * class) == 0 ("eq") or <= 0 ("le"), from `tables`."""

    terms: tuple[tuple[Ref, int], ...]
    op: str
    tables: tuple[str, ...]


@dataclass
class Model:
    k: int
    root: dict[Ref, Ref]  # every cell -> the first cell of its class
    members: dict[Ref, list[Ref]]  # class -> its cells, in table order
    value: dict[Ref, int]  # class -> true count (never published as such)
    hidden: dict[Ref, bool]  # unknown class -> primary?
    free: set[Ref]  # unknown classes of visits (events): any value from 0, no mark to read
    hideable: set[Ref]  # known classes that may still be hidden (not public)
    constraints: list[Constraint]
    cells: dict[Ref, tuple[Grid, tuple[str, str]]] = field(default_factory=dict, repr=False)
    about_people: int = 0  # cells of the protected tables
    by_class: dict[Ref, list[int]] = field(default_factory=dict)  # class -> indexes of its constraints
    order: dict[Ref, int] = field(default_factory=dict)  # class -> rank in table order, for determinism
    _components: list[list[Ref]] | None = field(default=None, repr=False)
    _component_of: dict[Ref, list[Ref]] = field(default_factory=dict, repr=False)
    _aggregates: dict[Ref, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.order = {cls: index for index, cls in enumerate(self.members)}
        for index, constraint in enumerate(self.constraints):
            for cls, _ in constraint.terms:
                self.by_class.setdefault(cls, []).append(index)

    @property
    def primaries(self) -> list[Ref]:
        return [cls for cls, primary in self.hidden.items() if primary]

    def hide(self, cls: Ref, in_tables: bool = True) -> None:
        """One more class unknown to the reader, and hidden in every table that shows it (`in_tables`)."""
        self.hideable.discard(cls)
        self._components = None
        events = all(self.cells[ref][0].events for ref in self.members[cls])
        self.hidden[cls] = not events and 0 < self.value[cls] < self.k
        if events:
            self.free.add(cls)
        for ref in self.members[cls] if in_tables else ():
            grid, key = self.cells[ref]
            grid.cells[key] = Hidden(self.hidden[cls], self.k)

    def aggregate(self, cls: Ref) -> int:
        """How many sums of its own tables the class is the total of (a subtotal costs more to hide)."""
        if cls not in self._aggregates:  # constraints never change: counted once
            self._aggregates[cls] = self._aggregate(cls)
        return self._aggregates[cls]

    def _aggregate(self, cls: Ref) -> int:
        return sum(
            1
            for index in self.by_class.get(cls, ())
            if self.constraints[index].op == "eq" and dict(self.constraints[index].terms).get(cls, 0) < 0
        )

    def tables_of(self, cls: Ref) -> list[str]:
        """The tables a reader would combine to bound `cls`: its own and its constraints'."""
        names = [ref[0] for ref in self.members[cls]]
        names += [name for index in self.by_class.get(cls, ()) for name in self.constraints[index].tables]
        return list(dict.fromkeys(names))

    def components(self) -> list[list[Ref]]:
        """Unknown classes linked by constraints holding two or more unknowns, each in class order."""
        if self._components is None:
            self._components = self._link()
            self._component_of = {cls: group for group in self._components for cls in group}
        return self._components

    def component_of(self, cls: Ref) -> list[Ref]:
        """The component an unknown class is in (itself alone when it is known)."""
        self.components()
        return self._component_of.get(cls, [cls])

    def _link(self) -> list[list[Ref]]:
        parent = {cls: cls for cls in self.hidden}

        def find(cls: Ref) -> Ref:
            while parent[cls] != cls:
                parent[cls] = parent[parent[cls]]
                cls = parent[cls]
            return cls

        for constraint in self.constraints:
            unknown = [cls for cls, _ in constraint.terms if cls in self.hidden]
            for other in unknown[1:]:
                a, b = find(unknown[0]), find(other)
                if a != b:
                    parent[max(a, b, key=self.order.__getitem__)] = min(a, b, key=self.order.__getitem__)
        groups: dict[Ref, list[Ref]] = {}
        for cls in sorted(self.hidden, key=self.order.__getitem__):
            groups.setdefault(find(cls), []).append(cls)
        return list(groups.values())


def build_model(tables: Mapping[str, Grid], relations: Iterable) -> Model:
    """The model of `tables` (all protected with the same k) and the relations between them."""
    relations = [relation(*item) if not isinstance(item, Relation) else item for item in relations]
    cells: dict[Ref, tuple[Grid, tuple[str, str]]] = {
        (name, *key): (grid, key) for name, grid in tables.items() for key in grid.cells
    }
    parent = {ref: ref for ref in cells}

    def find(ref: Ref) -> Ref:
        if ref not in parent:
            raise ValueError(f"a relation names {ref}, which no published table holds")
        while parent[ref] != ref:
            ref = parent[ref]
        return ref

    for item in relations:
        if item.kind == "same":
            a, b = find(item.left[0]), find(item.right[0])
            if a != b:
                parent[b] = a
    members: dict[Ref, list[Ref]] = {}
    for ref in cells:
        members.setdefault(find(ref), []).append(ref)
    root = {ref: cls for cls, refs in members.items() for ref in refs}
    ks = {grid.k for grid in tables.values() if grid.k is not None}
    k = max(ks, default=1)
    value, hidden, hideable, free = {}, {}, set(), set()
    for cls, refs in members.items():
        value[cls] = _true_value(cells, refs)
        shown = [cells[ref][0].cells[cells[ref][1]] for ref in refs]
        public = any(cells[ref][0].k is None or cells[ref][1] in cells[ref][0].public for ref in refs)
        if public or not all(isinstance(cell, Hidden) for cell in shown):
            if not public:
                hideable.add(cls)
            continue
        hidden[cls] = any(cell.primary for cell in shown if isinstance(cell, Hidden))
        if all(cells[ref][0].events for ref in refs):
            free.add(cls)
    constraints = [c for c in _grid_constraints(tables, root) + _relation_constraints(relations, root) if c.terms]
    people = sum(len(grid.cells) for grid in tables.values() if grid.k is not None and not grid.events)
    return Model(k, root, members, value, hidden, free, hideable, constraints, cells, people)


def _true_value(cells, refs: list[Ref]) -> int:
    values = {cells[ref][0].values.get(cells[ref][1], cells[ref][0].cells[cells[ref][1]]) for ref in refs}
    if len(values) != 1:  # a "same" relation between different counts is a bug in whoever posed it
        raise ValueError(f"cells {refs} are said to count the same people but hold {sorted(map(str, values))}")
    found = values.pop()
    assert isinstance(found, int), f"{refs}: no true value kept for a hidden cell"
    return found


def _terms(pairs: Iterable[tuple[Ref, int]]) -> tuple[tuple[Ref, int], ...]:
    summed: dict[Ref, int] = {}
    for cls, coefficient in pairs:
        summed[cls] = summed.get(cls, 0) + coefficient
    return tuple((cls, c) for cls, c in summed.items() if c)


def _grid_constraints(tables: Mapping[str, Grid], root: dict[Ref, Ref]) -> list[Constraint]:
    found = []
    for name, grid in tables.items():
        for total, parts in grid.equations:
            pairs = [(root[(name, *total)], -1), *((root[(name, *part)], 1) for part in parts)]
            found.append(Constraint(_terms(pairs), "eq", (name,)))
    return found


def _relation_constraints(relations: list[Relation], root: dict[Ref, Ref]) -> list[Constraint]:
    found = []
    for item in relations:
        if item.kind == "same":
            continue
        pairs = [*((root[ref], 1) for ref in item.left), *((root[ref], -1) for ref in item.right)]
        tables = tuple(dict.fromkeys(ref[0] for ref in (*item.left, *item.right)))
        found.append(Constraint(_terms(pairs), item.kind, tables))
    return found
