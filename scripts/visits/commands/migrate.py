"""visits migrate: upgrade every record whose kind has a newer schema version."""

from __future__ import annotations

from collections import Counter

from visits import migrate, scratch
from visits.config import load_config
from visits.findings import has_errors
from visits.reporters import render_text
from visits.schemas import SchemaSet

NAME = "migrate"
HELP = (
    "upgrade records to their schema's version (only the schema_version line changes); "
    "--check exits 1 when a record needs it, --dry-run shows what would change"
)


def configure(parser) -> None:
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 when any record needs migrating (for CI)"
    )
    what.add_argument("--dry-run", action="store_true", help="change nothing; list what would be changed")


def _summary(upgrades: list[migrate.Upgrade], current: int, written: bool) -> str:
    steps = Counter((upgrade.kind, upgrade.old, upgrade.new) for upgrade in upgrades)
    parts = ", ".join(f"{count} {kind} {old} -> {new}" for (kind, old, new), count in sorted(steps.items()))
    verb = "migrated" if written else "to migrate"
    done = f"{len(upgrades)} record{'s' if len(upgrades) != 1 else ''} {verb}"
    return f"{done}{' (' + parts + ')' if parts else ''}; {current} already at their schema's version\n"


def run(args, io) -> int:
    config = load_config(args.root)
    schemas = SchemaSet.load(args.root)
    planned = migrate.plan(args.root, schemas, config["limits"])
    findings = list(planned.findings)
    writing = not (args.check or args.dry_run)
    if writing:
        scratch.sweep_and_say(args.root / scratch.SCRATCH, NAME, io.err)
        done = migrate.apply(args.root, planned.upgrades, findings)
    else:
        done = planned.upgrades
    verb = "migrated" if writing else "would migrate"
    for upgrade in done:
        io.out.write(f"{verb} {upgrade.path}: {upgrade.kind} schema_version {upgrade.old} -> {upgrade.new}\n")
    io.out.write(_summary(done, planned.current, writing))
    if findings:
        io.err.write(render_text(findings, len(done) + planned.current + len(findings)))
    if args.check and planned.upgrades:
        io.err.write("visits migrate: records need migrating; run `visits migrate`, review the diff and commit\n")
        return 1
    return 1 if has_errors(findings) else 0
