"""visits report: the yearly monitoring report as pages, a PDF and a data package."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from visits import engine, scratch
from visits.config import load_config
from visits.findings import has_errors
from visits.i18n import LANGUAGES
from visits.layout import RECORDS
from visits.report import Unavailable, min_count, report_figures, report_files
from visits.reporters import render_text
from visits.stats.measures import collect

NAME = "report"
HELP = "write the yearly monitoring report (pages, PDF, data package) in nl, fr and en"
MARK = ".visits-report"  # in a folder this command wrote, which it may replace


def configure(parser) -> None:
    parser.add_argument("--year", type=int, required=True, metavar="YYYY", help="the year the report is about")
    parser.add_argument("--lang", choices=LANGUAGES, help="one language only (default: nl, fr and en)")
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="folder for the report, one subfolder per language (default: build/report/YYYY in the repository)",
    )


def _refusal(root: Path, out: Path) -> str | None:
    if out == root / RECORDS or root / RECORDS in out.parents:
        return f"{out} is inside {RECORDS}/; the report is never written among the records"
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARK).exists())):
        return f"{out} exists and is not a folder this command wrote; it was left unchanged (choose another --out)"
    return None


def _write(files: dict[str, str | bytes], folder: Path) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")


def _replace(staged: Path, out: Path) -> None:
    """The staged folder takes the place of `out`; a previous report is removed after."""
    old = None
    if out.exists():
        old = out.parent / scratch.name()
        os.rename(out, old)
    os.rename(staged, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def run(args, io) -> int:
    config = load_config(args.root)
    outcome = engine.run(args.root, config, args.today, corpus=True, progress_stream=io.err)
    if has_errors(outcome.findings):
        io.err.write(render_text(outcome.findings, outcome.records))
        io.err.write("visits report: the records have errors (above); no report was written\n")
        return 1
    facts = collect(outcome.corpus, config, args.today)
    if not any(facts("visits", str(args.year), centre) for centre in facts.centres):
        io.err.write(f"visits report: no visit is recorded in {args.year}; there is nothing to report\n")
        return 1
    out = (args.out or args.root / "build" / "report" / str(args.year)).resolve()
    refusal = _refusal(args.root, out)
    if refusal:
        io.err.write(f"visits report: {refusal}\n")
        return 1
    if args.year >= args.today.year:
        io.err.write(f"visits report: {args.year} is not over; its figures go up to {args.today.isoformat()}\n")
    figures = report_figures(facts, args.year, min_count(config))
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch.sweep_and_say(out.parent, NAME, io.err)
    staged = out.parent / scratch.name()
    pdf = True
    try:
        staged.mkdir()
        (staged / MARK).write_text("written by `visits report`; replaced by its next run\n", encoding="utf-8")
        for language in [args.lang] if args.lang else LANGUAGES:
            try:
                files = report_files(figures, language, args.today, pdf=pdf)
            except Unavailable as exc:
                io.err.write(f"visits report: no PDF: {exc}\n")
                pdf = False
                files = report_files(figures, language, args.today, pdf=False)
            _write(files, staged / language)
        _replace(staged, out)
    finally:
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
    io.out.write(f"wrote the {args.year} report in {out}{'' if pdf else ' (without PDF)'}\n")
    return 0
