"""Validating a change from the memo of the last run, re-checking only what it can affect.

Visits and expenses are nearly all of a repository; the other kinds are small
and kept whole in the memo. A visit's or an expense's findings depend on the
small kinds and on the few other visits and expenses it shares a *tie* with:

    v|<visit id>            a visit, and the expenses naming it (duplicates, expense-visit-mismatch)
    pd|<person>|<day>       visits to one person on one day (visit-overlap)
    vd|<volunteer>|<day>    one volunteer's visits on one day (volunteer-double-booked)
    ey|<volunteer>|<year>   one volunteer's expenses in a year (ceilings, duplicates by day)
    e|<expense id>          expenses sharing an id (duplicate-id)
    a|<assignment>          the visits of an assignment, on which its report-overdue depends

So when only visits and expenses changed, the findings of a record can have
changed only if it shares a tie with a changed record (or is the assignment an
`a|` tie names). Those records are checked again by the ordinary rules, against
the small kinds and their own tied records; every other file keeps the findings
of the memo. Anything else (a small kind changed, many files changed) is a full
run. A rule relating visits or expenses in a new way needs a tie here: the
tests replay random edits and compare every finding with a full run.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from visits.config import apply_severity
from visits.filecache import STAMP_SIZE, digest, pack, settled, unpack
from visits.findings import Finding
from visits.layout import KINDS, kind_of
from visits.memo import UNSETTLED, Memo
from visits.scan import Listing
from visits.records import Corpus, FileResult, check_file, compact
from visits.rules import Context, run_rules

TIED = ("visit", "expense")
MAX_CHANGED = 300  # beyond this, re-checking record by record is no faster than a full run


def _text(data: dict, key: str) -> str | None:
    value = data.get(key)
    # "\n" joins ties and "|" their parts: values holding them are schema errors anyway
    return value if isinstance(value, str) and "\n" not in value and "|" not in value else None


def ties(kind: str, data, assignments: dict[str, tuple]) -> list[str]:
    """The ties of a visit or an expense; `assignments` maps an id to its (person, volunteer)."""
    if not isinstance(data, dict):
        return []
    found = []
    if kind == "visit":
        visit_id, assignment, day = _text(data, "id"), _text(data, "assignment"), _text(data, "date")
        if visit_id:
            found.append(f"v|{visit_id}")
        if assignment:
            found.append(f"a|{assignment}")
            person, volunteer = assignments.get(assignment, (None, None))
            if day and isinstance(person, str):
                found.append(f"pd|{person}|{day}")
            if day and isinstance(volunteer, str):
                found.append(f"vd|{volunteer}|{day}")
    elif kind == "expense":
        expense_id, volunteer, day, visit = (_text(data, key) for key in ("id", "volunteer", "date", "visit"))
        if expense_id:
            found.append(f"e|{expense_id}")
        if volunteer and day:
            found.append(f"ey|{volunteer}|{day[:4]}")
        if visit:
            found.append(f"v|{visit}")
    return found


def _assignments(results) -> dict[str, tuple]:
    """(person, volunteer) of each valid assignment id, the first in path order as Corpus.get has it."""
    found: dict[str, tuple] = {}
    for result in results:
        if result.kind == "assignment" and result.valid:
            found.setdefault(result.data["id"], (result.data["person"], result.data["volunteer"]))
    return found


def _grouped(findings: list[Finding]) -> dict[str, tuple]:
    by_file: dict[str, list[Finding]] = {}
    for found in findings:
        by_file.setdefault(found.file, []).append(found)
    return {path: pack(group) for path, group in by_file.items()}


def remember(corpus: Corpus, findings: list[Finding], started_ns: int) -> Memo:
    """The memo of a full run: `findings` are all of them, graded, before any filtering."""
    assignments = _assignments(corpus.results)
    stamps, digests, tie_column, whole = [], [], [], []
    for result in corpus.results:
        stamped, key = corpus.files[result.path]
        stamps.append(settled(stamped, started_ns) or UNSETTLED)
        digests.append(key)
        tie_column.append("\t".join(ties(result.kind, result.data, assignments)) if result.kind in TIED else "")
        if result.kind not in TIED:
            whole.append((result.path, result.kind, result.data, pack(result.findings)))
    return Memo([result.path for result in corpus.results], bytearray(b"".join(stamps)),
                bytearray(b"".join(digests)), tie_column, _grouped(findings), whole)


class _KnownVisits(set):
    """Visit ids as Corpus.known_ids has them: the ones loaded, and those of the memo when asked."""

    def __init__(self, memo: Memo):
        super().__init__()
        self.memo = memo
        self.remembered: set[str] | None = None

    def __contains__(self, visit_id) -> bool:
        if set.__contains__(self, visit_id):
            return True
        if self.remembered is None:  # a visit's own id is its first tie
            folder = KINDS["visit"].prefix
            self.remembered = {joined.partition("\t")[0][2:] for path, joined in zip(self.memo.paths, self.memo.ties)
                               if path.startswith(folder) and joined.startswith("v|")}
        return visit_id in self.remembered


def _kind(path: str) -> str | None:
    kind = kind_of(path)
    return kind.name if kind else None


def _digest(path: str, raw: bytes) -> bytes:
    return digest(_kind(path) or "-", raw)  # as the loader keys its cache


def _read(root, path: str) -> bytes:
    return (root / path).read_bytes()


class Change:
    """What differs between the files on disk and the memo."""

    CHUNK = 512  # stamps compared at once: equal chunks, nearly all of them, cost one comparison

    def __init__(self, root, memo: Memo, listing: Listing):
        self.changed: dict[str, tuple[bytes, bytes]] = {}  # added or modified: path -> (stamp, bytes)
        self.restamped: dict[str, bytes] = {}  # touched, same bytes: path -> new stamp
        self.gone: set[str] = set()
        added: set[str] = set()
        if listing.paths != memo.paths:
            now, before = set(listing.paths), set(memo.paths)
            added, self.gone = now - before, before - now
        # the files both know, in the same order on both sides: compare their stamps in bulk
        ours = _without(listing.paths, listing.stamps, added)
        theirs = _without(memo.paths, memo.stamps, self.gone)
        common = [path for path in listing.paths if path not in added] if added else listing.paths
        for start in range(0, len(common), self.CHUNK):
            span = slice(start * STAMP_SIZE, (start + self.CHUNK) * STAMP_SIZE)
            if ours[span] == theirs[span]:
                continue
            for offset, path in enumerate(common[start:start + self.CHUNK], start):
                here = slice(offset * STAMP_SIZE, (offset + 1) * STAMP_SIZE)
                if ours[here] != theirs[here]:
                    self._look(root, memo, path, bytes(ours[here]))
        for path in added:
            self.changed[path] = (listing.stamps[_span(listing.paths, path)], _read(root, path))

    def _look(self, root, memo: Memo, path: str, stamped: bytes) -> None:
        raw = _read(root, path)
        if memo.digest(memo.position(path)) == _digest(path, raw):
            self.restamped[path] = stamped
        else:
            self.changed[path] = (stamped, raw)

    @property
    def paths(self) -> set[str]:
        return set(self.changed) | self.gone

    def only_tied_kinds(self) -> bool:
        return len(self.paths) <= MAX_CHANGED and all(_kind(path) in TIED for path in self.paths)


def _span(paths: list[str], path: str) -> slice:
    index = bisect.bisect_left(paths, path)
    return slice(index * STAMP_SIZE, (index + 1) * STAMP_SIZE)


def _without(paths: list[str], stamps, left_out: set[str]) -> memoryview:
    """The stamps column without the stamps of the files left out."""
    if not left_out:
        return memoryview(stamps)
    kept = bytearray(stamps)
    for span in sorted((_span(paths, path) for path in left_out), key=lambda span: -span.start):
        del kept[span]
    return memoryview(kept)


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
        return (f"{self.changed} files changed since the last run: {self.rechecked} records checked "
                "again, the findings of the others taken from the memo in .cache/")


def revalidate(root, memo: Memo, listing: Listing, schemas, limits: dict, config: dict, today,
               started_ns: int) -> Revalidation | None:
    """All findings from the memo and the change, or None when a full run is needed.

    Updates the memo in place to describe the files as they are now.
    """
    change = Change(root, memo, listing)
    if not change.only_tied_kinds():
        return None
    for path, stamped in change.restamped.items():
        index = memo.position(path)
        memo.put(path, settled(stamped, started_ns) or UNSETTLED, memo.digest(index), memo.ties_of(path))
    rechecked = _recheck(root, memo, change, schemas, limits, config, today, started_ns) if change.paths else 0
    findings = [found for path, packed in memo.findings.items() for found in unpack(path, packed)]
    return Revalidation(findings, len(change.paths), rechecked, len(change.restamped))


def _recheck(root, memo: Memo, change: Change, schemas, limits, config, today, started_ns) -> int:
    """Work out again the findings of every record the change can affect; returns how many."""
    whole = [FileResult(path, kind, data, unpack(path, packed)) for path, kind, data, packed in memo.whole]
    assignments = _assignments(whole)
    fresh = {path: _checked(path, raw, schemas, limits) for path, (_, raw) in change.changed.items()}
    questioned = {tie for path in change.paths for tie in memo.ties_of(path)}
    for path in change.gone:
        memo.drop(path)
    for path, result in fresh.items():  # the memo now describes the files as they are
        stamped, raw = change.changed[path]
        tied = ties(result.kind, result.data, assignments)
        questioned.update(tied)
        memo.put(path, settled(stamped, started_ns) or UNSETTLED, _digest(path, raw), tied)
    named = {tie[2:] for tie in questioned if tie.startswith("a|")}
    peers = {tie for tie in questioned if not tie.startswith("a|")}
    focus = set(fresh).union(*memo.members(peers).values())
    focus.update(result.path for result in whole if result.kind == "assignment"
                 and isinstance(result.data, dict) and result.data.get("id") in named)
    around = {tie for path in focus for tie in memo.ties_of(path) if not tie.startswith("a|")}
    around |= {f"a|{assignment}" for assignment in named}
    needed = focus.union(*memo.members(around).values())
    tied_results = [fresh[path] if path in fresh else _checked(path, _read(root, path), schemas, limits)
                    for path in needed if _kind(path) in TIED]
    results = sorted(whole + tied_results, key=lambda result: result.path)
    corpus = Corpus(root, results, known_ids={"visit": _KnownVisits(memo)})
    found = [finding for result in results if result.path in focus for finding in result.findings]
    found += [finding for finding in run_rules(corpus, Context(today=today, config=config))
              if finding.file in focus]
    for path in focus | change.gone:
        memo.findings.pop(path, None)
    memo.findings.update(_grouped(sorted(set(apply_severity(found, config)), key=Finding.sort_key)))
    return len(focus)


def _checked(path: str, raw: bytes, schemas, limits) -> FileResult:
    result = check_file(path, raw, schemas, limits)
    result.data = compact(result.data)
    return result
