"""Reimbursements per volunteer for a period, and the checks the treasurer relies on.

Money is integer euro cents from end to end. Kilometres become cents at the
configured rate, rounded half up for each expense, so that a year's total is
always the sum of its months.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from visits.rules import checked_date
from visits.rules.integrity import owner_of

if TYPE_CHECKING:
    from visits.records import Record


@dataclass(frozen=True)
class Period:
    label: str  # "2026", "2026-10"
    start: dt.date
    end: dt.date  # inclusive

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def period(month: str | None = None, year: str | None = None) -> Period:
    """The period `--month YYYY-MM` or `--year YYYY` names; ValueError with the reason."""
    if month is not None:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
            raise ValueError(f"--month '{month}' is not a month (YYYY-MM)")
        first = dt.date(int(month[:4]), int(month[5:]), 1)
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return Period(month, first, following - dt.timedelta(days=1))
    if year is None or not re.fullmatch(r"\d{4}", year):
        raise ValueError(f"--year '{year}' is not a year (YYYY)")
    return Period(year, dt.date(int(year), 1, 1), dt.date(int(year), 12, 31))


def km_rate(config: dict) -> Decimal:
    return Decimal(config["expenses"]["km_rate_eur"])


def amount_cents(expense: dict, rate: Decimal) -> int:
    """What one expense reimburses: its km at the rate, or its amount."""
    if "km" in expense:
        return _km_cents(expense["km"], rate)
    return expense["amount_cents"]


@lru_cache(maxsize=4096)  # trips repeat the same distances: decimal rounding once per distance
def _km_cents(km: int, rate: Decimal) -> int:
    return int((km * rate * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def euros(cents: int) -> str:
    """12345 -> '123.45'; exact, no float on the way."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole}.{rest:02d}"


@dataclass
class Reimbursement:
    volunteer: str
    name: str
    claims: int = 0
    km: int = 0
    km_cents: int = 0
    tickets_cents: int = 0  # transport paid with a ticket
    telephone_cents: int = 0

    @property
    def total_cents(self) -> int:
        return self.km_cents + self.tickets_cents + self.telephone_cents

    def add(self, expense: dict, rate: Decimal) -> None:
        self.claims += 1
        cents = amount_cents(expense, rate)
        if "km" in expense:
            self.km += expense["km"]
            self.km_cents += cents
        elif expense["kind"] == "telephone":
            self.telephone_cents += cents
        else:
            self.tickets_cents += cents


def reimbursements(corpus, config: dict, within: Period, statuses: set[str] | None = None) -> list[Reimbursement]:
    """One line per volunteer with expenses in the period, by volunteer id."""
    rate = km_rate(config)
    lines: dict[str, Reimbursement] = {}
    for expense in corpus.of("expense"):
        data = expense.data
        if checked_date(data["date"]) not in within or (statuses and data["status"] not in statuses):
            continue
        volunteer = corpus.get("volunteer", data["volunteer"])
        name = volunteer.data["display_name"] if volunteer else ""
        lines.setdefault(data["volunteer"], Reimbursement(data["volunteer"], name)).add(data, rate)
    return [lines[key] for key in sorted(lines)]


def total(lines: list[Reimbursement]) -> Reimbursement:
    overall = Reimbursement("TOTAL", "")
    for line in lines:
        overall.claims += line.claims
        overall.km += line.km
        overall.km_cents += line.km_cents
        overall.tickets_cents += line.tickets_cents
        overall.telephone_cents += line.telephone_cents
    return overall


@dataclass(frozen=True)
class Breach:
    expense: Record  # the expense that crossed the ceiling
    message: str


def _claim_order(expense) -> str:
    """(date, id) order as one text: schema-checked dates and ids hold no NUL, and one text
    compares several times faster than a pair (70,000 expenses at 100,000 visits)."""
    return f"{expense.data['date']}\0{expense.data['id']}"


def ceiling_breaches(corpus, config: dict) -> list[Breach]:
    """Per volunteer: days over the daily ceiling, and the expense that crosses a yearly one."""
    rate, ceilings = km_rate(config), config["expenses"]["ceilings"]
    per_day, per_year, km_per_year = ceilings["per_day_cents"], ceilings["per_year_cents"], ceilings["km_per_year"]
    day_spent: dict[tuple, int] = {}
    day_last: dict[tuple, Record] = {}  # the day's last claim, which the finding points at
    year_spent: dict[tuple, int] = {}
    year_km: dict[tuple, int] = {}
    crossed: set[tuple] = set()  # ((volunteer, year), ceiling): only the first crossing is reported
    breaches = []
    # one pass in the order the claims were made, running sums in plain dicts: grouping
    # the claims in lists first took most of this function's time at 100,000 visits
    for expense in sorted(corpus.of("expense"), key=_claim_order):
        data = expense.data
        volunteer, day, cents = data["volunteer"], data["date"], amount_cents(data, rate)
        key, year = (volunteer, day), (volunteer, day[:4])
        day_spent[key] = day_spent.get(key, 0) + cents
        day_last[key] = expense
        spent = year_spent[year] = year_spent.get(year, 0) + cents
        if per_year and spent > per_year and (year, "cents") not in crossed:
            crossed.add((year, "cents"))
            breaches.append(
                Breach(
                    expense,
                    f"{volunteer}'s claims for {year[1]} reach {euros(spent)} EUR; "
                    f"the yearly ceiling is {euros(per_year)} EUR",
                )
            )
        km = year_km[year] = year_km.get(year, 0) + data.get("km", 0)
        if km_per_year and km > km_per_year and (year, "km") not in crossed:
            crossed.add((year, "km"))
            breaches.append(
                Breach(
                    expense,
                    f"{volunteer}'s car trips in {year[1]} reach {km} km; the yearly ceiling is {km_per_year} km",
                )
            )
    if per_day:
        breaches += [
            Breach(
                day_last[key],
                f"{key[0]} claims {euros(spent)} EUR on {key[1]}; the daily ceiling is {euros(per_day)} EUR",
            )
            for key, spent in day_spent.items()
            if spent > per_day
        ]
    return sorted(breaches, key=lambda breach: (breach.expense.path, breach.message))


def visit_mismatches(corpus):
    """(expense, field, message) for expenses whose visit is someone else's or another day's."""
    for expense in corpus.judged("expense"):
        visit = corpus.get("visit", expense.data.get("visit"))
        if visit is None:
            continue  # no visit given, or unknown-visit reports it
        owner = owner_of(corpus, visit)
        if owner is not None and owner != expense.data["volunteer"]:
            yield expense, ("visit",), f"visit {visit.id} was made by {owner}, not {expense.data['volunteer']}"
        if visit.data["date"] != expense.data["date"]:
            yield (
                expense,
                ("date",),
                f"the expense is dated {expense.data['date']} but visit {visit.id} took place on {visit.data['date']}",
            )
