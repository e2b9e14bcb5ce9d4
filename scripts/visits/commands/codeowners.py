"""visits codeowners: write .github/CODEOWNERS from the volunteer records, or check it is current."""

from __future__ import annotations

from visits import engine
from visits.codeowners import CODEOWNERS, generate
from visits.config import load_config
from visits.generated import refresh

NAME = "codeowners"
HELP = "generate .github/CODEOWNERS (review routing) from the volunteer records"


def configure(parser) -> None:
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the committed file is out of date"
    )


def run(args, io) -> int:
    config = load_config(args.root)
    corpus = engine.records(args.root, config)
    return refresh(args.root, CODEOWNERS, generate(corpus, config), check=args.check, command=NAME, io=io)
