"""visits validate: check records against their schemas and against each other."""

from __future__ import annotations

from pathlib import Path

from visits import engine
from visits.cli import UsageError
from visits.config import load_config
from visits.findings import has_errors
from visits.i18n import add_lang_option, translator
from visits.reporters import REPORTERS, render_markdown

NAME = "validate"
HELP = "check every record (schema and cross-record rules) and report all problems"


def configure(parser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="report only these files (all records are still loaded)"
    )
    parser.add_argument(
        "--format", choices=sorted(REPORTERS), default="text", help="how to print the findings (default: text)"
    )
    parser.add_argument(
        "--changed-since",
        metavar="REF",
        help="report only files changed since the merge base of REF and HEAD "
        "(committed, uncommitted and untracked) and the records they affect",
    )
    parser.add_argument(
        "--summary",
        metavar="FILE",
        type=Path,
        help="also append a Markdown summary to FILE (e.g. $GITHUB_STEP_SUMMARY)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the memo of the last run in .cache/"
    )
    parser.add_argument(
        "--workers", type=int, default=None, metavar="N", help="worker processes for large runs (default: one per core)"
    )
    add_lang_option(
        parser, "the preferred_language of the volunteer whose records are checked, else languages.checks in visits.yml"
    )


def run(args, io) -> int:
    if args.paths and args.changed_since:
        raise UsageError("give PATHs or --changed-since, not both")
    # Stat-ing every file is a second at 100,000 visits: it starts before the rest is even imported.
    scanning = engine.start(args.root, use_cache=not args.no_cache)
    from visits.gitdiff import GitError

    config = load_config(args.root)
    scope = engine.Scope(
        paths=frozenset(_selected(args.root, args.paths)) if args.paths else None, since=args.changed_since
    )
    report = engine.LoadReport()
    try:
        outcome = engine.run(
            args.root,
            config,
            args.today,
            scope,
            use_cache=not args.no_cache,
            workers=args.workers,
            report=report,
            scanning=scanning,
            progress_stream=io.err if args.format == "text" else None,
        )
    except GitError as exc:
        raise UsageError(str(exc)) from None
    if args.verbose:
        io.err.write(engine.describe(report))
    findings = outcome.findings
    t = translator(_language(args, config, outcome.asked))
    io.out.write(REPORTERS[args.format](findings, outcome.records, t))
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as summary:
            summary.write(render_markdown(findings, outcome.records, t))
    return 1 if has_errors(findings) else 0


def _language(args, config: dict, paths: set[str]) -> str:
    """--lang, else the preferred language of the author of the records asked about (those a pull
    request changes, or the PATHs given), else the setting for checks."""
    if args.lang:
        return args.lang
    from visits.i18n.authors import preferred_language

    return preferred_language(args.root, paths) or config["languages"]["checks"][0]


def _selected(root: Path, paths: list[str]) -> set[str]:
    """Repository paths of the files and folders named."""
    selected = set()
    for given in paths:
        candidate = Path(given)
        # relative paths are read from the current folder, or else from the repository root
        places = [place.resolve() for place in (Path.cwd() / candidate, root / candidate) if place.exists()]
        if not places:
            raise UsageError(f"{given}: no such file or folder")
        inside = [place for place in places if place.is_relative_to(root)]
        if not inside:
            raise UsageError(f"{given} is not inside the repository {root}")
        selected.add(inside[0].relative_to(root).as_posix())
    return selected
