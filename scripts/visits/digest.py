"""The weekly digest: who is behind, what is past due, what needs the coordinator this week.

Built from the questions in visits.operations, visits.evaluations and
visits.recruitment; it lists ids, handles, person and candidate codes and dates
only (never a candidate's name, nor what was said in an evaluation). Safeguarding
concerns show the person's code and the date, nothing of what was said. Every
value shown is one the schemas restrict to plain characters (ids, handles, codes,
dates), so it is safe to post as Markdown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from visits.evaluations import coming_up
from visits.findings import plural
from visits.operations import Overdue, expiring_accreditations, open_actions, overdue_reports, recent_concerns
from visits.recruitment import NEXT_STEP, STAGE_WORDS, waiting

CONCERN_DAYS = 7  # a week: the digest is weekly; urgent cases are flagged on the pull request


@dataclass(frozen=True)
class Section:
    title: str
    items: list[str]
    empty: str


class Style:
    """How ids and people are written: Markdown mentions people so GitHub notifies them."""

    def __init__(self, markdown: bool):
        self.markdown = markdown

    def code(self, text: str) -> str:
        return f"`{text}`" if self.markdown else text

    def who(self, volunteer, fallback_id: str = "") -> str:
        if volunteer is None:
            return self.code(fallback_id) + " (no volunteer record)"
        return f"@{volunteer.data['handle']} ({self.code(volunteer.id)})"


def _overdue(corpus, today, style, days: int) -> list[str]:
    by_volunteer: defaultdict[str, list[tuple[Overdue, str]]] = defaultdict(list)  # late, person
    for late in overdue_reports(corpus, today, days):
        data = late.assignment.data
        assert isinstance(data, dict)  # a record's data is its fields (records.Record)
        by_volunteer[data["volunteer"]].append((late, data["person"]))
    items = []
    for volunteer_id, lates in sorted(by_volunteer.items()):
        details = "; ".join(
            f"{style.code(late.assignment.id)} ({style.code(person)}), "
            + (
                f"last report {late.last_visit}, {plural(late.days, 'day')} ago"
                if late.last_visit
                else f"no report in {late.days} days since the start"
            )
            for late, person in lates
        )
        items.append(f"{style.who(corpus.get('volunteer', volunteer_id), volunteer_id)}: {details}")
    return items


def _past_due(corpus, today, style) -> list[str]:
    return [
        f"{style.who(corpus.get('volunteer', action.owner), action.owner)}: {action.kind}, "
        f"due {action.due} ({plural((today - action.due).days, 'day')} ago), "
        f"from visit {style.code(action.visit.id)}"
        for action in open_actions(corpus)
        if action.due < today
    ]


def _expiring(corpus, today, style, days: int) -> list[str]:
    return [
        f"{style.who(volunteer)}: valid until {until}"
        + (" (expired)" if until < today else f" ({(until - today).days} days left)")
        for volunteer, until in expiring_accreditations(corpus, today, days)
    ]


def _concerns(corpus, today, style) -> list[str]:
    seen = sorted(
        {(concern.date, concern.person) for concern in recent_concerns(corpus, today, CONCERN_DAYS)}, reverse=True
    )
    return [f"{style.code(person)} on {day}" for day, person in seen]


def _without_referent(corpus, today, style) -> list[str]:
    items = []
    for volunteer in sorted(corpus.of("volunteer"), key=lambda record: record.id):
        if volunteer.data["role"] != "friendly" or volunteer.data["status"] != "active":
            continue
        referent_id = volunteer.data.get("referent")
        referent = corpus.get("volunteer", referent_id)
        if referent is None:
            items.append(f"{style.who(volunteer)}: referent {style.code(str(referent_id))} is unknown")
        elif referent.data["status"] != "active":
            state = "has left" if referent.data["status"] == "left" else f"is {referent.data['status']}"
            items.append(f"{style.who(volunteer)}: referent {style.code(referent.id)} {state}")
    return items


def _talks_due(corpus, today, style, config: dict) -> list[str]:
    return [
        f"{style.who(item.volunteer)}: {item.kind} "
        + (
            f"due since {item.due} ({plural((today - item.due).days, 'day')} late)"
            if item.overdue(today)
            else f"due on {item.due}"
        )
        + (f", last on {item.last}" if item.last else ", none yet")
        for item in coming_up(corpus, config, today)
    ]


def _candidates(corpus, today, style, days: int) -> list[str]:
    return [
        f"{style.code(item.candidate.id)}: {STAGE_WORDS[item.stage]} on {item.since}, waiting "
        f"{plural(item.waited(today), 'day')} for {NEXT_STEP[item.stage]} "
        f"(coordinator @{item.coordinator})"
        for item in waiting(corpus, today, days)
    ]


def build(corpus, today: dt.date, style: Style, config: dict) -> list[Section]:
    """The sections, with the thresholds the programme rules use (visits.yml `programme`)."""
    settings = config["programme"]
    expiry = settings["accreditation_warning_days"]
    return [
        Section(
            "Overdue visit reports",
            _overdue(corpus, today, style, settings["report_overdue_days"]),
            "Every report is in.",
        ),
        Section("Follow-up actions past due", _past_due(corpus, today, style), "None."),
        Section(f"Accreditations ending within {expiry} days", _expiring(corpus, today, style, expiry), "None."),
        Section(
            f"Safeguarding concerns of the last {CONCERN_DAYS} days", _concerns(corpus, today, style), "None reported."
        ),
        Section("Friendly visitors without an active referent", _without_referent(corpus, today, style), "None."),
        Section(
            f"Evaluations and supervision talks due within {settings['evaluation_notice_days']} days",
            _talks_due(corpus, today, style, config),
            "None.",
        ),
        Section(
            f"Candidates waiting more than {settings['candidate_wait_days']} days",
            _candidates(corpus, today, style, settings["candidate_wait_days"]),
            "None.",
        ),
    ]


def render(sections: list[Section], today: dt.date, markdown: bool) -> str:
    if markdown:
        lines = [f"## Weekly digest, {today}", ""]
        for section in sections:
            lines += [f"### {section.title} ({len(section.items)})", ""]
            lines += [f"- {item}" for item in section.items] or [section.empty]
            lines.append("")
        lines.append("_Generated by `visits digest`; updated every week._")
    else:
        lines = [f"Weekly digest, {today}", ""]
        for section in sections:
            lines += [f"{section.title} ({len(section.items)})"]
            lines += [f"  - {item}" for item in section.items] or [f"  {section.empty}"]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
