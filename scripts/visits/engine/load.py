"""Loading a whole repository fast: stat walk, parse cache, worker processes.

The per-file check (records.check_file) is pure, so its result depends only on
the file's bytes, its kind, the schemas and the limits. That is what makes both
the cache and the parallel workers safe: neither can change a finding.
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
from typing import Any, cast

from visits import fastyaml, yamlstrict
from visits.engine import edge, scan
from visits.engine.filecache import Entry, FileCache, file_digest, pack, unpack
from visits.engine.memo import Memo
from visits.engine.outcome import LoadReport
from visits.engine.scan import Scan
from visits.engine.store import Store
from visits.errors import WorkerLost
from visits.findings import Finding
from visits.layout import kind_of
from visits.progress import progress_for
from visits.reading import STAMP_SIZE, read_file, read_stamped
from visits.records import Corpus, FileResult, check_file
from visits.schemas import ENGINE, SchemaSet
from visits.workers import die_with_parent

PARALLEL_FROM = 2000  # below this, starting workers costs more than it saves
CHUNK = 2048  # files per worker task; each is one part of the parse cache


_WORKER: dict[str, Any] = {}  # what the per-file step needs; forked workers inherit it


def _examine(paths: list[str], stamping: bool) -> tuple[bytes, bytes]:
    """Read, hash and check files. Returns their stamps (when `stamping`: the scan took
    none) and a marshalled list of (digest, kind, data, packed findings), or of (digest,)
    alone when the cache knows those bytes already (a renamed, copied or restored file).
    Marshal, not pickle: several times faster both ways, it keeps the interned texts
    interned, and the parse cache stores these very bytes."""
    base, known, schemas, limits = (_WORKER[name] for name in ("base", "known", "schemas", "limits"))
    limit = limits["max_file_bytes"]  # read no further than needed to tell a file is too large
    entries: list[Entry] = []
    stamps: list[bytes] = []
    for path in paths:
        if stamping:
            stamped, raw = read_stamped(base, path, limit)
            stamps.append(stamped)
        else:
            raw = read_file(base, path, limit)
        kind = kind_of(path)
        key = file_digest(path, raw, kind)
        if key in known:
            entries.append((key,))
            continue
        result = check_file(path, raw, schemas, limits, kind)
        entries.append((key, result.kind, result.data, pack(result.findings)))
    return b"".join(stamps), marshal.dumps(entries)


def _cached(cache: FileCache | None, path: str, key: bytes) -> tuple[str | None, Any, list[Finding]]:
    """What the cache holds for bytes a worker recognised: it sends their digest alone only then."""
    found = cache.get(path, key) if cache is not None else None
    if found is None:
        raise WorkerLost(f"a worker took {path} for known bytes the cache does not hold")
    return found


def _start_worker(schema_texts: dict[str, Any] | None, base: str, limits: dict[str, Any], parent: int) -> None:
    die_with_parent(parent)
    gc.disable()  # workers live briefly and allocate a lot; collection would be wasted work
    if schema_texts is not None:  # spawned, not forked: rebuild what could not be inherited
        _WORKER.update(schemas=SchemaSet(schema_texts), base=base, limits=limits, known=set())


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
    store: Store | None = None,
    fingerprint: str = "",
    remembered: Memo | None = None,
) -> Corpus:
    """All records of the repository at root, checked file by file.

    `scanning` is a scan of root the caller started already; `progress_stream`
    gets a progress bar when it is a terminal (see progress.py). `store` and `fingerprint`:
    the run's, whose parse cache serves the bytes the memo says each listed file
    still holds (`remembered`: Memo.known); without one every file is read.
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
    # Stat-ing every file and loading the cache take a second each at 100,000 visits: side by side.
    scanning = scanning or scan.for_run(root, store is not None)  # stats while the cache loads
    cache = FileCache(store, fingerprint).load() if store is not None else None
    if store is not None and (news := store.news()):
        report.notes.append(news)
    listing = scanning.result()
    entries = listing.entries()
    digests: list[bytes | None] = [None] * len(entries)
    if cache is not None and remembered is not None and listing.stamped:
        digests = remembered.known(listing.paths, listing.stamps)
    report.files = len(entries)
    progress = progress_for(progress_stream, "checking records", len(entries))
    if cache and cache.problem:
        report.notes.append(cache.problem)
    results: list[FileResult | None] = [None] * len(entries)
    files: dict[str, tuple[bytes, bytes]] = {}  # path -> (stamp, digest): what the memo remembers
    unknown: list[int] = []
    collecting = gc.isenabled()
    gc.disable()  # building many small objects: the collector would only slow it down
    try:
        for index, (path, stamped) in enumerate(entries):
            key = digests[index]
            hit = cache.get(path, key) if cache and key else None
            if hit is None or key is None:
                unknown.append(index)
                continue
            files[path] = (stamped, key)
            results[index] = FileResult(path, *hit)
            report.cached += 1
            progress.advance()
        _WORKER.update(schemas=schemas, base=str(root), limits=limits, known=cache.results if cache else set())
        done = 0
        stamping = not listing.stamped
        for chunk, (stamps, payload) in _examine_all([entries[i][0] for i in unknown], stamping, workers, report):
            examined = marshal.loads(payload)
            fresh = [entry[0] for entry in examined if len(entry) == 4]
            report.parsed += len(fresh)
            report.cached += len(examined) - len(fresh)
            if cache:
                cache.add_part(payload, fresh)
            indexes = unknown[done : done + len(chunk)]
            done += len(chunk)
            chunk_stamps = (
                [stamps[at : at + STAMP_SIZE] for at in range(0, len(stamps), STAMP_SIZE)]
                if stamping
                else [entries[index][1] for index in indexes]
            )
            files.update(zip(chunk, [(stamp, entry[0]) for stamp, entry in zip(chunk_stamps, examined)]))
            for index, path, entry in zip(indexes, chunk, examined):
                results[index] = (
                    FileResult(path, entry[1], entry[2], unpack(path, entry[3]))
                    if len(entry) == 4
                    else FileResult(path, *_cached(cache, path, entry[0]))
                )
            progress.advance(len(chunk))
        del digests
        if cache:
            try:
                cache.save({key for _, key in files.values()})
            except OSError as exc:
                report.notes.append(f"cache not saved ({exc})")
        # every index was filled above, by the cache or by a worker
        corpus = Corpus(root, cast(list[FileResult], results), files=files)
        edge.settle()
        return corpus
    finally:
        _WORKER.clear()
        if collecting:
            gc.enable()
        progress.close()
        if cache:
            cache.discard()  # a save begun and not committed: the run failed
