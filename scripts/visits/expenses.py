"""Reimbursements per volunteer for a period, and the checks the treasurer relies on.

Money is integer euro cents from end to end. Kilometres become cents at the
configured rate, rounded half up for each expense, so that a year's total is
always the sum of its months.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from visits.rules import parse_date
from visits.rules.integrity import owner_of


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


def reimbursements(corpus, config: dict, within: Period,
                   statuses: set[str] | None = None) -> list[Reimbursement]:
    """One line per volunteer with expenses in the period, by volunteer id."""
    rate = km_rate(config)
    lines: dict[str, Reimbursement] = {}
    for expense in corpus.of("expense"):
        data = expense.data
        if parse_date(data["date"]) not in within or (statuses and data["status"] not in statuses):
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
    expense: object  # Record: the expense that crossed the ceiling
    message: str


def _crossings(items, limit: int, describe):
    """The item at which a running sum first goes over `limit` (0: no ceiling)."""
    running = 0
    for value, record in items:
        running += value
        if limit and running > limit:
            yield Breach(record, describe(running))
            return


def ceiling_breaches(corpus, config: dict) -> list[Breach]:
    """Per volunteer: days over the daily ceiling, and the expense that crosses a yearly one."""
    rate, ceilings = km_rate(config), config["expenses"]["ceilings"]
    by_day, by_year = defaultdict(list), defaultdict(list)
    for expense in sorted(corpus.of("expense"), key=lambda record: (record.data["date"], record.id)):
        data = expense.data
        claimed = (amount_cents(data, rate), expense)
        by_day[(data["volunteer"], data["date"])].append(claimed)
        by_year[(data["volunteer"], data["date"][:4])].append(claimed)
    breaches = []
    for (volunteer, day), claims in by_day.items():
        spent = sum(cents for cents, _ in claims)
        if ceilings["per_day_cents"] and spent > ceilings["per_day_cents"]:
            breaches.append(Breach(claims[-1][1], f"{volunteer} claims {euros(spent)} EUR on {day}; "
                                   f"the daily ceiling is {euros(ceilings['per_day_cents'])} EUR"))
    for (volunteer, year), claims in by_year.items():
        breaches += _crossings(claims, ceilings["per_year_cents"],
                               lambda spent: f"{volunteer}'s claims for {year} reach {euros(spent)} EUR; "
                               f"the yearly ceiling is {euros(ceilings['per_year_cents'])} EUR")
        breaches += _crossings(((e.data.get("km", 0), e) for _, e in claims), ceilings["km_per_year"],
                               lambda km: f"{volunteer}'s car trips in {year} reach {km} km; "
                               f"the yearly ceiling is {ceilings['km_per_year']} km")
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
            yield expense, ("date",), f"the expense is dated {expense.data['date']} but visit {visit.id} " \
                                      f"took place on {visit.data['date']}"
