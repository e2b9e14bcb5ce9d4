"""visits issue-form: write the "Visit report" issue forms (nl, fr, en) from the visit schema, or check them."""

from __future__ import annotations

from visits import engine
from visits.config import load_config
from visits.generated import refresh
from visits.i18n import translator
from visits.issueform import FORM_FILES, form_yaml, forms
from visits.schemas import SchemaSet

NAME = "issue-form"
HELP = "generate the visit report issue forms (.github/ISSUE_TEMPLATE, one per language) from the schema and centres"


def configure(parser) -> None:
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a committed form is out of date")


def run(args, io) -> int:
    config = load_config(args.root)
    schemas = SchemaSet.load(args.root)
    corpus = engine.records(args.root, config)
    codes = [
        refresh(args.root, FORM_FILES[language], form_yaml(fields, translator(language)), **_how(args, io))
        for language, fields in forms(schemas.schemas["visit"], corpus.of("centre")).items()
    ]
    return max(codes)


def _how(args, io) -> dict:
    return {"check": args.check, "command": NAME, "io": io}
