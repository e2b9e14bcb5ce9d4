"""Files of marshalled parts, authenticated and replaced atomically: the caches' storage.

Each part is marshalled and written on its own, so saving 50 MB of cache never
needs more than one part's worth of extra memory (marshalling it whole took
140 MB more at 100,000 visits). A file that is missing, truncated, damaged in
any byte or written without the key (see cachekey.py) reads as nothing, with the
reason; a reader never sees half a file.

The MAC (HMAC-SHA-256 of the file's name and every part) is checked before a
single byte is unmarshalled: marshal is not meant for bytes someone else chose.
On this project's machines it hashes some 1 GB/s (blake2b: 0.7), a few
hundredths of a second for the largest cache.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import marshal
import os
from pathlib import Path

MAGIC = b"VIS3"
_MAC_SIZE = 32
_SIZE = 8  # bytes of each part's length


def _mac(key: bytes, file: Path):
    """The MAC begun with the file's name: a file made for other inputs cannot stand in for it."""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    mac.update(file.name.encode() + b"\0")
    return mac


class Writer:
    """Parts added one by one, to a temporary file that replaces `file` on commit.

    A part may come marshalled already (`add_marshalled`): the loader's workers send
    their results that way, and the parse cache stores those very bytes.
    """

    def __init__(self, file: Path, key: bytes):
        self.file = file
        file.parent.mkdir(parents=True, exist_ok=True)
        self.temporary = file.with_suffix(f".tmp{os.getpid()}")
        self.handle = open(self.temporary, "wb")
        self.handle.write(MAGIC + bytes(_MAC_SIZE))  # the MAC, known at the end
        self.mac = _mac(key, file)

    def add(self, part) -> None:
        self.add_marshalled(marshal.dumps(part))

    def add_marshalled(self, payload: bytes) -> None:
        size = len(payload).to_bytes(_SIZE, "little")
        self.mac.update(size)
        self.mac.update(payload)
        self.handle.write(size)
        self.handle.write(payload)

    def commit(self) -> None:
        try:
            self.handle.seek(len(MAGIC))
            self.handle.write(self.mac.digest())
            self.handle.close()
            os.replace(self.temporary, self.file)
        finally:
            self.discard()

    def discard(self) -> None:
        self.handle.close()
        self.temporary.unlink(missing_ok=True)


def write(file: Path, parts: list, key: bytes) -> None:
    writer = Writer(file, key)
    try:
        for part in parts:
            writer.add(part)  # one at a time: the previous payload is freed first
        writer.commit()
    finally:
        writer.discard()


def read(file: Path, key: bytes) -> tuple[list | None, str]:
    """(parts, "") from a file written by write with this key, or (None, why not) when it is
    missing (no reason given), unreadable, damaged or made without the key."""
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return None, ""
    except OSError as exc:
        return None, f"cache not readable ({exc}); starting afresh"
    start = len(MAGIC) + _MAC_SIZE
    if raw[: len(MAGIC)] != MAGIC or len(raw) < start:
        return None, f"cache file {file.name} damaged or of another version; starting afresh"
    body = memoryview(raw)[start:]
    mac = _mac(key, file)
    mac.update(body)
    if not hmac.compare_digest(mac.digest(), raw[len(MAGIC) : start]):
        return None, (
            f"cache file {file.name} damaged or not written with this checkout's key "
            "(it does not verify); starting afresh"
        )
    gc.disable()  # building many small objects: the collector would only slow it down
    try:
        parts, offset = [], 0
        while offset < len(body):
            size = int.from_bytes(body[offset : offset + _SIZE], "little")
            offset += _SIZE
            if offset + size > len(body):
                raise ValueError("part cut short")
            parts.append(marshal.loads(body[offset : offset + size]))
            offset += size
        return parts, ""
    except (ValueError, EOFError, TypeError) as exc:
        return None, f"cache file damaged ({exc}); starting afresh"
    finally:
        gc.enable()
