"""Raw figures of the programme, gathered in one pass over each kind of record.

Everything is counted into one Counter keyed by (measure, period or year,
*categories), so that building any table later is a dictionary look-up. These
are the true counts: nothing here may be published before suppress.py has
protected the counts about people. Visit notes are never read.

Attribution, chosen so that counts of people add up across centres:
- a person is counted once per period, in the centre of their first visit in it;
- a new person is one whose first visit ever falls in the period;
- an ended detention counts in the year of its outcome date, in the centre the
  person was held in last (their latest transfer, or the centre that met them).
Records dated after `today` are left out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from visits.expenses import amount_cents, km_rate
from visits.operations import detention_ended
from visits.rules import checked_date, parse_date
from visits.stats.periods import periods_of

KM_RATE_EUR = Decimal("0.43")  # only when the settings given carry no rate


@dataclass
class Facts:
    today: dt.date
    centres: list[str]  # column order: the centre records, then any unknown centre referred to
    centre_names: dict[str, str] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    detention_days: dict[tuple[int, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    years: set[int] = field(default_factory=set)

    def __call__(self, measure: str, *key) -> int:
        return self.counts[(measure, *key)]


def collect(corpus, config: dict, today: dt.date) -> Facts:
    centres = sorted(record.id for record in corpus.of("centre"))
    facts = Facts(today, centres, {record.id: record.data["name"]["en"] for record in corpus.of("centre")})
    people = {record.id: record.data for record in corpus.of("person")}
    _visits(corpus, facts, people)
    _outcomes(facts, people)
    try:
        rate = km_rate(config)
    except (KeyError, TypeError, InvalidOperation):
        rate = KM_RATE_EUR
    _expenses(corpus, facts, rate)
    referred = {key[2] for key in facts.counts if key[0] == "visits"}
    referred |= {key[3] for key in facts.counts if key[0] == "outcome"}
    facts.centres += sorted(referred - set(centres))
    return facts


def _visits(corpus, facts: Facts, people: dict) -> None:
    assignments = {record.id: record.data for record in corpus.of("assignment")}
    roles = {record.id: record.data["role"] for record in corpus.of("volunteer")}
    first_in: dict[str, dict[str, tuple]] = defaultdict(dict)  # period -> person -> (when, centre)
    first_ever: dict[str, tuple] = {}
    active: dict[tuple, set] = defaultdict(set)
    count = facts.counts
    for visit in corpus.of("visit"):
        data = visit.data
        day = parse_date(data["date"])
        assignment = assignments.get(data["assignment"])
        if day is None or day > facts.today or assignment is None:
            continue
        centre, person, volunteer = assignment["centre"], assignment["person"], assignment["volunteer"]
        role = roles.get(volunteer, "unknown")
        when = (day, data["start_time"], visit.id, centre)  # ties broken the same way every run
        year = day.year
        facts.years.add(year)
        for period in periods_of(day):
            count["visits", period, centre] += 1
            count["minutes", period, centre] += data["duration_minutes"]
            if person not in first_in[period] or when < first_in[period][person]:
                first_in[period][person] = when
            active["volunteers", period, role].add(volunteer)
        active["volunteers-at", year, centre, role].add(volunteer)
        if person not in first_ever or when < first_ever[person]:
            first_ever[person] = when
        count["language", year, centre, data["language"]] += 1
        for topic in data["topics"]:
            count["topic", year, centre, topic] += 1
        for action in data.get("follow_up", ()):
            count["action", year, action["kind"], action["status"]] += 1
    for key, volunteers in active.items():
        count[key] = len(volunteers)
    for period, persons in first_in.items():
        for person, when in persons.items():
            count["people", period, when[-1]] += 1
            if period.isdigit():  # a year: describe the people visited in it
                _describe(count, int(period), when[-1], people.get(person, {}))
    for when in first_ever.values():
        for period in periods_of(when[0]):
            count["new", period, when[-1]] += 1


def _describe(count: Counter, year: int, centre: str, person: dict) -> None:
    count["nationality", year, person.get("nationality", "unknown")] += 1
    count["age", year, person.get("age_band", "unknown")] += 1
    count["gender", year, person.get("gender", "unknown")] += 1
    for flag in person.get("vulnerabilities", ()):
        count["vulnerability", year, flag, centre] += 1


def last_centre(person: dict) -> str:
    transfers = person.get("transfers") or []
    return transfers[-1]["centre"] if transfers else person["centre"]


def _outcomes(facts: Facts, people: dict) -> None:
    for data in people.values():
        if not detention_ended(_AsRecord(data), facts.today):
            continue
        ended = checked_date(data["outcome"]["date"])  # detention_ended has read it
        started = parse_date(data["detention_start"])
        centre = last_centre(data)
        facts.years.add(ended.year)
        facts.counts["outcome", ended.year, data["outcome"]["kind"], centre] += 1
        if started is not None and started <= ended:
            facts.detention_days[ended.year, centre].append((ended - started).days)


@dataclass(frozen=True)
class _AsRecord:
    """operations.detention_ended takes a record; people are kept as plain data here."""

    data: dict


def _expenses(corpus, facts: Facts, rate: Decimal) -> None:
    """Amounts as the reimbursement report computes them (visits.expenses), per period and status."""
    count = facts.counts
    for expense in corpus.of("expense"):
        data = expense.data
        day = parse_date(data["date"])
        if day is None or day > facts.today:
            continue
        facts.years.add(day.year)
        cents = amount_cents(data, rate)
        for period in periods_of(day):
            count["km", period] += data.get("km", 0)
            count[f"{data['kind']}-cents", period] += cents
        count["expenses", day.year, data["status"]] += 1
        count["expense-cents", day.year, data["status"]] += cents
