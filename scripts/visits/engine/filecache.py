"""A content-addressed cache of per-file results, safe to delete: the store's entry `files`.

Results are keyed by a hash of the file's bytes (and its kind), so a renamed file
hits the cache and an edited one never does. Which bytes a path holds without reading
it is the memo's business (memo.Memo.known: its stamps and digests are the one index).
The entry is sealed for the run's fingerprint (cachekey.fingerprint): change the code,
schemas, settings or libraries and it is simply not used. One whose parts are not of
the shapes written here is ignored whole.
"""

from __future__ import annotations

import gc
import hashlib
import struct
from collections.abc import Iterable
from typing import Any

from visits.engine.store import Store, Writer
from visits.findings import Finding, Severity
from visits.layout import KINDS, Kind, kind_of

Packed = tuple[tuple[int, int, str, str, str, str], ...]  # a file's findings, as marshal keeps them
Entry = tuple[Any, ...]  # (digest, kind, data, packed findings), or (digest,) from a worker
_MTIME = struct.Struct("<q")  # the mtime within a stamp (see reading.STAMP)

FORMAT = 5
CHUNKS = 8


DIGEST_SIZE = 16


def digest(kind: str, raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=DIGEST_SIZE, person=kind.encode()[:16]).digest()


def file_digest(path: str, raw: bytes, kind: Kind | None = None) -> bytes:
    """The key of a file's bytes, with the kind its folder gives it: the loader's and the memo's.
    `kind` is kind_of(path), when the caller has it."""
    if type(raw) is not bytes or "\\" in path:  # unreadable, or a name scan.py escaped: keyed by path
        return digest("\0", path.encode(errors="surrogateescape") + b"\0" + raw)
    kind = kind or kind_of(path)
    return digest(kind.name if kind else "-", raw)


def settled(stamped: bytes, started_ns: int) -> bytes:
    """The stamp to trust later: none (b"") for a file changed within a second of the run
    started, which could change again unseen with the same stamp (Git's "racily clean")."""
    return stamped if _MTIME.unpack_from(stamped, 8)[0] < started_ns - 1_000_000_000 else b""


def pack(findings: list[Finding]) -> Packed:
    if not findings:
        return ()  # most files: spare the generator
    return tuple((f.line, f.column, f.severity.value, f.code, f.message, f.hint) for f in findings)


_LEVELS = frozenset(level.value for level in Severity)
_KINDS = frozenset([*KINDS, None])  # of a file in no kind's folder: None


def sound(packed: object) -> bool:
    """Whether `packed` is what pack() makes: the caches check before anything unpacks it."""
    return type(packed) is tuple and all(
        type(found) is tuple
        and len(found) == 6
        and type(found[0]) is int
        and type(found[1]) is int
        and found[2] in _LEVELS
        and type(found[3]) is str
        and type(found[4]) is str
        and type(found[5]) is str
        for found in packed
    )


def sound_entry(entry: object) -> bool:
    """Whether a loaded cache entry is a (digest, kind, data, packed findings) as the loader makes.
    Written for 180,000 entries (a fifth of a microsecond each); a kind that cannot be hashed
    raises TypeError, which the callers take for a damaged file."""
    return (
        type(entry) is tuple
        and len(entry) == 4
        and type(entry[0]) is bytes
        and len(entry[0]) == DIGEST_SIZE
        and entry[1] in _KINDS
        and (entry[3] == () or sound(entry[3]))
    )


def unpack(path: str, packed: Packed) -> list[Finding]:
    if not packed:
        return []  # most files: spare the comprehension
    return [
        Finding(path, line, column, Severity(level), code, message, hint)
        for line, column, level, code, message, hint in packed
    ]


class FileCache:
    """Layout on disk: FORMAT, then parts that are lists of (digest, kind, data, packed
    findings). The parts are what the loader's workers sent back, stored as they came
    (`add_part`), so a cold run never marshals its results twice."""

    ENTRY = "files"

    def __init__(self, store: Store, fingerprint: str):
        self.store, self.fingerprint = store, fingerprint
        self.results: dict[bytes, Entry] = {}  # digest -> (digest, kind, data, packed findings)
        self.stored: set[bytes] = set()  # digests in the parts added this run
        self.writer: Writer | None = None
        self.failed: OSError | None = None  # the cache could not be written: say so, carry on
        self.problem = ""

    def load(self) -> FileCache:
        parts, self.problem = self.store.read(self.ENTRY, self.fingerprint)
        if parts is None:
            return self
        collecting = gc.isenabled()
        try:
            version, *chunks = parts
            if version != FORMAT or not all(type(chunk) is list for chunk in chunks):
                raise ValueError("unexpected layout")
            gc.disable()  # a dict of 180,000 entries: the collector would walk it again and again
            for chunk in chunks:  # entries of one item, a digest alone, are the workers': skipped
                fresh = [entry for entry in chunk if type(entry) is not tuple or len(entry) != 1]
                if not all(map(sound_entry, fresh)):
                    raise ValueError("an entry of an unexpected shape")
                self.results.update([(entry[0], entry) for entry in fresh])
        except (ValueError, TypeError) as exc:
            self.results = {}
            self.problem = f"cache file damaged ({exc}); starting afresh"
        finally:
            if collecting:
                gc.enable()
        return self

    def get(self, path: str, key: bytes) -> tuple[str | None, Any, list[Finding]] | None:
        """(kind, data, findings) for bytes with this digest, or None."""
        hit = self.results.get(key)
        if hit is None:
            return None
        _, kind, data, packed = hit
        return kind, data, unpack(path, packed)

    def add_part(self, payload: bytes, keys: Iterable[bytes]) -> None:
        """Store a marshalled list of (digest, kind, data, packed findings) entries as it is;
        `keys` are the digests it holds. (Entries of one item, a digest alone, are skipped
        on loading: workers send them for bytes the cache knew already.)"""
        if self.failed:
            return
        try:
            self._writer().add_marshalled(payload)
        except OSError as exc:
            self.discard()
            self.failed = exc
            return
        self.stored.update(keys)

    def save(self, used: set[bytes]) -> None:
        """Keep the results of the bytes this run read: `used` holds their digests."""
        if not self.stored and used == self.results.keys():
            return  # nothing new, nothing gone
        if self.failed:
            raise self.failed
        writer = self._writer()
        try:
            kept = [self.results[key] for key in used - self.stored if key in self.results]
            step = max(1, len(kept) // CHUNKS + 1)  # in parts: see store.py
            for start in range(0, len(kept), step):
                writer.add(kept[start : start + step])
            del kept
            writer.commit()
        finally:
            writer.discard()
            self.writer = None

    def _writer(self) -> Writer:
        """The save under way, begun on first use."""
        if self.writer is None:
            self.writer = self.store.writer(self.ENTRY, self.fingerprint)
            self.writer.add(FORMAT)
        return self.writer

    def discard(self) -> None:
        """Give up a save begun with add_part (the run failed)."""
        if self.writer is not None:
            self.writer.discard()
            self.writer = None
