"""Candidates: the stage each has reached, how long they have waited, and whether they are done.

Shared by the rules (rules/volunteering.py), the digest, the recruitment dashboard
and retention, so that all of them read a candidate's stages the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from visits.i18n import N_
from visits.rules import checked_date, parse_date

if TYPE_CHECKING:
    from visits.records import Record

# The steps of an application in order, as the public apply page explains them.
STAGES = ("applied", "interviewed", "trained", "first_visit")
# Marked for the catalogue (N_ returns them unchanged): the digest says them in the reader's language.
STAGE_WORDS = {
    "applied": N_("applied"),
    "interviewed": N_("interviewed"),
    "trained": N_("trained"),
    "first_visit": N_("first visit made"),
}
# What an open application waits for after each stage.
NEXT_STEP = {
    "applied": N_("an interview"),
    "interviewed": N_("the first training"),
    "trained": N_("a first visit"),
    "first_visit": N_("a decision"),
}
OUTCOMES = ("accepted", "declined", "withdrew")


@dataclass(frozen=True)
class Standing:
    candidate: Record
    stage: str  # the furthest stage reached
    since: dt.date  # the day it was reached
    applied: dt.date
    outcome: str | None  # accepted, declined or withdrew; None while the application is open
    decided: dt.date | None

    @property
    def open(self) -> bool:
        return self.outcome is None

    @property
    def coordinator(self) -> str:
        data = self.candidate.data
        assert isinstance(data, dict)  # a record's data is its fields (records.Record)
        return data["coordinator"]

    def waited(self, today: dt.date) -> int:
        """Days since the last step: what an open application has been waiting for."""
        return (today - self.since).days


def standing(candidate, today: dt.date) -> Standing:
    """Where a valid candidate record stands today; stages and a decision dated after today
    do not count yet (the candidate-stage-order rule reports them)."""
    stages = candidate.data["stages"]
    reached = [(name, day) for name in STAGES if (day := parse_date(stages.get(name))) is not None and day <= today]
    stage, since = reached[-1] if reached else ("applied", checked_date(stages["applied"]))
    decision = candidate.data.get("decision")
    decided = checked_date(decision["date"]) if decision else None
    if decided is not None and decided > today:
        decided = None
    return Standing(
        candidate, stage, since, checked_date(stages["applied"]), decision["outcome"] if decided else None, decided
    )


def standings(corpus, today: dt.date) -> list[Standing]:
    """Every candidate who had applied by today, by id."""
    found = [standing(candidate, today) for candidate in corpus.of("candidate")]
    return sorted((item for item in found if item.applied <= today), key=lambda item: item.candidate.id)


def waiting(corpus, today: dt.date, days: int) -> list[Standing]:
    """Open applications with no step for more than `days` days, longest wait first."""
    late = [item for item in standings(corpus, today) if item.open and item.waited(today) > days]
    return sorted(late, key=lambda item: (-item.waited(today), item.candidate.id))


def order_problems(candidate, today: dt.date) -> list[tuple[tuple, str]]:
    """(field path, what is wrong) for stages out of order or dated after today."""
    stages = candidate.data["stages"]
    dated = [(("stages", name), name, checked_date(stages[name])) for name in STAGES if name in stages]
    decision = candidate.data.get("decision")
    if decision:
        dated.append((("decision", "date"), "the decision", checked_date(decision["date"])))
    problems = []
    for (_, before, earlier), (path, name, later) in zip(dated, dated[1:], strict=False):
        if later < earlier:
            problems.append((path, f"{name} on {later} is before {before} on {earlier}"))
    problems += [(path, f"{name} on {day} is after today ({today})") for path, name, day in dated if day > today]
    return problems


def became_volunteer(corpus) -> set[str]:
    """Candidate ids a volunteer record names as where they came from (broken files count too:
    their reference may be repaired tomorrow, and the candidate must still be there)."""
    return {
        result.data["candidate"]
        for result in corpus.results
        if result.kind == "volunteer"
        and isinstance(result.data, dict)
        and isinstance(result.data.get("candidate"), str)
    }
