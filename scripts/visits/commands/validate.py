"""visits validate: check records against their schemas and against each other."""

from __future__ import annotations

from pathlib import Path

from visits import scan
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
        "--no-cache", action="store_true", help="neither read nor write the parse cache and the memo in .cache/"
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
    scanning = scan.for_run(args.root, use_cache=not args.no_cache)
    from visits.corpusload import LoadReport
    from visits.validate import validate

    config = load_config(args.root)
    changes = None
    if args.changed_since:
        from visits import changes as git  # git: only when asked

        changes = _changes(git, args)
    report = LoadReport()
    # a change of visits and expenses only is followed through the memo's ties; any other needs every record
    need_corpus = changes is not None and (args.no_cache or not git.only_tied_kinds(changes))
    outcome = validate(
        args.root,
        config,
        args.today,
        use_cache=not args.no_cache,
        workers=args.workers,
        report=report,
        need_corpus=need_corpus,
        scanning=scanning,
        progress_stream=io.err if args.format == "text" else None,
    )
    if args.verbose:
        io.err.write(describe(report))
    findings = outcome.findings
    asked: set[str] = set()  # the files the run is about, whose author it writes to
    if args.paths:
        only = asked = _selected(args.root, args.paths, set(outcome.paths))
        findings = [found for found in findings if found.file in only]
    if changes is not None:
        scope = _scope(git, args.root, changes, outcome)
        findings = findings if scope is None else [found for found in findings if found.file in scope]
    t = translator(_language(args, config, set(changes.changed) if changes is not None else asked))
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


def _changes(git, args):
    try:
        return git.changed_since(args.root, args.changed_since)
    except git.GitError as exc:
        raise UsageError(str(exc)) from None


def _scope(git, root: Path, changes, outcome) -> set[str] | None:
    """The files whose findings the change may have caused; None for all of them."""
    if changes.touches_everything:
        return None
    if outcome.corpus is None:
        return git.affected_through_ties(root, outcome.memo, changes)
    return git.affected_files(outcome.corpus, changes)


def _selected(root: Path, paths: list[str], known: set[str]) -> set[str]:
    """Repository paths of the files named, a folder standing for the files under it."""
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
        relative = inside[0].relative_to(root).as_posix()
        prefix = relative.rstrip("/") + "/"
        selected |= {path for path in known if path == relative or path.startswith(prefix)}
    return selected


def describe(report) -> str:
    from visits.fastyaml import COMPILED
    from visits.schemas import ENGINE

    loaded = (
        ""
        if report.from_memo
        else (
            f": {report.cached} from the cache, {report.parsed} parsed, "
            f"{report.workers} process{'es' if report.workers > 1 else ''}"
        )
    )
    reader = "compiled" if COMPILED else "Python"
    lines = [f"{report.files} files{loaded}; schemas: {ENGINE}; YAML reader: {reader}"]
    lines += report.notes
    return "".join(f"visits validate: {line}\n" for line in lines)
