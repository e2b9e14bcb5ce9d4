"""Evaluations and supervision talks: when each active volunteer's next one is due.

An evaluation is due at the end of the first year's commitment (the start plus
`evaluation_months`, or commitment_end if that comes first), then every
`evaluation_months` after the last one, unless that evaluation agreed another
date (next_due). A friendly visitor needs a supervision talk at least every
`supervision_months`, counted from the start while there has been none.
Shared by the rules, the digest, the dashboards and the meeting pack.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from visits.config import DEFAULTS
from visits.retention import add_months
from visits.rules import checked_date, parse_date

if TYPE_CHECKING:
    from visits.records import Record

KINDS = ("evaluation", "supervision")


@dataclass(frozen=True)
class Due:
    volunteer: Record
    kind: str  # evaluation or supervision
    due: dt.date
    last: dt.date | None  # the latest talk of that kind held, if any

    def overdue(self, today: dt.date) -> bool:
        return self.due < today


def _settings(config: dict) -> dict:
    return config.get("programme", DEFAULTS["programme"])


def talks(corpus, today: dt.date) -> dict[tuple[str, str], list]:
    """Talks held up to today per (volunteer, kind), in date order."""
    held: dict[tuple[str, str], list] = {}
    for talk in corpus.of("evaluation"):
        if checked_date(talk.data["date"]) <= today:
            held.setdefault((talk.data["volunteer"], talk.data["kind"]), []).append(talk)
    for group in held.values():
        group.sort(key=lambda talk: (talk.data["date"], talk.path))
    return held


def _evaluation(volunteer, held: list, months: int) -> Due:
    if held:
        last = held[-1]
        day = checked_date(last.data["date"])
        agreed = parse_date(last.data.get("next_due"))
        return Due(volunteer, "evaluation", agreed or add_months(day, months), day)
    start = checked_date(volunteer.data["start_date"])
    first = add_months(start, months)
    commitment_end = parse_date(volunteer.data.get("commitment_end"))
    return Due(volunteer, "evaluation", min(first, commitment_end) if commitment_end else first, None)


def _supervision(volunteer, held: list, months: int) -> Due:
    last = checked_date(held[-1].data["date"]) if held else None
    since = last or checked_date(volunteer.data["start_date"])
    return Due(volunteer, "supervision", add_months(since, months), last)


def due_talks(corpus, config: dict, today: dt.date) -> list[Due]:
    """The next evaluation of every active volunteer and the next supervision talk of every
    active friendly visitor, soonest first; a rhythm set to 0 is switched off."""
    settings = _settings(config)
    held = talks(corpus, today)
    found = []
    for volunteer in corpus.of("volunteer"):
        if volunteer.data["status"] != "active":
            continue
        if settings["evaluation_months"]:
            found.append(
                _evaluation(volunteer, held.get((volunteer.id, "evaluation"), []), settings["evaluation_months"])
            )
        if settings["supervision_months"] and volunteer.data["role"] == "friendly":
            found.append(
                _supervision(volunteer, held.get((volunteer.id, "supervision"), []), settings["supervision_months"])
            )
    return sorted(found, key=lambda item: (item.due, item.volunteer.id, item.kind))


def coming_up(corpus, config: dict, today: dt.date) -> list[Due]:
    """Talks overdue or due within `evaluation_notice_days`: what the digest, the dashboards
    and the meeting pack list."""
    horizon = today + dt.timedelta(days=_settings(config)["evaluation_notice_days"])
    return [item for item in due_talks(corpus, config, today) if item.due <= horizon]
