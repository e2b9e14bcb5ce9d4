"""Writing many records into a new folder quickly: split over worker processes."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from visits.layout import kind_of
from visits.workers import die_with_parent
from visits.yamlwrite import dump, schema_comment

PARALLEL_FROM = 5000  # below this, starting workers costs more than it saves
_JOB: dict = {}


def _write_slice(bounds: tuple[int, int]) -> int:
    root, records = _JOB["root"], _JOB["records"]
    made: set[str] = set()
    for path, record in records[bounds[0] : bounds[1]]:
        folder = path.rpartition("/")[0]
        if folder not in made:
            os.makedirs(f"{root}/{folder}", exist_ok=True)
            made.add(folder)
        kind = kind_of(path)
        assert kind is not None, path  # the demo makes records in their kinds' folders only
        text = dump(record, schema_comment(path, kind.schema_file))
        with open(f"{root}/{path}", "x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    return bounds[1] - bounds[0]


def write_records(root: Path, records: list[tuple[str, dict]], workers: int | None = None) -> None:
    """Write each (path, record) under root, which the caller owns and later renames into place.

    Files are created exclusively ("x"): a path listed twice is an error, never an overwrite.
    """
    _JOB.update(root=str(root), records=records)
    workers = workers or os.cpu_count() or 1
    try:
        if workers == 1 or len(records) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            _write_slice((0, len(records)))
            return
        step = -(-len(records) // (workers * 8))
        slices = [(start, min(start + step, len(records))) for start in range(0, len(records), step)]
        # forked workers inherit the records: nothing is pickled but the slice bounds
        with multiprocessing.get_context("fork").Pool(workers, die_with_parent, (os.getpid(),)) as pool:
            pool.map(_write_slice, slices)
    finally:
        _JOB.clear()
