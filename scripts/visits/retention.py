"""Data past its retention period: which, since when, and redacting or removing it.

Only free text is redacted (visit notes, follow-up action texts): every other
field stays, so that figures computed from the records do not move. Whole
records are removed only where a rule says so and nothing refers to them
(people, old expenses, candidates who did not become volunteers).
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from visits.layout import RECORDS
from visits.recruitment import became_volunteer
from visits.rules import checked_date, parse_date
from visits.yamlwrite import dump, replace

if TYPE_CHECKING:
    from visits.records import Record

MARKER = re.compile(r"\[redacted \d{4}-\d{2}-\d{2} under retention rule [a-z-]+\]\Z")


@dataclass(frozen=True)
class Due:
    rule: str  # visit-notes, follow-up-actions, person-records, expenses or candidate-records
    record: Record
    field_path: tuple  # the text to redact; () when the whole record goes
    since: dt.date  # first day the rule allowed keeping it no longer

    @property
    def action(self) -> str:
        return "redact" if self.field_path else "remove"

    @property
    def field(self) -> str:
        return ".".join(str(part) for part in self.field_path)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def marker(rule: str, today: dt.date) -> str:
    return f"[redacted {today.isoformat()} under retention rule {rule}]"


def detention_end(person) -> dt.date | None:
    outcome = person.data.get("outcome", {}) if person else {}
    return None if outcome.get("kind") in (None, "still-detained") else parse_date(outcome.get("date"))


@lru_cache(maxsize=1 << 12)  # a repository's markers repeat the same few dates and rules
def _is_marker(text: str) -> bool:
    return MARKER.match(text) is not None


def _visit_texts(corpus, settings: dict, today: dt.date):
    rules = (
        ("visit-notes", settings["visit_notes_months"]),
        ("follow-up-actions", settings["follow_up_action_months"]),
    )
    due_since: dict[str, list] = {}  # per assignment: (rule, since) of the rules due today

    def due_for(assignment_id: str) -> list:
        assignment = corpus.get("assignment", assignment_id)
        ended = detention_end(corpus.get("person", assignment.data["person"])) if assignment else None
        due = due_since[assignment_id] = (
            []
            if ended is None
            else [(rule, since) for rule, months in rules if months and (since := add_months(ended, months)) <= today]
        )
        return due

    for visit in corpus.judged("visit"):
        data = visit.data
        due = due_since.get(data["assignment"])
        for rule, since in due if due is not None else due_for(data["assignment"]):
            texts: list[tuple[tuple, object]]  # (field path, the text there, if any)
            if rule == "visit-notes":
                texts = [(("notes",), data.get("notes"))]
            else:
                texts = [
                    (("follow_up", index, "action"), action.get("action"))
                    for index, action in enumerate(data.get("follow_up", []))
                ]
            for path, text in texts:
                if isinstance(text, str) and not _is_marker(text):
                    yield Due(rule, visit, path, since)


def _unreferenced_people(corpus, settings: dict, today: dt.date):
    months = settings["person_months"]
    # broken assignment files count too: their reference may be repaired tomorrow
    referenced = {
        result.data.get("person")
        for result in corpus.results
        if result.kind == "assignment" and isinstance(result.data, dict) and isinstance(result.data.get("person"), str)
    }  # a list there is a schema error, not a crash
    for person in corpus.judged("person"):
        ended = detention_end(person)
        since = add_months(ended, months) if ended else None
        if months and since and since <= today and person.id not in referenced:
            yield Due("person-records", person, (), since)


def _old_expenses(corpus, settings: dict, today: dt.date):
    years = settings["expense_years"]
    if not years:
        return
    kept_until: dict[str, dt.date] = {}  # per date: a few thousand dates for 70,000 expenses
    for expense in corpus.judged("expense"):
        day = expense.data["date"]
        since = kept_until.get(day)
        if since is None:
            since = kept_until[day] = dt.date(checked_date(day).year + years + 1, 1, 1)
        if since <= today:
            yield Due("expenses", expense, (), since)


def _old_candidates(corpus, settings: dict, today: dt.date):
    """Candidates decided `candidate_months` ago, unless a volunteer record names them: a CV and
    letter never enter the records, and what does is kept no longer than the decision needs."""
    months = settings["candidate_months"]
    if not months:
        return
    enrolled = became_volunteer(corpus)
    for candidate in corpus.judged("candidate"):
        decided = parse_date(candidate.data.get("decision", {}).get("date"))
        if decided is not None and candidate.id not in enrolled and (since := add_months(decided, months)) <= today:
            yield Due("candidate-records", candidate, (), since)


def due_items(corpus, config: dict, today: dt.date) -> list[Due]:
    """Everything past its retention period today, in file order."""
    settings = config["retention"]
    found = [
        *_visit_texts(corpus, settings, today),
        *_unreferenced_people(corpus, settings, today),
        *_old_expenses(corpus, settings, today),
        *_old_candidates(corpus, settings, today),
    ]
    return sorted(found, key=lambda due: (due.record.path, due.field))


def _header(path: Path) -> str:
    """The comment lines a record file starts with (the schema line), kept on rewrite."""
    lines = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)


def _set(data, field_path: tuple, value) -> None:
    for part in field_path[:-1]:
        data = data[part]
    data[field_path[-1]] = value


def _remove(root: Path, relpath: str) -> None:
    path = root / relpath
    path.unlink()
    # drop folders left empty (a volunteer's year of expenses), never records/<kind>/ itself
    folder, stop = path.parent, root / RECORDS
    while folder.parent != stop and folder != stop and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def apply(corpus, items: list[Due], today: dt.date) -> None:
    """Redact or remove what is due, with one atomic write per file."""
    by_file: dict[str, list[Due]] = {}
    for due in items:
        by_file.setdefault(due.record.path, []).append(due)
    for relpath, dues in sorted(by_file.items()):
        if any(due.action == "remove" for due in dues):
            _remove(corpus.root, relpath)
            continue
        data = copy.deepcopy(dues[0].record.data)
        assert isinstance(data, dict)  # a record's data is its fields (records.Record)
        for due in dues:
            _set(data, due.field_path, marker(due.rule, today))
        path = corpus.root / relpath
        replace(path, dump(data, _header(path)))
