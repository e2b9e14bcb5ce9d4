"""What the engine may do to the whole process: fork workers and scans, freeze the collector.

Both are the command's decision, not a library call's: `visits` run from the shell says
so once (cli.main calls engine.at_command_edge), and the engine then forks its scan and
its workers and freezes the objects that live to the end of the run. Called from a
test or another program, the engine does neither, unless the caller asks for workers.
"""

from __future__ import annotations

import gc
import os

_ALLOWED = {"processes": False}


def allow() -> None:
    """This process is a command of its own: it may fork and freeze."""
    _ALLOWED["processes"] = True


def processes(asked: int | None = None) -> int:
    """The processes to use: as asked, else one per core at the command edge, else one."""
    if asked is not None:
        return asked
    return (os.cpu_count() or 1) if _ALLOWED["processes"] else 1


def settle() -> None:
    """The records (or the memo) loaded stay to the end of the command: keep the collector from
    walking them again and again while the rules allocate (it doubled their time at 100,000
    visits). Only at the command edge: a library call leaves the collector as it found it."""
    if _ALLOWED["processes"]:
        gc.freeze()
