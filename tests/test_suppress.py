"""Small-count protection: primary and secondary suppression, and what a reader can derive."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from visits.stats.grids import TOTAL, build_grid, pool_rare
from visits.stats.suppress import Hidden, protect, recoverable, share


def full_grid(values: dict[tuple[str, str], int], k: int):
    """A rows x columns table with a Total column and a Total row, protected."""
    rows = sorted({row for row, _ in values})
    columns = sorted({column for _, column in values})
    grid = build_grid([*rows, TOTAL], columns, lambda row, column: values[row, column], k=k, sums={TOTAL: rows})
    return grid, rows, columns


def lines_of(rows: list[str], columns: list[str]) -> list[tuple]:
    """The equations a reader of a table with totals can write down: (total, *parts)."""
    every_row, every_column = [*rows, TOTAL], [*columns, TOTAL]
    return [((row, TOTAL), *((row, column) for column in columns)) for row in every_row] + [
        ((TOTAL, column), *((row, column) for row in rows)) for column in every_column
    ]


def hidden_keys(grid) -> set:
    return {key for key, cell in grid.cells.items() if isinstance(cell, Hidden)}


def test_small_counts_are_hidden_and_zero_and_large_counts_are_shown():
    cells = protect({"a": 0, "b": 1, "c": 4, "d": 5, "e": 12}, [], k=5)
    assert cells == {"a": 0, "b": Hidden(True, 5), "c": Hidden(True, 5), "d": 5, "e": 12}
    # one mark for every hidden cell: a reader cannot tell a small count from its complement
    assert [str(cells[key]) for key in "bc"] == ["x", "x"]


def test_a_lone_hidden_cell_in_a_row_takes_the_next_smallest_with_it():
    cells = protect({"a": 3, "b": 10, "c": 20, "total": 33}, [("total", ("a", "b", "c"))], k=5)
    assert cells["a"] == Hidden(True, 5)
    assert cells["b"] == Hidden(False, 5)
    assert (cells["c"], cells["total"]) == (20, 33)
    assert str(cells["b"]) == "x"


def test_a_small_cell_cannot_be_derived_from_its_row_total_or_its_column_total():
    values = {
        ("r1", "c1"): 2,
        ("r1", "c2"): 10,
        ("r1", "c3"): 12,
        ("r2", "c1"): 8,
        ("r2", "c2"): 9,
        ("r2", "c3"): 15,
        ("r3", "c1"): 11,
        ("r3", "c2"): 17,
        ("r3", "c3"): 30,
    }
    grid, rows, columns = full_grid(values, k=5)
    # row r1 gives up its next-smallest cell (10), column c1 its next-smallest (8); that leaves
    # row r2 with one hidden cell, so its smallest (9) goes too, which also covers column c2
    assert hidden_keys(grid) == {("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2")}
    assert grid["r1", "c1"].primary and not grid["r2", "c2"].primary
    assert [grid[TOTAL, column] for column in columns] == [21, 36, 57]
    assert [grid[row, TOTAL] for row in rows] == [24, 32, 58]
    assert recoverable(lines_of(rows, columns), hidden_keys(grid)) == []


def test_a_small_total_is_hidden_like_any_count():
    grid, rows, columns = full_grid({("r1", "c1"): 3, ("r1", "c2"): 0, ("r2", "c1"): 6, ("r2", "c2"): 9}, k=5)
    assert grid["r1", TOTAL] == Hidden(True, 5)
    assert grid[TOTAL, TOTAL] == 18
    assert recoverable(lines_of(rows, columns), hidden_keys(grid)) == []


def test_zero_is_published_unless_hiding_it_spares_a_total():
    # r1 = [3, 0, 5]: the complement is the 5, never the zero
    cells = protect({"a": 3, "b": 0, "c": 5, "total": 8}, [("total", ("a", "b", "c"))], k=5)
    assert cells["b"] == 0 and cells["c"] == Hidden(False, 5)
    # column c0 ends with one hidden cell, and its only other members are zeros and the total
    table = [[6, 0, 6], [0, 6, 9], [0, 3, 9]]
    values = {(f"r{i}", f"c{j}"): value for i, row in enumerate(table) for j, value in enumerate(row)}
    grid, rows, columns = full_grid(values, k=5)
    assert grid["r2", "c1"] == Hidden(True, 5)
    assert grid["r1", "c0"] == Hidden(False, 5)
    assert grid["r2", "c0"] == 0 and grid["r0", "c1"] == 0
    assert [grid[TOTAL, column] for column in columns] == [6, 9, 24]
    assert recoverable(lines_of(rows, columns), hidden_keys(grid)) == []


def test_a_total_the_reader_knows_from_elsewhere_is_shown_and_never_counts_as_protection():
    # visits per centre are published exactly, so a languages column total is public
    values = {"fr": 3, "en": 0, "nl": 7, "total": 10}
    cells = protect(values, [("total", ("fr", "en", "nl"))], k=5, public={"total"})
    assert cells["total"] == 10 and cells["fr"] == Hidden(True, 5)
    assert cells["nl"] == Hidden(False, 5) and cells["en"] == 0
    small_total = protect({"fr": 3, "en": 0, "total": 3}, [("total", ("fr", "en"))], k=5, public={"total"})
    assert small_total == {"fr": Hidden(True, 5), "en": Hidden(False, 5), "total": 3}


def test_combining_equations_is_caught_even_when_every_line_has_two_hidden_cells():
    # two hidden rectangles joined by one cell: rows r1+r2 minus columns c1+c2 give (r2, c3) exactly
    rows, columns = ["r1", "r2", "r3", "r4"], ["c1", "c2", "c3", "c4"]
    hidden = {
        ("r1", "c1"),
        ("r1", "c2"),
        ("r2", "c1"),
        ("r2", "c2"),
        ("r3", "c3"),
        ("r3", "c4"),
        ("r4", "c3"),
        ("r4", "c4"),
        ("r2", "c3"),
    }
    for line in lines_of(rows, columns):
        assert sum(key in hidden for key in line) != 1
    assert recoverable(lines_of(rows, columns), hidden) == [("r2", "c3")]
    assert recoverable(lines_of(rows, columns), hidden | {("r1", "c3")}) == []


def test_protection_widens_until_no_cell_is_derivable():
    # a table where hiding one complement per line still leaves a cell derivable from several lines
    table = [[20, 3, 5, 5, 10], [20, 8, 0, 10, 3], [8, 8, 2, 6, 20], [6, 1, 10, 20, 1]]
    values = {(f"r{i}", f"c{j}"): value for i, row in enumerate(table) for j, value in enumerate(row)}
    grid, rows, columns = full_grid(values, k=5)
    hidden = hidden_keys(grid)
    assert {key for key, value in values.items() if 0 < value < 5} <= hidden
    assert recoverable(lines_of(rows, columns), hidden) == []


def test_quarters_and_months_are_protected_together():
    months = {"m1": 3, "m2": 9, "m3": 12, "m4": 7}
    grid = build_grid(
        ["m1", "m2", "q1", "m3", "m4", "q2", "year"],
        ["people"],
        lambda row, _: months[row],
        k=5,
        total_column=False,
        sums={"q1": ["m1", "m2"], "q2": ["m3", "m4"], "year": ["q1", "q2"]},
    )
    # the quarter would give m1 away (q1 - m2), so one more cell of q1's equation is hidden
    assert grid["m1", "people"] == Hidden(True, 5)
    assert isinstance(grid["m2", "people"], Hidden) or isinstance(grid["q1", "people"], Hidden)
    lines = [
        (("q1", "people"), ("m1", "people"), ("m2", "people")),
        (("q2", "people"), ("m3", "people"), ("m4", "people")),
        (("year", "people"), ("q1", "people"), ("q2", "people")),
    ]
    assert recoverable(lines, hidden_keys(grid)) == []
    assert grid["year", "people"] == 31


def test_shares_need_published_counts_over_k_people():
    assert share(3, 10, 5) == "30 %"
    assert share(0, 10, 5) == "0 %"
    assert share(4, 4, 5) == ""  # 100 % of fewer than k people
    assert share(0, 4, 5) == ""
    assert share(Hidden(True, 5), 10, 5) == ""
    assert share(6, Hidden(False, 5), 5) == ""


def test_rare_categories_are_pooled_and_not_named():
    rows = pool_rare({"MA": 7, "SY": 2, "ER": 1, "DZ": 9, "AF": 0}, 5, "Other")
    assert rows == {"DZ": ["DZ"], "MA": ["MA"], "Other": ["ER", "SY"]}


counts = st.integers(min_value=0, max_value=12)


@st.composite
def tables(draw):
    rows = draw(st.integers(min_value=1, max_value=5))
    columns = draw(st.integers(min_value=1, max_value=5))
    values = {(f"r{i}", f"c{j}"): draw(counts) for i in range(rows) for j in range(columns)}
    return values, draw(st.integers(min_value=2, max_value=6))


@settings(max_examples=300, deadline=None)
@given(tables())
def test_protected_tables_never_give_a_small_count_away(table):
    values, k = table
    grid, rows, columns = full_grid(values, k)
    true_total = {
        **values,
        **{(row, TOTAL): sum(values[row, c] for c in columns) for row in rows},
        **{(TOTAL, column): sum(values[r, column] for r in rows) for column in columns},
    }
    true_total[TOTAL, TOTAL] = sum(values.values())
    # (a) every published count is 0 or at least k, and published values are the true ones
    for key, cell in grid.cells.items():
        if not isinstance(cell, Hidden):
            assert cell == 0 or cell >= k
            assert cell == true_total[key]  # (c) for totals as for inner cells
        else:
            assert cell.primary == (0 < true_total[key] < k)
    # (b) no equation has exactly one hidden member, and no combination of them fixes a hidden cell
    hidden = hidden_keys(grid)
    for line in lines_of(rows, columns):
        assert sum(key in hidden for key in line) != 1
    assert recoverable(lines_of(rows, columns), hidden) == []


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(counts, min_size=2, max_size=3), min_size=6, max_size=6), st.integers(2, 6))
def test_months_quarters_and_centres_together_give_nothing_away(monthly, k):
    """Six months by 2-3 centres, two quarters and a year, each with a Total column."""
    centres = [f"c{j}" for j in range(len(monthly[0]))]
    months = [f"m{i}" for i in range(6)]
    values = {
        (month, centre): row[j] if j < len(row) else 0
        for month, row in zip(months, monthly)
        for j, centre in enumerate(centres)
    }
    sums = {"q1": months[:3], "q2": months[3:], "year": ["q1", "q2"]}
    grid = build_grid([*months, *sums], centres, lambda row, column: values[row, column], k=k, sums=sums)
    lines = [((row, TOTAL), *((row, centre) for centre in centres)) for row in grid.rows]
    lines += [
        ((row, column), *((part, column) for part in parts)) for row, parts in sums.items() for column in grid.columns
    ]
    hidden = hidden_keys(grid)
    assert all(sum(key in hidden for key in line) != 1 for line in lines)
    assert recoverable(lines, hidden) == []
    published = [cell for cell in grid.cells.values() if not isinstance(cell, Hidden)]
    assert all(cell == 0 or cell >= k for cell in published)
    if not isinstance(grid["year", TOTAL], Hidden):
        assert grid["year", TOTAL] == sum(values.values())
