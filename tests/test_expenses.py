"""visits expenses: totals against figures computed by hand, CSV, ceilings and wrong visits."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from test_rules_programme import World
from visits.expenses import amount_cents, euros, period

from conftest import TODAY, run_visits


@pytest.fixture
def world(tmp_path) -> World:
    """The small world plus six expenses; rate 0.4326 EUR/km (the default)."""
    world = World(tmp_path / "world")
    for data in (
        {
            "id": "2026-11-18-ben-claes-transport",
            "volunteer": "ben-claes",
            "date": "2026-11-18",
            "kind": "transport",
            "km": 100,
            "visit": "2026-11-18-A-2026-0001",
            "status": "approved",
        },
        {
            "id": "2026-11-18-ben-claes-transport-2",
            "volunteer": "ben-claes",
            "date": "2026-11-18",
            "kind": "transport",
            "amount_cents": 1250,
            "status": "approved",
        },
        {
            "id": "2026-10-05-ben-claes-transport",
            "volunteer": "ben-claes",
            "date": "2026-10-05",
            "kind": "transport",
            "km": 33,
            "status": "paid",
        },
        {
            "id": "2026-11-19-anna-peeters-transport",
            "volunteer": "anna-peeters",
            "date": "2026-11-19",
            "kind": "transport",
            "km": 1,
            "visit": "2026-11-19-A-2026-0002",
            "status": "submitted",
        },
        {
            "id": "2026-11-12-anna-peeters-transport",
            "volunteer": "anna-peeters",
            "date": "2026-11-12",
            "kind": "transport",
            "km": 75,
            "status": "approved",
        },
        {
            "id": "2026-11-20-anna-peeters-telephone",
            "volunteer": "anna-peeters",
            "date": "2026-11-20",
            "kind": "telephone",
            "amount_cents": 1000,
            "status": "submitted",
        },
    ):
        world.put("expense", data, owner=data["volunteer"])
    return world


# Worked out by hand at 0.4326 EUR/km, rounded half up per expense:
#   ben  100 km -> 43.26;  33 km -> 14.2758 -> 14.28;  ticket 12.50
#   anna   1 km ->  0.4326 -> 0.43;  75 km -> 32.445 -> 32.45 (half up, not to even);  phone 10.00
NOVEMBER_TEXT = """\
Reimbursements 2026-11 (all statuses; car at 0.4326 EUR/km)

Volunteer     Name     Claims   km  Car EUR  Tickets EUR  Phone EUR  Total EUR
anna-peeters  Anna P.       3   76    32.88         0.00      10.00      42.88
ben-claes     Ben C.        2  100    43.26        12.50       0.00      55.76
TOTAL                       5  176    76.14        12.50      10.00      98.64
"""


def test_month_list_matches_the_hand_computed_figures(world):
    result = run_visits("expenses", "--month", "2026-11", root=world.root)
    assert (result.code, result.err) == (0, "")
    assert result.out == NOVEMBER_TEXT


def test_year_csv_opens_with_the_csv_module(world):
    result = run_visits("expenses", "--year", "2026", "--format", "csv", root=world.root)
    rows = {row["volunteer"]: row for row in csv.DictReader(io.StringIO(result.out))}
    assert set(rows) == {"anna-peeters", "ben-claes", "TOTAL"}
    ben = rows["ben-claes"]
    assert (ben["claims"], ben["km"], ben["km_cents"], ben["km_eur"]) == ("3", "133", "5754", "57.54")
    assert (ben["tickets_cents"], ben["telephone_cents"], ben["total_cents"], ben["total_eur"]) == (
        "1250",
        "0",
        "7004",
        "70.04",
    )
    assert (rows["TOTAL"]["total_cents"], rows["TOTAL"]["total_eur"]) == ("11292", "112.92")
    assert sum(int(rows[v]["total_cents"]) for v in ("anna-peeters", "ben-claes")) == 11292


def test_default_period_is_the_year_of_today(world):
    default = run_visits("expenses", "--format", "csv", root=world.root)
    assert default.out == run_visits("expenses", "--year", "2026", "--format", "csv", root=world.root).out
    assert run_visits("expenses", "--format", "csv", root=world.root, today=dt.date(2027, 1, 5)).out.splitlines()[
        1:
    ] == ["TOTAL,,0,0,0,0.00,0,0.00,0,0.00,0,0.00"]


def test_status_filter_keeps_only_what_is_asked(world):
    result = run_visits("expenses", "--month", "2026-11", "--status", "submitted", "--format", "csv", root=world.root)
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [(r["volunteer"], r["total_cents"]) for r in rows] == [("anna-peeters", "1043"), ("TOTAL", "1043")]


def test_the_rate_is_a_setting_and_amounts_stay_exact(world):
    world.settings("expenses:\n  km_rate_eur: 0.25\n")
    rows = {
        r["volunteer"]: r
        for r in csv.DictReader(
            io.StringIO(run_visits("expenses", "--month", "2026-11", "--format", "csv", root=world.root).out)
        )
    }
    assert rows["anna-peeters"]["km_cents"] == "1900"  # 1 km -> 0.25, 75 km -> 18.75


def test_amounts_round_half_up_per_expense():
    rate = Decimal("0.4326")
    assert amount_cents({"km": 75}, rate) == 3245
    assert amount_cents({"km": 33}, rate) == 1428
    assert amount_cents({"amount_cents": 999}, rate) == 999
    assert (euros(5), euros(100), euros(123456)) == ("0.05", "1.00", "1234.56")


@pytest.mark.parametrize(
    ("setting", "value", "crossing"),
    [
        ("per_day_cents", 5575, "2026-11-18-ben-claes-transport-2"),  # ben on 2026-11-18: 43.26 + 12.50
        ("per_day_cents", 5576, None),
        ("per_year_cents", 7003, "2026-11-18-ben-claes-transport-2"),  # ben in 2026: 14.28 + 43.26 + 12.50
        ("per_year_cents", 7004, None),
        ("km_per_year", 132, "2026-11-18-ben-claes-transport"),  # ben in 2026: 33 + 100 km
        ("km_per_year", 133, None),
    ],
)
def test_ceilings_are_warnings_in_validate_and_in_the_list(world, setting, value, crossing):
    world.settings(f"expenses:\n  ceilings:\n    {setting}: {value}\n")
    found = {(f.file, f.severity.value) for f in world.findings() if f.code == "expense-ceiling"}
    assert found == ({(world.rel("expense", crossing), "warning")} if crossing else set())
    result = run_visits("expenses", "--year", "2026", root=world.root)
    assert result.code == 0
    assert ("expense-ceiling" in result.err) is bool(crossing)


def test_ceiling_of_zero_means_no_ceiling(world):
    world.settings("expenses:\n  ceilings:\n    per_day_cents: 0\n    per_year_cents: 0\n    km_per_year: 0\n")
    assert "expense-ceiling" not in world.codes()


def test_expense_for_another_volunteers_visit(world):
    world.put(
        "expense",
        {
            "id": "2026-11-19-ben-claes-transport",
            "volunteer": "ben-claes",
            "date": "2026-11-19",
            "kind": "transport",
            "km": 10,
            "visit": "2026-11-19-A-2026-0002",
            "status": "submitted",
        },
        owner="ben-claes",
    )
    assert world.codes()["expense-visit-mismatch"] == {world.rel("expense", "2026-11-19-ben-claes-transport")}


def test_expense_dated_another_day_than_its_visit(world):
    world.put(
        "expense",
        {
            "id": "2026-11-17-ben-claes-transport",
            "volunteer": "ben-claes",
            "date": "2026-11-17",
            "kind": "transport",
            "km": 10,
            "visit": "2026-11-18-A-2026-0001",
            "status": "submitted",
        },
        owner="ben-claes",
    )
    found = [f for f in world.findings() if f.code == "expense-visit-mismatch"]
    assert [(f.file, f.severity.value) for f in found] == [
        (world.rel("expense", "2026-11-17-ben-claes-transport"), "error")
    ]


def test_matching_expenses_raise_nothing(world):
    assert world.findings() == []


def test_expense_for_a_visit_that_does_not_exist_fails_the_list(world):
    world.put(
        "expense",
        {
            "id": "2026-11-16-ben-claes-transport",
            "volunteer": "ben-claes",
            "date": "2026-11-16",
            "kind": "transport",
            "km": 10,
            "visit": "2026-11-16-A-2026-0001",
            "status": "submitted",
        },
        owner="ben-claes",
    )
    result = run_visits("expenses", "--month", "2026-11", root=world.root)
    assert result.code == 1
    assert "unknown-visit" in result.err and "2026-11-16-ben-claes-transport" in result.err


def test_a_broken_expense_file_is_reported_not_silently_left_out(world):
    broken = world.root / "records/expenses/ben-claes/2026/2026-11-21-ben-claes-transport.yaml"
    broken.write_text("schema_version: 1\nid: 2026-11-21-ben-claes-transport\nkm: lots\n")
    result = run_visits("expenses", "--month", "2026-11", root=world.root)
    assert result.code == 1
    assert "2026-11-21-ben-claes-transport.yaml" in result.err
    assert result.out == NOVEMBER_TEXT


def test_problems_outside_the_period_stay_out_of_the_list(world):
    world.settings("expenses:\n  ceilings:\n    per_day_cents: 100\n")
    result = run_visits("expenses", "--month", "2026-10", root=world.root)
    ceiling_lines = [line for line in result.err.splitlines() if "expense-ceiling" in line]
    assert ceiling_lines and all(
        line.startswith(world.rel("expense", "2026-10-05-ben-claes-transport")) for line in ceiling_lines
    )
    assert "2026-11-18" not in result.err


@pytest.mark.parametrize("args", [("--month", "2026-13"), ("--year", "26"), ("--month", "2026-11", "--year", "2026")])
def test_bad_periods_are_usage_problems(world, args):
    result = run_visits("expenses", *args, root=world.root)
    assert result.code == 2 and result.out == ""


def test_rate_must_be_exact_euros(world):
    world.settings('expenses:\n  km_rate_eur: "43 cents"\n')
    result = run_visits("expenses", root=world.root)
    assert result.code == 2 and "km_rate_eur" in result.err


def test_periods():
    assert (period(month="2024-02").start, period(month="2024-02").end) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert period(month="2026-12").end == dt.date(2026, 12, 31)
    assert TODAY in period(year="2026") and TODAY not in period(month="2026-10")
