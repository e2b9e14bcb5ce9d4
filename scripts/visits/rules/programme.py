"""Programme rules: the promises made to detained people and asked of volunteers.

Weekly visits, a year's commitment, trainings, accreditations, meetings and
follow-up actions. Thresholds come from the `programme:` settings and each
code's severity from config.severity_for, so visits.yml can tune every rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from visits import operations
from visits.config import DEFAULTS, severity_for
from visits.findings import plural
from visits.retention import add_months
from visits.rules import checked_date, parse_date, rule

if TYPE_CHECKING:
    from visits.records import Record

HINTS = {
    "report-overdue": "write the missing report, or set end_date if the assignment has ended",
    "referent-accreditation-expired": "ask the coordinator to assign a referent whose accreditation is valid",
    "commitment-short": "set commitment_end to at least a year after start_date, as agreed at intake",
    "hours-below-minimum": "agree the hours with the coordinator, or change the role to friendly",
    "language-requirement": "record the languages as the volunteer speaks them, or plan a language course",
    "accreditation-expiring": "ask the Immigration Office to renew it and update valid_until",
    "visit-after-accreditation": "check the date and centre; a visit needs a valid accreditation for that centre",
    "training-missing": "register the volunteer for the next session of the module",
    "meetings-missed": "the coordinator calls the volunteer to catch up",
    "follow-up-overdue": "do it and set status: done, or agree a new due date with the owner",
}


@dataclass(frozen=True)
class TrainingGap:
    volunteer: Record
    missing: tuple[str, ...]
    within_grace: bool  # still in their first months: to plan, not yet a finding


def _settings(context) -> dict:
    return context.config.get("programme", DEFAULTS["programme"])


def _flag(corpus, context, record, field_path: tuple, code: str, message: str):
    return corpus.finding(
        record, field_path, code, message, severity=severity_for(context.config, code), hint=HINTS[code]
    )


def _active(corpus, role: str | None = None, needs: tuple[str, ...] | None = None, optional: tuple[str, ...] = ()):
    """Active volunteers (of a role); with `needs`, those with schema errors too whose
    fields `needs` and `optional` are sound (see Corpus.of)."""
    if needs is not None:
        needs = ("status", "role", *needs)
    for volunteer in corpus.of("volunteer", needs, optional):
        if volunteer.data["status"] == "active" and role in (None, volunteer.data["role"]):
            yield volunteer


@rule(ties=("a",))
def check_report_rhythm(corpus, context):
    for late in operations.overdue_reports(corpus, context.today, _settings(context)["report_overdue_days"]):
        rhythm = late.assignment.data.get("visits_per_week", 1)
        last = f"last visit {late.last_visit}" if late.last_visit else "no visit yet"
        yield _flag(
            corpus,
            context,
            late.assignment,
            ("id",),
            "report-overdue",
            f"no visit report for {late.days} days ({last}); expected {rhythm} a week",
        )


@rule()
def check_referent_accreditation(corpus, context):
    """What integrity.check_referents leaves open: an active referent whose accreditation lapsed."""
    for volunteer in _active(corpus, "friendly", needs=("referent",)):
        referent = corpus.get("volunteer", volunteer.data["referent"])
        accreditation = referent.data.get("accreditation") if referent else None
        if not accreditation or referent.data["status"] != "active":
            continue  # unknown, not accredited or inactive: reported by the integrity rules
        until = parse_date(accreditation["valid_until"])
        if until < context.today:
            yield _flag(
                corpus,
                context,
                volunteer,
                ("referent",),
                "referent-accreditation-expired",
                f"referent '{referent.id}' has had no valid accreditation since {until}",
            )


@rule()
def check_commitment(corpus, context):
    months = _settings(context)["commitment_min_months"]
    for volunteer in _active(corpus, needs=("start_date",), optional=("commitment_end",)):
        start = parse_date(volunteer.data["start_date"])
        end = parse_date(volunteer.data.get("commitment_end"))
        needed = add_months(start, months) - dt.timedelta(days=1)
        if end is None:
            yield _flag(
                corpus,
                context,
                volunteer,
                ("start_date",),
                "commitment-short",
                f"no commitment_end recorded; volunteers commit for at least {months} months",
            )
        elif end < needed:
            yield _flag(
                corpus,
                context,
                volunteer,
                ("commitment_end",),
                "commitment-short",
                f"commitment ends {end}, before {needed} ({months} months after the start)",
            )


@rule()
def check_accredited_profile(corpus, context):
    settings = _settings(context)
    minimum = settings["accredited_min_weekly_hours"]
    working = settings["working_languages"]
    for volunteer in _active(corpus, "accredited", needs=("weekly_hours", "languages")):
        hours = volunteer.data["weekly_hours"]
        if hours < minimum:
            yield _flag(
                corpus,
                context,
                volunteer,
                ("weekly_hours",),
                "hours-below-minimum",
                f"declares {hours:g} hours a week; accredited visitors give at least {minimum:g}",
            )
        levels = {entry["code"]: entry["level"] for entry in volunteer.data["languages"]}
        fluent = [code for code in working if levels.get(code) == "fluent"]
        unknown = [code for code in working if code not in levels]
        if not fluent or unknown:
            yield _flag(
                corpus,
                context,
                volunteer,
                ("languages",),
                "language-requirement",
                f"accredited visitors are fluent in one of {'/'.join(working)} and understand "
                f"the other{'s' if len(working) > 2 else ''}; "
                + ("fluent in none" if not fluent else f"does not know {', '.join(unknown)}"),
            )


@rule()
def check_accreditation_expiry(corpus, context):
    days = _settings(context)["accreditation_warning_days"]
    for volunteer, until in operations.expiring_accreditations(corpus, context.today, days):
        when = f"expired on {until}" if until < context.today else f"expires on {until}"
        yield _flag(
            corpus,
            context,
            volunteer,
            ("accreditation", "valid_until"),
            "accreditation-expiring",
            f"accreditation {when}",
        )


@rule()
def check_visits_accredited(corpus, context):
    """An accredited visitor's visit needs the accreditation, valid that day, for that centre."""
    for visit in corpus.judged("visit", needs=("assignment", "date")):
        assignment = corpus.get("assignment", visit.data["assignment"])
        volunteer = corpus.get("volunteer", assignment.data["volunteer"]) if assignment else None
        accreditation = volunteer.data.get("accreditation") if volunteer else None
        if volunteer is None or volunteer.data["role"] != "accredited" or not accreditation:
            continue
        day, until = parse_date(visit.data["date"]), parse_date(accreditation["valid_until"])
        if day > until:
            yield _flag(
                corpus,
                context,
                visit,
                ("date",),
                "visit-after-accreditation",
                f"visit on {day}, after {volunteer.id}'s accreditation expired on {until}",
            )
        centre = assignment.data["centre"]
        if centre not in accreditation["centres"]:
            yield _flag(
                corpus,
                context,
                visit,
                ("assignment",),
                "visit-after-accreditation",
                f"visit in {centre}, which {volunteer.id}'s accreditation does not cover "
                f"({', '.join(accreditation['centres'])})",
            )


def _attended(corpus, today: dt.date) -> tuple[dict, dict]:
    """Modules and induction centres per volunteer, from sessions held up to today."""
    modules: dict[str, set] = {}
    inducted: dict[str, set] = {}
    for training in corpus.of("training"):
        if checked_date(training.data["date"]) > today:
            continue
        for volunteer in training.data["attendees"]:
            modules.setdefault(volunteer, set()).add(training.data["module"])
            if training.data["module"] == "centre-induction":
                inducted.setdefault(volunteer, set()).add(training.data.get("centre"))
    return modules, inducted


def training_gaps(corpus, config: dict, today: dt.date, *, judging: bool = False) -> list[TrainingGap]:
    """Active volunteers missing a module their role requires, by volunteer id; `judging`
    (the rule) takes in those with schema errors whose needed fields are sound."""
    settings = config.get("programme", DEFAULTS["programme"])
    modules, inducted = _attended(corpus, today)
    gaps = []
    for volunteer in _active(corpus, needs=("centres", "start_date") if judging else None):
        required = settings["required_training"][volunteer.data["role"]]
        done = modules.get(volunteer.id, set())
        missing = tuple(module for module in required if module != "centre-induction" and module not in done)
        if "centre-induction" in required and not inducted.get(volunteer.id, set()) & set(volunteer.data["centres"]):
            missing += ("centre-induction",)
        if missing:
            grace_ends = add_months(checked_date(volunteer.data["start_date"]), settings["training_grace_months"])
            gaps.append(TrainingGap(volunteer, missing, today < grace_ends))
    return sorted(gaps, key=lambda gap: gap.volunteer.id)


@rule()
def check_training(corpus, context):
    for gap in training_gaps(corpus, context.config, context.today, judging=True):
        if gap.within_grace:
            continue
        role = gap.volunteer.data["role"]
        for module in gap.missing:
            where = " for one of their centres" if module == "centre-induction" else ""
            yield _flag(
                corpus,
                context,
                gap.volunteer,
                ("role",),
                "training-missing",
                f"has not attended {module}{where}, required for {role} visitors "
                f"(started {gap.volunteer.data['start_date']})",
            )


@rule()
def check_meetings(corpus, context):
    in_a_row = _settings(context)["meetings_missed_in_a_row"]
    if not in_a_row:
        return
    held = sorted(
        (parse_date(meeting.data["date"]), meeting)
        for meeting in corpus.of("meeting")
        if meeting.data["kind"] == "quarterly"
    )
    held = [(day, meeting) for day, meeting in held if day <= context.today]
    for volunteer in _active(corpus, needs=("start_date",)):
        start = parse_date(volunteer.data["start_date"])
        since_start = [(day, meeting) for day, meeting in held if day >= start]
        latest = since_start[-in_a_row:]
        if len(latest) == in_a_row and all(volunteer.id not in meeting.data["attendees"] for _, meeting in latest):
            dates = ", ".join(str(day) for day, _ in latest)
            yield _flag(
                corpus,
                context,
                volunteer,
                ("id",),
                "meetings-missed",
                f"missed the last {in_a_row} quarterly meetings ({dates})",
            )


@rule()
def check_follow_up(corpus, context):
    for action in operations.open_actions(corpus):
        if action.due < context.today:
            yield _flag(
                corpus,
                context,
                action.visit,
                ("follow_up", action.index, "due"),
                "follow-up-overdue",
                f"{action.kind} action owned by {action.owner} was due {action.due} "
                f"({plural((context.today - action.due).days, 'day')} ago) and is still open",
            )


RULES = (
    check_report_rhythm,
    check_referent_accreditation,
    check_commitment,
    check_accredited_profile,
    check_accreditation_expiry,
    check_visits_accredited,
    check_training,
    check_meetings,
    check_follow_up,
)
