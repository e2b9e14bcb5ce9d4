"""Files of marshalled parts, checksummed and replaced atomically: the caches' storage.

Each part is marshalled and written on its own, so saving 50 MB of cache never
needs more than one part's worth of extra memory (marshalling it whole took
140 MB more at 100,000 visits). A file that is missing, truncated or damaged in
any byte reads as nothing, with the reason; a reader never sees half a file.
"""

from __future__ import annotations

import gc
import marshal
import os
import zlib
from pathlib import Path

MAGIC = b"VIS2"
_SIZE = 8  # bytes of each part's length


class Writer:
    """Parts added one by one, to a temporary file that replaces `file` on commit.

    A part may come marshalled already (`add_marshalled`): the loader's workers send
    their results that way, and the parse cache stores those very bytes.
    """

    def __init__(self, file: Path):
        self.file = file
        file.parent.mkdir(parents=True, exist_ok=True)
        self.temporary = file.with_suffix(f".tmp{os.getpid()}")
        self.handle = open(self.temporary, "wb")
        self.handle.write(MAGIC + bytes(4))  # the checksum, known at the end
        self.check = 0

    def add(self, part) -> None:
        self.add_marshalled(marshal.dumps(part))

    def add_marshalled(self, payload: bytes) -> None:
        size = len(payload).to_bytes(_SIZE, "little")
        self.check = zlib.crc32(payload, zlib.crc32(size, self.check))
        self.handle.write(size)
        self.handle.write(payload)

    def commit(self) -> None:
        try:
            self.handle.seek(len(MAGIC))
            self.handle.write(self.check.to_bytes(4, "little"))
            self.handle.close()
            os.replace(self.temporary, self.file)
        finally:
            self.discard()

    def discard(self) -> None:
        self.handle.close()
        self.temporary.unlink(missing_ok=True)


def write(file: Path, parts: list) -> None:
    writer = Writer(file)
    try:
        for part in parts:
            writer.add(part)  # one at a time: the previous payload is freed first
        writer.commit()
    finally:
        writer.discard()


def read(file: Path) -> tuple[list | None, str]:
    """(parts, "") from a file written by write, or (None, why not) when it is missing
    (no reason given), unreadable or damaged."""
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return None, ""
    except OSError as exc:
        return None, f"cache not readable ({exc}); starting afresh"
    body = memoryview(raw)[len(MAGIC) + 4:]
    if raw[:len(MAGIC)] != MAGIC or zlib.crc32(body).to_bytes(4, "little") != raw[len(MAGIC):len(MAGIC) + 4]:
        return None, "cache file damaged (checksum); starting afresh"
    gc.disable()  # building many small objects: the collector would only slow it down
    try:
        parts, offset = [], 0
        while offset < len(body):
            size = int.from_bytes(body[offset:offset + _SIZE], "little")
            offset += _SIZE
            if offset + size > len(body):
                raise ValueError("part cut short")
            parts.append(marshal.loads(body[offset:offset + size]))
            offset += size
        return parts, ""
    except (ValueError, EOFError, TypeError) as exc:
        return None, f"cache file damaged ({exc}); starting afresh"
    finally:
        gc.enable()
