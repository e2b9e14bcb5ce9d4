"""The quarterly visitors' meeting pack: figures, open follow-ups, training gaps, evaluations due.

A pure function of the records, so the same text goes to a file and to the
internal site. It shows counts only: never notes, action texts or person codes;
counts of people are the statistics' protected cells ("<min_count" for small ones).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from visits import operations
from visits.evaluations import coming_up
from visits.i18n import N_, Translator, translator
from visits.i18n.vocabulary import label
from visits.retention import add_months
from visits.rules import checked_date
from visits.rules.programme import training_gaps
from visits.site.markdown import escape
from visits.stats.grids import TOTAL
from visits.stats.measures import collect
from visits.stats.publication import Publication, publish
from visits.stats.suppress import MARK
from visits.stats.tables import hours


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        found = re.fullmatch(r"(\d{4})-Q([1-4])", text)
        if not found:
            raise ValueError(f"'{text}' is not a quarter (YYYY-Qn, e.g. 2026-Q3)")
        return cls(int(found.group(1)), int(found.group(2)))

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        return add_months(self.start, 3) - dt.timedelta(days=1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)


def _figures(corpus, first: dt.date, last: dt.date) -> dict:
    """Activity of the period: published exactly, like on the statistics pages."""
    minutes, volunteers, visits = 0, set(), 0
    for visit in corpus.of("visit"):
        assignment = corpus.get("assignment", visit.data["assignment"])
        if assignment is None or not first <= checked_date(visit.data["date"]) <= last:
            continue
        visits += 1
        minutes += visit.data["duration_minutes"]
        volunteers.add(assignment.data["volunteer"])
    return {"visits": visits, "minutes": minutes, "volunteers": len(volunteers)}


def _protected_people(facts, config: dict, quarters: tuple[Quarter, Quarter]) -> dict:
    """People visited and new people per quarter, exactly as the statistics pages publish them.

    Taking the statistics' own protected cells keeps the pack from giving away a count
    they hide to protect another (secondary suppression): published side by side, the
    two must agree.
    """
    # one settled publication for every output (stats/publication.py); `facts` may already be it
    publication = facts if isinstance(facts, Publication) else publish(facts, config)
    shown = {}
    for quarter in quarters:
        figures = publication.year(quarter.start.year)
        for name, grid in (("people", figures.people), ("new", figures.new_people)):
            cell = grid.cells.get((quarter.label, TOTAL), 0)
            shown[quarter.label, name] = str(cell)
    return shown


def _figures_table(
    now: dict, before: dict, labels: tuple[str, str], people: dict, quarters: tuple[Quarter, Quarter], t: Translator
) -> list[str]:
    rows = [
        (t.gettext("Visits"), str(before["visits"]), str(now["visits"])),
        (t.gettext("Hours of visits"), hours(before["minutes"]), hours(now["minutes"])),
        (t.gettext("Volunteers who visited"), str(before["volunteers"]), str(now["volunteers"])),
        (t.gettext("People visited"), *(people[q.label, "people"] for q in quarters)),
        (t.gettext("People visited for the first time"), *(people[q.label, "new"] for q in quarters)),
    ]
    return _table((t.gettext("Figure"), *labels), rows)


def _table(header: tuple, rows: list[tuple]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _name(corpus, volunteer_id: str) -> str:
    volunteer = corpus.get("volunteer", volunteer_id)
    # the pack is published on the internal site: record text goes through the site's escaping
    return escape(f"{volunteer.data['display_name']} ({volunteer_id})" if volunteer else volunteer_id)


def _follow_ups(corpus, today: dt.date, t: Translator) -> list[str]:
    actions = operations.open_actions(corpus)
    if not actions:
        return [t.gettext("No follow-up action is open.")]
    late_count = sum(a.due < today for a in actions)
    lines = [
        t.ngettext(
            "{count} open, of which {late} past their due date.",
            "{count} open, of which {late} past their due date.",
            len(actions),
        ).format(count=len(actions), late=late_count),
        "",
    ]
    by = (
        (t.gettext("Kind"), t.gettext("By kind"), lambda a: label(t, "action", a.kind)),
        (t.gettext("Owner"), t.gettext("By owner"), lambda a: _name(corpus, a.owner)),
    )
    for title, heading, key in by:
        open_count = Counter(key(a) for a in actions)
        late = Counter(key(a) for a in actions if a.due < today)
        lines += [f"### {heading}", ""]
        lines += _table(
            (title, t.gettext("Open"), t.gettext("Past due")),
            [(name, str(open_count[name]), str(late[name])) for name in sorted(open_count)],
        ) + [""]
    return lines[:-1]


def _training(corpus, config: dict, today: dt.date, t: Translator) -> list[str]:
    gaps = training_gaps(corpus, config, today)
    if not gaps:
        return [t.gettext("Every active volunteer has attended the modules their role requires.")]
    months = config["programme"]["training_grace_months"]
    rows = []
    for gap in gaps:
        assert isinstance(gap.volunteer.data, dict)  # a record's data is its fields (records.Record)
        rows.append(
            (
                _name(corpus, gap.volunteer.id),
                label(t, "role", gap.volunteer.data["role"]),
                ", ".join(label(t, "module", module) for module in gap.missing),
                t.gettext("in their first {months} months").format(months=months)
                if gap.within_grace
                else t.gettext("overdue"),
            )
        )
    header = (t.gettext("Volunteer"), t.gettext("Role"), t.gettext("Missing modules"), t.gettext("Status"))
    return _table(header, rows)


def _talks(corpus, config: dict, today: dt.date, t: Translator) -> list[str]:
    days = config["programme"]["evaluation_notice_days"]
    talks = coming_up(corpus, config, today)
    if not talks:
        return [t.gettext("No evaluation or supervision talk is overdue or due within {days} days.").format(days=days)]
    rows = [
        (
            _name(corpus, item.volunteer.id),
            t.gettext(KINDS.get(item.kind, item.kind)),
            item.due.isoformat(),
            t.gettext("overdue") if item.overdue(today) else t.gettext("coming up"),
        )
        for item in talks
    ]
    header = (t.gettext("Volunteer"), t.gettext("Kind"), t.gettext("Due"), t.gettext("Status"))
    intro = t.gettext("Overdue or due within {days} days, as of {today}.").format(days=days, today=today)
    return [intro, ""] + _table(header, rows)


KINDS = {"evaluation": N_("evaluation"), "supervision": N_("supervision talk")}


def render_pack(corpus, config: dict, quarter: str, today: dt.date, facts=None, language: str = "en") -> str:
    """The meeting pack for `quarter` ("YYYY-Qn") as Markdown in `language`; ValueError for a bad
    quarter. `facts` are the statistics' gathered figures, when the caller has them already."""
    t = translator(language)
    this = Quarter.parse(quarter)
    if this.start > today:
        raise ValueError(f"{this.label} has not started yet (today is {today})")
    before = this.previous()
    k = config["privacy"]["min_count"]
    last = min(this.end, today)
    to_date = " " + t.gettext("(to {today})").format(today=today) if last < this.end else ""
    running = " " + t.gettext("(the quarter runs until {end})").format(end=this.end) if to_date else ""
    lines = [
        "# " + t.gettext("Quarterly visitors' meeting: {quarter}").format(quarter=this.label),
        "",
        t.gettext(
            "Figures from {start} to {last}{running}, compared with {before}. "
            "Counts of people from 1 to {largest}, and those from which one could be worked out, "
            'are shown as "{mark}". '
            "Follow-ups and trainings are as of {today}."
        ).format(
            start=this.start, last=last, running=running, before=before.label, largest=k - 1, mark=MARK, today=today
        ),
        "",
        "## " + t.gettext("Figures of the quarter"),
        "",
    ]
    lines += _figures_table(
        _figures(corpus, this.start, last),
        _figures(corpus, before.start, before.end),
        (before.label, this.label + to_date),
        _protected_people(facts or collect(corpus, config, today), config, (before, this)),
        (before, this),
        t,
    )
    lines += [
        "",
        t.gettext(
            "Outcomes of detention are counted per year, on the statistics pages, where they are "
            "protected together with their totals."
        ),
    ]
    lines += ["", "## " + t.gettext("Open follow-up actions"), ""] + _follow_ups(corpus, today, t)
    lines += ["", "## " + t.gettext("Training gaps"), ""] + _training(corpus, config, today, t)
    lines += ["", "## " + t.gettext("Evaluations and supervision talks due"), ""] + _talks(corpus, config, today, t)
    return t.typography("\n".join(lines)) + "\n"
