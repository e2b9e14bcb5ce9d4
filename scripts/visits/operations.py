"""Questions the coordinator asks every week, answered once for the rules, dashboards and digest."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from visits.rules import checked_date, parse_date

if TYPE_CHECKING:
    from visits.records import Record

OVERDUE_DAYS = 8  # a weekly visit plus a day's grace; visits.yml may change it


@dataclass(frozen=True)
class Overdue:
    assignment: Record
    last_visit: dt.date | None
    days: int  # since the last visit, or since the assignment started


@dataclass(frozen=True)
class OpenAction:
    visit: Record
    index: int  # position in the visit's follow_up list
    kind: str
    owner: str
    due: dt.date


@dataclass(frozen=True)
class Concern:
    visit: Record
    person: str
    centre: str
    date: dt.date
    kind: str


def detention_ended(person, today: dt.date) -> bool:
    outcome = person.data.get("outcome", {}) if person else {}
    ended = parse_date(outcome.get("date"))
    return outcome.get("kind") not in (None, "still-detained") and ended is not None and ended <= today


def active_assignments(corpus, today: dt.date):
    """Assignments running today for a person still in detention."""
    for assignment in corpus.judged("assignment"):
        start = checked_date(assignment.data["start_date"])
        end = parse_date(assignment.data.get("end_date"))
        if (
            start <= today
            and (end is None or end >= today)
            and not detention_ended(corpus.get("person", assignment.data["person"]), today)
        ):
            yield assignment


def last_visits(corpus) -> dict[str, dt.date]:
    latest: dict[str, dt.date] = {}
    for visit in corpus.of("visit"):
        day = checked_date(visit.data["date"])
        key = visit.data["assignment"]
        if key not in latest or day > latest[key]:
            latest[key] = day
    return latest


def overdue_reports(corpus, today: dt.date, days: int = OVERDUE_DAYS) -> list[Overdue]:
    """Active assignments whose last report is older than their rhythm allows, longest first."""
    latest = last_visits(corpus)
    late = []
    for assignment in active_assignments(corpus, today):
        allowed = math.ceil(days / assignment.data.get("visits_per_week", 1))
        last = latest.get(assignment.id)
        since = last or checked_date(assignment.data["start_date"])
        if last is not None and last > today:
            continue
        if (today - since).days > allowed:
            late.append(Overdue(assignment, last, (today - since).days))
    return sorted(late, key=lambda item: (-item.days, item.assignment.id))


def open_actions(corpus) -> list[OpenAction]:
    """Follow-up actions still open, oldest due date first."""
    actions = []
    for visit in corpus.of("visit"):
        for index, action in enumerate(visit.data.get("follow_up", [])):
            if action["status"] == "open":
                actions.append(OpenAction(visit, index, action["kind"], action["owner"], checked_date(action["due"])))
    return sorted(actions, key=lambda a: (a.due, a.visit.path, a.index))


def actions_by_owner(corpus) -> dict[str, list[OpenAction]]:
    grouped: dict[str, list[OpenAction]] = defaultdict(list)
    for action in open_actions(corpus):
        grouped[action.owner].append(action)
    return dict(sorted(grouped.items()))


def recent_concerns(corpus, today: dt.date, days: int) -> list[Concern]:
    """Safeguarding concerns reported in the last `days` days, newest first (never the notes)."""
    since = today - dt.timedelta(days=days)
    found = []
    for visit in corpus.of("visit"):
        day = checked_date(visit.data["date"])
        if not visit.data.get("concerns") or not since < day <= today:
            continue
        assignment = corpus.get("assignment", visit.data["assignment"])
        if assignment is None:
            continue
        for kind in visit.data["concerns"]:
            found.append(Concern(visit, assignment.data["person"], assignment.data["centre"], day, kind))
    return sorted(found, key=lambda c: (-c.date.toordinal(), c.person, c.kind))


def expiring_accreditations(corpus, today: dt.date, days: int = 30) -> list[tuple[Record, dt.date]]:
    """Active accredited visitors whose accreditation ends within `days` (or has ended)."""
    soon = []
    for volunteer in corpus.of("volunteer"):
        accreditation = volunteer.data.get("accreditation")
        if volunteer.data["status"] == "active" and accreditation:
            until = checked_date(accreditation["valid_until"])
            if until <= today + dt.timedelta(days=days):
                soon.append((volunteer, until))
    return sorted(soon, key=lambda item: (item[1], item[0].id))
