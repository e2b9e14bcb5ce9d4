"""Findings in the reader's language, rendered at report time from their English text.

The checks write a finding's message and hint in English, with the values that
make it precise ("missing required field 'date'"). Rather than change every
rule, each code here lists the English *templates* its messages follow, with
named parameters; a message that fits one is rendered again from that
template's translation with the same values (`translate`). A hint is looked up
whole first (the stable hints of `visits.findings.HINTS` and the schemas'
descriptions are in the catalogue), then against the hint templates. A message
that fits no template stays English, as JSON output always does (codes are the
stable part); `tests/test_catalogues.py` validates a visit report for each usual
slip of a visitor and holds every message about them translated.
"""

from __future__ import annotations

import re
from functools import cache

from visits.i18n import N_, Translator
from visits.i18n.vocabulary import label

# code -> the English templates of its messages, as the checks word them
MESSAGES: dict[str, tuple[str, ...]] = {
    "missing-field": (N_("missing required field '{field}'"),),
    "unknown-field": (N_("unknown field '{field}'"),),
    "invalid-value": (N_("{field}: {value} is not allowed"), N_("{field}: must be {value}")),
    "invalid-format": (N_("{field}: {value} is not in the expected form"),),
    "wrong-type": (N_("{field}: expected {wanted}, found {found}"),),
    "out-of-range": (
        N_("{field}: {value} is greater than the maximum of {limit}"),
        N_("{field}: {value} is less than the minimum of {limit}"),
        N_("{field}: {value} is too long"),
        N_("{field}: {value} is too short"),
        N_("{field}: {value} should be non-empty"),
    ),
    "duplicate-item": (N_("{field}: a value is listed twice"),),
    "invalid-combination": (N_("{field}: these fields do not fit together"),),
    "schema-version": (N_("schema_version must be {version}"),),
    "schema-outdated": (N_("schema_version {version} is older than this schema's version {current}"),),
    "unknown-volunteer": (N_("no volunteer with id '{id}'"),),
    "unknown-person": (N_("no person with id '{id}'"),),
    "unknown-centre": (N_("no centre with id '{id}'"),),
    "unknown-assignment": (N_("no assignment with id '{id}'"),),
    "unknown-visit": (N_("no visit with id '{id}'"),),
    "unknown-candidate": (N_("no candidate with id '{id}'"),),
    "visit-in-future": (N_("visit date {date} is after today ({today})"),),
    "visit-outside-assignment": (N_("visit on {date} is outside assignment {assignment} ({period})"),),
    "visit-too-long": (N_("{minutes} minutes; {centre} allows at most {limit}"),),
    "path-mismatch": (
        N_("file should be {path} to match its id, date and volunteer"),
        N_("id '{id}' does not match the file name '{name}'"),
        N_("id '{id}' should start with the date {date}"),
    ),
    "duplicate-id": (N_("{kind} id '{id}' is also used by {path}"),),
    "retention-due": (
        N_("{field} past retention since {date} (rule {rule}): redact it"),
        N_("{field} past retention since {date} (rule {rule}): remove it"),
        N_("past retention since {date} (rule {rule}): redact it"),
        N_("past retention since {date} (rule {rule}): remove it"),
    ),
    "follow-up-overdue": (
        N_("{action} action owned by {owner} was due {date} ({count} day ago) and is still open"),
        N_("{action} action owned by {owner} was due {date} ({count} days ago) and is still open"),
    ),
}
HINTS: tuple[str, ...] = (
    N_("did you mean '{name}'?"),
    N_("did you mean {names}?"),
    N_("allowed fields: {names}"),
    N_("use one of: {values}"),
    N_("add '{field}:' ({description})"),
    N_("add '{field}:'"),
    N_("run `visits retention --apply`, check the diff and open a pull request"),
)
# words the schema checks put into their messages, translated as parameters
WORDS: tuple[str, ...] = (
    N_("text"),
    N_("a whole number"),
    N_("a number"),
    N_("true or false"),
    N_("true/false"),
    N_("a list"),
    N_("a set of fields"),
    N_("empty"),
)
# the parameters that hold words, a schema's description or a code with a name; others
# (field names, ids, values) are shown as the record holds them
_WORDS = {"wanted", "found", "description"}
_CODES = {"action": "action"}  # parameter -> vocabulary field


@cache
def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"\{([a-z_]+)\}", template)
    regex = "".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)" for index, part in enumerate(parts))
    return re.compile(regex + r"\Z", re.DOTALL)


def _parameter(t: Translator, name: str, value: str) -> str:
    if name in _WORDS:
        return t.gettext(value)
    if name in _CODES:
        return label(t, _CODES[name], value)
    return value


def _render(t: Translator, templates, text: str) -> str | None:
    for template in templates:
        found = _pattern(template).match(text)
        if found:
            values = {name: _parameter(t, name, value) for name, value in found.groupdict().items()}
            return t.gettext(template).format(**values)
    return None


def message(t: Translator, code: str, text: str) -> str:
    """A finding's message in t's language, or as written when no template fits it."""
    if t.language == "en" or not text:
        return text
    return _render(t, MESSAGES.get(code, ()), text) or text


def hint(t: Translator, text: str) -> str:
    if t.language == "en" or not text:
        return text
    whole = t.gettext(text)
    return whole if whole != text else (_render(t, HINTS, text) or text)


def translate(t: Translator, finding) -> tuple[str, str]:
    """(message, hint) of a finding in t's language."""
    return message(t, finding.code, finding.message), hint(t, finding.hint)
