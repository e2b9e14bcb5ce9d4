"""The engine: loading, caching and re-checking records. Commands use only what is here.

    engine.start(root)                       the scan of every record file, begun at once
    engine.run(root, config, today, scope)   every record checked -> Outcome (findings of scope)
    engine.records(root, config)             every record read and checked on its own -> Corpus

How a run flows (`engine.run`):

1. **Scan** (scan.py): every file under records/ is listed with its stat stamp, in two
   forked processes when the command allows it (edge.py: forks and gc.freeze only at the
   command edge), while the caller imports and reads its settings. With no store on disk
   only names are listed, and each file is stamped from the descriptor it is read by.
2. **Memo** (memo.py): the store (store.py: .cache/visits/store.sqlite) holds the memo of
   the last run, sealed for one fingerprint (code, schemas, settings, libraries and the
   day: cachekey.py): every file's stamp and digest (kept.py), the ties of visits and
   expenses (ties.py), the records of the other kinds, and the findings. Its stamps are
   compared with the scan's (Memo.known); if only visits and expenses changed,
   incremental.py checks again the changed files and those *tied* to them, and every
   other file keeps its remembered findings. A caller that needs the records themselves
   (the site, the report) skips this step.
3. **Load** (load.py): otherwise every file is read (visits.reading), parsed (the compiled
   plain-YAML reader, else the strict loader) and schema-checked, by worker processes for
   large runs.
4. **Rules**: every cross-record rule (visits.rules) runs on the whole corpus; severities
   come from the settings; the memo for the next run is written.
5. **Scope** (outcome.py, changes.py): the findings of the files asked about are kept:
   all, PATHs given, or for `--changed-since` the changed files and those the change puts
   in question (from the memo's ties, or from the loaded corpus).

The store is safe to delete; an entry that does not verify (its HMAC is made with a key kept in
the checkout's Git folder) is rebuilt, never trusted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from visits.engine.edge import allow
from visits.engine.outcome import EVERYTHING, LoadReport, Outcome, Scope
from visits.engine.scan import Scan, for_run

if TYPE_CHECKING:
    from visits.records import Corpus

__all__ = ["EVERYTHING", "LoadReport", "Outcome", "Scope", "at_command_edge", "describe", "records", "run", "start"]


def at_command_edge() -> None:
    """Say this process is a command of its own: the engine may fork and freeze (edge.py)."""
    allow()


def start(root: Path, use_cache: bool = True) -> Scan:
    """Begin the scan a run needs (it forks: call it from the command, first thing)."""
    return for_run(root, use_cache)


def run(root: Path, config: dict[str, Any], today: dt.date, scope: Scope = EVERYTHING, **options: Any) -> Outcome:
    """See runner.run: imported on first use, so that the scan starts before the rest loads."""
    from visits.engine import runner

    return runner.run(root, config, today, scope, **options)


def records(root: Path, config: dict[str, Any], **options: Any) -> Corpus:
    """See runner.records."""
    from visits.engine import runner

    return runner.records(root, config, **options)


def describe(report: LoadReport) -> str:
    """What the engine did, as `--verbose` prints it."""
    from visits.fastyaml import COMPILED
    from visits.schemas import ENGINE

    processes = f"{report.workers} process{'es' * (report.workers > 1)}"
    loaded = "" if report.from_memo else f": {report.parsed} parsed, {processes}"
    reader = "compiled" if COMPILED else "strict loader only"
    lines = [f"{report.files} files{loaded}; schemas: {ENGINE}; YAML reader: {reader}"]
    lines += report.notes
    return "".join(f"visits validate: {line}\n" for line in lines)
