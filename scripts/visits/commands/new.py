"""visits new: write a new record, pre-filled, at the right path; never overwrite."""

from __future__ import annotations

from visits import engine, scratch
from visits.cli import UsageError
from visits.config import load_config
from visits.findings import has_errors
from visits.layout import KINDS, OutsideRecords, record_target
from visits.newrecord import NewRecordError, new_record, parse_assignments, shaped
from visits.reporters import render_text
from visits.schemas import SchemaSet
from visits.yamlwrite import dump, schema_comment, write_new

NAME = "new"
HELP = "write a new record pre-filled from the options and the existing records"
SHORTCUTS = ("assignment", "date", "volunteer", "person", "centre")


def configure(parser) -> None:
    parser.add_argument("kind", choices=sorted(KINDS), help="kind of record")
    for name in SHORTCUTS:
        parser.add_argument(f"--{name}", help=f"the record's {name}")
    parser.add_argument(
        "--from-candidate",
        metavar="ID",
        dest="from_candidate",
        help="a volunteer made from this accepted candidate's record (languages, centres, role)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="any other field (repeatable; a comma makes a list)",
    )


def run(args, io) -> int:
    config = load_config(args.root)
    schemas = SchemaSet.load(args.root)
    corpus = engine.records(args.root, config)
    try:
        fields = parse_assignments(args.set)
        fields.update({name: getattr(args, name) for name in SHORTCUTS if getattr(args, name)})
        path, data = new_record(corpus, args.kind, fields, args.today, args.from_candidate)
    except NewRecordError as exc:
        raise UsageError(str(exc)) from None
    data = shaped(data, schemas.schemas[args.kind])
    header = schema_comment(path, KINDS[args.kind].schema_file)
    scratch.sweep_and_say(args.root / scratch.SCRATCH, NAME, io.err)
    try:
        target = record_target(args.root, path, KINDS[args.kind])
        write_new(target, dump(data, header + "\n# Pre-filled: check every value."))
    except OutsideRecords as exc:
        raise UsageError(str(exc)) from None
    except FileExistsError:
        io.err.write(f"visits new: {path} already exists; it was left unchanged\n")
        return 1
    outcome = engine.run(args.root, config, args.today, engine.Scope(paths=frozenset({path})))
    if has_errors(outcome.findings):
        # the file was made by this run a moment ago: taking it back loses nothing, and the
        # corrected command can then be run again as it is
        target.unlink(missing_ok=True)
        io.out.write(render_text(outcome.findings, 1))
        io.err.write(f"visits new: {path} was not written; correct the options above and run again\n")
        return 1
    io.out.write(f"wrote {path}\n")
    if outcome.findings:
        io.out.write(render_text(outcome.findings, 1))
    return 0
