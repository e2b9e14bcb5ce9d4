"""Listing every record file with its stat stamp, the first step of every run.

At 100,000 visits that is 180,000 stat calls, most of a second spent in the
kernel. On the machines measured, two processes stat-ing disjoint folders
finish in about two thirds of the time of one (threads do not: the GIL is
taken back between calls), and the calling process can load its cache
meanwhile. Each process sends back two columns, a string and a bytes, which
cross the pipe without a per-file cost.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from visits.filecache import STAMP_SIZE, stamp
from visits.layout import RECORDS

PARALLEL_FROM = 64  # folders and files two levels down; fewer are quicker walked by one process
SHARES_PER_PROCESS = 8
FOLDER_WEIGHT = 100


@dataclass
class Listing:
    """Every record file, sorted, with its stat stamp; dotfiles and READMEs left out."""

    paths: list[str]  # repository paths, with forward slashes
    stamps: bytes  # STAMP_SIZE bytes per path, in the same order

    def __len__(self) -> int:
        return len(self.paths)

    def entries(self) -> list[tuple[str, bytes]]:
        return [(path, self.stamps[index * STAMP_SIZE:(index + 1) * STAMP_SIZE])
                for index, path in enumerate(self.paths)]


def _tops(base: str) -> list[tuple[str, bool]]:
    """(path, is a folder) two levels down (records/<kind>/<volunteer>), which split the work
    evenly, ordered so that walking them in turn lists files in path order."""
    tops = []
    for kind in _entries(base):
        inside = _entries(kind.path) if kind.is_dir(follow_symlinks=False) else [kind]
        tops += [(entry.path, entry.is_dir(follow_symlinks=False)) for entry in inside]
    # a folder's files sort as its path plus "/": "a-b/x" comes before "a/x"
    return sorted(tops, key=lambda top: top[0] + "/" if top[1] else top[0])


def _entries(folder: str) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as listing:
            return [entry for entry in listing if not entry.name.startswith(".")]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _shares(tops: list[tuple[str, bool]], count: int) -> list[list[tuple[str, bool]]]:
    """Contiguous shares, which keep the parts in path order, of about equal work: a volunteer's
    folder is guessed to hold FOLDER_WEIGHT files. Having several per process evens out the guess."""
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


def _walk(tops: list[tuple[str, bool]], cut: int) -> tuple[str, bytes]:
    """Every file in or under tops: ("\n"-joined paths, stamps), sorted by path."""
    found: list[tuple[str, bytes]] = []
    stack = [path for path, is_folder in tops if is_folder]
    for path, is_folder in tops:
        if not is_folder and not path.endswith(os.sep + "README.md"):
            found.append((path[cut:].replace(os.sep, "/"), stamp(os.lstat(path))))
    while stack:
        for entry in _entries(stack.pop()):
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.name != "README.md":
                found.append((entry.path[cut:].replace(os.sep, "/"), stamp(entry.stat(follow_symlinks=False))))
    found.sort()
    return "\n".join(path for path, _ in found), b"".join(stamped for _, stamped in found)


def _joined(parts: list[tuple[str, bytes]]) -> Listing:
    paths = [path for joined, _ in parts if joined for path in joined.split("\n")]
    stamps = b"".join(stamped for _, stamped in parts)
    if any(later < earlier for earlier, later in zip(paths, paths[1:])):  # odd names: sort after all
        order = sorted(range(len(paths)), key=paths.__getitem__)
        paths = [paths[index] for index in order]
        stamps = b"".join(stamps[index * STAMP_SIZE:(index + 1) * STAMP_SIZE] for index in order)
    return Listing(paths, stamps)


class Scan:
    """A scan of root's records, started now and answered by result()."""

    def __init__(self, root: Path, processes: int | None = None):
        base = os.path.join(str(root), RECORDS)
        cut = len(base) - len(RECORDS)
        tops = _tops(base)
        processes = min(processes or os.cpu_count() or 1, 4)
        self._pool = None
        if processes > 1 and len(tops) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            self._pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"))
            self._parts: list[Future] = [self._pool.submit(_walk, share, cut)
                                         for share in _shares(tops, processes * SHARES_PER_PROCESS)]
        else:
            self._done = _walk(tops, cut)

    def result(self) -> Listing:
        if self._pool is None:
            return _joined([self._done])
        try:
            return _joined([part.result() for part in self._parts])
        finally:
            self._pool.shutdown()


def scan(root: Path) -> Listing:
    return Scan(root).result()
