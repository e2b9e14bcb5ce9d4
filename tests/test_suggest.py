"""Did you mean …: the bounded edit distance and the nearest known ids."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from visits.suggest import Suggester, bound_for, distance

IDS = st.text(alphabet="abc-", max_size=8)


def reference_distance(a: str, b: str) -> int:
    """Optimal string alignment distance, written the textbook way (no bound, full table)."""
    table = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i, j in itertools.product(range(1, len(a) + 1), range(1, len(b) + 1)):
        cost = a[i - 1] != b[j - 1]
        table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
        if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
            table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


@given(IDS, IDS, st.integers(0, 4))
def test_the_bounded_distance_is_exact_up_to_its_bound(a, b, bound):
    assert distance(a, b, bound) == min(reference_distance(a, b), bound + 1)


def test_distances_of_the_usual_slips():
    assert distance("koen-deniss", "koen-denis", 3) == 1  # a letter too many
    assert distance("griet-pauwles", "griet-pauwels", 3) == 1  # two letters swapped
    assert distance("grit-pauwel", "griet-pauwels", 3) == 2
    assert distance("abcdef", "uvwxyz", 2) == 3  # beyond the bound: bound + 1


VOLUNTEERS = ["griet-pauwels", "joris-pauwels", "koen-denis", "koen-jacobs", "lucie-claes"]


def test_the_nearest_volunteer_is_suggested():
    hints = Suggester(VOLUNTEERS)
    assert hints.hint("griet-pauwel") == "did you mean 'griet-pauwels'?"
    assert hints.hint("koen-deniss") == "did you mean 'koen-denis'?"
    assert hints.hint("Koen-Denis") == "did you mean 'koen-denis'?"  # capitals are a slip too


def test_nothing_near_means_no_suggestion():
    hints = Suggester(VOLUNTEERS)
    assert hints.hint("marie-dubois") == ""
    assert hints.hint("") == "" and hints.hint(None) == "" and hints.hint(["x"]) == ""


def test_ids_equally_near_are_all_named_up_to_three():
    assert Suggester(["ab-1", "ab-2", "ab-3", "ab-4"]).hint("ab-0") == "did you mean 'ab-1' or 'ab-2' or 'ab-3'?"


def test_the_bound_grows_with_the_id_but_stays_small():
    assert [bound_for("x" * n) for n in (3, 10, 15, 22, 60)] == [1, 2, 3, 3, 3]
