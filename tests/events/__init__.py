"""Realistic GitHub `issues` event payloads, and the records they refer to.

The JSON files are what GitHub sends when the "Visit report" form is submitted
(or edited): well filled, missing a field, a bad date, an unknown assignment,
hostile text, Markdown injection, a path traversal, a huge body. They refer to
records/, a small slice of a programme (an accredited referent, the friendly
visitor who submits, a person, their assignment and one earlier visit), which
tests add to a copy of the example records so that they never depend on how the
example programme happens to be generated.
"""

from __future__ import annotations

import shutil
from pathlib import Path

EVENTS = Path(__file__).parent
ASSIGNMENT = "A-2026-0900"
VISITOR, REFERENT, PERSON = "test-visitor", "test-referent", "P-2026-0900"
EXISTING_VISIT = f"records/visits/{VISITOR}/2026/2026-11-16-{ASSIGNMENT}.yaml"


def add_test_records(root: Path) -> Path:
    """Copy the slice into root/records (a copy of the example repository); returns root."""
    shutil.copytree(EVENTS / "records", root / "records", dirs_exist_ok=True)
    return root
