"""visits issue-form: write the "Visit report" issue form from the visit schema, or check it is current."""

from __future__ import annotations

from visits.config import load_config
from visits.corpusload import load_corpus
from visits.generated import refresh
from visits.issueform import FORM_FILE, form_yaml, visit_form
from visits.schemas import SchemaSet

NAME = "issue-form"
HELP = "generate the visit report issue form (.github/ISSUE_TEMPLATE) from the schema and centres"


def configure(parser) -> None:
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the committed form is out of date"
    )


def run(args, io) -> int:
    config = load_config(args.root)
    schemas = SchemaSet.load(args.root)
    corpus = load_corpus(args.root, schemas, config["limits"])
    text = form_yaml(visit_form(schemas.schemas["visit"], corpus.of("centre")))
    return refresh(args.root, FORM_FILE, text, check=args.check, command=NAME, io=io)
