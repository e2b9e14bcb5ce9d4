"""One validation run: per-file checks, cross-record rules, severities from the config.

With the cache on, a run that needs only the findings starts from the memo of the
last run when there is one for the same day, settings, schemas and code, and
re-checks only what changed since (see incremental.py); every other run is full
and leaves such a memo behind.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from dataclasses import dataclass
from pathlib import Path

from visits import cachekey, memo, scan
from visits.config import ConfigError, apply_severity
from visits.corpusload import LoadReport, load_corpus
from visits.findings import Finding
from visits.incremental import remember, revalidate
from visits.records import Corpus
from visits.rules import Context, run_rules
from visits.schemas import SchemaSet


@dataclass
class Outcome:
    corpus: Corpus | None  # None when the findings came from the memo: ask with need_corpus=True
    findings: list[Finding]
    paths: list[str]  # every file checked
    memo: memo.Memo | None = None  # the memo as this run leaves it, with the cache on

    @property
    def records(self) -> int:
        return len(self.paths)


def validate(
    root: Path,
    config: dict,
    today: dt.date,
    only: set[str] | None = None,
    *,
    need_corpus: bool = True,
    use_cache: bool = True,
    report: LoadReport | None = None,
    scanning: scan.Scan | None = None,
    **load_options,
) -> Outcome:
    """Check every record; report findings for `only` those files when given.

    Every record is always taken into account, because a changed file is judged
    against all the others (its references, its overlaps). `scanning` is a scan of
    root the caller started already (see commands/validate.py).
    """
    for needed in ("records", "schemas"):
        if not (root / needed).is_dir():
            raise ConfigError(f"{root} has no {needed}/ folder; is --root a visits repository?")
    started = time.time_ns()
    report = report if report is not None else LoadReport()
    schemas = SchemaSet.load(root)
    key, no_key = cachekey.secret(root) if use_cache else (None, "")
    if no_key:  # said once here: the loader is told not to look for a cache
        report.notes.append(no_key)
    use_cache = key is not None
    inputs = memo.inputs_key(schemas.fingerprint(), config, today) if use_cache else ""
    scanning = scanning or scan.for_run(root, use_cache)
    if key and inputs and not need_corpus and memo.memo_file(root, inputs).is_file():
        remembered, problem = memo.load(root, inputs, key)  # while the scan stats every file
        listing = scanning.result()
        if problem:
            report.notes.append(problem)
        gc.freeze()  # the memo stays to the end: the collector walking it would only slow the rules
        again = (
            remembered
            and listing.stamped
            and revalidate(root, remembered, listing, schemas, config["limits"], config, today, started)
        )
        if again:
            report.files, report.from_memo = len(listing), True
            report.notes.append(again.note)
            if remembered and again.dirty:
                _save(root, inputs, remembered, key, report)
            return _outcome(None, again.findings, listing.paths, only, remembered)
    corpus = load_corpus(
        root, schemas, config["limits"], use_cache=use_cache, report=report, scanning=scanning, **load_options
    )
    corpus.schemas = schemas  # the rules judge a record with schema errors on its sound fields
    findings = corpus.file_findings + run_rules(corpus, Context(today=today, config=config))
    findings = sorted(set(apply_severity(findings, config)), key=Finding.sort_key)
    remembered = remember(corpus, findings, started) if inputs else None
    if remembered and key:
        _save(root, inputs, remembered, key, report)
    return _outcome(corpus, findings, [result.path for result in corpus.results], only, remembered)


def _outcome(
    corpus, findings: list[Finding], paths: list[str], only: set[str] | None, remembered: memo.Memo | None
) -> Outcome:
    if only is not None:
        findings = [found for found in findings if found.file in only]
    return Outcome(corpus, sorted(findings, key=Finding.sort_key), paths, remembered)


def _save(root: Path, inputs: str, remembered: memo.Memo, key: bytes, report: LoadReport) -> None:
    try:
        memo.save(root, inputs, remembered, key)
    except OSError as exc:
        report.notes.append(f"memo not saved ({exc})")
