"""visits digest: the weekly overview for the coordinator (posted as an issue by the reminders workflow)."""

from __future__ import annotations

from visits.config import load_config
from visits.corpusload import open_corpus
from visits.digest import Style, build, render

NAME = "digest"
HELP = "weekly digest: overdue reports, past-due actions, expiring accreditations, concerns, evaluations and candidates"


def configure(parser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="text for a terminal, markdown for a GitHub issue (default: text)",
    )


def run(args, io) -> int:
    config = load_config(args.root)
    corpus = open_corpus(args.root, config)
    markdown = args.format == "markdown"
    io.out.write(render(build(corpus, args.today, Style(markdown), config), args.today, markdown))
    return 0
