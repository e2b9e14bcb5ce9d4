"""The memo of the last validation: its findings, and what a later run needs to redo only part.

It lives next to the parse cache in .cache/, is written whole through a temporary
file with a checksum, and is named after everything the findings depend on
besides the records: the day, the settings, the schemas and this package's code.
Change any of them and the memo is simply not found; delete it and the next run
is a full one. Which records a change can affect is incremental.py's business.

It is laid out for 180,000 files: the per-file part is columns (one list of
paths, one bytes of stamps, one of digests, one list of ties), so that a run
where nothing changed compares two bytes instead of 180,000 entries. The ties
are not indexed: one pass over their column answers every question a change
asks in a few hundredths of a second, where a dict of 600,000 ties would take
half a second to load and as much to save.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from visits.filecache import CACHE_DIR, STAMP_SIZE, fingerprint, read_sealed, write_sealed

FORMAT = 1
PACKAGE = Path(__file__).parent
DIGEST_SIZE = 16
SEARCHED_ONE_BY_ONE = 24  # ties; for more, one pass over the column is quicker than a search each
UNSETTLED = bytes(STAMP_SIZE)  # the stamp of a file to hash again next time: it equals no real stamp


@dataclass
class Memo:
    paths: list[str]  # every file, sorted
    stamps: bytearray  # their stat stamps, STAMP_SIZE bytes each, in the same order
    digests: bytearray  # their content digests, DIGEST_SIZE bytes each
    ties: list[str]  # each file's ties joined by "\t" ("" for the kinds without ties)
    findings: dict[str, tuple]  # path -> packed findings, for files that have any
    whole: list[tuple]  # the records of the kinds without ties: (path, kind, data, packed findings)
    ties_text: str | None = None  # the ties column joined by "\n" as loaded, until a change
    _line_starts: list[int] | None = field(default=None, repr=False)

    def position(self, path: str) -> int | None:
        index = bisect.bisect_left(self.paths, path)
        return index if index < len(self.paths) and self.paths[index] == path else None

    def stamp(self, index: int) -> bytes:
        return bytes(self.stamps[index * STAMP_SIZE:(index + 1) * STAMP_SIZE])

    def digest(self, index: int) -> bytes:
        return bytes(self.digests[index * DIGEST_SIZE:(index + 1) * DIGEST_SIZE])

    def ties_of(self, path: str) -> list[str]:
        index = self.position(path)
        return self.ties[index].split("\t") if index is not None and self.ties[index] else []

    def members(self, wanted: set[str]) -> dict[str, list[str]]:
        """The files that have each of the wanted ties."""
        if self.ties_text is not None and len(wanted) <= SEARCHED_ONE_BY_ONE:
            return {tie: self._search(tie) for tie in wanted}
        found: dict[str, list[str]] = {}
        for path, joined in zip(self.paths, self.ties):  # one pass, whatever the number of ties
            if joined and not wanted.isdisjoint(tied := joined.split("\t")):
                for tie in wanted.intersection(tied):
                    found.setdefault(tie, []).append(path)
        return found

    def _search(self, tie: str) -> list[str]:
        """The files with this tie, found in the ties column as loaded (a few milliseconds)."""
        if self._line_starts is None:
            self._line_starts = [0, *accumulate(len(joined) + 1 for joined in self.ties)]
        text, found = self.ties_text, []
        start = text.find(tie)
        while start >= 0:
            end = start + len(tie)
            if text[start - 1:start] in ("", "\t", "\n") and text[end:end + 1] in ("", "\t", "\n"):
                found.append(self.paths[bisect.bisect_right(self._line_starts, start) - 1])
            start = text.find(tie, end)
        return found

    def put(self, path: str, stamped: bytes, key: bytes, tied: list[str]) -> None:
        """Add a file, or replace what is known of it."""
        self.ties_text = self._line_starts = None
        index = self.position(path)
        if index is None:
            index = bisect.bisect_left(self.paths, path)
            self.paths.insert(index, path)
            self.ties.insert(index, "")
            self.stamps[index * STAMP_SIZE:index * STAMP_SIZE] = bytes(STAMP_SIZE)
            self.digests[index * DIGEST_SIZE:index * DIGEST_SIZE] = bytes(DIGEST_SIZE)
        self.stamps[index * STAMP_SIZE:(index + 1) * STAMP_SIZE] = stamped
        self.digests[index * DIGEST_SIZE:(index + 1) * DIGEST_SIZE] = key
        self.ties[index] = "\t".join(tied)

    def drop(self, path: str) -> None:
        self.ties_text = self._line_starts = None
        index = self.position(path)
        if index is None:
            return
        del self.paths[index], self.ties[index]
        del self.stamps[index * STAMP_SIZE:(index + 1) * STAMP_SIZE]
        del self.digests[index * DIGEST_SIZE:(index + 1) * DIGEST_SIZE]


def inputs_key(schema_fingerprint: str, config: dict, today) -> str:
    """What the findings depend on besides the records; the code is every module of the package."""
    parts = [schema_fingerprint.encode(), json.dumps(config, sort_keys=True, default=str).encode(),
             today.isoformat().encode()]
    parts += [module.read_bytes() for module in sorted(PACKAGE.rglob("*.py"))]
    return fingerprint(parts)


def memo_file(root: Path, inputs: str) -> Path:
    return root / CACHE_DIR / f"run-{inputs}.marshal"


def load(root: Path, inputs: str) -> tuple[Memo | None, str]:
    """The memo made with these inputs, or None and why (nothing when there is none)."""
    content, problem = read_sealed(memo_file(root, inputs))
    if content is None:
        return None, problem
    try:
        version, paths, stamps, digests, joined_ties, findings, whole = content
        paths, ties = (paths.split("\n"), joined_ties.split("\n")) if paths else ([], [])
        if version != FORMAT or not isinstance(findings, dict) or not (
                len(stamps) == STAMP_SIZE * len(paths) and len(digests) == DIGEST_SIZE * len(paths)
                and len(ties) == len(paths)):
            raise ValueError("unexpected layout")
        return Memo(paths, bytearray(stamps), bytearray(digests), ties, findings, list(whole),
                    ties_text=joined_ties), ""
    except (ValueError, TypeError, AttributeError) as exc:
        return None, f"memo damaged ({exc}); doing a full run"


def save(root: Path, inputs: str, memo: Memo) -> None:
    target = memo_file(root, inputs)
    write_sealed(target, (FORMAT, "\n".join(memo.paths), bytes(memo.stamps), bytes(memo.digests),
                          "\n".join(memo.ties), memo.findings, tuple(memo.whole)))
    for old in target.parent.glob("run-*.marshal"):
        if old != target:
            old.unlink(missing_ok=True)  # made for another day, settings or code: never valid again
