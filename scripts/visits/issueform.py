"""The "Visit report" issue form: generated from the visit schema, and read back from an issue.

GitHub shows the form to the visitor, then stores the answers as Markdown: one
`### Label` heading per field, the answer below it, `_No response_` when empty
and `- [X] option` for ticked boxes. The form's choices come from the schema
(and the centres from the records), so a value the form offers is always one
the schema accepts; `visits issue-form --check` keeps the committed form in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from visits.yamlwrite import dump

FORM_FILE = ".github/ISSUE_TEMPLATE/visit-report.yml"
LABEL = "visit-report"
NO_RESPONSE = "_No response_"
_TICK = re.compile(r"- \[([ xX])\] (.*)\Z")
_LEVEL = re.compile(r"(\d+) ([a-z][a-z ]*)")
# not a bare "No"/"Yes": GitHub's YAML 1.1 reader would turn those into booleans
INTERPRETER_CHOICES = ("No – without interpreter", "Yes – with an interpreter")


@dataclass(frozen=True)
class Field:
    id: str  # the record field it fills (or a form-only id)
    type: str  # input, dropdown, checkboxes or textarea, as GitHub names them
    label: str  # also the `### Label` heading of the answer in the issue
    description: str
    required: bool = False
    options: tuple[str, ...] = ()
    placeholder: str = ""
    default: int | None = None  # index of the preselected dropdown option


@dataclass(frozen=True)
class FormProblem:
    field: str  # the label the visitor sees
    code: str  # stable, as in findings
    message: str  # plain text; values quoted with github.inline
    hint: str = ""


def _enum(schema: dict, *path: str) -> tuple[str, ...]:
    node = schema["properties"]
    for step in path:
        node = node[step]
    return tuple(node["enum"])


def wellbeing_options(schema: dict) -> tuple[str, ...]:
    """'1 – very poor' … from the schema's range, named as its description names them."""
    spec = schema["properties"]["wellbeing"]
    names = {int(number): name.strip() for number, name in _LEVEL.findall(spec["description"])}
    return tuple(
        f"{level} – {names[level]}" if level in names else str(level)
        for level in range(spec["minimum"], spec["maximum"] + 1)
    )


def centre_options(centres) -> dict[str, str]:
    """Option text (the English name) → centre id, for the centres still visited."""
    active = sorted((c for c in centres if c.data.get("active")), key=lambda c: c.id)
    return {centre.data["name"]["en"]: centre.id for centre in active}


def visit_form(schema: dict, centres) -> list[Field]:
    duration = schema["properties"]["duration_minutes"]
    kinds = ", ".join(_enum(schema, "follow_up", "items", "properties", "kind"))
    return [
        Field(
            "assignment",
            "input",
            "Assignment id",
            "The id the coordinator gave you, exactly.",
            True,
            placeholder="A-2026-0042",
        ),
        Field("centre", "dropdown", "Centre", "Where the visit took place.", True, tuple(centre_options(centres))),
        Field(
            "date",
            "input",
            "Date of the visit",
            "Format YYYY-MM-DD, for example 2026-03-12.",
            True,
            placeholder="YYYY-MM-DD",
        ),
        Field(
            "start_time",
            "input",
            "Start time",
            "24-hour clock, format HH:MM, for example 14:30.",
            True,
            placeholder="HH:MM",
        ),
        Field(
            "duration_minutes",
            "input",
            "Duration in minutes",
            f"Time spent with the person, without waiting: a whole number from "
            f"{duration['minimum']} to {duration['maximum']}.",
            True,
            placeholder="50",
        ),
        Field(
            "language",
            "input",
            "Language",
            "Main language of the conversation, as a two-letter code: nl, fr, en, ar, …",
            True,
            placeholder="fr",
        ),
        Field(
            "interpreter",
            "dropdown",
            "Interpreter",
            "Did an interpreter take part (in person or by phone)?",
            True,
            INTERPRETER_CHOICES,
            default=0,
        ),
        Field(
            "topics",
            "checkboxes",
            "Topics",
            "Tick everything you talked about (at least one).",
            options=_enum(schema, "topics", "items"),
        ),
        Field("wellbeing", "dropdown", "Wellbeing", "How did the person seem?", True, wellbeing_options(schema)),
        Field(
            "concerns",
            "checkboxes",
            "Safeguarding concerns",
            "Tick only if something worried you, **and phone your referent or the coordinator today**.",
            options=_enum(schema, "concerns", "items"),
        ),
        Field(
            "follow_up",
            "textarea",
            "Follow-up requests",
            f"One request per line: kind, due date, what to do (no names). Kinds: {kinds}. "
            "Example: `lawyer, 2026-03-19, ask about the appeal date`. Your referent owns it.",
        ),
        Field(
            "notes",
            "textarea",
            "Notes",
            "Facts, for the team only; never published. No names of the person or anyone else: "
            'write "his lawyer", "her sister".',
        ),
        Field(
            "privacy",
            "checkboxes",
            "Privacy",
            "",
            True,
            options=("I wrote no names, phone numbers or file numbers in this form.",),
        ),
    ]


INTRO = """\
Thank you for visiting. Fill in one form per visit; a bot turns it into a record
and opens a pull request for your referent to review. Only the assignment id
identifies the person: **never write a name**, not in the title either."""


def _element(field: Field) -> dict:
    attributes: dict = {"label": field.label}
    if field.description:
        attributes["description"] = field.description
    if field.placeholder:
        attributes["placeholder"] = field.placeholder
    if field.type == "dropdown":
        attributes["options"] = list(field.options)
        if field.default is not None:
            attributes["default"] = field.default
    elif field.type == "checkboxes":  # a required checkboxes field: every box must be ticked
        attributes["options"] = [{"label": option, "required": field.required} for option in field.options]
    element = {"type": field.type, "id": field.id, "attributes": attributes}
    if field.type != "checkboxes":
        element["validations"] = {"required": field.required}
    return element


def form_yaml(fields: list[Field]) -> str:
    form = {
        "name": "Visit report",
        "description": "Report a visit from your browser.",
        "title": "Visit report",
        "labels": [LABEL],
        "body": [{"type": "markdown", "attributes": {"value": INTRO + "\n"}}] + [_element(field) for field in fields],
    }
    return dump(
        form,
        "# Generated by `visits issue-form` from schemas/visit.schema.json and records/centres/: do not edit by hand.",
    )


def parse_body(body: str, fields: list[Field]) -> tuple[dict[str, object], list[FormProblem]]:
    """Answers by field id: text for inputs, dropdowns and textareas, ticked options for checkboxes."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    by_heading = {f"### {field.label}": field for field in fields}
    starts: dict[str, int] = {}
    problems = []
    for index, line in enumerate(lines):
        field = by_heading.get(line.rstrip())
        if field is None:
            continue
        if field.id in starts:
            problems.append(
                FormProblem(
                    field.label,
                    "duplicate-heading",
                    f"the heading '### {field.label}' appears twice",
                    "do not type the form's headings in your answers",
                )
            )
        starts.setdefault(field.id, index)
    order = sorted(starts.items(), key=lambda item: item[1])
    answers: dict[str, object] = {}
    ends = [start for _, start in order[1:]] + [len(lines)] if order else []
    for (field_id, start), end in zip(order, ends, strict=True):
        field = next(f for f in fields if f.id == field_id)
        answers[field_id] = _answer(field, lines[start + 1 : end])
    for field in fields:
        if field.id not in starts:
            problems.append(
                FormProblem(
                    field.label,
                    "missing-heading",
                    f"the heading '### {field.label}' is missing",
                    "keep the form's headings when you edit the issue",
                )
            )
    return answers, problems


def _answer(field: Field, lines: list[str]):
    text = "\n".join(lines).strip()
    if field.type == "checkboxes":
        return [
            match.group(2).strip() for line in lines if (match := _TICK.match(line.strip())) and match.group(1) != " "
        ]
    return "" if text == NO_RESPONSE else text
