"""Operational dashboards of the internal site, answered by visits.operations.

Only codes, dates, kinds and display names are shown: never a visit's notes,
never the text of a follow-up action, nothing said in an evaluation. What the
records say is gathered once (`gather`) and written in each language (`dashboard_pages`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from visits import operations
from visits.evaluations import coming_up
from visits.i18n import N_
from visits.rules import checked_date
from visits.site.markdown import Md, code, escape, link, page, table
from visits.site.recruitment import Recruitment, gather_recruitment, recruitment_page
from visits.site.text import Text, text_of
from visits.stats.grids import TOTAL

CONCERN_DAYS = 30
MEETING_DAYS = 365
TALKS = {"evaluation": N_("Evaluation"), "supervision": N_("Supervision talk")}


@dataclass
class Dashboards:
    today: dt.date
    settings: dict
    active: list
    overdue: list
    actions: dict
    concerns: list
    meetings: list
    expiring: list
    talks: list
    recruitment: Recruitment


def gather(corpus, today: dt.date, config: dict, published=None) -> Dashboards:
    """Everything the dashboards show, found once for all languages. Thresholds are the
    programme settings the rules and the digest use, so every place lists the same things."""
    settings = config["programme"]
    return Dashboards(
        today,
        settings,
        list(operations.active_assignments(corpus, today)),
        operations.overdue_reports(corpus, today, settings["report_overdue_days"]),
        operations.actions_by_owner(corpus),
        operations.recent_concerns(corpus, today, CONCERN_DAYS),
        _recent_meetings(corpus, today),
        operations.expiring_accreditations(corpus, today, settings["accreditation_warning_days"]),
        coming_up(corpus, config, today),
        gather_recruitment(corpus, config, today, published),  # settled in the build's publication
    )


def dashboard_pages(corpus, today: dt.date, config: dict, language: str = "en") -> dict[str, str]:
    """The dashboards of one language, from the records (`render` when they are gathered already)."""
    return render(gather(corpus, today, config), corpus, text_of(language))


def render(data: Dashboards, corpus, text: Text, name: Callable[[str], str] = str) -> dict[str, str]:
    """Pages relative to the dashboards folder, by their English names, index.md first; `name`
    gives the name a link to one of them takes in the page's language (assignments.md ->
    begeleidingen.md)."""
    settings, today = data.settings, data.today
    days = settings["accreditation_warning_days"]
    open_count = sum(len(items) for items in data.actions.values())
    late_count = sum(action.due < today for items in data.actions.values() for action in items)
    overdue_talks = sum(item.overdue(today) for item in data.talks)
    summary = table(
        [text.gettext("Question"), text.gettext("Answer"), text.gettext("Details")],
        [
            [
                text.gettext("Active assignments"),
                text.number(len(data.active)),
                link(text.gettext("per centre"), name("assignments.md")),
            ],
            [
                text.gettext("Assignments with a report overdue"),
                text.number(len(data.overdue)),
                link(text.gettext("overdue reports"), name("overdue.md")),
            ],
            [
                text.gettext("Open follow-up actions (past their due date)"),
                f"{text.number(open_count)} ({text.number(late_count)})",
                link(text.gettext("per accredited visitor"), name("follow-up.md")),
            ],
            [
                text.gettext("Safeguarding concerns in the last {days} days", days=CONCERN_DAYS),
                text.number(len(data.concerns)),
                link(text.gettext("safeguarding"), name("safeguarding.md")),
            ],
            [
                text.gettext("Meetings in the last {days} days", days=MEETING_DAYS),
                text.number(len(data.meetings)),
                link(text.gettext("meetings"), name("meetings.md")),
            ],
            [
                text.gettext(
                    "Evaluations and supervision talks due within {days} days (overdue)",
                    days=settings["evaluation_notice_days"],
                ),
                f"{text.number(len(data.talks))} ({text.number(overdue_talks)})",
                link(text.gettext("evaluations"), name("evaluations.md")),
            ],
            [
                text.gettext("Open applications"),
                str(data.recruitment.waiting[TOTAL, TOTAL]),
                link(text.gettext("recruitment"), name("recruitment.md")),
            ],
        ],
    )
    accreditations = table(
        [text.gettext("Accredited visitor"), text.gettext("Accreditation valid until")],
        [[_volunteer(corpus, volunteer.id), text.date(until)] for volunteer, until in data.expiring],
        empty=text.gettext("No accreditation ends in the next {days} days.", days=days),
    )
    return {
        "index.md": page(
            text.gettext("Dashboards"),
            _as_of(text, today),
            summary,
            "## " + text.gettext("Accreditations ending within {days} days", days=days),
            accreditations,
        ),
        "assignments.md": _assignments_page(corpus, data.active, text, today),
        "overdue.md": _overdue_page(corpus, data.overdue, text, today, settings["report_overdue_days"]),
        "follow-up.md": _follow_up_page(corpus, data.actions, text, today),
        "safeguarding.md": _safeguarding_page(corpus, data.concerns, text, today),
        "meetings.md": _meetings_page(data.meetings, text, today),
        "evaluations.md": _evaluations_page(corpus, data.talks, text, today, settings["evaluation_notice_days"]),
        **recruitment_page(data.recruitment, text),
    }


def _as_of(text: Text, today: dt.date) -> str:
    return "*" + text.gettext("As of {date}, from the records merged so far.", date=text.date(today, "long")) + "*"


def _volunteer(corpus, volunteer_id: str) -> Md:
    volunteer = corpus.get("volunteer", volunteer_id)
    return escape(volunteer.data["display_name"] if volunteer else volunteer_id)


def _days(text: Text, count: int) -> str:
    return text.ngettext("{n} day", "{n} days", count)


def _last(text: Text, day: dt.date | None) -> str:
    return text.date(day) if day else text.gettext("none yet")


def _assignments_page(corpus, active: list, text: Text, today: dt.date) -> str:
    latest = operations.last_visits(corpus)
    by_centre: dict[str, list] = defaultdict(list)
    for assignment in active:
        by_centre[assignment.data["centre"]].append(assignment)
    centres = sorted(
        {c.id for c in corpus.of("centre") if c.data["active"]} | set(by_centre),
        key=lambda centre_id: text.centre(corpus, centre_id).casefold(),
    )
    summary = table(
        [text.gettext("Centre"), text.gettext("Active assignments")],
        [[text.centre(corpus, centre_id), text.number(len(by_centre[centre_id]))] for centre_id in centres],
    )
    blocks = [
        _as_of(text, today) + " " + text.gettext("Assignments running today for a person still in detention."),
        summary,
    ]
    for centre_id in centres:
        rows = [
            [
                code(a.id),
                code(a.data["person"]),
                _volunteer(corpus, a.data["volunteer"]),
                text.date(a.data["start_date"]),
                text.number(a.data.get("visits_per_week", 1)),
                _last(text, latest.get(a.id)),
            ]
            for a in sorted(by_centre[centre_id], key=lambda a: a.id)
        ]
        blocks += [
            f"## {escape(text.centre(corpus, centre_id))}",
            table(
                [
                    text.gettext("Assignment"),
                    text.gettext("Person"),
                    text.gettext("Volunteer"),
                    text.gettext("Since"),
                    text.gettext("Visits a week"),
                    text.gettext("Last report"),
                ],
                rows,
                empty=text.gettext("No active assignment."),
            ),
        ]
    return page(text.gettext("Active assignments per centre"), *blocks)


def _overdue_page(corpus, overdue: list, text: Text, today: dt.date, days: int) -> str:
    rows = [
        [
            code(item.assignment.id),
            code(item.assignment.data["person"]),
            text.centre(corpus, item.assignment.data["centre"]),
            _volunteer(corpus, item.assignment.data["volunteer"]),
            _last(text, item.last_visit),
            text.number(item.days),
            text.number(item.assignment.data.get("visits_per_week", 1)),
        ]
        for item in overdue
    ]
    return page(
        text.gettext("Reports overdue"),
        _as_of(text, today)
        + " "
        + text.gettext(
            "An active assignment is overdue when its last visit report is older than its weekly "
            "rhythm allows ({days} days for one visit a week, a visit plus a day's grace). Longest wait first.",
            days=days,
        ),
        table(
            [
                text.gettext("Assignment"),
                text.gettext("Person"),
                text.gettext("Centre"),
                text.gettext("Volunteer"),
                text.gettext("Last report"),
                text.gettext("Days since"),
                text.gettext("Visits a week"),
            ],
            rows,
            empty=text.gettext("No report is overdue."),
        ),
    )


def _follow_up_page(corpus, actions: dict, text: Text, today: dt.date) -> str:
    blocks = [
        _as_of(text, today)
        + " "
        + text.gettext(
            "Open follow-up actions per accredited visitor, oldest due date first. What an action "
            "is about stays in the visit report; only its kind is shown."
        )
    ]
    owners = sorted(actions, key=lambda owner: str(_volunteer(corpus, owner)).casefold())
    for owner in owners:
        rows = []
        for action in actions[owner]:
            assignment = corpus.get("assignment", action.visit.data["assignment"])
            days = (action.due - today).days
            rows.append(
                [
                    text.date(action.due),
                    text.label("action", action.kind),
                    code(assignment.data["person"]) if assignment else "—",
                    code(action.visit.id),
                    Md("**" + text.gettext("{days} past due", days=_days(text, -days)) + "**")
                    if days < 0
                    else text.gettext("due in {days}", days=_days(text, days)),
                ]
            )
        blocks += [
            f"## {_volunteer(corpus, owner)}",
            table(
                [
                    text.gettext("Due"),
                    text.gettext("Kind"),
                    text.gettext("Person"),
                    text.gettext("Visit report"),
                    text.gettext("When"),
                ],
                rows,
            ),
        ]
    if not owners:
        blocks.append("*" + text.gettext("No open follow-up action.") + "*")
    return page(text.gettext("Open follow-up actions"), *blocks)


def _safeguarding_page(corpus, concerns: list, text: Text, today: dt.date) -> str:
    rows = [
        [
            text.date(concern.date),
            code(concern.person),
            text.centre(corpus, concern.centre),
            text.label("concern", concern.kind),
        ]
        for concern in concerns
    ]
    return page(
        text.gettext("Safeguarding concerns"),
        _as_of(text, today)
        + " "
        + text.gettext(
            "Concerns reported in the last {days} days, newest first. The visit report and the "
            "referent hold the details.",
            days=CONCERN_DAYS,
        ),
        table(
            [text.gettext("Date"), text.gettext("Person"), text.gettext("Centre"), text.gettext("Concern")],
            rows,
            empty=text.gettext("No concern reported in the last {days} days.", days=CONCERN_DAYS),
        ),
    )


def _evaluations_page(corpus, talks: list, text: Text, today: dt.date, days: int) -> str:
    rows = [
        [
            text.date(item.due),
            text.gettext(TALKS.get(item.kind, item.kind)),
            _volunteer(corpus, item.volunteer.id),
            text.label("role", item.volunteer.data["role"]),
            _last(text, item.last),
            Md("**" + text.gettext("{days} late", days=_days(text, (today - item.due).days)) + "**")
            if item.overdue(today)
            else text.gettext("in {days}", days=_days(text, (item.due - today).days)),
        ]
        for item in talks
    ]
    return page(
        text.gettext("Evaluations and supervision talks due"),
        _as_of(text, today)
        + " "
        + text.gettext(
            "Evaluations and supervision talks overdue or due within {days} days, soonest first. "
            "An evaluation is due at the end of the first year's commitment, then yearly; a friendly "
            "visitor has a supervision talk with their referent regularly. What was said stays in the records.",
            days=days,
        ),
        table(
            [
                text.gettext("Due"),
                text.gettext("Kind"),
                text.gettext("Volunteer"),
                text.gettext("Role"),
                text.gettext("Last one"),
                text.gettext("When"),
            ],
            rows,
            empty=text.gettext("Nothing is due in the next {days} days.", days=days),
        ),
    )


def _recent_meetings(corpus, today: dt.date) -> list:
    since = today - dt.timedelta(days=MEETING_DAYS)
    meetings = [m for m in corpus.of("meeting") if since < checked_date(m.data["date"]) <= today]
    return sorted(meetings, key=lambda m: (m.data["date"], m.id), reverse=True)


def _meetings_page(meetings: list, text: Text, today: dt.date) -> str:
    rows = [
        [
            text.date(m.data["date"]),
            text.label("meeting", m.data["kind"]),
            m.data["place"],
            text.number(len(m.data["attendees"])),
        ]
        for m in meetings
    ]
    return page(
        text.gettext("Meetings"),
        _as_of(text, today) + " " + text.gettext("Meetings of the last {days} days, newest first.", days=MEETING_DAYS),
        table(
            [text.gettext("Date"), text.gettext("Kind"), text.gettext("Place"), text.gettext("Attendees")],
            rows,
            empty=text.gettext("No meeting recorded."),
        ),
    )
