"""visits digest: the weekly overview for the coordinator (posted as an issue by the reminders workflow)."""

from __future__ import annotations

from visits import engine
from visits.config import load_config
from visits.digest import Style, build, render
from visits.i18n import add_lang_option, audience_languages, translator

NAME = "digest"
HELP = "weekly digest: overdue reports, past-due actions, expiring accreditations, concerns, evaluations and candidates"


def configure(parser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="text for a terminal, markdown for a GitHub issue (default: text)",
    )
    add_lang_option(parser, "languages.digest in visits.yml; two are written one after the other")


def run(args, io) -> int:
    config = load_config(args.root)
    corpus = engine.records(args.root, config)
    markdown = args.format == "markdown"
    texts = []
    for language in audience_languages(config, "digest", args.lang):
        t = translator(language)
        texts.append(render(build(corpus, args.today, Style(markdown, t), config), args.today, markdown, t))
    io.out.write(("\n---\n\n" if markdown else "\n").join(texts))
    return 0
