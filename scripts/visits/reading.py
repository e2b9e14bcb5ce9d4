"""Reading a record file safely: never through a link, never waiting on a pipe or device.

A path that is no regular file, or that cannot be read, gives an `Unreadable`, whose
bytes say why: records.check_file reports it as a finding. Shared by the engine, which
stamps what it reads (`read_stamped`), and by the commands that read single records.
"""

from __future__ import annotations

import errno
import os
import stat
import struct

READ_AHEAD = 16 * 1024  # records are a few KB: one read call takes them whole


# A symbolic link is never followed (it could lead out of the repository, or to /dev/zero),
# and opening a named pipe or a device must not wait for a writer.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class Unreadable(bytes):
    """What read_file gives for a path that is no regular file, or could not be read: its
    bytes say why (records.check_file reports it; file_digest keys it by path and reason)."""

    code = "unreadable-file"

    def __new__(cls, reason: str, code: str = "unreadable-file"):
        unreadable = super().__new__(cls, reason.encode())
        unreadable.code = code
        return unreadable

    @property
    def reason(self) -> str:
        return self.decode()


_NOT_REGULAR = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _irregular(mode: int) -> Unreadable | None:
    if stat.S_ISREG(mode):
        return None
    what = next((name for test, name in _NOT_REGULAR if test(mode)), "not a regular file")
    return Unreadable(f"it is {what}", "not-a-regular-file")


def _refused(exc: OSError) -> Unreadable:
    if exc.errno in (errno.ELOOP, errno.EMLINK):  # what O_NOFOLLOW answers for a link
        return Unreadable("it is a symbolic link", "not-a-regular-file")
    if exc.errno == errno.ENXIO:  # a socket
        return Unreadable("it is a socket", "not-a-regular-file")
    if exc.errno == errno.EISDIR:  # read before any fstat
        return Unreadable("it is a folder", "not-a-regular-file")
    return Unreadable(f"it could not be read ({exc.strerror or exc})")


def read_file(root, path: str, limit: int | None = None) -> bytes:
    """The bytes of root/path, at most limit + 1 of them (enough to tell it is too large), or
    an Unreadable. Plain os.read: open() builds two file objects per call, which at 180,000
    files costs more than the reading itself."""
    try:
        descriptor = os.open(f"{root}/{path}", _OPEN_FLAGS)
    except OSError as exc:
        return _refused(exc)
    try:
        return _read_all(descriptor, limit, None)
    except OSError as exc:
        return _refused(exc)
    finally:
        os.close(descriptor)


def read_stamped(root, path: str, limit: int | None = None) -> tuple[bytes, bytes]:
    """(stamp, bytes) of root/path, as read_file: the stamp is the open descriptor's, taken
    before reading, so that a write after it always shows in the next run's stamp."""
    try:
        descriptor = os.open(f"{root}/{path}", _OPEN_FLAGS)
    except OSError as exc:
        return _lstamp(f"{root}/{path}"), _refused(exc)
    try:
        info = os.fstat(descriptor)
        return stamp(info), _irregular(info.st_mode) or _read_all(descriptor, limit, info)
    except OSError as exc:
        return _lstamp(f"{root}/{path}"), _refused(exc)
    finally:
        os.close(descriptor)


def _lstamp(full_path: str) -> bytes:
    """The stamp of what is at the path itself (a link, not its target), or of nothing."""
    try:
        return stamp(os.lstat(full_path))
    except OSError:
        return STAMP.pack(0, 0, 0, 0)


def _read_all(descriptor: int, limit: int | None, info: os.stat_result | None) -> bytes:
    """`info`: the descriptor's fstat, when the caller took it. Without it, one is taken only
    when the first read is empty or fills what was asked: a regular file's read is short only
    at its end, so a record read whole in one call needs no other check."""
    wanted = READ_AHEAD if limit is None else min(READ_AHEAD, limit + 1)
    data = os.read(descriptor, wanted)
    if 0 < len(data) < wanted:
        return data
    if info is None:
        refused = _irregular(os.fstat(descriptor).st_mode)
        if refused is not None:
            return refused
    if len(data) < wanted:
        return data
    parts, size = [data], len(data)
    while limit is None or size <= limit:
        part = os.read(descriptor, READ_AHEAD if limit is None else min(READ_AHEAD, limit + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


STAMP = struct.Struct("<qqqq")  # size, mtime, ctime, inode
STAMP_SIZE = STAMP.size
_MTIME = struct.Struct("<q")


def stamp(stat: os.stat_result) -> bytes:
    """What the stat index compares, packed small: 180,000 stat results would take 150 MB."""
    return STAMP.pack(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
