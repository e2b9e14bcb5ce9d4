"""Disclosure audit: attacks that beat the per-grid suppression are caught, and settled.

The per-grid heuristic (suppress.protect) only guarantees that no hidden cell is
exactly recoverable inside one grid. Each attack here combines tables, periods,
public figures or non-negativity as an outsider would; the audit must find the
narrowed count and name its tables, and secondary.settle must hide enough that
every small count keeps at least three possible values. The property test
checks the audit's intervals against a brute-force enumeration of every integer
solution of tiny tables.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from visits.stats.disclosure import Relation, width_of
from visits.stats.disclosure.audit import audit
from visits.stats.disclosure.secondary import settle
from visits.stats.grids import TOTAL, Grid, build_grid
from visits.stats.suppress import Hidden

K = 5


def column(rows: dict[str, int], k: int | None = K, total: bool = True, public=()) -> Grid:
    """One column of counts, with a Total row adding them up when `total`."""
    names = list(rows)
    return build_grid(
        [*names, TOTAL] if total else names,
        ["n"],
        lambda row, _: rows[row],
        k=k,
        total_column=False,
        sums={TOTAL: names} if total else None,
        public=public,
    )


def hidden(grid: Grid) -> set:
    return {key for key, cell in grid.cells.items() if isinstance(cell, Hidden)}


def test_a_year_minus_its_quarters_in_another_table_is_caught_and_then_protected():
    quarters = column({"Q1": 6, "Q2": 7, "Q3": 1, "Q4": 8}, total=False)
    year = column({"2026": 22}, total=False)
    relations = [
        Relation("eq", tuple(("quarters", q, "n") for q in ("Q1", "Q2", "Q3", "Q4")), (("year", "2026", "n"),))
    ]
    assert hidden(quarters) == {("Q3", "n")}  # alone in its grid, nothing else needed hiding
    result = audit({"quarters": quarters, "year": year}, relations)
    assert not result.ok
    (failure,) = result.failures
    assert failure.cell == ("quarters", "Q3", "n") and failure.interval == (1, 1)
    assert set(failure.tables) == {"quarters", "year"}
    _, settled = settle({"quarters": quarters, "year": year}, relations)
    assert settled.ok and settled.rounds == 1
    assert hidden(quarters) == {("Q3", "n"), ("Q1", "n")}  # the smallest other quarter
    assert settled.intervals[("quarters", "Q3", "n")] == (0, 7)


def test_the_same_people_in_a_second_breakdown_give_the_complement_away():
    by_centre = column({"a": 3, "b": 10, "c": 20})
    report = column({"b": 10, "d": 4}, total=False)
    same = [Relation("same", (("centres", "b", "n"),), (("report", "b", "n"),))]
    assert hidden(by_centre) == {("a", "n"), ("b", "n")}
    result = audit({"centres": by_centre, "report": report}, same)
    assert [f.cell for f in result.failures] == [("centres", "a", "n")]
    assert result.failures[0].interval == (3, 3)
    _, settled = settle({"centres": by_centre, "report": report}, same)
    assert settled.ok
    assert report.cells["b", "n"] == Hidden(False, K)  # hidden wherever it is shown


def test_a_count_pinned_by_a_public_figure_and_non_negativity_is_caught_and_then_protected():
    # people visited in January per centre <= visits in January there (public); 1 visit pins the person
    people = build_grid(["2026-01"], ["a", "b", "c"], lambda _, c: {"a": 1, "b": 9, "c": 12}[c], k=K)
    month_visits = {("2026-01", "a"): 1, ("2026-02", "a"): 6, ("2026-01", "b"): 10, ("2026-02", "b"): 3}
    visits = build_grid(
        ["2026-01", "2026-02", "2026"],
        ["a", "b", "c"],
        lambda m, c: month_visits.get((m, c), 14 if m == "2026-01" else 0),
        k=None,
        sums={"2026": ["2026-01", "2026-02"]},
    )
    relations = [Relation("le", (("people", "2026-01", c),), (("visits", "2026-01", c),)) for c in "abc"]
    assert hidden(people) == {("2026-01", "a"), ("2026-01", "b")}  # the old method: nothing recoverable
    result = audit({"people": people, "visits": visits}, relations)
    assert [(f.cell, f.interval) for f in result.failures] == [(("people", "2026-01", "a"), (0, 1))]
    assert result.failures[0].tables == ("people", "visits")
    # as events, visits may be hidden (never as small counts) where they bound people too closely
    visits.k, visits.events = K, True
    visits.public = frozenset(key for key in visits.cells if key[0] == "2026" or key[1] == TOTAL)
    _, settled = settle({"people": people, "visits": visits}, relations)
    assert settled.ok
    # January at a, and what would give it back: its month's other centres and its year's other month
    assert ("2026-01", "a") in hidden(visits) and len(hidden(visits)) >= 3
    low, high = settled.intervals[("people", "2026-01", "a")]
    assert low == 0 and high >= 2


def test_several_small_counts_under_a_small_total_stay_protected_when_three_values_remain():
    # two hidden people under a row of 2: each is 0, 1 or 2 for the reader
    row = build_grid(
        ["r"], ["a", "b", "c", "d"], lambda _, c: {"a": 1, "b": 1, "c": 0, "d": 0}[c], k=K, public=[("r", TOTAL)]
    )
    result = audit({"row": row})
    assert result.ok and result.protected == 2
    assert result.intervals[("row", "r", "a")] == (0, 2)


def test_several_small_counts_under_a_total_of_one_cannot_be_protected_and_the_failure_says_where():
    row = build_grid(["r"], ["a", "b", "c"], lambda _, c: {"a": 1, "b": 0, "c": 0}[c], k=K, public=[("r", TOTAL)])
    _, settled = settle({"row": row}, [])
    assert not settled.ok
    (failure,) = settled.failures
    assert failure.cell == ("row", "r", "a") and failure.interval == (0, 1) and failure.tables == ("row",)
    assert "row [r, a] is between 0 and 1" in failure.describe()


def test_a_well_protected_grid_passes_with_its_intervals():
    values = {("r1", "c1"): 2, ("r1", "c2"): 10, ("r2", "c1"): 8, ("r2", "c2"): 9}
    grid = build_grid(["r1", "r2", TOTAL], ["c1", "c2"], lambda r, c: values[r, c], k=K, sums={TOTAL: ["r1", "r2"]})
    result = audit({"g": grid})
    assert result.ok and result.narrowest is not None
    cell, (low, high) = result.narrowest
    assert high - low >= 2
    assert result.cells == 9 and result.tables == 1


def test_the_width_is_a_setting():
    assert width_of({}) == 3
    assert width_of({"privacy": {"min_interval_values": 4}}) == 4
    assert width_of({"privacy": {"min_interval_values": "wide"}}) == 3


# ---- property: the audit agrees with brute force, and settled tables are protected ----


def brute_force(tables: dict[str, Grid], relations: list[Relation]) -> dict:
    """Every small count's [min, max] over all non-negative integer solutions, by enumeration."""
    refs = {(name, *key): grid for name, grid in tables.items() for key in grid.cells}
    same = {ref: ref for ref in refs}
    for item in relations:
        if item.kind == "same":
            same[item.right[0]] = same[item.left[0]]

    def shown(ref):
        grid = refs[ref]
        return grid.cells[ref[1:]]

    unknown = sorted(
        {same[ref] for ref in refs if all(isinstance(shown(r), Hidden) for r in refs if same[r] == same[ref])}
    )
    bound = max(grid.values.get(key, 0) for grid in tables.values() for key in grid.cells)  # a public total
    equations = [
        ([(name, *total)], [(name, *part) for part in parts], "eq")
        for name, grid in tables.items()
        for total, parts in grid.equations
    ] + [(list(item.right), list(item.left), item.kind) for item in relations if item.kind != "same"]
    found: dict = {}

    def value(ref, assignment):
        root = same[ref]
        if root in assignment:
            return assignment[root]
        cell = shown(root)
        return (
            cell
            if not isinstance(cell, Hidden)
            else next(shown(r) for r in refs if same[r] == root and not isinstance(shown(r), Hidden))
        )

    def search(index, assignment):
        for right, left, kind in equations:
            if not all(same[r] in assignment or same[r] not in unknown for r in right):
                continue
            big = sum(value(r, assignment) for r in right)
            known = [r for r in left if same[r] in assignment or same[r] not in unknown]
            small = sum(value(r, assignment) for r in known)
            if small > big or (kind == "eq" and len(known) == len(left) and small != big):
                return  # parts are never negative: a partial sum over the total is already wrong
        if index == len(unknown):
            for ref in unknown:
                if any(isinstance(shown(r), Hidden) and shown(r).primary for r in refs if same[r] == ref):
                    low, high = found.get(ref, (assignment[ref], assignment[ref]))
                    found[ref] = (min(low, assignment[ref]), max(high, assignment[ref]))
            return
        for candidate in range(bound + 1):
            search(index + 1, {**assignment, unknown[index]: candidate})

    search(0, {})
    return found


@st.composite
def two_tables(draw):
    """A 2 x 2 grid with totals (its grand total public) and a second breakdown of the same people."""
    inner = {(r, c): draw(st.integers(0, 4)) for r in ("r1", "r2") for c in ("c1", "c2")}
    grand = sum(inner.values())
    first = draw(st.integers(0, grand))
    other = {"s1": first, "s2": grand - first}
    return inner, other


@settings(max_examples=40, deadline=None)
@given(two_tables())
def test_settled_tables_leave_three_values_and_the_audit_equals_brute_force(case):
    inner, other = case
    grid = build_grid(
        ["r1", "r2", TOTAL],
        ["c1", "c2"],
        lambda r, c: inner[r, c],
        k=3,
        sums={TOTAL: ["r1", "r2"]},
        public=[(TOTAL, TOTAL)],
    )
    second = column(other, k=3)
    tables = {"g": grid, "s": second}
    relations = [Relation("same", (("g", TOTAL, TOTAL),), (("s", TOTAL, "n"),))]
    _, result = settle(tables, relations)
    truth = brute_force(tables, relations)
    model_intervals = {ref: interval for ref, interval in result.intervals.items()}
    assert {ref: model_intervals[ref] for ref in truth} == truth
    assert set(model_intervals) == set(truth)
    if result.ok:
        assert all(high - low >= 2 for low, high in truth.values())
    else:  # only when the public grand total leaves too little room, which no hiding can widen
        assert all(high - low < 2 for (low, high) in (f.interval for f in result.failures))
        assert sum(inner.values()) < 3 or min(other.values()) < 3


@st.composite
def people_under_visits(draw):
    """People per row (a hidden total possible) under public visits per row, and a second breakdown."""
    people = {row: draw(st.integers(0, 3)) for row in ("a", "b", "c")}
    visits = {row: people[row] + draw(st.integers(0, 2)) for row in people}
    first = draw(st.integers(0, sum(people.values())))
    return people, visits, {"s1": first, "s2": sum(people.values()) - first}


@settings(max_examples=30, deadline=None)
@given(people_under_visits())
def test_bounds_from_at_most_relations_and_hidden_totals_equal_brute_force(case):
    people, visits, other = case
    tables = {"p": column(people, k=3), "v": column(visits, k=None), "s": column(other, k=3)}
    relations = [Relation("le", (("p", row, "n"),), (("v", row, "n"),)) for row in (*people, TOTAL)]
    relations.append(Relation("same", (("p", TOTAL, "n"),), (("s", TOTAL, "n"),)))
    _, result = settle(tables, relations)
    truth = brute_force(tables, relations)
    assert result.intervals == truth
    assert result.ok == all(high - low >= 2 for low, high in truth.values())


def applications(*groups: tuple[str, str, str | None, int]) -> list:
    """Hand-made candidates: (month applied, furthest stage, outcome, how many)."""
    import datetime as dt

    from visits.recruitment import Standing

    return [
        Standing(None, stage, dt.date(2026, 1, 1), dt.date.fromisoformat(f"{month}-03"), outcome, None)
        for month, stage, outcome, count in groups
        for _ in range(count)
    ]


def test_a_recruitment_count_pinned_by_differencing_the_totals_is_caught_and_then_protected():
    from visits.site.recruitment import monthly_grid

    months = ["2026-01", "2026-02", "2026-03"]
    items = applications(
        ("2026-01", "applied", "declined", 5),
        ("2026-02", "trained", "accepted", 6),
        ("2026-03", "applied", None, 7),
        ("2026-03", "trained", "withdrew", 2),
        ("2026-03", "first_visit", "declined", 1),
    )
    grid = monthly_grid(items, months, K)  # the old protection, the dashboard's grid alone
    assert grid.values["2026-03", "Declined"] == 1 and isinstance(grid["2026-03", "Declined"], Hidden)
    # what the old protection shows: March's 7 still open are all of the column's 7, so January's
    # hidden "still open" is 0 and its 5 applications were declined; the Declined total, 6, minus
    # those 5 leaves March's 1; the outcome row then gives March's withdrawn 2 away
    assert grid["Total", "Still open"] == grid["2026-03", "Still open"] == 7
    assert grid["2026-01", "Total"] == 5 and grid["Total", "Declined"] == 6
    tables = {"recruitment/applications-by-month": grid}
    result = audit(tables)
    assert {failure.cell: failure.interval for failure in result.failures} == {
        ("recruitment/applications-by-month", "2026-03", "Declined"): (1, 1),
        ("recruitment/applications-by-month", "2026-03", "Withdrew"): (2, 2),
        ("recruitment/applications-by-month", "Total", "Withdrew"): (2, 2),
    }
    assert all(failure.tables == ("recruitment/applications-by-month",) for failure in result.failures)
    _, settled = settle(tables, [])
    assert settled.ok and settled.rounds >= 1
    assert all(high - low + 1 >= 3 for low, high in settled.intervals.values())
    assert isinstance(grid["2026-01", "Declined"], Hidden) and grid.values["2026-01", "Declined"] == 5
    for key, cell in grid.cells.items():  # what is still shown is the true count
        assert isinstance(cell, Hidden) or cell == grid.values[key], key


def test_the_stage_and_the_outcome_breakdowns_share_their_totals_in_the_audit():
    from visits.site.recruitment import monthly_grid

    # one month: two open applications among six; both breakdowns add up to the same Total
    items = applications(("2026-01", "applied", None, 2), ("2026-01", "trained", "accepted", 4))
    grid = monthly_grid(items, ["2026-01"], K)
    row_totals = [(total, parts) for total, parts in grid.equations if total == ("2026-01", TOTAL)]
    assert len(row_totals) == 2  # stage columns and outcome columns, one Total cell
    assert {column for _, parts in row_totals for _, column in parts} == {
        "Applied",
        "Interviewed",
        "Trained",
        "First visit",
        "Still open",
        "Accepted",
        "Declined",
        "Withdrew",
    }
    _, settled = settle({"recruitment/applications-by-month": grid}, [])
    assert settled.ok and settled.protected > 0
    assert all(high - low + 1 >= 3 for low, high in settled.intervals.values())
