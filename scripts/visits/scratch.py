"""Temporary files and folders that a killed run cannot leave among the records.

Every write is made to a temporary name and then renamed into place, so a reader
never sees half a file. A run killed between the two (SIGKILL, a power cut) leaves
the temporary behind, so each one is named after the process that made it:
`.visits-<pid>-<random>`. A later run removes those whose process is gone, and
says how many it removed. A record's temporary copy is made in the repository's
`.cache/visits/tmp/` (ignored by Git, on the same file system, so the rename is
still atomic), never in the records' own folders.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from visits.layout import RECORDS

PREFIX = ".visits-"
SCRATCH = ".cache/visits/tmp"


def name() -> str:
    """A temporary name no other live process uses, which says whose it is."""
    return f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}"


def _owner_alive(entry: str) -> bool:
    pid_text = entry[len(PREFIX) :].partition("-")[0]
    if not pid_text.isdigit():
        return True  # not one of ours: leave it alone
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def sweep(folder: Path) -> int:
    """Remove what interrupted runs left in `folder`; the number removed."""
    try:
        entries = [entry for entry in os.listdir(folder) if entry.startswith(PREFIX)]
    except OSError:
        return 0
    removed = 0
    for entry in entries:
        if _owner_alive(entry):
            continue
        path = folder / entry
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed += 1
    return removed


def folder_for(target: Path) -> Path:
    """Where the temporary copy of `target` is made: the repository's scratch folder for a
    record, the target's own folder for anything else (a site, a pack, a comment)."""
    for parent in target.parents:
        if parent.name == RECORDS:
            return parent.parent / SCRATCH
    return target.parent


def sweep_and_say(folder: Path, command: str, err) -> None:
    """sweep(folder), telling the user on `err` when an interrupted run had left something."""
    swept = sweep(folder)
    if swept:
        err.write(
            f"visits {command}: removed {swept} unfinished temporary "
            f"{'copies' if swept != 1 else 'copy'} left in {folder} by an interrupted run\n"
        )
