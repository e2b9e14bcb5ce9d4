"""Realistic GitHub `issues` event payloads, and the records they refer to.

The JSON files are what GitHub sends when the "Visit report" form is submitted
(or edited): well filled, missing a field, a bad date, an unknown assignment,
hostile text, Markdown injection, a path traversal, a huge body; and payloads
that no real form makes but that must still be answered, never crash on: an
answer of 5,000 digits, a lone surrogate (a `\\ud83d` escape), a body with no
heading or none, the privacy box unticked, a label that is not text, a user that
is not an object. They refer to records/, a small slice of a programme (an
accredited referent, the friendly
visitor who submits, a person, their assignment and one earlier visit), which
tests add to a copy of the example records so that they never depend on how the
example programme happens to be generated.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from conftest import Result, run_visits

EVENTS = Path(__file__).parent
ASSIGNMENT = "A-2026-0900"
VISITOR, REFERENT, PERSON = "test-visitor", "test-referent", "P-2026-0900"
EXISTING_VISIT = f"records/visits/{VISITOR}/2026/2026-11-16-{ASSIGNMENT}.yaml"


def add_test_records(root: Path) -> Path:
    """Copy the slice into root/records (a copy of the example repository); returns root."""
    shutil.copytree(EVENTS / "records", root / "records", dirs_exist_ok=True)
    return root


def well_filled_event() -> dict:
    return json.loads((EVENTS / "opened-well-filled.json").read_text(encoding="utf-8"))


def well_filled_body() -> str:
    return well_filled_event()["issue"]["body"]


def write_event(folder: Path, event, name: str = "event.json") -> Path:
    """The payload as a file; lone surrogates are written as JSON escapes, as a forger would."""
    path = folder / name
    path.write_text(json.dumps(event), encoding="utf-8")
    return path


def event_with_body(folder: Path, body, name: str = "event.json") -> Path:
    event = well_filled_event()
    event["issue"]["body"] = body
    return write_event(folder, event, name)


def record_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in (root / "records").rglob("*") if p.is_file()}


def codes(comment: str) -> set[str]:
    """The stable codes a comment lists, one per problem."""
    return set(re.findall(r"\(`([a-z0-9-]+)`\)\.", comment))


def submit(root: Path, event: Path, folder: Path, *options: str) -> tuple[Result, str | None]:
    """`visits from-issue EVENT` with the comment written to a file: the result and the comment."""
    comment = folder / "comment.md"
    comment.unlink(missing_ok=True)
    result = run_visits("from-issue", str(event), "--out-comment", str(comment), *options, root=root)
    assert "Traceback" not in result.err + result.out
    return result, comment.read_text(encoding="utf-8") if comment.exists() else None


def outputs(text: str) -> dict[str, str]:
    """The name=value lines `visits from-issue` writes to the workflow's step outputs."""
    return dict(line.split("=", 1) for line in text.splitlines())
