"""Files generated from the records and schemas, committed so GitHub can read them.

`visits codeowners` and `visits issue-form` share one behaviour: write the file
when it changed, or with --check fail when the committed copy is stale, showing
the difference so a reviewer sees what the generator would change.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from visits.yamlwrite import replace

DIFF_LINES = 60  # enough to see what is stale without flooding a CI log


def refresh(root: Path, relpath: str, text: str, *, check: bool, command: str, io) -> int:
    """Write `text` to root/relpath, or with `check` compare only; returns the exit code."""
    path = root / relpath
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if current == text:
        io.out.write(f"{relpath} is up to date\n")
        return 0
    if check:
        state = "is missing" if current is None else "is out of date with the records"
        io.err.write(f"visits {command}: {relpath} {state}; run `visits {command}` and commit the result\n")
        diff = list(
            difflib.unified_diff(
                (current or "").splitlines(),
                text.splitlines(),
                f"{relpath} (committed)",
                f"{relpath} (generated)",
                lineterm="",
            )
        )
        io.err.write("".join(line + "\n" for line in diff[:DIFF_LINES]))
        if len(diff) > DIFF_LINES:
            io.err.write(f"... {len(diff) - DIFF_LINES} more lines\n")
        return 1
    replace(path, text)
    io.out.write(f"wrote {relpath}\n")
    return 0
