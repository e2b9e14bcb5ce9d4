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
from visits.i18n import N_, Translator
from visits.i18n.vocabulary import label
from visits.operations import Overdue, expiring_accreditations, open_actions, overdue_reports, recent_concerns
from visits.recruitment import NEXT_STEP, STAGE_WORDS, waiting

CONCERN_DAYS = 7  # a week: the digest is weekly; urgent cases are flagged on the pull request


@dataclass(frozen=True)
class Section:
    title: str
    items: list[str]
    empty: str


class Style:
    """How ids and people are written (Markdown mentions people so GitHub notifies them), in a language."""

    def __init__(self, markdown: bool, t: Translator):
        self.markdown = markdown
        self.t = t

    def days(self, count: int) -> str:
        return self.t.ngettext("{count} day", "{count} days", count).format(count=count)

    def code(self, text: str) -> str:
        return f"`{text}`" if self.markdown else text

    def who(self, volunteer, fallback_id: str = "") -> str:
        if volunteer is None:
            return self.code(fallback_id) + " " + self.t.gettext("(no volunteer record)")
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
                style.t.gettext("last report {date}, {days} ago").format(
                    date=late.last_visit, days=style.days(late.days)
                )
                if late.last_visit
                else style.t.gettext("no report in {days} since the start").format(days=style.days(late.days))
            )
            for late, person in lates
        )
        items.append(f"{style.who(corpus.get('volunteer', volunteer_id), volunteer_id)}: {details}")
    return items


def _past_due(corpus, today, style) -> list[str]:
    return [
        style.t.gettext("{who}: {kind}, due {date} ({days} ago), from visit {visit}").format(
            who=style.who(corpus.get("volunteer", action.owner), action.owner),
            kind=label(style.t, "action", action.kind),
            date=action.due,
            days=style.days((today - action.due).days),
            visit=style.code(action.visit.id),
        )
        for action in open_actions(corpus)
        if action.due < today
    ]


def _expiring(corpus, today, style, days: int) -> list[str]:
    t = style.t
    return [
        t.gettext("{who}: valid until {date}").format(who=style.who(volunteer), date=until)
        + " "
        + (
            t.gettext("(expired)")
            if until < today
            else t.gettext("({days} left)").format(days=style.days((until - today).days))
        )
        for volunteer, until in expiring_accreditations(corpus, today, days)
    ]


def _concerns(corpus, today, style) -> list[str]:
    seen = sorted(
        {(concern.date, concern.person) for concern in recent_concerns(corpus, today, CONCERN_DAYS)}, reverse=True
    )
    return [style.t.gettext("{person} on {date}").format(person=style.code(person), date=day) for day, person in seen]


def _without_referent(corpus, today, style) -> list[str]:
    items = []
    for volunteer in sorted(corpus.of("volunteer"), key=lambda record: record.id):
        if volunteer.data["role"] != "friendly" or volunteer.data["status"] != "active":
            continue
        referent_id = volunteer.data.get("referent")
        referent = corpus.get("volunteer", referent_id)
        t = style.t
        if referent is None:
            text = t.gettext("{who}: referent {referent} is unknown")
            items.append(text.format(who=style.who(volunteer), referent=style.code(str(referent_id))))
        elif referent.data["status"] != "active":
            text = t.gettext(REFERENT_STATES.get(referent.data["status"], REFERENT_STATES["paused"]))
            items.append(text.format(who=style.who(volunteer), referent=style.code(referent.id)))
    return items


def _talks_due(corpus, today, style, config: dict) -> list[str]:
    t = style.t
    items = []
    for item in coming_up(corpus, config, today):
        # whole phrases per kind: French and Dutch words agree with the talk (une évaluation prévue)
        late, due, last, none = TALKS.get(item.kind, TALKS["evaluation"])
        when = (
            t.gettext(late).format(date=item.due, days=style.days((today - item.due).days))
            if item.overdue(today)
            else t.gettext(due).format(date=item.due)
        )
        before = t.gettext(last).format(date=item.last) if item.last else t.gettext(none)
        items.append(f"{style.who(item.volunteer)}: {when}{before}")
    return items


def _candidates(corpus, today, style, days: int) -> list[str]:
    # the stage words come from visits.recruitment, marked for the catalogue
    return [
        style.t.gettext("{candidate}: {stage} on {date}, waiting {days} for {next} (coordinator {coordinator})").format(
            candidate=style.code(item.candidate.id),
            stage=style.t.gettext(STAGE_WORDS[item.stage]),
            date=item.since,
            days=style.days(item.waited(today)),
            next=style.t.gettext(NEXT_STEP[item.stage]),
            coordinator=f"@{item.coordinator}",
        )
        for item in waiting(corpus, today, days)
    ]


def build(corpus, today: dt.date, style: Style, config: dict) -> list[Section]:
    """The sections, with the thresholds the programme rules use (visits.yml `programme`)."""
    settings = config["programme"]
    expiry = settings["accreditation_warning_days"]
    none = style.t.gettext("None.")
    return [
        Section(
            style.t.gettext("Overdue visit reports"),
            _overdue(corpus, today, style, settings["report_overdue_days"]),
            style.t.gettext("Every report is in."),
        ),
        Section(style.t.gettext("Follow-up actions past due"), _past_due(corpus, today, style), none),
        Section(
            style.t.gettext("Accreditations ending within {days} days").format(days=expiry),
            _expiring(corpus, today, style, expiry),
            none,
        ),
        Section(
            style.t.gettext("Safeguarding concerns of the last {days} days").format(days=CONCERN_DAYS),
            _concerns(corpus, today, style),
            style.t.gettext("None reported."),
        ),
        Section(
            style.t.gettext("Friendly visitors without an active referent"),
            _without_referent(corpus, today, style),
            none,
        ),
        Section(
            style.t.gettext("Evaluations and supervision talks due within {days} days").format(
                days=settings["evaluation_notice_days"]
            ),
            _talks_due(corpus, today, style, config),
            none,
        ),
        Section(
            style.t.gettext("Candidates waiting more than {days} days").format(days=settings["candidate_wait_days"]),
            _candidates(corpus, today, style, settings["candidate_wait_days"]),
            none,
        ),
    ]


def render(sections: list[Section], today: dt.date, markdown: bool, t: Translator) -> str:
    title = t.gettext("Weekly digest, {date}").format(date=today)
    if markdown:
        lines = [f"## {title}", ""]
        for section in sections:
            lines += [f"### {section.title} ({len(section.items)})", ""]
            lines += [f"- {item}" for item in section.items] or [section.empty]
            lines.append("")
        lines.append(t.gettext("_Generated by `visits digest`; updated every week._"))
    else:
        lines = [title, ""]
        for section in sections:
            lines += [f"{section.title} ({len(section.items)})"]
            lines += [f"  - {item}" for item in section.items] or [f"  {section.empty}"]
            lines.append("")
    return t.typography("\n".join(lines).rstrip("\n")) + "\n"


REFERENT_STATES = {
    "left": N_("{who}: referent {referent} has left"),
    "paused": N_("{who}: referent {referent} is paused"),
}
TALKS = {  # overdue, due, the last one held, none held yet
    "evaluation": (
        N_("evaluation due since {date} ({days} late)"),
        N_("evaluation due on {date}"),
        N_(", last evaluation on {date}"),
        N_(", no evaluation yet"),
    ),
    "supervision": (
        N_("supervision talk due since {date} ({days} late)"),
        N_("supervision talk due on {date}"),
        N_(", last talk on {date}"),
        N_(", no talk yet"),
    ),
}
