"""Findings are values: every check returns them, one reporter renders them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):  # noqa: UP042 - StrEnum would change how a severity formats
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str = ""

    def sort_key(self) -> tuple:
        """Errors first, then by place: what blocks a pull request is read before any warning."""
        return (self.severity is not Severity.ERROR, self.file, self.line, self.column, self.code, self.message)


def error(file: str, line: int, column: int, code: str, message: str, hint: str = "") -> Finding:
    return Finding(file, line, column, Severity.ERROR, code, message, hint or HINTS.get(code, ""))


def warning(file: str, line: int, column: int, code: str, message: str, hint: str = "") -> Finding:
    return Finding(file, line, column, Severity.WARNING, code, message, hint or HINTS.get(code, ""))


def has_errors(findings) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


# One line on how to fix each stable code; checks may pass a more precise hint.
HINTS: dict[str, str] = {
    "file-too-large": "split the record or remove pasted content; records are small text files",
    "bom": "save the file as UTF-8 without a byte-order mark",
    "invalid-utf8": "save the file as UTF-8",
    "control-character": "delete the invisible character (retype the text around it)",
    "bidi-character": "delete the invisible text-direction character (retype the text around it)",
    "yaml-syntax": "check indentation and quoting around this line",
    "empty-file": "fill in the record, or delete the file",
    "multiple-documents": "keep one record per file: remove the extra '---' document",
    "alias": "write the value out in full instead of using '&anchor' / '*alias'",
    "merge-key": "write the keys out in full instead of using '<<'",
    "tag": "remove the '!tag'; records use plain values only",
    "non-string-key": "field names are words such as 'date'; quote a key that must be text",
    "duplicate-key": "keep one of the two entries and delete the other",
    "too-deep": "records are shallow; remove the extra nesting",
    "not-a-mapping": "a record is a set of 'field: value' lines",
    "unknown-kind": "records live in records/<kind>/...; see the README for the layout",
    "bad-extension": "rename the file to end in .yaml",
    "bad-file-name": "rename the file to its record's id: letters, digits and '-', ending in .yaml",
    "not-a-regular-file": "put the record itself at this path: links, pipes and devices are never read",
    "unreadable-file": "check that the file exists and can be read, then run again",
    "missing-field": "add the field; see the field reference on the internal site",
    "unknown-field": "remove the field or fix its spelling",
    "invalid-value": "use one of the allowed values",
    "invalid-format": "dates are YYYY-MM-DD, times HH:MM",
    "wrong-type": "check the value's type (text, number, list, true/false)",
    "out-of-range": "check the value against the limits in the field reference",
    "duplicate-item": "remove the repeated value",
    "schema-version": "set schema_version to the version the schema expects",
    "schema-outdated": "run `visits migrate`",
    "path-mismatch": "rename or move the file to the expected path",
    "duplicate-id": "give one of the records a new id (and rename its file)",
    "unknown-volunteer": "use the id of a file in records/volunteers/",
    "unknown-person": "use the code of a file in records/people/",
    "unknown-centre": "use the id of a file in records/centres/",
    "unknown-assignment": "use the id of a file in records/assignments/",
    "unknown-visit": "use the id of an existing visit report",
    "unknown-candidate": "use the id of a file in records/candidates/, or leave the field out",
    "referent-not-accredited": "choose an active accredited volunteer as referent",
    "referent-inactive": "ask the coordinator to assign a new referent",
    "visit-outside-assignment": "check the date, or extend the assignment's dates",
    "visit-in-future": "check the date; reports are written after the visit",
    "visit-too-long": "check the duration against the centre's visiting rules",
    "visit-overlap": "check the start time and duration of both visits",
    "volunteer-double-booked": "check the start time and duration of both visits",
    "outcome-before-detention": "check the outcome date and the detention start",
    "transfer-outside-detention": "check the transfer date against the detention dates",
    "assignment-centre-mismatch": "use the person's centre, or record their transfer",
    "invalid-combination": "check which fields go together; see the field reference",
    "schema-mismatch": "check the value's exact form (no trailing spaces or line breaks)",
}


def plural(count: int, word: str) -> str:
    """'1 day', '2 days': for counts in messages."""
    return f"{count} {word}{'' if count == 1 else 's'}"
