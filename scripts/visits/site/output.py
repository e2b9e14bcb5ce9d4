"""Output folders that are replaced whole, or not at all.

A site is built into a hidden temporary folder beside its target and swapped in
with renames once every build has succeeded, so a failed build leaves the
previous site as it was. An existing folder is only ever replaced when a marker
file shows that `visits site` built it: --out pointing at the wrong place must
not delete someone's files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from visits import scratch
from visits.cli import UsageError

MARKER = ".visits-site"
MARKER_TEXT = "Built by `visits site`; this folder is replaced whole on every build.\n"


def check_replaceable(target: Path) -> None:
    if target.exists() and not (target / MARKER).is_file():
        raise UsageError(
            f"{target} exists and was not built by `visits site`; choose another --out, or move that folder away"
        )


def temporary_beside(target: Path) -> Path:
    """A new folder beside `target` to build into, named so that what a killed build leaves
    is found and removed by the next one (scratch.sweep)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    built = target.parent / scratch.name()
    built.mkdir()
    return built


def swap_in(built: Path, target: Path) -> None:
    """Replace `target` by `built` (both in the same folder); the old copy is then deleted."""
    (built / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    old = None
    if target.exists():
        old = target.parent / scratch.name()
        old.mkdir()
        target.rename(old / target.name)
    built.rename(target)
    if old is not None:
        shutil.rmtree(old)


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
