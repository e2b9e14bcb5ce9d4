"""The memo of the last validation: its findings, and what a later run needs to redo only part.

It is the store's entry `memo` (store.py), sealed for the run's fingerprint (the code,
schemas, settings, libraries and the day: cachekey.fingerprint). Change any of them and
the memo is simply not used; delete it, or let anything but this code write it, and the
next run is a full one. Which records a change can affect is
incremental.py's business.

It is laid out for 180,000 files: the per-file part is columns (one list of
paths, one bytes of stamps, one of digests, one list of ties), so that a run
where nothing changed compares a few hundred chunks of stamps (Memo.known). The ties
are not indexed: a search of their column as loaded, or one pass over it,
answers every question a change asks in a few hundredths of a second, where a
dict of 600,000 ties would take half a second to load and as much to save.
A run that changed a few files writes only a journal of them (the entry `journal`)
(a few kilobytes instead of 37 MB); the next full run, or a long journal,
writes the memo whole again.
"""

from __future__ import annotations

import bisect
import datetime as dt
import secrets
from array import array
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from visits.engine.kept import DIGEST_SIZE, Packed, sound, sound_record
from visits.engine.store import Store
from visits.reading import STAMP_SIZE

FORMAT = 4
Whole = tuple[str, Any, Any, Packed]  # a record of a kind without ties: path, kind, data, findings
SEARCHED_ONE_BY_ONE = 24  # ties; for more, one pass over the column is quicker than a search each
UNSETTLED = bytes(STAMP_SIZE)  # the stamp of a file to hash again next time: it equals no real stamp
NO_DIGEST = bytes(DIGEST_SIZE)
CHUNK = 512  # stamps compared at once: equal chunks, nearly all of them, cost one comparison
JOURNAL_MAX = 200  # files; beyond, loading the journal costs more than writing the memo whole


class Memo:
    """Columns as written whole (paths, stamps, digests, ties), the journal of what changed since,
    and the findings. The ties stay one text with its line starts: only changed files' are read."""

    def __init__(
        self,
        paths: list[str],
        stamps: bytes | bytearray,
        digests: bytes | bytearray,
        ties_text: str,
        line_starts: array[int],
        findings: dict[str, Packed],
        whole: list[Whole],
        generation: str | None = None,
    ):
        self.base_paths = paths  # as written whole, the lines of ties_text
        self.paths = list(paths)  # every file now, sorted
        self.stamps = bytearray(stamps)  # STAMP_SIZE bytes per path, in the same order
        self.digests = bytearray(digests)  # DIGEST_SIZE bytes per path
        self.ties_text = ties_text  # each file's ties joined by "\t", one line per file
        self.line_starts = line_starts  # where each line starts, and where the text ends
        self.findings = findings  # path -> packed findings, for files that have any
        self.whole = whole  # the records of the kinds without ties: (path, kind, data, packed findings)
        self.generation = generation or secrets.token_hex(8)  # of the memo as written whole
        # what changed since: path -> (stamp, digest, ties joined by "\t"), or None when gone
        self.journal: dict[str, tuple[bytes, bytes, str] | None] = {}

    @classmethod
    def build(
        cls,
        paths: list[str],
        stamps: bytes | bytearray,
        digests: bytes | bytearray,
        ties: list[str],
        findings: dict[str, Packed],
        whole: list[Whole],
    ) -> Memo:
        starts = array("I", accumulate(map((1).__add__, map(len, ties)), initial=0))
        return cls(paths, stamps, digests, "\n".join(ties), starts, findings, whole)

    def known(self, paths: list[str], stamps: bytes) -> list[bytes | None]:
        """The index the re-check asks what changed: for each of these files, the digest of
        its bytes when its stamp (in `stamps`, as the scan took them) is the one remembered, else
        None. Written for 180,000 files, of which a handful changed: the columns are lined up
        with the files asked about, then compared in chunks, nearly all of them equal."""
        lined, digest_column = bytearray(self.stamps), bytearray(self.digests)
        if paths != self.paths:  # files added or gone: line the columns up with `paths`
            now, before = set(paths), set(self.paths)
            for index in sorted((bisect.bisect_left(self.paths, path) for path in before - now), reverse=True):
                del lined[index * STAMP_SIZE : (index + 1) * STAMP_SIZE]  # the later ones first
                del digest_column[index * DIGEST_SIZE : (index + 1) * DIGEST_SIZE]
            for index in sorted(bisect.bisect_left(paths, path) for path in now - before):
                lined[index * STAMP_SIZE : index * STAMP_SIZE] = UNSETTLED
                digest_column[index * DIGEST_SIZE : index * DIGEST_SIZE] = NO_DIGEST
        mine, digests, size = bytes(lined), bytes(digest_column), STAMP_SIZE
        found: list[bytes | None] = [digests[at : at + DIGEST_SIZE] for at in range(0, len(digests), DIGEST_SIZE)]
        for start in range(0, len(stamps), CHUNK * size):
            if mine[start : start + CHUNK * size] != stamps[start : start + CHUNK * size]:
                for index in range(start // size, min(len(paths), start // size + CHUNK)):
                    if mine[index * size : (index + 1) * size] != stamps[index * size : (index + 1) * size]:
                        found[index] = None
        return found

    def position(self, path: str) -> int | None:
        index = bisect.bisect_left(self.paths, path)
        return index if index < len(self.paths) and self.paths[index] == path else None

    def stamp(self, index: int) -> bytes:
        return bytes(self.stamps[index * STAMP_SIZE : (index + 1) * STAMP_SIZE])

    def digest(self, path: str) -> bytes | None:
        """The digest of path's bytes when remembered, or None for a path the memo does not list."""
        index = self.position(path)
        return None if index is None else bytes(self.digests[index * DIGEST_SIZE : (index + 1) * DIGEST_SIZE])

    def ties_of(self, path: str) -> list[str]:
        joined = self._joined_ties(path)
        return joined.split("\t") if joined else []

    def _joined_ties(self, path: str) -> str:
        if path in self.journal:
            entry = self.journal[path]
            return entry[2] if entry else ""
        index = bisect.bisect_left(self.base_paths, path)
        if index == len(self.base_paths) or self.base_paths[index] != path:
            return ""
        return self.ties_text[self.line_starts[index] : self.line_starts[index + 1] - 1]

    def items(self) -> Iterator[tuple[str, str]]:
        """(path, its ties joined by "\t") of every file now, in no particular order."""
        # strict=False: a memo of no files has one empty line of ties
        for path, joined in zip(self.base_paths, self.ties_text.split("\n"), strict=False):
            if path not in self.journal:
                yield path, joined
        for path, entry in self.journal.items():
            if entry is not None:
                yield path, entry[2]

    def all_ties(self) -> list[str]:
        """Every file's ties joined by "\t", in the order of paths."""
        joined = dict(self.items())
        return [joined[path] for path in self.paths]

    def members(self, wanted: set[str]) -> dict[str, list[str]]:
        """The files that have each of the wanted ties."""
        found: dict[str, list[str]] = {tie: [] for tie in wanted}
        if len(wanted) <= SEARCHED_ONE_BY_ONE:
            for tie in wanted:  # as written whole, corrected by the journal
                found[tie] = [path for path in self._search(tie) if path not in self.journal]
            for path, entry in self.journal.items():
                for tie in wanted.intersection(entry[2].split("\t") if entry else ()):
                    found[tie].append(path)
            return found
        for path, joined in self.items():  # one pass, whatever the number of ties
            if joined and not wanted.isdisjoint(tied := joined.split("\t")):
                for tie in wanted.intersection(tied):
                    found[tie].append(path)
        return found

    def _search(self, tie: str) -> list[str]:
        """The files with this tie in the column as written whole (a few milliseconds each)."""
        text, found = self.ties_text, []
        start = text.find(tie)
        while start >= 0:
            end = start + len(tie)
            if text[start - 1 : start] in ("", "\t", "\n") and text[end : end + 1] in ("", "\t", "\n"):
                found.append(self.base_paths[bisect.bisect_right(self.line_starts, start) - 1])
            start = text.find(tie, end)
        return found

    def put(self, path: str, stamped: bytes, key: bytes, tied: list[str]) -> None:
        """Add a file, or replace what is known of it."""
        self.journal[path] = (stamped, key, "\t".join(tied))
        index = self.position(path)
        if index is None:
            index = bisect.bisect_left(self.paths, path)
            self.paths.insert(index, path)
            self.stamps[index * STAMP_SIZE : index * STAMP_SIZE] = bytes(STAMP_SIZE)
            self.digests[index * DIGEST_SIZE : index * DIGEST_SIZE] = bytes(DIGEST_SIZE)
        self.stamps[index * STAMP_SIZE : (index + 1) * STAMP_SIZE] = stamped
        self.digests[index * DIGEST_SIZE : (index + 1) * DIGEST_SIZE] = key

    def drop(self, path: str) -> None:
        self.journal[path] = None
        index = self.position(path)
        if index is None:
            return
        del self.paths[index]
        del self.stamps[index * STAMP_SIZE : (index + 1) * STAMP_SIZE]
        del self.digests[index * DIGEST_SIZE : (index + 1) * DIGEST_SIZE]


MEMO, JOURNAL = "memo", "journal"  # the store's entries


def exists(store: Store, fingerprint: str) -> bool:
    return store.sealed_for(MEMO) == fingerprint


def load(store: Store, fingerprint: str) -> tuple[Memo | None, str]:
    """The memo made for this fingerprint (and so this day), or None and why (nothing when
    there is none).

    Every part is checked for the type and shape save() gives it before anything uses it:
    a memo that verifies but is not of this code's making means a full run, not a crash."""
    parts, problem = store.read(MEMO, fingerprint)
    if parts is None:
        return None, problem
    try:
        version, generation, paths, stamps, digests, ties_text, starts, findings, whole, day = parts
        if not (
            version == FORMAT
            and type(day) is str
            and type(generation) is str
            and type(paths) is str
            and type(stamps) is bytes
            and type(digests) is bytes
            and type(ties_text) is str
            and type(starts) is bytes
            and _sound_findings(findings)
            and type(whole) is tuple
            and all(map(sound_record, whole))
        ):
            raise ValueError("unexpected layout")
        paths = paths.split("\n") if paths else []
        line_starts = array("I")
        line_starts.frombytes(starts)
        if not (
            len(stamps) == STAMP_SIZE * len(paths)
            and len(digests) == DIGEST_SIZE * len(paths)
            and len(line_starts) == len(paths) + 1
            and line_starts[0] == 0
            and line_starts[-1] == len(ties_text) + 1
            and ties_text.count("\n") == max(len(paths) - 1, 0)
        ):
            raise ValueError("columns of different lengths")
        memo = Memo(paths, stamps, digests, ties_text, line_starts, findings, list(whole), generation)
    except (ValueError, TypeError) as exc:
        return None, f"memo damaged ({exc}); doing a full run"
    parts, problem = store.read(JOURNAL, fingerprint)
    try:
        if parts is not None:
            _replay(memo, *parts)
    except (ValueError, TypeError) as exc:
        return None, f"memo journal damaged ({exc}); doing a full run"
    # a damaged journal is no harm: without it the memo is older, and the files newer than it are checked
    return memo, problem


def _sound_findings(findings: object) -> bool:
    return type(findings) is dict and all(type(path) is str and sound(packed) for path, packed in findings.items())


def _sound_journal(entry: object) -> bool:
    return entry is None or (
        type(entry) is tuple
        and len(entry) == 3
        and type(entry[0]) is bytes
        and len(entry[0]) == STAMP_SIZE
        and type(entry[1]) is bytes
        and len(entry[1]) == DIGEST_SIZE
        and type(entry[2]) is str
    )


def _replay(memo: Memo, version: object, generation: object, entries: object, findings: object) -> None:
    if version != FORMAT or generation != memo.generation:
        return  # left beside an older memo: what it says is in this one or out of date
    if not (
        type(entries) is dict
        and all(type(path) is str and _sound_journal(entry) for path, entry in entries.items())
        and _sound_findings(findings)
    ):
        raise ValueError("unexpected layout")
    assert isinstance(entries, dict) and isinstance(findings, dict)  # as just checked
    for path, entry in sorted(entries.items()):
        if entry is None:
            memo.drop(path)
        else:
            stamped, key, joined = entry
            memo.put(path, stamped, key, joined.split("\t") if joined else [])
    memo.findings = findings


def save(store: Store, fingerprint: str, today: dt.date, memo: Memo) -> None:
    if 0 < len(memo.journal) <= JOURNAL_MAX and exists(store, fingerprint):
        store.write(JOURNAL, fingerprint, [FORMAT, memo.generation, memo.journal, memo.findings])
        return
    # a memo with an empty journal (a full run's) is written as it is; rebuilding it would
    # split and join again the ties of 180,000 files
    whole = (
        memo
        if not memo.journal
        else Memo.build(memo.paths, memo.stamps, memo.digests, memo.all_ties(), memo.findings, memo.whole)
    )
    store.drop(JOURNAL)  # of an older memo
    store.write(
        MEMO,
        fingerprint,
        [
            FORMAT,
            whole.generation,
            "\n".join(whole.paths),
            bytes(whole.stamps),
            bytes(whole.digests),
            whole.ties_text,
            whole.line_starts.tobytes(),
            whole.findings,
            tuple(whole.whole),
            today.isoformat(),
        ],
    )
