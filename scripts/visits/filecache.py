"""A content-addressed cache of per-file results under .cache/, safe to delete.

Results are keyed by a hash of the file's bytes (and its kind), so a renamed file
hits the cache and an edited one never does. To avoid reading every file on every
run, a stat index maps each path to the hash its bytes had: it is trusted only
while size, mtime and ctime are all unchanged (the kernel updates ctime on every
write, and nobody can set it back), and entries written within a second of the
file's last change are re-hashed, as Git does for "racily clean" files.
Everything depends on a fingerprint of the schemas, the limits and this code:
change any of them and the old cache is simply not used.
"""

from __future__ import annotations

import hashlib
import os
import struct
import time
from pathlib import Path

from visits import sealed
from visits.findings import Finding, Severity
from visits.layout import kind_of

CACHE_DIR = ".cache/visits"
FORMAT = 3
CHUNKS = 8


def digest(kind: str, raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16, person=kind.encode()[:16]).digest()


def file_digest(path: str, raw: bytes) -> bytes:
    """The key of a file's bytes, with the kind its folder gives it: the loader's and the memo's."""
    kind = kind_of(path)
    return digest(kind.name if kind else "-", raw)


STAMP = struct.Struct("<qqqq")  # size, mtime, ctime, inode
STAMP_SIZE = STAMP.size


def stamp(stat: os.stat_result) -> bytes:
    """What the stat index compares, packed small: 180,000 stat results would take 150 MB."""
    return STAMP.pack(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def settled(stamped: bytes, started_ns: int) -> bytes:
    """The stamp to trust later: none (b"") for a file changed within a second of the run
    started, which could change again unseen with the same stamp (Git's "racily clean")."""
    return stamped if STAMP.unpack(stamped)[1] < started_ns - 1_000_000_000 else b""


def pack(findings: list[Finding]) -> tuple:
    return tuple((f.line, f.column, f.severity.value, f.code, f.message, f.hint) for f in findings)


def unpack(path: str, packed: tuple) -> list[Finding]:
    return [Finding(path, line, column, Severity(level), code, message, hint)
            for line, column, level, code, message, hint in packed]


class FileCache:
    def __init__(self, root: Path, fingerprint: str):
        self.file = root / CACHE_DIR / f"files-{fingerprint}.marshal"
        self.stats: dict[str, tuple] = {}  # path -> (stamp, digest)
        self.results: dict[bytes, tuple] = {}  # digest -> (kind, data, packed findings)
        self.used: set[bytes] = set()
        self.dirty = False
        self.problem = ""
        self.started = time.time_ns()

    def load(self) -> "FileCache":
        parts, self.problem = sealed.read(self.file)
        if parts is None:
            return self
        try:
            version, stats, *chunks = parts
            if version != FORMAT or not all(isinstance(part, dict) for part in (stats, *chunks)):
                raise ValueError("unexpected layout")
            self.stats = stats
            for chunk in chunks:
                self.results.update(chunk)
        except (ValueError, TypeError) as exc:
            self.stats, self.results = {}, {}
            self.problem = f"cache file damaged ({exc}); starting afresh"
        return self

    def known_digest(self, path: str, stamped: bytes) -> bytes | None:
        entry = self.stats.get(path)
        if entry is None or entry[0] != stamped:
            return None
        return entry[1]

    def get(self, path: str, key: bytes):
        """(kind, data, findings) for bytes with this digest, or None."""
        hit = self.results.get(key)
        if hit is None:
            return None
        self.used.add(key)
        kind, data, packed = hit
        return kind, data, unpack(path, packed)

    def put(self, path: str, stamped: bytes, key: bytes, kind, data, findings) -> None:
        if settled(stamped, self.started):
            self.stats[path] = (stamped, key)
        if key not in self.results:
            self.results[key] = (kind, data, pack(findings))
        self.used.add(key)
        self.dirty = True

    def save(self, paths: set[str]) -> None:
        """Keep only what this run used, written whole through a temporary file."""
        stale_paths = self.stats.keys() - paths
        stale_results = self.results.keys() - self.used
        if not (self.dirty or stale_paths or stale_results):
            return
        stats = {path: entry for path, entry in self.stats.items() if path in paths} if stale_paths else self.stats
        chunks: list[dict] = [{} for _ in range(CHUNKS)]  # written one by one: see sealed.py
        for key, value in self.results.items():
            if key in self.used:
                chunks[key[0] % CHUNKS][key] = value
        self.file.parent.mkdir(parents=True, exist_ok=True)
        for old in self.file.parent.glob("files-*.marshal"):
            if old != self.file:
                old.unlink(missing_ok=True)  # made with other schemas or code: never valid again
        sealed.write(self.file, [FORMAT, stats, *chunks])


def fingerprint(parts: list[bytes]) -> str:
    hasher = hashlib.blake2b(digest_size=10)
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return hasher.hexdigest()
