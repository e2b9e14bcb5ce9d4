"""visits demo: write a complete fictional repository of a given size."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from visits import scratch
from visits.cli import UsageError
from visits.config import CONFIG_FILE
from visits.demo import generate
from visits.layout import SCHEMAS
from visits.treewrite import write_records

SITE_SOURCES = ("docs", "mkdocs.yml", CONFIG_FILE)
AS_OF = re.compile(r"^as_of:.*$", re.MULTILINE)
NAME = "demo"
HELP = "write a complete, valid, fictional repository (for trying things out and benchmarks)"


def configure(parser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="folder to create (must not exist)")
    parser.add_argument("--visits", type=int, default=800, help="number of visit reports (default 800)")
    parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same data")


def date_settings(path: Path, day) -> None:
    """Make the copied visits.yml say what day the records describe (`as_of`), so commands
    run on them later take that day as today (see cli._default_today)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    line = f'as_of: "{day.isoformat()}"'
    text, found = AS_OF.subn(line, text)
    if not found:
        text += (
            ("" if text.endswith("\n") or not text else "\n")
            + "# The day the example records describe: commands take it as today unless --today is given.\n"
            + line
            + "\n"
        )
    path.write_text(text, encoding="utf-8")


def run(args, io) -> int:
    if args.visits < 1:
        raise UsageError("--visits must be at least 1")
    out = args.out.resolve()
    if out.exists():
        raise UsageError(f"{args.out} already exists; choose a new folder")
    if not out.parent.is_dir():
        raise UsageError(f"{out.parent} does not exist; create it first")
    if not (args.root / SCHEMAS).is_dir():
        raise UsageError(f"{args.root} has no {SCHEMAS}/ folder to copy; run from the project or give --root")
    records = generate(args.visits, args.seed, args.today)
    # Built beside the target and renamed at the end: a crash leaves nothing half-written,
    # and what a killed run left there is removed now. (mkdir, unlike mkdtemp, gives the
    # folder the usual permissions.)
    scratch.sweep_and_say(out.parent, NAME, io.err)
    staging = out.parent / scratch.name()
    staging.mkdir()
    try:
        shutil.copytree(args.root / SCHEMAS, staging / SCHEMAS)
        # what the sites and settings need, so the result is a repository like this one
        for extra in SITE_SOURCES:
            source = args.root / extra
            if source.is_dir():
                shutil.copytree(source, staging / extra)
            elif source.is_file():
                shutil.copy2(source, staging / extra)
        date_settings(staging / CONFIG_FILE, args.today)
        write_records(staging, records)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    io.out.write(f"wrote {len(records)} records ({args.visits} visit reports) to {args.out}\n")
    return 0
