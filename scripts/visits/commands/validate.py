"""visits validate: check records against their schemas and against each other."""

from __future__ import annotations

from pathlib import Path

from visits.config import load_config
from visits.findings import has_errors
from visits.reporters import REPORTERS
from visits.validate import validate

NAME = "validate"
HELP = "check every record (schema and cross-record rules) and report all problems"


def configure(parser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="report only these files (all records are still loaded)")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="how to print the findings (default: text)")


def run(args, io) -> int:
    config = load_config(args.root)
    only = {_relative(args.root, path) for path in args.paths} if args.paths else None
    outcome = validate(args.root, config, args.today, only=only)
    io.out.write(REPORTERS[args.format](outcome.findings, outcome.records))
    return 1 if has_errors(outcome.findings) else 0


def _relative(root: Path, path: str) -> str:
    candidate = Path(path)
    absolute = candidate if candidate.is_absolute() else (Path.cwd() / candidate)
    try:
        return absolute.resolve().relative_to(root).as_posix()
    except ValueError:
        return candidate.as_posix()
