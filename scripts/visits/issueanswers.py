"""A visit report form's answers converted to record values, field by field, with what to fix.

Nothing here touches the disk. Each answer is checked against the schema's own
patterns and limits (JSON Schema's ASCII `\\d`), an option is read back to its code
in the form's language (or as the code itself, as older forms showed them), and
every problem is a `FormProblem` worded in the form's language.
"""

from __future__ import annotations

import re

from visits.github import inline
from visits.i18n import Translator
from visits.i18n.vocabulary import label
from visits.issueevent import SURROGATE
from visits.issueform import Field, FormProblem
from visits.layout import KINDS
from visits.rules import parse_date
from visits.yamlstrict import YamlRejected, decode

MAX_DIGITS = 6  # of a number of minutes: int() of thousands of digits is refused, or slow
_TIME = re.compile(r"([0-9]{1,2})\s*[:.hH]\s*([0-9]{2})", re.ASCII)
_MINUTES = re.compile(r"([0-9]+)\s*(?:min|mins|minutes)?\.?", re.IGNORECASE | re.ASCII)


class Answers:
    """The visitor's answers with the problems found while converting them."""

    def __init__(self, answers: dict, fields: list[Field], t: Translator):
        self.answers = answers
        self.fields = {f.id: f for f in fields}
        self.problems: list[FormProblem] = []
        self.t = t

    def problem(self, field_id: str, code: str, message: str, hint: str = "") -> None:
        self.problems.append(FormProblem(self.fields[field_id].label, code, message, hint))

    def text(self, field_id: str) -> str | None:
        value = self.answers.get(field_id, "")
        if not value:
            self.problem(
                field_id, "missing-field", self.t.gettext("this answer is empty"), self.t.gettext("fill it in")
            )
            return None
        return value

    def matching(self, field_id: str, pattern: str, example: str, clean=str) -> str | None:
        """The answer, tidied by `clean`, if it then has the schema's form."""
        value = self.text(field_id)
        value = clean(value) if value is not None else None
        if value is not None and not re.fullmatch(pattern, value, re.ASCII):
            self.problem(
                field_id,
                "invalid-format",
                self.t.gettext("{value} is not in the expected form").format(value=inline(value)),
                self.t.gettext("write it like {example}").format(example=example),
            )
            return None
        return value

    def choice(self, field_id: str):
        """The value of the option chosen in a dropdown (its code, number or true/false)."""
        value = self.text(field_id)
        found = self.fields[field_id].value_of(value) if value is not None else None
        if value is not None and found is None:
            self.problem(
                field_id,
                "invalid-value",
                self.t.gettext("{value} is not one of the choices").format(value=inline(value)),
                self.t.gettext("pick a choice from the list"),
            )
        return found

    def ticked(self, field_id: str) -> list[str]:
        """The codes of the boxes ticked, in the form's order."""
        spec = self.fields[field_id]
        chosen = set()
        for value in self.answers.get(field_id, []):
            found = spec.value_of(value)
            if found is None:
                self.problem(
                    field_id,
                    "invalid-value",
                    self.t.gettext("{value} is not one of the options").format(value=inline(value)),
                    self.t.gettext("tick boxes only; do not type new lines under this heading"),
                )
            chosen.add(found)
        return [value for value in spec.values or spec.options if value in chosen]

    def promises(self) -> None:
        """Every box of a required checkboxes field (the privacy promise) must be ticked."""
        for spec in self.fields.values():
            if spec.type == "checkboxes" and spec.required:
                ticked = self.ticked(spec.id)
                for option in spec.options:
                    if spec.value_of(option) not in ticked:
                        self.problem(
                            spec.id,
                            "not-ticked",
                            self.t.gettext("the box {box} is not ticked").format(box=inline(option, 120)),
                            self.t.gettext("read it again, make sure it holds for every answer, then tick it"),
                        )


def _pattern(schema: dict, name: str) -> str:
    return schema["properties"][name]["pattern"]


def _clock(text: str) -> str:
    """'9:30', '9.30' or '9h30' as the schema's HH:MM."""
    found = _TIME.fullmatch(text)
    return f"{int(found.group(1)):02d}:{found.group(2)}" if found else text


def _minutes(form: Answers, schema: dict) -> int | None:
    text = form.text("duration_minutes")
    found = _MINUTES.fullmatch(text) if text is not None else None
    if text is not None and found is None:
        form.problem(
            "duration_minutes",
            "invalid-format",
            form.t.gettext("{value} is not a number of minutes").format(value=inline(text)),
            form.t.gettext("write only the number, for example 50 (not 1h or 0:50)"),
        )
    elif found:
        digits = found.group(1).lstrip("0") or "0"
        if len(digits) <= MAX_DIGITS:
            return int(digits)
        longest = schema["properties"]["duration_minutes"]["maximum"]
        form.problem(
            "duration_minutes",
            "out-of-range",
            form.t.gettext("a number of {digits} digits is not a duration").format(digits=len(digits)),
            form.t.gettext("write the minutes spent with the person, at most {maximum}").format(maximum=longest),
        )
    return None


def _follow_up(form: Answers, schema: dict, owner: str) -> list[dict]:
    kinds = schema["properties"]["follow_up"]["items"]["properties"]["kind"]["enum"]
    # a kind as the record's code or by its name in the form's language ("advocaat", "avocat")
    named = {label(form.t, "action", kind).casefold(): kind for kind in kinds} | {kind: kind for kind in kinds}
    actions = []
    for number, line in enumerate(form.answers.get("follow_up", "").splitlines(), 1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(",", 2)]
        kind, due, what = (parts + ["", ""])[:3]
        if kind.casefold() not in named or parse_date(due) is None or not what:
            form.problem(
                "follow_up",
                "invalid-format",
                form.t.gettext("line {number} is not 'kind, due date, what to do'").format(number=number),
                form.t.gettext("for example: lawyer, 2026-03-19, ask about the appeal date; kinds: {kinds}").format(
                    kinds=", ".join(kinds)
                ),
            )
            continue
        code = named[kind.casefold()]
        actions.append({"kind": code, "owner": owner, "due": due, "status": "open", "action": what})
    return actions


def _broken_characters(form: Answers) -> None:
    """Refuse lone surrogates, and replace them so that later messages can quote the answer."""
    for field_id, value in form.answers.items():
        texts = value if isinstance(value, list) else [value]
        if any(SURROGATE.search(text) for text in texts):
            form.problem(
                field_id,
                "invalid-utf8",
                form.t.gettext("the answer holds a broken character (half of an emoji or of a symbol)"),
                form.t.gettext("delete the text around it and type it again"),
            )
            mended = [SURROGATE.sub("\ufffd", text) for text in texts]
            form.answers[field_id] = mended if isinstance(value, list) else mended[0]


def _invisible_characters(form: Answers) -> None:
    """Refuse control and text-direction characters, which records refuse too, field by field."""
    for field_id, value in form.answers.items():
        for text in value if isinstance(value, list) else [value]:
            try:
                decode(text.encode("utf-8"), field_id)
            except YamlRejected as exc:
                form.problem(
                    field_id,
                    exc.finding.code,
                    form.t.gettext("the answer holds an invisible character"),
                    form.t.gettext("delete the text around it and type it again"),
                )
                break


def build_record(form: Answers, schema: dict, corpus) -> tuple[dict | None, str | None]:
    """The record and its path, or (None, None) with form.problems saying why."""
    _broken_characters(form)
    _invisible_characters(form)
    t = form.t
    assignment_id = form.matching("assignment", _pattern(schema, "assignment"), "A-2026-0042")
    assignment = corpus.get("assignment", assignment_id)
    if assignment_id and assignment is None:
        form.problem(
            "assignment",
            "unknown-assignment",
            t.gettext("there is no assignment {assignment}").format(assignment=inline(assignment_id)),
            t.gettext("check the id the coordinator gave you, character by character"),
        )
    centre = form.choice("centre")
    if assignment and centre and centre != assignment.data["centre"]:
        form.problem(
            "centre",
            "centre-mismatch",
            t.gettext("assignment {assignment} is at {expected}, not {given}").format(
                assignment=inline(assignment.id), expected=inline(assignment.data["centre"]), given=inline(centre)
            ),
            t.gettext("check the assignment id and the centre"),
        )
    day = form.matching("date", _pattern(schema, "date"), "2026-03-12")
    if day and parse_date(day) is None:
        form.problem(
            "date",
            "invalid-format",
            t.gettext("{value} is not a day of the calendar").format(value=inline(day)),
            t.gettext("write it as YYYY-MM-DD, for example 2026-03-12"),
        )
    start = form.matching("start_time", _pattern(schema, "start_time"), t.gettext("14:30 (24-hour clock)"), _clock)
    duration = _minutes(form, schema)
    language = form.matching("language", _pattern(schema, "language"), t.gettext("fr, nl or en"), str.lower)
    interpreter = form.choice("interpreter")
    wellbeing = form.choice("wellbeing")
    topics, concerns = form.ticked("topics"), form.ticked("concerns")
    observations = form.ticked("observations") if "observations" in form.fields else []
    if not topics:
        form.problem("topics", "missing-field", t.gettext("no topic is ticked"), t.gettext("tick at least one topic"))
    form.promises()
    volunteer = corpus.get("volunteer", assignment.data["volunteer"]) if assignment else None
    owner = (volunteer.data.get("referent") or volunteer.id) if volunteer else ""
    follow_up = _follow_up(form, schema, owner)
    longest = schema["properties"]["notes"]["maxLength"]
    if len(form.answers.get("notes", "")) > longest:
        form.problem(
            "notes",
            "out-of-range",
            t.gettext("the notes are {length} characters long; at most {maximum} fit").format(
                length=len(form.answers["notes"]), maximum=longest
            ),
            t.gettext("keep to the facts the team needs; shorten them"),
        )
    if form.problems or volunteer is None:
        return None, None
    data = {
        "schema_version": schema["properties"]["schema_version"]["const"],
        "id": f"{day}-{assignment.id}",
        "assignment": assignment.id,
        "date": day,
        "start_time": start,
        "duration_minutes": duration,
        "language": language,
        "interpreter": interpreter,
        "topics": topics,
        "wellbeing": wellbeing,
    }
    optional = {
        "concerns": concerns,
        "observations": observations,
        "follow_up": follow_up,
        "notes": form.answers.get("notes", ""),
    }
    data.update({name: value for name, value in optional.items() if value})
    return data, KINDS["visit"].expected_path(data, volunteer.id)
