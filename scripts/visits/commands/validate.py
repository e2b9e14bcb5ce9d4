"""visits validate: check records against their schemas and against each other."""

from __future__ import annotations

from pathlib import Path

from visits.changes import GitError, affected_files, changed_since
from visits.cli import UsageError
from visits.config import load_config
from visits.findings import has_errors
from visits.reporters import REPORTERS, render_markdown
from visits.validate import validate

NAME = "validate"
HELP = "check every record (schema and cross-record rules) and report all problems"


def configure(parser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="report only these files (all records are still loaded)")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="how to print the findings (default: text)")
    parser.add_argument("--changed-since", metavar="REF",
                        help="report only files changed since the merge base of REF and HEAD "
                             "(committed, uncommitted and untracked) and the records they affect")
    parser.add_argument("--summary", metavar="FILE", type=Path,
                        help="also append a Markdown summary to FILE (e.g. $GITHUB_STEP_SUMMARY)")


def run(args, io) -> int:
    config = load_config(args.root)
    if args.paths and args.changed_since:
        raise UsageError("give PATHs or --changed-since, not both")
    only = {_relative(args.root, path) for path in args.paths} if args.paths else None
    outcome = validate(args.root, config, args.today, only=only)
    findings = outcome.findings
    if args.changed_since:
        try:
            scope = affected_files(outcome.corpus, changed_since(args.root, args.changed_since))
        except GitError as exc:
            raise UsageError(str(exc)) from None
        findings = findings if scope is None else [found for found in findings if found.file in scope]
    io.out.write(REPORTERS[args.format](findings, outcome.records))
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as summary:
            summary.write(render_markdown(findings, outcome.records))
    return 1 if has_errors(findings) else 0


def _relative(root: Path, path: str) -> str:
    candidate = Path(path)
    absolute = candidate if candidate.is_absolute() else (Path.cwd() / candidate)
    try:
        return absolute.resolve().relative_to(root).as_posix()
    except ValueError:
        return candidate.as_posix()
