"""The "Visit report" issue forms (nl, fr, en): generated from the visit schema, read back from an issue.

GitHub shows the form to the visitor, then stores the answers as Markdown: one
`### Label` heading per field, the answer below it, `_No response_` when empty
and `- [X] option` for ticked boxes. The form's choices come from the schema
(and the centres from the records), named in the form's language by the
catalogue, so a value the form offers is always one the schema accepts, and
each option is read back to its code; field ids are the same in every language.
`visits issue-form --check` keeps the committed forms in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from visits.i18n import LANGUAGES, N_, Translator, translator
from visits.i18n.vocabulary import NAMES, centre, label
from visits.monitoring import AREA_OF
from visits.yamlwrite import dump

FORM_FILES = {language: f".github/ISSUE_TEMPLATE/visit-report-{language}.yml" for language in LANGUAGES}
LABEL = "visit-report"
NO_RESPONSE = "_No response_"
_TICK = re.compile(r"- \[([ xX])\] (.*)\Z")
# the template chooser lists the forms by name: each names its language in that language
FORM_NAMES = {
    "nl": "Bezoekverslag (Nederlands)",
    "fr": "Rapport de visite (français)",
    "en": "Visit report (English)",
}
# not a bare "No"/"Yes": GitHub's YAML 1.1 reader would turn those into booleans
INTERPRETER = (N_("No – without interpreter"), N_("Yes – with an interpreter"))


@dataclass(frozen=True)
class Field:
    id: str  # the record field it fills (or a form-only id): the same in every language
    type: str  # input, dropdown, checkboxes or textarea, as GitHub names them
    label: str  # also the `### Label` heading of the answer in the issue
    description: str
    required: bool = False
    options: tuple[str, ...] = ()  # as shown, in the form's language
    placeholder: str = ""
    default: int | None = None  # index of the preselected dropdown option
    values: tuple = ()  # what each option stands for in the record (a code, a number, true/false)

    def value_of(self, answer: str):
        """The value an option's text (or its code, as older forms showed them) stands for."""
        for option, value in zip(self.options, self.values or self.options, strict=True):
            if answer in (option, value):
                return value
        return None


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


def wellbeing_options(schema: dict, t: Translator) -> tuple[str, ...]:
    """'1 – very poor' … over the schema's range, named by the vocabulary."""
    spec = schema["properties"]["wellbeing"]
    return tuple(
        f"{level} – {label(t, 'wellbeing', str(level))}" if str(level) in NAMES["wellbeing"] else str(level)
        for level in range(spec["minimum"], spec["maximum"] + 1)
    )


def centre_options(centres, t: Translator) -> dict[str, str]:
    """Option text (the centre's name in t's language) → centre id, for the centres still visited."""
    active = sorted((c for c in centres if c.data.get("active")), key=lambda c: c.id)
    return {centre(t, c.data.get("name"), c.id): c.id for c in active}


def _named(t: Translator, field: str, codes: tuple[str, ...]) -> dict:
    return {"options": tuple(label(t, field, code) for code in codes), "values": codes}


def _observations(t: Translator, codes: tuple[str, ...]) -> dict:
    """Each observation after its area's name, so that the long list reads in groups."""
    names = [f"{label(t, 'observation_area', AREA_OF[code])} – {label(t, 'observation', code)}" for code in codes]
    return {"options": tuple(names), "values": codes}


def visit_form(schema: dict, centres, t: Translator) -> list[Field]:
    duration = schema["properties"]["duration_minutes"]
    kinds = _enum(schema, "follow_up", "items", "properties", "kind")
    kind_list = ", ".join(f"{kind} ({label(t, 'action', kind)})" for kind in kinds)
    places = centre_options(centres, t)
    wellbeing = wellbeing_options(schema, t)
    return [
        Field(
            "assignment",
            "input",
            t.gettext("Assignment id"),
            t.gettext("The id the coordinator gave you, exactly."),
            True,
            placeholder="A-2026-0042",
        ),
        Field(
            "centre",
            "dropdown",
            t.gettext("Centre"),
            t.gettext("Where the visit took place."),
            True,
            tuple(places),
            values=tuple(places.values()),
        ),
        Field(
            "date",
            "input",
            t.gettext("Date of the visit"),
            t.gettext("Format YYYY-MM-DD, for example 2026-03-12."),
            True,
            placeholder=t.gettext("YYYY-MM-DD"),
        ),
        Field(
            "start_time",
            "input",
            t.gettext("Start time"),
            t.gettext("24-hour clock, format HH:MM, for example 14:30."),
            True,
            placeholder=t.gettext("HH:MM"),
        ),
        Field(
            "duration_minutes",
            "input",
            t.gettext("Duration in minutes"),
            t.gettext(
                "Time spent with the person, without waiting: a whole number from {minimum} to {maximum}."
            ).format(minimum=duration["minimum"], maximum=duration["maximum"]),
            True,
            placeholder="50",
        ),
        Field(
            "language",
            "input",
            t.gettext("Language"),
            t.gettext("Main language of the conversation, as a two-letter code: nl, fr, en, ar, …"),
            True,
            placeholder=t.language if t.language != "en" else "fr",
        ),
        Field(
            "interpreter",
            "dropdown",
            t.gettext("Interpreter"),
            t.gettext("Did an interpreter take part (in person or by phone)?"),
            True,
            tuple(t.gettext(choice) for choice in INTERPRETER),
            default=0,
            values=(False, True),
        ),
        Field(
            "topics",
            "checkboxes",
            t.gettext("Topics"),
            t.gettext("Tick everything you talked about (at least one)."),
            **_named(t, "topic", _enum(schema, "topics", "items")),
        ),
        Field(
            "wellbeing",
            "dropdown",
            t.gettext("Wellbeing"),
            t.gettext("How did the person seem?"),
            True,
            wellbeing,
            values=tuple(int(option.split()[0]) for option in wellbeing),
        ),
        Field(
            "concerns",
            "checkboxes",
            t.gettext("Safeguarding concerns"),
            t.gettext("Tick only if something worried you, **and phone your referent or the coordinator today**."),
            **_named(t, "concern", _enum(schema, "concerns", "items")),
        ),
        Field(
            "observations",
            "checkboxes",
            t.gettext("Conditions of detention"),
            t.gettext(
                "Tick what you saw or were told at this visit, if anything. The yearly monitoring report "
                "counts these per centre, never per person."
            ),
            **_observations(t, _enum(schema, "observations", "items")),
        ),
        Field(
            "follow_up",
            "textarea",
            t.gettext("Follow-up requests"),
            t.gettext(
                "One request per line: kind, due date, what to do (no names). Kinds: {kinds}. "
                "Example: `lawyer, 2026-03-19, ask about the appeal date`. Your referent owns it."
            ).format(kinds=kind_list),
        ),
        Field(
            "notes",
            "textarea",
            t.gettext("Notes"),
            t.gettext(
                "Facts, for the team only; never published. No names of the person or anyone else: "
                'write "his lawyer", "her sister".'
            ),
        ),
        Field(
            "privacy",
            "checkboxes",
            t.gettext("Privacy"),
            "",
            True,
            options=(t.gettext("I wrote no names, phone numbers or file numbers in this form."),),
        ),
    ]


INTRO = N_(
    "Thank you for visiting. Fill in one form per visit; a bot turns it into a record "
    "and opens a pull request for your referent to review. Only the assignment id "
    "identifies the person: **never write a name**, not in the title either."
)


def _element(field: Field, t: Translator) -> dict:
    attributes: dict = {"label": field.label}
    if field.description:
        attributes["description"] = t.typography(field.description)
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


def form_yaml(fields: list[Field], t: Translator) -> str:
    form = {
        "name": FORM_NAMES[t.language],
        "description": t.gettext("Report a visit from your browser."),
        "title": t.gettext("Visit report"),
        "labels": [LABEL],
        "body": [{"type": "markdown", "attributes": {"value": t.typography(t.gettext(INTRO)) + "\n"}}]
        + [_element(field, t) for field in fields],
    }
    return dump(
        form,
        "# Generated by `visits issue-form` from schemas/visit.schema.json, records/centres/ and the "
        "forms catalogue: do not edit by hand.",
    )


def forms(schema: dict, centres) -> dict[str, list[Field]]:
    """The form of every language, by language."""
    return {language: visit_form(schema, centres, translator(language)) for language in LANGUAGES}


def language_of(body: str, by_language: dict[str, list[Field]]) -> str:
    """The language of the form an issue was made with: the one whose headings it holds most of
    (an English form on a tie). Headings are GitHub's own copy of the labels, which the
    visitor does not type; a body with none is answered in English."""
    lines = {line.rstrip() for line in body.replace("\r\n", "\n").split("\n") if line.startswith("### ")}

    def score(language: str) -> int:
        return sum(f"### {field.label}" in lines for field in by_language[language])

    return max(reversed(LANGUAGES), key=score)


def parse_body(body: str, fields: list[Field], t: Translator) -> tuple[dict[str, object], list[FormProblem]]:
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
                    t.gettext("the heading {heading} appears twice").format(heading=f"'### {field.label}'"),
                    t.gettext("do not type the form's headings in your answers"),
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
                    t.gettext("the heading {heading} is missing").format(heading=f"'### {field.label}'"),
                    t.gettext("keep the form's headings when you edit the issue"),
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
