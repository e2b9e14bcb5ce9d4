"""visits demo: write a complete fictional repository of a given size."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from visits.cli import UsageError
from visits.demo import generate
from visits.layout import SCHEMAS, kind_of
from visits.yamlwrite import dump, schema_comment

NAME = "demo"
HELP = "write a complete, valid, fictional repository (for trying things out and benchmarks)"


def configure(parser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="folder to create (must not exist)")
    parser.add_argument("--visits", type=int, default=800, help="number of visit reports (default 800)")
    parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same data")


def run(args, io) -> int:
    if args.visits < 1:
        raise UsageError("--visits must be at least 1")
    out = args.out.resolve()
    if out.exists():
        raise UsageError(f"{args.out} already exists; choose a new folder")
    records = generate(args.visits, args.seed, args.today)
    # Built beside the target and renamed at the end: a crash leaves nothing half-written.
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        shutil.copytree(args.root / SCHEMAS, staging / SCHEMAS)
        folders = set()
        for path, record in records:
            target = staging / path
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            header = schema_comment(path, kind_of(path).schema_file)
            target.write_text(dump(record, header), encoding="utf-8")
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    io.out.write(f"wrote {len(records)} records ({args.visits} visit reports) to {args.out}\n")
    return 0

