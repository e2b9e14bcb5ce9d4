"""How the memo keeps a file: the digest of its bytes, a stamp it can trust, its findings packed.

Digests are a hash of the file's bytes and its kind, so a renamed file keeps its key and
an edited one never does. Findings are kept as tuples marshal writes and reads quickly,
and checked for that shape (`sound`) before anything unpacks them: the memo is read from
disk, and only what verifies and has the shapes written here is used.
"""

from __future__ import annotations

import hashlib
import struct

from visits.findings import Finding, Severity
from visits.layout import KINDS, Kind, kind_of

Packed = tuple[tuple[int, int, str, str, str, str], ...]  # a file's findings, as marshal keeps them
_MTIME = struct.Struct("<q")  # the mtime within a stamp (see reading.STAMP)

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
    """Whether `packed` is what pack() makes: checked before anything unpacks it."""
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


def sound_record(entry: object) -> bool:
    """Whether a record the memo keeps whole is a (path, kind, data, packed findings) as it writes
    them. A kind that cannot be hashed raises TypeError, which the memo takes for damage."""
    return (
        type(entry) is tuple
        and len(entry) == 4
        and type(entry[0]) is str
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
