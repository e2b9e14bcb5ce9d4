"""What a caller asks of a run (Scope) and what it gets back (Outcome, LoadReport).

Kept apart from the run itself, so that a command can name them without importing
the loader, the rules and the schema engine before its scan has started.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from visits.findings import Finding
    from visits.records import Corpus


@dataclass(frozen=True)
class Scope:
    """Which files' findings a run reports. Every record is always checked, because a file is
    judged against all the others; the scope only selects what is reported.

    `paths`: repository paths of files or folders (a folder stands for the files under it);
    `since`: a Git ref, for what changed since its merge base with HEAD and the records the
    change puts in question. Neither: every file."""

    paths: frozenset[str] | None = None
    since: str | None = None

    def __post_init__(self) -> None:
        if self.paths is not None and self.since is not None:
            raise ValueError("a scope is paths or a change, not both")


EVERYTHING = Scope()


@dataclass
class LoadReport:
    """What the engine did, for --verbose."""

    files: int = 0
    parsed: int = 0
    workers: int = 1
    from_memo: bool = False  # the findings came from the last run's memo (see incremental.py)
    notes: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    corpus: Corpus | None  # None unless asked for (corpus=True): a run from the memo has none
    findings: list[Finding]  # graded, sorted, those of the scope only
    paths: list[str]  # every file checked
    asked: set[str] = field(default_factory=set)  # the files the scope names (changed, or given)

    @property
    def records(self) -> int:
        return len(self.paths)
