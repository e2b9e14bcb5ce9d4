"""Validating a change from the memo of the last run, re-checking only what it can affect.

Visits and expenses are nearly all of a repository; the other kinds are small
and kept whole in the memo. When only visits and expenses changed, the findings
of a record can have changed only if it shares a tie (see ties.py) with a
changed record, or is the assignment an `a|` tie names. Those records are
checked again by the ordinary rules, against the small kinds and their own
tied records; every other file keeps the findings of the memo. Anything else
(a small kind changed, many files changed) is a full run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from visits.config import apply_severity
from visits.engine.kept import Packed, file_digest, pack, settled, unpack
from visits.engine.memo import UNSETTLED, Memo
from visits.engine.scan import Listing
from visits.engine.ties import TIED, Assignments, assignments_of, joined_ties, members, reached, split, ties
from visits.findings import Finding
from visits.layout import KINDS, kind_of
from visits.reading import STAMP_SIZE, read_file
from visits.records import Corpus, FileResult, check_file
from visits.rules import Context, run_rules
from visits.schemas import SchemaSet

MAX_CHANGED = 300  # beyond this, re-checking record by record is no faster than a full run


def _grouped(findings: list[Finding]) -> dict[str, Packed]:
    by_file: dict[str, list[Finding]] = {}
    for found in findings:
        by_file.setdefault(found.file, []).append(found)
    return {path: pack(group) for path, group in by_file.items()}


def remember(corpus: Corpus, findings: list[Finding], started_ns: int) -> Memo:
    """The memo of a full run: `findings` are all of them, graded, before any filtering."""
    assignments = assignments_of(corpus.results)
    results = corpus.results
    seen = [corpus.files[result.path] for result in results]  # comprehensions: 180,000 files
    stamps = b"".join([settled(stamped, started_ns) or UNSETTLED for stamped, _ in seen])
    tie_column = [joined_ties(result, assignments) if result.kind in TIED else "" for result in results]
    whole = [
        (result.path, result.kind, result.data, pack(result.findings)) for result in results if result.kind not in TIED
    ]
    return Memo.build(
        [result.path for result in results],
        stamps,
        b"".join([key for _, key in seen]),
        tie_column,
        _grouped(findings),
        whole,
    )


class _KnownVisits(set[str]):
    """Visit ids as Corpus.known_ids has them: those loaded, and those of the unchanged files."""

    def __init__(self, memo: Memo, changed: set[str], assignments: Assignments):
        super().__init__()
        self.memo, self.changed, self.assignments = memo, changed, assignments
        self.remembered: set[str] | None = None

    def __contains__(self, visit_id: object) -> bool:
        if set.__contains__(self, visit_id):
            return True
        if not isinstance(visit_id, str):
            return False  # the references rule asks about ids the schema checked as text
        # most visits are where their id says: look there before reading every visit's ties
        owner = self.assignments.get(visit_id[11:].removesuffix("-2"), (None, None))[1]
        expected = isinstance(owner, str) and KINDS["visit"].expected_path(
            {"id": visit_id, "date": visit_id[:10]}, owner
        )
        if expected and self._remembered_at(expected, visit_id):
            return True
        if self.remembered is None:  # a visit's own id is its first tie
            folder = KINDS["visit"].prefix
            self.remembered = {
                joined.partition("\t")[0][2:]
                for path, joined in self.memo.items()
                if path.startswith(folder) and joined.startswith("v|") and path not in self.changed
            }
        return visit_id in self.remembered

    def _remembered_at(self, path: str, visit_id: str) -> bool:
        return path not in self.changed and self.memo.ties_of(path)[:1] == [f"v|{visit_id}"]


def _kind(path: str) -> str | None:
    kind = kind_of(path)
    return kind.name if kind else None


class Change:
    """What differs between the files on disk and the memo."""

    def __init__(self, root: Path, memo: Memo, listing: Listing):
        self.changed: dict[str, tuple[bytes, bytes]] = {}  # added or modified: path -> (stamp, bytes)
        self.restamped: dict[str, bytes] = {}  # touched, same bytes: path -> new stamp
        self.gone = set(memo.paths) - set(listing.paths) if listing.paths != memo.paths else set()
        known = memo.known(listing.paths, listing.stamps)
        for index in [index for index, digest in enumerate(known) if digest is None]:
            path, stamped = listing.paths[index], listing.stamps[index * STAMP_SIZE : (index + 1) * STAMP_SIZE]
            raw = read_file(root, path)
            if memo.digest(path) == file_digest(path, raw):
                self.restamped[path] = stamped
            else:
                self.changed[path] = (stamped, raw)

    @property
    def paths(self) -> set[str]:
        return set(self.changed) | self.gone

    def only_tied_kinds(self) -> bool:
        return len(self.paths) <= MAX_CHANGED and all(_kind(path) in TIED for path in self.paths)


@dataclass
class Revalidation:
    findings: list[Finding]  # all of them, graded
    changed: int  # files added, modified or deleted since the memo
    rechecked: int  # records whose findings were worked out again
    restamped: int  # files touched without a change of their bytes

    @property
    def dirty(self) -> bool:
        return bool(self.changed or self.restamped)

    @property
    def note(self) -> str:
        return (
            f"{self.changed} files changed since the last run: {self.rechecked} records checked "
            "again, the findings of the others taken from the memo in .cache/"
        )


def revalidate(
    root: Path,
    memo: Memo,
    listing: Listing,
    schemas: SchemaSet,
    config: dict[str, Any],
    today: dt.date,
    started_ns: int,
) -> Revalidation | None:
    """All findings from the memo and the change, or None when a full run is needed.

    Updates the memo in place to describe the files as they are now.
    """
    change = Change(root, memo, listing)
    if not change.only_tied_kinds():
        return None
    for path, stamped in change.restamped.items():
        remembered = memo.digest(path)
        assert remembered is not None  # restamped files are the memo's own, with bytes unchanged
        memo.put(path, settled(stamped, started_ns) or UNSETTLED, remembered, memo.ties_of(path))
    rechecked = _recheck(root, memo, change, schemas, config, today, started_ns) if change.paths else 0
    findings = [found for path, packed in memo.findings.items() for found in unpack(path, packed)]
    return Revalidation(findings, len(change.paths), rechecked, len(change.restamped))


def _recheck(
    root: Path,
    memo: Memo,
    change: Change,
    schemas: SchemaSet,
    config: dict[str, Any],
    today: dt.date,
    started_ns: int,
) -> int:
    """Work out again the findings of every record the change can affect; returns how many."""
    limits = config["limits"]
    whole = whole_results(memo)
    assignments = assignments_of(whole)
    fresh = {path: check_file(path, raw, schemas, limits) for path, (_, raw) in change.changed.items()}
    new_ties = {path: ties(result.kind, result.data, assignments, path) for path, result in fresh.items()}

    questioned = {tie for path in change.paths for tie in memo.ties_of(path)}
    questioned.update(tie for tied in new_ties.values() for tie in tied)
    focus = set(fresh) | reached(memo, questioned, whole, change.paths, new_ties)
    # what the rules need to judge the focus: the records tied to it, and the visits of its assignments
    around, _ = split(tie for path in focus for tie in (new_ties[path] if path in new_ties else memo.ties_of(path)))
    around |= {f"a|{assignment}" for assignment in split(questioned)[1]}
    needed = focus | members(memo, around, change.paths, new_ties)
    tied_results = [
        fresh[path] if path in fresh else check_file(path, read_file(root, path), schemas, limits)
        for path in needed
        if _kind(path) in TIED
    ]
    results = sorted(whole + tied_results, key=lambda result: result.path)
    corpus = Corpus(
        root, results, known_ids={"visit": _KnownVisits(memo, change.paths, assignments)}, focus=focus, schemas=schemas
    )
    found = [finding for result in results if result.path in focus for finding in result.findings]
    found += [finding for finding in run_rules(corpus, Context(today=today, config=config)) if finding.file in focus]
    for path in focus | change.gone:
        memo.findings.pop(path, None)
    memo.findings.update(_grouped(sorted(set(apply_severity(found, config)), key=Finding.sort_key)))
    for path in change.gone:  # now the memo may describe the files as they are
        memo.drop(path)
    for path, _result in fresh.items():
        stamped, raw = change.changed[path]
        memo.put(path, settled(stamped, started_ns) or UNSETTLED, file_digest(path, raw), new_ties[path])
    return len(focus)


def whole_results(memo: Memo) -> list[FileResult]:
    """The memo's records of the kinds without ties, as the loader gives them."""
    return [FileResult(path, kind, data, unpack(path, packed)) for path, kind, data, packed in memo.whole]
