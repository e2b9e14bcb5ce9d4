"""Listing every record file with its stat stamp, the first step of every run.

At 100,000 visits that is 180,000 stat calls, most of a second spent in the
kernel. On the machines measured, two processes stat-ing disjoint folders
finish in about two thirds of the time of one (threads do not: the GIL is
taken back between calls), and the calling process can import, read its
settings and load its cache meanwhile. Each process sends back two columns,
a string and a bytes, which cross the pipe without a per-file cost.

With no cache on disk there is nothing for stamps to vouch for: the scan then only
lists names, and the loader stamps each file from the descriptor it reads it through.

Paths travel and are cached joined by line breaks, and are printed in findings and
workflow commands: a name holding a line break, another control character, a
backslash or bytes that are not UTF-8 is listed escaped (`\x0a`), as no file is
named, and the loader reports that name without reading it (records.check_file).
"""

from __future__ import annotations

import marshal
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from visits.engine import edge
from visits.engine.store import store_file
from visits.layout import RECORDS
from visits.reading import STAMP, STAMP_SIZE, stamp

PARALLEL_FROM = 64  # folders and files two levels down; fewer are quicker walked by one process
FOLDER_WEIGHT = 100
THROUGH_DESCRIPTOR = os.scandir in os.supports_fd
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)


@dataclass
class Listing:
    """Every record file, sorted, with its stat stamp; dotfiles and READMEs left out."""

    paths: list[str]  # repository paths, with forward slashes
    stamps: bytes  # STAMP_SIZE bytes per path, in the same order; b"" for a scan without stamps

    def __len__(self) -> int:
        return len(self.paths)

    @property
    def stamped(self) -> bool:
        return len(self.stamps) == len(self.paths) * STAMP_SIZE


def for_run(root: Path, use_cache: bool) -> Scan:
    """The scan a validation run needs. Stamps serve only to trust a cache: with none on
    disk (or none to be used), the loader takes each file's stamp from the descriptor it
    reads through, and listing is four times quicker."""
    return Scan(root, stamps=use_cache and _cache_on_disk(root))


def _cache_on_disk(root: Path) -> bool:
    return os.path.isfile(store_file(root))


def _tops(base: str) -> list[tuple[str, bool]]:
    """(path, is a folder) two levels down (records/<kind>/<volunteer>), which split the work
    evenly, ordered so that walking them in turn lists files in path order."""
    tops = []
    for kind in _entries(base):
        inside = _entries(kind.path) if kind.is_dir(follow_symlinks=False) else [kind]
        tops += [(entry.path, entry.is_dir(follow_symlinks=False)) for entry in inside]
    # a folder's files sort as its path plus "/": "a-b/x" comes before "a/x"
    return sorted(tops, key=lambda top: top[0] + "/" if top[1] else top[0])


# What a listed name may not hold: C0 and C1 controls, the backslash the escapes begin with,
# bytes that are not UTF-8 (scandir hands them over as lone surrogates), line and paragraph
# separators and text-direction controls, which would make a name look like another.
_ODD = re.compile("[\x00-\x1f\x7f-\x9f\\\\\ud800-\udfff\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
# For an ASCII listing, all of the above but the line breaks that join it become NUL.
_ODD_ASCII = bytes(0 if byte < 0x20 or byte == 0x7F or byte == 0x5C else byte for byte in range(128)) + bytes(128)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as surrogateescape hands it over
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escaped(path: str) -> str:
    return _ODD.sub(_escape, path)


def _odd(paths: list[str]) -> bool:
    """Whether any path needs escaping, found without a look at each one in the usual case."""
    joined = "\n".join(paths)
    if joined.isascii():  # then translating a copy and counting NULs takes a few milliseconds
        return joined.encode("ascii").translate(_ODD_ASCII).count(0) != max(len(paths) - 1, 0)
    return any(map(_ODD.search, paths))


def _entries(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return [entry for entry in listing if not entry.name.startswith(".")]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _shares(tops: list[tuple[str, bool]], count: int) -> list[list[tuple[str, bool]]]:
    """Contiguous shares, which keep the parts in path order, of about equal work: a volunteer's
    folder is guessed to hold FOLDER_WEIGHT files."""
    weights = [FOLDER_WEIGHT if is_folder else 1 for _, is_folder in tops]
    target = sum(weights) / count
    shares: list[list[tuple[str, bool]]] = [[]]
    load = 0
    for top, weight in zip(tops, weights):
        if load >= target:
            shares.append([])
            load = 0
        shares[-1].append(top)
        load += weight
    return shares


def _walk(tops: list[tuple[str, bool]], cut: int, stamps: bool = True) -> tuple[str, bytes]:
    """Every file in or under tops: ("\n"-joined paths, stamps or b""), sorted by path.

    Folders are listed through a descriptor where the system allows, so that each stat
    resolves one name rather than the whole path (a fifth less time at 100,000 visits);
    the loop is written out for the same reason: it runs 180,000 times.
    """
    found: list[tuple[str, bytes]] = []
    names: list[str] = []  # without stamps: the paths alone, a third quicker to sort
    pack = STAMP.pack
    for path, is_folder in tops:
        if not is_folder and not path.endswith(os.sep + "README.md"):
            if stamps:
                found.append((path[cut:].replace(os.sep, "/"), stamp(os.lstat(path))))
            else:
                names.append(path[cut:].replace(os.sep, "/"))
    stack = [path for path, is_folder in tops if is_folder]
    while stack:
        folder = stack.pop()
        relative = folder[cut:].replace(os.sep, "/") + "/"
        try:
            handle: int | str = os.open(folder, _FOLDER_FLAGS) if THROUGH_DESCRIPTOR else folder
        except (FileNotFoundError, NotADirectoryError):
            continue
        try:
            with os.scandir(handle) as listing:
                for entry in listing:
                    name = entry.name
                    if name[0] == ".":
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(folder + os.sep + name)
                    elif name != "README.md" and not stamps:
                        names.append(relative + name)
                    elif name != "README.md":
                        info = entry.stat(follow_symlinks=False)
                        found.append(
                            (relative + name, pack(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
                        )
        finally:
            if isinstance(handle, int):
                os.close(handle)
    if not stamps:
        if _odd(names):
            names = [escaped(name) for name in names]
        names.sort()
        return "\n".join(names), b""
    if _odd([path for path, _ in found]):
        found = [(escaped(path), stamped) for path, stamped in found]
    found.sort()
    return "\n".join([path for path, _ in found]), b"".join([stamped for _, stamped in found])


def _joined(parts: list[tuple[str, bytes]]) -> Listing:
    paths = [path for joined, _ in parts if joined for path in joined.split("\n")]
    stamps = b"".join(stamped for _, stamped in parts)
    if any(later < earlier for earlier, later in zip(paths, paths[1:])):  # odd names: sort after all
        order = sorted(range(len(paths)), key=paths.__getitem__)
        paths = [paths[index] for index in order]
        stamps = b"".join(stamps[index * STAMP_SIZE : (index + 1) * STAMP_SIZE] for index in order)
    return Listing(paths, stamps)


def _forked(function: Callable[..., tuple[str, bytes]], *args: Any) -> Callable[[], tuple[str, bytes]]:
    """Start function(*args) in a forked process; returns a call that waits for its result.
    Plain fork and a pipe: importing multiprocessing alone would cost a tenth of the gain."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child computes, sends, and leaves without the parent's clean-up
        status = 1
        try:
            # every other descriptor goes, the read ends of earlier children's pipes among them:
            # were one held here, a parent killed mid-run would leave that child blocked for ever
            os.closerange(3, write_end)
            os.closerange(write_end + 1, os.sysconf("SC_OPEN_MAX"))
            with os.fdopen(write_end, "wb") as out:
                out.write(marshal.dumps(function(*args)))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def result() -> tuple[str, bytes]:
        with os.fdopen(read_end, "rb") as received:
            payload = received.read()
        if os.waitpid(pid, 0)[1] != 0:
            return function(*args)  # the child failed (no memory?): do its share here
        return cast(tuple[str, bytes], marshal.loads(payload))

    return result


class Scan:
    """A scan of root's records, started now and answered by result()."""

    def __init__(self, root: Path, processes: int | None = None, stamps: bool = True):
        base = os.path.join(str(root), RECORDS)
        cut = len(base) - len(RECORDS)
        tops = _tops(base)
        processes = min(edge.processes(processes), 4)
        self._listing: Listing | None = None
        if processes > 1 and len(tops) >= PARALLEL_FROM and hasattr(os, "fork"):
            self._parts = [_forked(_walk, share, cut, stamps) for share in _shares(tops, processes)]
        else:
            self._parts = [lambda: _walk(tops, cut, stamps)]

    def result(self) -> Listing:
        if self._listing is None:
            self._listing = _joined([part() for part in self._parts])
        return self._listing


def scan(root: Path) -> Listing:
    return Scan(root).result()
