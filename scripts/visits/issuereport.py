"""From a submitted "Visit report" form to a record that validates, or to a list of what to fix.

Answers are converted field by field first, without touching the disk (`prepare`);
a file is written only when every answer makes sense, and it is removed again if
the full validation (schema and cross-record rules, against all records) finds an
error, or if anything fails before the command is done (`place`, `withdraw`).
Ids and paths are built only from values that matched the schema's patterns
(with JSON Schema's ASCII `\\d`), never from raw text. The event itself is checked
by `issueevent` first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from visits.config import ConfigError
from visits.corpusload import load_corpus
from visits.findings import Severity
from visits.github import inline, mention, plain
from visits.issueevent import SURROGATE, Issue
from visits.issueform import (
    INTERPRETER_CHOICES,
    Field,
    FormProblem,
    centre_options,
    parse_body,
    visit_form,
)
from visits.layout import KINDS, RECORDS
from visits.rules import parse_date
from visits.schemas import SchemaSet
from visits.validate import validate
from visits.yamlstrict import YamlRejected, decode, load_text
from visits.yamlwrite import dump, schema_comment, write_new

MAX_BODY = 65536  # GitHub's own limit on an issue body
MAX_LISTED = 30  # problems listed in one comment
MAX_DIGITS = 6  # of a number of minutes: int() of thousands of digits is refused, or slow
_TIME = re.compile(r"([0-9]{1,2})\s*[:.hH]\s*([0-9]{2})", re.ASCII)
_MINUTES = re.compile(r"([0-9]+)\s*(?:min|mins|minutes)?\.?", re.IGNORECASE | re.ASCII)


@dataclass
class Draft:
    """A record ready to be written, or the problems that keep it from being one."""

    problems: list[FormProblem]
    path: str = ""
    text: str = ""
    data: dict = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    created: list[Path] = field(default_factory=list)  # folders `place` made, deepest first
    written: Path | None = None  # the record file, once `place` has written it


class _Answers:
    """The visitor's answers with the problems found while converting them."""

    def __init__(self, answers: dict, fields: list[Field]):
        self.answers = answers
        self.fields = {f.id: f for f in fields}
        self.problems: list[FormProblem] = []

    def problem(self, field_id: str, code: str, message: str, hint: str = "") -> None:
        self.problems.append(FormProblem(self.fields[field_id].label, code, message, hint))

    def text(self, field_id: str) -> str | None:
        value = self.answers.get(field_id, "")
        if not value:
            self.problem(field_id, "missing-field", "this answer is empty", "fill it in")
            return None
        return value

    def matching(self, field_id: str, pattern: str, example: str, clean=str) -> str | None:
        """The answer, tidied by `clean`, if it then has the schema's form."""
        value = self.text(field_id)
        value = clean(value) if value is not None else None
        if value is not None and not re.fullmatch(pattern, value, re.ASCII):
            self.problem(
                field_id, "invalid-format", f"{inline(value)} is not in the expected form", f"write it like {example}"
            )
            return None
        return value

    def choice(self, field_id: str, choices: dict):
        value = self.text(field_id)
        if value is not None and value not in choices:
            self.problem(
                field_id, "invalid-value", f"{inline(value)} is not one of the choices", "pick a choice from the list"
            )
        return choices.get(value)

    def ticked(self, field_id: str) -> list[str]:
        options = self.fields[field_id].options
        for value in self.answers.get(field_id, []):
            if value not in options:
                self.problem(
                    field_id,
                    "invalid-value",
                    f"{inline(value)} is not one of the options",
                    "tick boxes only; do not type new lines under this heading",
                )
        return [option for option in options if option in self.answers.get(field_id, [])]

    def promises(self) -> None:
        """Every box of a required checkboxes field (the privacy promise) must be ticked."""
        for spec in self.fields.values():
            if spec.type == "checkboxes" and spec.required:
                ticked = self.ticked(spec.id)
                for option in spec.options:
                    if option not in ticked:
                        self.problem(
                            spec.id,
                            "not-ticked",
                            f"the box {inline(option, 120)} is not ticked",
                            "read it again, make sure it holds for every answer, then tick it",
                        )


def _pattern(schema: dict, name: str) -> str:
    return schema["properties"][name]["pattern"]


def _clock(text: str) -> str:
    """'9:30', '9.30' or '9h30' as the schema's HH:MM."""
    found = _TIME.fullmatch(text)
    return f"{int(found.group(1)):02d}:{found.group(2)}" if found else text


def _minutes(form: _Answers, schema: dict) -> int | None:
    text = form.text("duration_minutes")
    found = _MINUTES.fullmatch(text) if text is not None else None
    if text is not None and found is None:
        form.problem(
            "duration_minutes",
            "invalid-format",
            f"{inline(text)} is not a number of minutes",
            "write only the number, for example 50 (not 1h or 0:50)",
        )
    elif found:
        digits = found.group(1).lstrip("0") or "0"
        if len(digits) <= MAX_DIGITS:
            return int(digits)
        longest = schema["properties"]["duration_minutes"]["maximum"]
        form.problem(
            "duration_minutes",
            "out-of-range",
            f"a number of {len(digits)} digits is not a duration",
            f"write the minutes spent with the person, at most {longest}",
        )
    return None


def _follow_up(form: _Answers, schema: dict, owner: str) -> list[dict]:
    kinds = schema["properties"]["follow_up"]["items"]["properties"]["kind"]["enum"]
    actions = []
    for number, line in enumerate(form.answers.get("follow_up", "").splitlines(), 1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(",", 2)]
        kind, due, what = (parts + ["", ""])[:3]
        if kind.lower() not in kinds or parse_date(due) is None or not what:
            form.problem(
                "follow_up",
                "invalid-format",
                f"line {number} is not 'kind, due date, what to do'",
                f"for example: lawyer, 2026-03-19, ask about the appeal date; kinds: {', '.join(kinds)}",
            )
            continue
        actions.append({"kind": kind.lower(), "owner": owner, "due": due, "status": "open", "action": what})
    return actions


def _broken_characters(form: _Answers) -> None:
    """Refuse lone surrogates, and replace them so that later messages can quote the answer."""
    for field_id, value in form.answers.items():
        texts = value if isinstance(value, list) else [value]
        if any(SURROGATE.search(text) for text in texts):
            form.problem(
                field_id,
                "invalid-utf8",
                "the answer holds a broken character (half of an emoji or of a symbol)",
                "delete the text around it and type it again",
            )
            mended = [SURROGATE.sub("\ufffd", text) for text in texts]
            form.answers[field_id] = mended if isinstance(value, list) else mended[0]


def _invisible_characters(form: _Answers) -> None:
    """Refuse control and text-direction characters, which records refuse too, field by field."""
    for field_id, value in form.answers.items():
        for text in value if isinstance(value, list) else [value]:
            try:
                decode(text.encode("utf-8"), field_id)
            except YamlRejected as exc:
                form.problem(
                    field_id,
                    exc.finding.code,
                    "the answer holds an invisible character",
                    "delete the text around it and type it again",
                )
                break


def build_record(form: _Answers, schema: dict, corpus) -> tuple[dict | None, str | None]:
    """The record and its path, or (None, None) with form.problems saying why."""
    _broken_characters(form)
    _invisible_characters(form)
    assignment_id = form.matching("assignment", _pattern(schema, "assignment"), "A-2026-0042")
    assignment = corpus.get("assignment", assignment_id)
    if assignment_id and assignment is None:
        form.problem(
            "assignment",
            "unknown-assignment",
            f"there is no assignment {inline(assignment_id)}",
            "check the id the coordinator gave you, character by character",
        )
    centre = form.choice("centre", centre_options(corpus.of("centre")))
    if assignment and centre and centre != assignment.data["centre"]:
        form.problem(
            "centre",
            "centre-mismatch",
            f"assignment {inline(assignment.id)} is at {inline(assignment.data['centre'])}, not {inline(centre)}",
            "check the assignment id and the centre",
        )
    day = form.matching("date", _pattern(schema, "date"), "2026-03-12")
    if day and parse_date(day) is None:
        form.problem(
            "date",
            "invalid-format",
            f"{inline(day)} is not a day of the calendar",
            "write it as YYYY-MM-DD, for example 2026-03-12",
        )
    start = form.matching("start_time", _pattern(schema, "start_time"), "14:30 (24-hour clock)", _clock)
    duration = _minutes(form, schema)
    language = form.matching("language", _pattern(schema, "language"), "fr, nl or en", str.lower)
    interpreter = form.choice("interpreter", dict(zip(INTERPRETER_CHOICES, (False, True), strict=True)))
    wellbeing = form.choice(
        "wellbeing", {option: int(option.split()[0]) for option in form.fields["wellbeing"].options}
    )
    topics, concerns = form.ticked("topics"), form.ticked("concerns")
    if not topics:
        form.problem("topics", "missing-field", "no topic is ticked", "tick at least one topic")
    form.promises()
    volunteer = corpus.get("volunteer", assignment.data["volunteer"]) if assignment else None
    owner = (volunteer.data.get("referent") or volunteer.id) if volunteer else ""
    follow_up = _follow_up(form, schema, owner)
    longest = schema["properties"]["notes"]["maxLength"]
    if len(form.answers.get("notes", "")) > longest:
        form.problem(
            "notes",
            "out-of-range",
            f"the notes are {len(form.answers['notes'])} characters long; at most {longest} fit",
            "keep to the facts the team needs; shorten them",
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
    optional = {"concerns": concerns, "follow_up": follow_up, "notes": form.answers.get("notes", "")}
    data.update({name: value for name, value in optional.items() if value})
    return data, KINDS["visit"].expected_path(data, volunteer.id)


def _label_of_line(text: str, line: int, labels: dict[str, str]) -> str:
    """The form field a finding on `line` of the written record is about."""
    try:
        positions = load_text(text, "record").positions
    except YamlRejected:
        return "Form"
    keys = sorted((pos[0], path[0]) for path, pos in positions.items() if len(path) == 1)
    key = max((k for k in keys if k[0] <= line), default=(0, ""))[1]
    return labels.get(key, labels["date"] if key == "id" else "Form")


def place(root: Path, config: dict, today, draft: Draft) -> list[FormProblem]:
    """Write the record and check it among all records: it stays only if no error is found."""
    target = root / draft.path
    if not target.resolve().is_relative_to((root / RECORDS).resolve()):  # a symlinked folder
        raise ConfigError(f"refusing to write {draft.path}: it leads outside {RECORDS}/")
    draft.created = [folder for folder in target.parents if not folder.exists()]
    try:
        try:
            write_new(target, draft.text)
        except FileExistsError:
            withdraw(draft)
            return [
                FormProblem(
                    draft.labels["date"],
                    "already-exists",
                    f"a report for this assignment and date already exists: {inline(draft.path)}",
                    "if you submitted twice, close this issue; if you visited twice that day, tell your referent",
                )
            ]
        draft.written = target
        # no cache: a forged or stale .cache/ must not decide, and nothing is written outside records/
        findings = validate(root, config, today, only={draft.path}, use_cache=False).findings
    except BaseException:
        withdraw(draft)
        raise
    errors = [found for found in findings if found.severity is Severity.ERROR]
    if errors:
        withdraw(draft)
    return [_explain(found, _label_of_line(draft.text, found.line, draft.labels), draft.labels) for found in errors]


def withdraw(draft: Draft) -> None:
    """Remove what `place` wrote: the record if it wrote it, and the folders it made if empty."""
    if draft.written is not None:
        draft.written.unlink(missing_ok=True)
        draft.written = None
    for folder in draft.created:  # deepest first
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def _explain(found, label: str, labels: dict[str, str]) -> FormProblem:
    # a comment outlives the issue text it answers: never quote the notes in it
    if label in (labels["notes"], labels["follow_up"]):
        return FormProblem(
            label,
            found.code,
            "this text cannot be stored as written",
            "keep it shorter, and type it again rather than pasting it",
        )
    return FormProblem(label, found.code, plain(found.message), plain(found.hint))


def prepare(root: Path, config: dict, issue: Issue) -> Draft:
    """The record an issue's answers make, or what to fix; nothing is written."""
    if len(issue.body) > MAX_BODY:
        return Draft(
            [
                FormProblem(
                    "Form",
                    "body-too-long",
                    f"the form holds {len(issue.body)} characters",
                    f"keep it under {MAX_BODY}; shorten the notes",
                )
            ]
        )
    schemas = SchemaSet.load(root)
    corpus = load_corpus(root, schemas, config["limits"], use_cache=False)
    fields = visit_form(schemas.schemas["visit"], corpus.of("centre"))
    answers, problems = parse_body(issue.body, fields)
    if not answers:  # an empty body, or text from elsewhere: one problem, not one per heading
        return Draft(
            [
                FormProblem(
                    "Form",
                    "not-a-form",
                    "the issue holds none of the form's headings",
                    "open a new issue with Issues → New issue → Visit report and fill in the form",
                )
            ]
        )
    form = _Answers(answers, fields)
    form.problems.extend(problems)
    data, path = build_record(form, schemas.schemas["visit"], corpus)
    if data is None or path is None:
        order = {spec.label: index for index, spec in enumerate(fields)}
        return Draft(sorted(form.problems, key=lambda p: order.get(p.field, -1)))
    header = schema_comment(path, KINDS["visit"].schema_file)
    text = dump(data, f"{header}\n# Submitted with the web form (issue #{issue.number}).")
    return Draft([], path, text, data, {spec.id: spec.label for spec in fields})


def comment(problems: list[FormProblem]) -> str:
    """The issue comment listing what to fix, one line per problem, hostile text neutralised."""
    lines = [
        "### The visit report could not be created yet",
        "",
        (
            "Please correct the answers below. Open this issue, click **…** at the top right of "
            "its description, choose **Edit**, fix the answers (keep the `###` headings) and "
            "press **Update comment**: the bot then tries again."
        ),
        "",
    ]
    for problem in problems[:MAX_LISTED]:
        hint = f" How to fix: {problem.hint}." if problem.hint else ""
        lines.append(f"- **{plain(problem.field)}**: {problem.message} (`{problem.code}`).{hint}")
    if len(problems) > MAX_LISTED:
        lines.append(f"- …and {len(problems) - MAX_LISTED} more problems of the same kind.")
    lines += ["", "Nothing was saved yet. Questions? Ask your referent."]
    return "\n".join(lines) + "\n"


def pull_request_body(issue: Issue, data: dict) -> str:
    """What the pull request says about the report: where it came from, no notes."""
    try:
        author = " by " + mention(issue.login)
    except ValueError:
        author = ""
    concerns = ", ".join(data.get("concerns", [])) or "none"
    return (
        f"Visit report submitted with the web form in #{issue.number}{author}.\n\n"
        f"- Assignment: `{data['assignment']}`\n- Date: {data['date']}\n"
        f"- Safeguarding concerns: {concerns}\n\n"
        "The referent is asked to review through CODEOWNERS; please follow the reviewer's "
        "checklist (guide: *Review a report as referent*).\n"
    )
