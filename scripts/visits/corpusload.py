"""Loading a whole repository fast: stat walk, parse cache, worker processes.

The per-file check (records.check_file) is pure, so its result depends only on
the file's bytes, its kind, the schemas and the limits. That is what makes both
the cache and the parallel workers safe: neither can change a finding.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from visits import fastyaml, records, schemas as schemas_module, yamlstrict
from visits.filecache import FileCache, digest, fingerprint
from visits.layout import RECORDS, kind_of
from visits.progress import Progress, progress_for
from visits.records import Corpus, FileResult, check_file
from visits.schemas import ENGINE, SchemaSet

PARALLEL_FROM = 2000  # below this, starting workers costs more than it saves
CHUNK = 512


@dataclass
class LoadReport:
    """What the loader did, for --verbose."""

    files: int = 0
    cached: int = 0
    parsed: int = 0
    workers: int = 1
    notes: list[str] = field(default_factory=list)


def scan(root: Path) -> list[tuple[str, os.stat_result]]:
    """Every file under records/ with its stat, sorted; dotfiles and READMEs skipped."""
    found = []
    base = os.path.join(str(root), RECORDS)
    prefix = len(base)
    stack = [base]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.name != "README.md":
                relative = RECORDS + entry.path[prefix:].replace(os.sep, "/")
                found.append((relative, entry.stat(follow_symlinks=False)))
    found.sort(key=lambda item: item[0])
    return found


def _code_fingerprint(schemas: SchemaSet, limits: dict) -> str:
    parts = [schemas.fingerprint().encode(), repr(sorted(limits.items())).encode()]
    for module in (records, fastyaml, yamlstrict, schemas_module):
        parts.append(Path(module.__file__).read_bytes())
    return fingerprint(parts)


_WORKER: dict = {}


def _check_in_worker(item: tuple[str, bytes]) -> FileResult:
    return check_file(item[0], item[1], _WORKER["schemas"], _WORKER["limits"])


def _start_worker(schema_texts: dict | None, limits: dict) -> None:
    gc.disable()  # workers live briefly and allocate a lot; collection would be wasted work
    if schema_texts is not None:  # spawned, not forked: rebuild what could not be inherited
        _WORKER["schemas"] = SchemaSet(schema_texts)
        _WORKER["limits"] = limits


def _check_many(items: list[tuple[str, bytes]], schemas: SchemaSet, limits: dict,
                workers: int, report: LoadReport, progress: Progress) -> list[FileResult]:
    if workers <= 1 or len(items) < PARALLEL_FROM:
        checked = []
        for path, raw in items:
            checked.append(check_file(path, raw, schemas, limits))
            progress.advance()
        return checked
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    inherited = context.get_start_method() == "fork"
    _WORKER.update(schemas=schemas, limits=limits)
    report.workers = workers
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                             initargs=(None if inherited else schemas.schemas, limits)) as pool:
        checked = []
        for result in pool.map(_check_in_worker, items, chunksize=CHUNK):
            checked.append(result)
            progress.advance()
        return checked


def _read(root: str, path: str) -> bytes:
    with open(f"{root}/{path}", "rb") as handle:
        return handle.read()


def load_corpus(root: Path, schemas: SchemaSet, limits: dict, *, use_cache: bool = True,
                workers: int | None = None, report: LoadReport | None = None,
                progress_stream=None) -> Corpus:
    """All records of the repository at root, checked file by file.

    `progress_stream` gets a progress bar when it is a terminal (see progress.py).
    """
    report = report if report is not None else LoadReport()
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if ENGINE.startswith("jsonschema ("):
        report.notes.append(f"schema validation: {ENGINE}")
    if not yamlstrict.LIBYAML:
        report.notes.append("YAML: libyaml not found, using the pure-Python parser (slower)")
    entries = scan(root)
    base = str(root)
    report.files = len(entries)
    progress = progress_for(progress_stream, "checking records", len(entries))
    cache = FileCache(root, _code_fingerprint(schemas, limits)).load() if use_cache else None
    if cache and cache.problem:
        report.notes.append(cache.problem)
    results: list[FileResult | None] = [None] * len(entries)
    todo: list[tuple[int, bytes, bytes]] = []
    gc.disable()
    try:
        for index, (path, stat) in enumerate(entries):
            key = cache.known_digest(path, stat) if cache else None
            hit = cache.get(path, key) if key else None
            if hit is None:
                raw = _read(base, path)
                key = digest(_kind_name(path), raw)
                hit = cache.get(path, key) if cache else None
                if hit is None:
                    todo.append((index, key, raw))
                    continue
                cache.put(path, stat, key, *hit)
            results[index] = FileResult(path, *hit)
            report.cached += 1
            progress.advance()
        checked = _check_many([(entries[i][0], raw) for i, _, raw in todo], schemas, limits, workers,
                              report, progress)
        report.parsed = len(checked)
        for (index, key, _), result in zip(todo, checked):
            results[index] = result
            if cache:
                cache.put(result.path, entries[index][1], key, result.kind, result.data, result.findings)
        if cache:
            try:
                cache.save({path for path, _ in entries})
            except OSError as exc:
                report.notes.append(f"cache not saved ({exc})")
        return Corpus(root, results)
    finally:
        gc.enable()
        progress.close()


def _kind_name(path: str) -> str:
    kind = kind_of(path)
    return kind.name if kind else "-"


def open_corpus(root: Path, config: dict, **options) -> Corpus:
    """The checked records of the repository at root, with its own schemas and limits."""
    return load_corpus(root, SchemaSet.load(root), config["limits"], **options)
