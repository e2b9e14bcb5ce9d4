"""visits pack: the Markdown pack for the quarterly visitors' meeting."""

from __future__ import annotations

from pathlib import Path

from visits import engine
from visits.cli import UsageError
from visits.config import load_config
from visits.i18n import add_lang_option, audience_languages
from visits.pack import render_pack
from visits.yamlwrite import write_new

NAME = "pack"
HELP = "write the Markdown pack for a quarterly visitors' meeting (figures, follow-ups, training gaps)"


def configure(parser) -> None:
    parser.add_argument("--quarter", required=True, metavar="YYYY-Qn", help="the quarter, e.g. 2026-Q3")
    parser.add_argument(
        "--out", type=Path, metavar="FILE", help="write to this new file (never overwritten) instead of the screen"
    )
    add_lang_option(parser, "languages.pack in visits.yml; two are written one after the other")


def run(args, io) -> int:
    config = load_config(args.root)
    corpus = engine.records(args.root, config)
    try:
        packs = [
            render_pack(corpus, config, args.quarter, args.today, language=language)
            for language in audience_languages(config, "pack", args.lang)
        ]
        text = "\n---\n\n".join(packs)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    broken = sum(1 for result in corpus.results if result.findings)
    if broken:
        io.err.write(
            f"visits pack: {broken} record file{'s' if broken != 1 else ''} could not be read "
            "and are not counted; run `visits validate` to see why\n"
        )
    if args.out is None:
        io.out.write(text)
        return 0
    try:
        write_new(args.out, text)
    except FileExistsError:
        io.err.write(
            f"visits pack: {args.out} already exists; it was left unchanged (choose another name or delete it first)\n"
        )
        return 1
    io.out.write(f"wrote {args.out}\n")
    return 0
