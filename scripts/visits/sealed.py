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

MAGIC = b"VIS1"
_SIZE = 8  # bytes of each part's length


def write(file: Path, parts: list) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_suffix(f".tmp{os.getpid()}")
    try:
        with open(temporary, "wb") as handle:
            handle.write(MAGIC + bytes(4))  # the checksum, known at the end
            check = zlib.crc32(count := len(parts).to_bytes(4, "little"))
            handle.write(count)
            for part in parts:
                payload = marshal.dumps(part)
                size = len(payload).to_bytes(_SIZE, "little")
                check = zlib.crc32(payload, zlib.crc32(size, check))
                handle.write(size)
                handle.write(payload)
                del payload  # before the next part is marshalled
            handle.seek(len(MAGIC))
            handle.write(check.to_bytes(4, "little"))
        os.replace(temporary, file)
    finally:
        temporary.unlink(missing_ok=True)


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
    if raw[:len(MAGIC)] != MAGIC or len(body) < 4 or \
            zlib.crc32(body).to_bytes(4, "little") != raw[len(MAGIC):len(MAGIC) + 4]:
        return None, "cache file damaged (checksum); starting afresh"
    gc.disable()  # building many small objects: the collector would only slow it down
    try:
        parts, offset = [], 4
        for _ in range(int.from_bytes(body[:4], "little")):
            size = int.from_bytes(body[offset:offset + _SIZE], "little")
            offset += _SIZE
            parts.append(marshal.loads(body[offset:offset + size]))
            offset += size
        return parts, ""
    except (ValueError, EOFError, TypeError) as exc:
        return None, f"cache file damaged ({exc}); starting afresh"
    finally:
        gc.enable()
