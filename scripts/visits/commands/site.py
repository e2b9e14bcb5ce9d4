"""visits site: build the public recruitment site and the internal site."""

from __future__ import annotations

from pathlib import Path

from visits import engine, scratch
from visits.config import load_config
from visits.findings import Severity, has_errors
from visits.reporters import render_text
from visits.site import SiteError
from visits.site.pipeline import SITES, build_sites

NAME = "site"
HELP = "build the public site and the internal site, each in nl, fr and en, with MkDocs"


def configure(parser) -> None:
    parser.add_argument(
        "which", nargs="?", choices=[*SITES, "all"], default="all", help="which site to build (default: all)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for the sites, each in its own subfolder (default: site/ in the repository)",
    )


def run(args, io) -> int:
    config = load_config(args.root)
    sites = SITES if args.which == "all" else (args.which,)
    # Both sites wait for valid records: the public one publishes the monitoring report.
    outcome = engine.run(args.root, config, args.today, corpus=True, progress_stream=io.err)
    if has_errors(outcome.findings):
        io.err.write(render_text(outcome.findings, outcome.records))
        io.err.write("visits site: the records have errors (above); nothing was built\n")
        return 1
    warnings = sum(found.severity is Severity.WARNING for found in outcome.findings)
    if warnings:
        io.err.write(f"visits site: {warnings} warning(s) in the records; `visits validate` lists them\n")
    corpus = outcome.corpus
    out = (args.out or args.root / "site").resolve()
    scratch.sweep_and_say(out, NAME, io.err)
    try:
        built, logs = build_sites(args.root, sites, out, config, args.today, corpus)
    except SiteError as exc:
        io.err.write(f"visits site: {exc}\n")
        return 1
    if args.verbose:
        for label, log in logs.items():
            io.err.write(f"mkdocs output for the {label} site:\n{log}")
    for site, folder in built.items():
        io.out.write(f"built the {site} site in {folder}\n")
    return 0
