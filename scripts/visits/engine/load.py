"""Loading a whole repository: every file read, hashed and checked, by worker processes
for large runs.

The per-file check (records.check_file) is pure, so its result depends only on the
file's bytes, its kind, the schemas and the limits: workers cannot change a finding.
There is no parse cache: at 100,000 visits a run that parses every file takes 7 s, under
every target, and one after a change is answered from the memo (incremental.py).
"""

from __future__ import annotations

import gc
import marshal
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import repeat
from pathlib import Path
from typing import Any

from visits import fastyaml, yamlstrict
from visits.engine import edge, scan
from visits.engine.kept import Packed, file_digest, pack, unpack
from visits.engine.outcome import LoadReport
from visits.engine.scan import Scan
from visits.errors import WorkerLost
from visits.layout import kind_of
from visits.progress import progress_for
from visits.reading import STAMP_SIZE, read_file, read_stamped
from visits.records import Corpus, FileResult, check_file
from visits.schemas import ENGINE, SchemaSet
from visits.workers import die_with_parent

PARALLEL_FROM = 2000  # below this, starting workers costs more than it saves
CHUNK = 2048  # files per worker task


_WORKER: dict[str, Any] = {}  # what the per-file step needs; forked workers inherit it


def _examine(paths: list[str], stamping: bool) -> tuple[bytes, bytes]:
    """Read, hash and check files. Returns their stamps (when `stamping`: the scan took
    none) and a marshalled list of (digest, kind, data, packed findings). Marshal, not
    pickle: several times faster both ways, and it keeps the interned texts interned."""
    base, schemas, limits = (_WORKER[name] for name in ("base", "schemas", "limits"))
    limit = limits["max_file_bytes"]  # read no further than needed to tell a file is too large
    entries: list[tuple[bytes, str | None, Any, Packed]] = []
    stamps: list[bytes] = []
    for path in paths:
        if stamping:
            stamped, raw = read_stamped(base, path, limit)
            stamps.append(stamped)
        else:
            raw = read_file(base, path, limit)
        kind = kind_of(path)
        result = check_file(path, raw, schemas, limits, kind)
        entries.append((file_digest(path, raw, kind), result.kind, result.data, pack(result.findings)))
    return b"".join(stamps), marshal.dumps(entries)


def _start_worker(schema_texts: dict[str, Any] | None, base: str, limits: dict[str, Any], parent: int) -> None:
    die_with_parent(parent)
    gc.disable()  # workers live briefly and allocate a lot; collection would be wasted work
    if schema_texts is not None:  # spawned, not forked: rebuild what could not be inherited
        _WORKER.update(schemas=SchemaSet(schema_texts), base=base, limits=limits)


def _examine_all(
    paths: list[str], stamping: bool, workers: int, report: LoadReport
) -> Iterator[tuple[list[str], tuple[bytes, bytes]]]:
    chunks = [paths[start : start + CHUNK] for start in range(0, len(paths), CHUNK)]
    if workers <= 1 or len(paths) < PARALLEL_FROM:
        for chunk in chunks:
            yield chunk, _examine(chunk, stamping)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    spawned = context.get_start_method() != "fork"
    report.workers = workers
    initargs = (_WORKER["schemas"].schemas if spawned else None, _WORKER["base"], _WORKER["limits"], os.getpid())
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=initargs) as pool:
        try:  # what a worker raises comes back as it is (YamlRejected and OSError pickle whole)
            yield from zip(chunks, pool.map(_examine, chunks, repeat(stamping, len(chunks))))
        except BrokenProcessPool:  # no exception to report: the process itself ended
            raise WorkerLost(
                "a worker process ended while checking records (out of memory?); "
                "`--workers 1` checks them in this process"
            ) from None


def load_corpus(
    root: Path,
    schemas: SchemaSet,
    limits: dict[str, Any],
    *,
    workers: int | None = None,
    report: LoadReport | None = None,
    progress_stream: Any = None,
    scanning: Scan | None = None,
) -> Corpus:
    """All records of the repository at root, checked file by file.

    `scanning` is a scan of root the caller started already; `progress_stream`
    gets a progress bar when it is a terminal (see progress.py).
    """
    report = report if report is not None else LoadReport()
    workers = edge.processes(workers)
    if ENGINE.startswith("jsonschema ("):
        report.notes.append(f"schema validation: {ENGINE}")
    if not fastyaml.COMPILED:
        report.notes.append(
            "YAML: the compiled reader was not built (no C compiler at install?); "
            "every file is read by the strict loader (about ten times slower)"
        )
    if not yamlstrict.LIBYAML:
        report.notes.append("YAML: libyaml not found, using the pure-Python parser (slower)")
    listing = (scanning or scan.for_run(root, False)).result()
    report.files = report.parsed = len(listing)
    progress = progress_for(progress_stream, "checking records", len(listing))
    results: list[FileResult] = []
    files: dict[str, tuple[bytes, bytes]] = {}  # path -> (stamp, digest): what the memo remembers
    collecting = gc.isenabled()
    gc.disable()  # building many small objects: the collector would only slow it down
    try:
        _WORKER.update(schemas=schemas, base=str(root), limits=limits)
        stamping = not listing.stamped
        for chunk, (stamps, payload) in _examine_all(listing.paths, stamping, workers, report):
            examined = marshal.loads(payload)
            at = len(results) * STAMP_SIZE
            stamped = stamps if stamping else listing.stamps[at : at + len(chunk) * STAMP_SIZE]
            for offset, (path, (key, kind, data, packed)) in enumerate(zip(chunk, examined)):
                files[path] = (stamped[offset * STAMP_SIZE : (offset + 1) * STAMP_SIZE], key)
                results.append(FileResult(path, kind, data, unpack(path, packed)))
            progress.advance(len(chunk))
        corpus = Corpus(root, results, files=files)
        edge.settle()
        return corpus
    finally:
        _WORKER.clear()
        if collecting:
            gc.enable()
        progress.close()
