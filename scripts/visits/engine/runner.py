"""One run of the engine: every record checked, the findings of the scope reported.

With the store on, a run that needs only the findings starts from the memo of the
last run when there is one for the same day, settings, schemas and code, and
re-checks only what changed since (see incremental.py); every other run is full
and leaves such a memo behind. The caller never chooses: it says what it needs.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from visits.config import apply_severity
from visits.engine import cachekey, edge, memo, scan
from visits.engine.changes import affected, only_tied_kinds
from visits.engine.incremental import remember, revalidate
from visits.engine.load import load_corpus
from visits.engine.outcome import EVERYTHING, LoadReport, Outcome, Scope
from visits.engine.store import Store
from visits.errors import ConfigError
from visits.findings import Finding
from visits.gitdiff import Changes, changed_since
from visits.records import Corpus
from visits.rules import Context, run_rules
from visits.schemas import SchemaSet


def run(
    root: Path,
    config: dict[str, Any],
    today: dt.date,
    scope: Scope = EVERYTHING,
    *,
    corpus: bool = False,
    use_cache: bool = True,
    workers: int | None = None,
    report: LoadReport | None = None,
    scanning: scan.Scan | None = None,
    progress_stream: Any = None,
) -> Outcome:
    """Check every record and report the findings of `scope`; `corpus=True` when the caller
    needs the records themselves. `scanning` is a scan of root the caller started already."""
    for needed in ("records", "schemas"):
        if not (root / needed).is_dir():
            raise ConfigError(f"{root} has no {needed}/ folder; is --root a visits repository?")
    changes = changed_since(root, scope.since) if scope.since is not None else None  # GitError for the caller
    if changes is not None and not only_tied_kinds(changes):
        corpus = True  # a change of other kinds than visits and expenses is judged on every record
    report = report if report is not None else LoadReport()
    started = time.time_ns()
    schemas = SchemaSet.load(root)
    key, no_key = cachekey.secret(root) if use_cache else (None, "")
    if no_key:  # said once here: the loader is told not to look for a cache
        report.notes.append(no_key)
    store = Store(root, key) if key is not None else None
    fingerprint = cachekey.fingerprint(schemas.fingerprint(), config, today)
    scanning = scanning or scan.for_run(root, store is not None)
    # while the scan stats every file; a caller that needs the records gets a full run anyway
    remembered = _remembered(store, fingerprint, report) if not corpus else None
    if remembered is not None:
        listing = scanning.result()
        edge.settle()  # the memo stays to the end: the collector walking it would only slow the rules
        again = listing.stamped and revalidate(root, remembered, listing, schemas, config, today, started)
        if again and store is not None:
            report.files, report.from_memo = len(listing), True
            report.notes.append(again.note)
            if again.dirty:
                _save(store, fingerprint, today, remembered, report)
            focus = None if changes is None else affected(root, remembered, changes)
            return _outcome(None, again.findings, listing.paths, scope, changes, focus)
    del remembered  # a full run makes its memo anew: the old one would only take up memory
    loaded = load_corpus(
        root,
        schemas,
        config["limits"],
        report=report,
        scanning=scanning,
        workers=workers,
        progress_stream=progress_stream,
    )
    loaded.schemas = schemas  # the rules judge a record with schema errors on its sound fields
    findings = loaded.file_findings + run_rules(loaded, Context(today=today, config=config))
    findings = sorted(set(apply_severity(findings, config)), key=Finding.sort_key)
    remembered = remember(loaded, findings, started) if store is not None or changes is not None else None
    if store is not None and remembered is not None:
        _save(store, fingerprint, today, remembered, report)
    focus = None if changes is None or remembered is None else affected(root, remembered, changes, loaded)
    return _outcome(loaded, findings, [result.path for result in loaded.results], scope, changes, focus)


def _outcome(
    loaded: Corpus | None,
    findings: list[Finding],
    paths: list[str],
    scope: Scope,
    changes: Changes | None,
    focus: set[str] | None,
) -> Outcome:
    asked: set[str] = set()
    if scope.paths is not None:
        asked = _under(scope.paths, paths)
        findings = [found for found in findings if found.file in asked]
    if changes is not None:
        asked = set(changes.changed)
        if focus is not None:  # None: the change may touch any record
            findings = [found for found in findings if found.file in focus]
    return Outcome(loaded, sorted(findings, key=Finding.sort_key), paths, asked)


def _under(given: frozenset[str], paths: list[str]) -> set[str]:
    """The files named, a folder standing for the files under it."""
    prefixes = tuple(path.rstrip("/") + "/" for path in given)
    return {path for path in paths if path in given or path.startswith(prefixes)}


def _save(store: Store, fingerprint: str, today: dt.date, remembered: memo.Memo, report: LoadReport) -> None:
    try:
        memo.save(store, fingerprint, today, remembered)
    except OSError as exc:
        report.notes.append(f"memo not saved ({exc})")


def _remembered(store: Store | None, fingerprint: str, report: LoadReport) -> memo.Memo | None:
    if store is None:
        return None
    remembered, problem = memo.load(store, fingerprint)
    report.notes += [note for note in (store.news(), problem) if note]
    return remembered


def records(root: Path, config: dict[str, Any], **options: Any) -> Corpus:
    """The records of the repository at root, each checked on its own (no cross-record rules):
    for the commands that read records rather than judge them."""
    return load_corpus(root, SchemaSet.load(root), config["limits"], **options)
