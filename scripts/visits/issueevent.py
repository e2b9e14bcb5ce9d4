"""An `issues` event payload, read as hostile input and reduced to the few fields that are used.

Anyone who can open an issue chooses the body, and anyone who runs `visits
from-issue` by hand chooses the whole file, so nothing in it is trusted: its size
and nesting are bounded before and while it is parsed, numbers are parsed only
when short, and every field used is checked for its type before it is read. What
is wrong comes back as findings (file, line, column, code), never as a traceback.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from visits.findings import Finding, error
from visits.issueform import LABEL

# A webhook payload is capped at 25 MB, but an issue event is a few kB around a body of at
# most 65,536 characters (6 bytes each as JSON escapes, 12 for a character beyond U+FFFF).
MAX_EVENT_BYTES = 1 << 20
MAX_DEPTH = 32  # GitHub's issue events nest 5 levels deep
MAX_DIGITS = 20  # ids are 64-bit; longer numbers are forged (int() refuses 4,300+ digits anyway)
MAX_NUMBER = 2**31 - 1
# JSON escapes \ud800-\udfff decode to lone surrogates, which no file or comment can hold
SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Issue:
    """What `from-issue` reads from an event: every field of the right type."""

    number: int
    title: str
    body: str  # may hold lone surrogates: the answers they spoil are named to the visitor
    labels: tuple[str, ...]
    login: str
    state: str


class EventError(Exception):
    """The file is not a usable `issues` event about a visit report; nothing to answer on the issue."""

    def __init__(self, findings: list[Finding]):
        super().__init__(
            "\n".join(
                f"{f.file}:{f.line}:{f.column}: {f.code}: {f.message}" + (f" ({f.hint})" if f.hint else "")
                for f in findings
            )
        )
        self.findings = findings


class _LongNumber(ValueError):
    pass


def _integer(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise _LongNumber(f"a number of {len(text)} digits")
    return int(text)


def _deepest(value) -> int:
    """How many arrays and objects deep `value` goes, without recursing."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, (dict, list)):
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def load_event(path: Path) -> object:
    """The payload as Python values, or EventError saying why it cannot be one."""
    file = str(path)

    def refuse(code: str, message: str, hint: str = "", line: int = 1, column: int = 1):
        return EventError([error(file, line, column, code, message, hint)])

    try:
        with open(path, "rb") as stream:  # a bounded read: the path may be a device or a pipe
            raw = stream.read(MAX_EVENT_BYTES + 1)
    except OSError as exc:
        raise refuse(
            "event-unreadable",
            f"cannot read the event: {exc.strerror or exc}",
            "pass the event payload file ($GITHUB_EVENT_PATH)",
        ) from None
    if len(raw) > MAX_EVENT_BYTES:
        raise refuse(
            "file-too-large",
            f"the event is larger than {MAX_EVENT_BYTES} bytes",
            "an issues event is a few kilobytes; check the file",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise refuse("invalid-utf8", f"byte {exc.start} is not UTF-8", "GitHub sends UTF-8 JSON", line) from None
    try:
        event = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise refuse(
            "json-syntax", f"cannot read the event: {exc.msg}", "GitHub sends valid JSON", exc.lineno, exc.colno
        ) from None
    except _LongNumber as exc:
        raise refuse("out-of-range", f"the event holds {exc}", f"numbers have at most {MAX_DIGITS}") from None
    except RecursionError:  # the C decoder stops at Python's recursion limit
        raise refuse(
            "too-deep", "the event is nested far too deep", f"GitHub's events nest fewer than {MAX_DEPTH} levels"
        ) from None
    if _deepest(event) > MAX_DEPTH:
        raise refuse(
            "too-deep",
            f"the event is nested deeper than {MAX_DEPTH} levels",
            f"GitHub's events nest fewer than {MAX_DEPTH} levels",
        )
    return event


class _Shape:
    """Checks of the fields used, each problem a finding that names the field by its JSON path."""

    def __init__(self, file: str):
        self.file = file
        self.findings: list[Finding] = []

    def wrong(
        self,
        where: str,
        message: str,
        code: str = "wrong-type",
        hint: str = "pass the payload of an `issues` event as GitHub sent it",
    ) -> None:
        self.findings.append(error(self.file, 1, 1, code, f"{where}: {message}", hint))

    def get(self, node: dict, key: str, where: str, kinds: tuple[type, ...], kind_name: str):
        value = node.get(key)
        if value is None and type(None) not in kinds:
            self.wrong(f"{where}.{key}", f"missing; expected {kind_name}", "missing-field")
        elif not isinstance(value, kinds) or isinstance(value, bool) and bool not in kinds:
            self.wrong(f"{where}.{key}", f"is {_kind(value)}, not {kind_name}")
        else:
            return value
        return None

    def text(self, node: dict, key: str, where: str, *, nullable: bool = False, surrogates: bool = False) -> str:
        kinds = (str, type(None)) if nullable else (str,)
        value = self.get(node, key, where, kinds, "text or null" if nullable else "text")
        if isinstance(value, str) and not surrogates and SURROGATE.search(value):
            self.wrong(
                f"{where}.{key}",
                "holds a lone surrogate (a \\ud800-\\udfff escape), which no text can hold",
                "invalid-utf8",
            )
            return ""
        return value or ""


def _kind(value) -> str:
    names = {
        dict: "an object",
        list: "an array",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def issue_of(event: object, file: str) -> Issue:
    """The checked fields of an `issues` event's issue, or EventError listing every problem."""
    shape = _Shape(file)
    issue = event.get("issue") if isinstance(event, dict) else None
    if not isinstance(issue, dict):
        shape.wrong("issue", "no issue object; this is not a GitHub 'issues' event", "not-an-issue-event")
        raise EventError(shape.findings)
    number = shape.get(issue, "number", "issue", (int,), "a whole number")
    if isinstance(number, int) and not 0 < number <= MAX_NUMBER:
        shape.wrong("issue.number", f"is outside 1…{MAX_NUMBER}", "out-of-range")
    labels = []
    for index, label in enumerate(shape.get(issue, "labels", "issue", (list,), "an array") or []):
        if isinstance(label, dict):
            labels.append(shape.text(label, "name", f"issue.labels[{index}]"))
        else:
            shape.wrong(f"issue.labels[{index}]", f"is {_kind(label)}, not an object")
    user = shape.get(issue, "user", "issue", (dict,), "an object")
    found = Issue(
        number=number if isinstance(number, int) else 0,
        title=shape.text(issue, "title", "issue", nullable=True),
        body=shape.text(issue, "body", "issue", nullable=True, surrogates=True),
        labels=tuple(labels),
        login=shape.text(user, "login", "issue.user") if user else "",
        state=shape.text(issue, "state", "issue"),
    )
    if shape.findings:
        raise EventError(shape.findings)
    if LABEL not in found.labels:
        shape.wrong(
            "issue.labels",
            f"issue #{found.number} has no '{LABEL}' label; it is not a visit report",
            "not-a-visit-report",
            "only issues made with the Visit report form are read",
        )
        raise EventError(shape.findings)
    return found


def read_issue(path: Path) -> Issue:
    """The issue of the `issues` event payload at path, checked enough to be used safely."""
    return issue_of(load_event(path), str(path))
