"""Raw figures of the programme, gathered in one pass over each kind of record.

Everything is counted into one Counter keyed by (measure, period or year,
*categories), so that building any table later is a dictionary look-up. These
are the true counts: nothing here may be published before suppress.py has
protected the counts about people. Visit notes are never read.

Attribution, chosen so that counts of people add up across centres:
- a person is counted once per period, in the centre of their first visit in it;
- a new person is one whose first visit ever falls in the period;
- an ended detention counts in the year of its outcome date, in the centre the
  person was held in last (their latest transfer, or the centre that met them);
- what a person visited in a year is described by (nationality, vulnerabilities,
  the monitoring observations reported about them at any visit of the year, the
  length of their detention) counts in the centre they are counted in that year.
Records dated after `today` are left out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from visits.expenses import amount_cents, km_rate
from visits.monitoring import AREA_OF
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
    # (year, centre) -> days each person visited in the year had been detained, up to the
    # outcome when it fell in the year, else up to the year's end (or today, in this year)
    stay_days: dict[tuple[int, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    years: set[int] = field(default_factory=set)
    centre_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # centre -> language -> name
    # reviewed notable facts only (date, centre, kind, text by language): an unreviewed text never gets here
    notable: list[dict] = field(default_factory=list)

    def __call__(self, measure: str, *key) -> int:
        return self.counts[(measure, *key)]


def collect(corpus, config: dict, today: dt.date) -> Facts:
    centres = sorted(record.id for record in corpus.of("centre"))
    facts = Facts(today, centres, {record.id: record.data["name"]["en"] for record in corpus.of("centre")})
    facts.centre_labels = {record.id: dict(record.data["name"]) for record in corpus.of("centre")}
    people = {record.id: record.data for record in corpus.of("person")}
    _notable(corpus, facts)
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
    observed: dict[tuple[int, str], set[str]] = defaultdict(set)  # (year, person) -> codes
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
        observed[year, person].update(data.get("observations", ()))
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
                year = int(period)
                _describe(facts, year, when[-1], people.get(person, {}))
                _observed(count, year, when[-1], observed.get((year, person), set()))
    for when in first_ever.values():
        for period in periods_of(when[0]):
            count["new", period, when[-1]] += 1


def _describe(facts: Facts, year: int, centre: str, person: dict) -> None:
    count = facts.counts
    count["nationality", year, person.get("nationality", "unknown")] += 1
    count["nationality-at", year, person.get("nationality", "unknown"), centre] += 1
    count["age", year, person.get("age_band", "unknown")] += 1
    count["gender", year, person.get("gender", "unknown")] += 1
    for flag in person.get("vulnerabilities", ()):
        count["vulnerability", year, flag, centre] += 1
    days = _stay(person, year, facts.today)
    if days is not None:
        facts.stay_days[year, centre].append(days)


def _stay(person: dict, year: int, today: dt.date) -> int | None:
    """Days from the first day of detention to its end, when it ended in the year, or else
    to the year's last day (today, for the current year); None when the dates do not tell."""
    started = parse_date(person.get("detention_start"))
    if started is None:
        return None
    end = min(dt.date(year, 12, 31), today)
    outcome = person.get("outcome") or {}
    ended = parse_date(outcome.get("date")) if outcome.get("kind") not in (None, "still-detained") else None
    if ended is not None and ended < end:
        end = ended
    return (end - started).days if started <= end else None


def _observed(count: Counter, year: int, centre: str, codes: set[str]) -> None:
    """A person counts once per observation and once per area, however often it was reported."""
    for code in codes:
        count["observation", year, code, centre] += 1
    for area in {AREA_OF.get(code, "unknown") for code in codes}:
        count["observation-area", year, area, centre] += 1


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


def _notable(corpus, facts: Facts) -> None:
    try:
        records = corpus.of("notable-fact")
    except KeyError:  # a repository from before the kind existed
        return
    for record in records:
        data = record.data
        day = parse_date(data.get("date"))
        if not data.get("reviewed_by") or day is None or day > facts.today:
            continue
        text = {language: value for language, value in (data.get("text") or {}).items() if isinstance(value, str)}
        facts.notable.append(
            {"id": record.id, "date": day, "centre": data.get("centre", ""), "kind": data.get("kind", ""), "text": text}
        )
    facts.notable.sort(key=lambda fact: (fact["date"], fact["id"]))


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
