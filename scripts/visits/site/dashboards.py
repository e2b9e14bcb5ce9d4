"""Operational dashboards of the internal site, answered by visits.operations.

Only codes, dates, kinds and display names are shown: never a visit's notes,
never the text of a follow-up action, nothing said in an evaluation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from visits import operations
from visits.evaluations import coming_up
from visits.recruitment import standings
from visits.rules import checked_date
from visits.site.markdown import Md, code, escape, link, page, table
from visits.site.recruitment import recruitment_page, waiting_grid
from visits.stats.grids import TOTAL

CONCERN_DAYS = 30
MEETING_DAYS = 365


def dashboard_pages(corpus, today: dt.date, config: dict) -> dict[str, str]:
    """Pages relative to the dashboards folder, index.md first. Thresholds are the programme
    settings the rules and the digest use, so every place lists the same things."""
    settings = config["programme"]
    accreditation_days = settings["accreditation_warning_days"]
    active = list(operations.active_assignments(corpus, today))
    overdue = operations.overdue_reports(corpus, today, settings["report_overdue_days"])
    actions = operations.actions_by_owner(corpus)
    concerns = operations.recent_concerns(corpus, today, CONCERN_DAYS)
    meetings = _recent_meetings(corpus, today)
    expiring = operations.expiring_accreditations(corpus, today, accreditation_days)
    talks = coming_up(corpus, config, today)
    recruitment = recruitment_page(corpus, config, today)
    open_count = sum(len(items) for items in actions.values())
    late_count = sum(action.due < today for items in actions.values() for action in items)
    summary = table(
        ["Question", "Answer", "Details"],
        [
            ["Active assignments", len(active), link("per centre", "assignments.md")],
            ["Assignments with a report overdue", len(overdue), link("overdue reports", "overdue.md")],
            [
                "Open follow-up actions (past their due date)",
                f"{open_count} ({late_count})",
                link("per accredited visitor", "follow-up.md"),
            ],
            [
                f"Safeguarding concerns in the last {CONCERN_DAYS} days",
                len(concerns),
                link("safeguarding", "safeguarding.md"),
            ],
            [f"Meetings in the last {MEETING_DAYS} days", len(meetings), link("meetings", "meetings.md")],
            [
                f"Evaluations and supervision talks due within {settings['evaluation_notice_days']} days (overdue)",
                f"{len(talks)} ({sum(item.overdue(today) for item in talks)})",
                link("evaluations", "evaluations.md"),
            ],
            [
                "Open applications",
                str(waiting_grid(standings(corpus, today), today, config["privacy"]["min_count"])[TOTAL, TOTAL]),
                link("recruitment", "recruitment.md"),
            ],
        ],
    )
    accreditations = table(
        ["Accredited visitor", "Accreditation valid until"],
        [[_volunteer(corpus, volunteer.id), until.isoformat()] for volunteer, until in expiring],
        empty=f"No accreditation ends in the next {accreditation_days} days.",
    )
    return {
        "index.md": page(
            "Dashboards",
            _as_of(today),
            summary,
            f"## Accreditations ending within {accreditation_days} days",
            accreditations,
        ),
        "assignments.md": _assignments_page(corpus, active, today),
        "overdue.md": _overdue_page(corpus, overdue, today, settings["report_overdue_days"]),
        "follow-up.md": _follow_up_page(corpus, actions, today),
        "safeguarding.md": _safeguarding_page(corpus, concerns, today),
        "meetings.md": _meetings_page(meetings, today),
        "evaluations.md": _evaluations_page(corpus, talks, today, settings["evaluation_notice_days"]),
        **recruitment,
    }


def _as_of(today: dt.date) -> str:
    return f"*As of {today.isoformat()}, from the records merged so far.*"


def _volunteer(corpus, volunteer_id: str) -> Md:
    volunteer = corpus.get("volunteer", volunteer_id)
    return escape(volunteer.data["display_name"] if volunteer else volunteer_id)


def _centre(corpus, centre_id: str) -> Md:
    centre = corpus.get("centre", centre_id)
    return escape(centre.data["name"]["en"] if centre else centre_id)


def _assignments_page(corpus, active: list, today: dt.date) -> str:
    latest = operations.last_visits(corpus)
    by_centre: dict[str, list] = defaultdict(list)
    for assignment in active:
        by_centre[assignment.data["centre"]].append(assignment)
    centres = sorted(
        {c.id for c in corpus.of("centre") if c.data["active"]} | set(by_centre),
        key=lambda centre_id: str(_centre(corpus, centre_id)).casefold(),
    )
    summary = table(
        ["Centre", "Active assignments"],
        [[_centre(corpus, centre_id), len(by_centre[centre_id])] for centre_id in centres],
    )
    blocks = [_as_of(today) + " Assignments running today for a person still in detention.", summary]
    for centre_id in centres:
        rows = [
            [
                code(a.id),
                code(a.data["person"]),
                _volunteer(corpus, a.data["volunteer"]),
                a.data["start_date"],
                a.data.get("visits_per_week", 1),
                latest[a.id].isoformat() if a.id in latest else "none yet",
            ]
            for a in sorted(by_centre[centre_id], key=lambda a: a.id)
        ]
        blocks += [
            f"## {_centre(corpus, centre_id)}",
            table(
                ["Assignment", "Person", "Volunteer", "Since", "Visits a week", "Last report"],
                rows,
                empty="No active assignment.",
            ),
        ]
    return page("Active assignments per centre", *blocks)


def _overdue_page(corpus, overdue: list, today: dt.date, days: int) -> str:
    rows = [
        [
            code(item.assignment.id),
            code(item.assignment.data["person"]),
            _centre(corpus, item.assignment.data["centre"]),
            _volunteer(corpus, item.assignment.data["volunteer"]),
            item.last_visit.isoformat() if item.last_visit else "none yet",
            item.days,
            item.assignment.data.get("visits_per_week", 1),
        ]
        for item in overdue
    ]
    return page(
        "Reports overdue",
        _as_of(today) + " An active assignment is overdue when its last visit report is "
        f"older than its weekly rhythm allows ({days} days for one visit "
        "a week, a visit plus a day's grace). Longest wait first.",
        table(
            ["Assignment", "Person", "Centre", "Volunteer", "Last report", "Days since", "Visits a week"],
            rows,
            empty="No report is overdue.",
        ),
    )


def _follow_up_page(corpus, actions: dict, today: dt.date) -> str:
    blocks = [
        _as_of(today) + " Open follow-up actions per accredited visitor, oldest due date "
        "first. What an action is about stays in the visit report; only its kind is shown."
    ]
    owners = sorted(actions, key=lambda owner: str(_volunteer(corpus, owner)).casefold())
    for owner in owners:
        rows = []
        for action in actions[owner]:
            assignment = corpus.get("assignment", action.visit.data["assignment"])
            days = (action.due - today).days
            rows.append(
                [
                    action.due.isoformat(),
                    action.kind,
                    code(assignment.data["person"]) if assignment else "—",
                    code(action.visit.id),
                    Md(f"**{_days(-days)} past due**") if days < 0 else f"due in {_days(days)}",
                ]
            )
        blocks += [f"## {_volunteer(corpus, owner)}", table(["Due", "Kind", "Person", "Visit report", "When"], rows)]
    if not owners:
        blocks.append("*No open follow-up action.*")
    return page("Open follow-up actions", *blocks)


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _safeguarding_page(corpus, concerns: list, today: dt.date) -> str:
    rows = [
        [concern.date.isoformat(), code(concern.person), _centre(corpus, concern.centre), concern.kind]
        for concern in concerns
    ]
    return page(
        "Safeguarding concerns",
        _as_of(today) + f" Concerns reported in the last {CONCERN_DAYS} days, newest first. "
        "The visit report and the referent hold the details.",
        table(
            ["Date", "Person", "Centre", "Concern"], rows, empty=f"No concern reported in the last {CONCERN_DAYS} days."
        ),
    )


def _evaluations_page(corpus, talks: list, today: dt.date, days: int) -> str:
    rows = [
        [
            item.due.isoformat(),
            item.kind,
            _volunteer(corpus, item.volunteer.id),
            item.volunteer.data["role"],
            item.last.isoformat() if item.last else "none yet",
            Md(f"**{_days((today - item.due).days)} late**")
            if item.overdue(today)
            else f"in {_days((item.due - today).days)}",
        ]
        for item in talks
    ]
    return page(
        "Evaluations and supervision talks due",
        _as_of(today) + f" Evaluations and supervision talks overdue or due within {days} days, "
        "soonest first. An evaluation is due at the end of the first year's commitment, then "
        "yearly; a friendly visitor has a supervision talk with their referent regularly. What "
        "was said stays in the records.",
        table(
            ["Due", "Kind", "Volunteer", "Role", "Last one", "When"],
            rows,
            empty=f"Nothing is due in the next {days} days.",
        ),
    )


def _recent_meetings(corpus, today: dt.date) -> list:
    since = today - dt.timedelta(days=MEETING_DAYS)
    meetings = [m for m in corpus.of("meeting") if since < checked_date(m.data["date"]) <= today]
    return sorted(meetings, key=lambda m: (m.data["date"], m.id), reverse=True)


def _meetings_page(meetings: list, today: dt.date) -> str:
    rows = [[m.data["date"], m.data["kind"], m.data["place"], len(m.data["attendees"])] for m in meetings]
    return page(
        "Meetings",
        _as_of(today) + f" Meetings of the last {MEETING_DAYS} days, newest first.",
        table(["Date", "Kind", "Place", "Attendees"], rows, empty="No meeting recorded."),
    )
