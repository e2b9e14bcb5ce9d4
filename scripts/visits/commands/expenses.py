"""visits expenses: the reimbursement list per volunteer for a month or a year."""

from __future__ import annotations

import csv
import io as textio

from visits import engine
from visits.cli import UsageError
from visits.config import load_config
from visits.expenses import euros, period, reimbursements, total
from visits.findings import has_errors
from visits.layout import KINDS, RECORDS
from visits.reporters import render_text
from visits.rules import parse_date

NAME = "expenses"
HELP = "list the reimbursements per volunteer for a month or a year, with totals"
STATUSES = ("submitted", "approved", "paid")
COLUMNS = (
    "volunteer",
    "name",
    "claims",
    "km",
    "km_cents",
    "km_eur",
    "tickets_cents",
    "tickets_eur",
    "telephone_cents",
    "telephone_eur",
    "total_cents",
    "total_eur",
)


def configure(parser) -> None:
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--month", metavar="YYYY-MM", help="expenses dated in this month")
    when.add_argument("--year", metavar="YYYY", help="expenses dated in this year (default: this year)")
    parser.add_argument(
        "--status",
        action="append",
        choices=STATUSES,
        default=[],
        help="only expenses with this status (repeatable; default: all)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "csv"),
        default="text",
        help="text for reading, csv for a spreadsheet (default: text)",
    )


def _text(lines, overall, label: str, rate: str, statuses: str) -> str:
    rows = [("Volunteer", "Name", "Claims", "km", "Car EUR", "Tickets EUR", "Phone EUR", "Total EUR")]
    for line in [*lines, overall]:
        rows.append(
            (
                line.volunteer,
                line.name,
                str(line.claims),
                str(line.km),
                euros(line.km_cents),
                euros(line.tickets_cents),
                euros(line.telephone_cents),
                euros(line.total_cents),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = [f"Reimbursements {label} ({statuses}; car at {rate} EUR/km)", ""]
    for row in rows:
        out.append(
            "  ".join(cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]) for i, cell in enumerate(row)).rstrip()
        )
    return "\n".join(out) + "\n"


def _csv(lines, overall) -> str:
    buffer = textio.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for line in [*lines, overall]:
        writer.writerow(
            (
                line.volunteer,
                line.name,
                line.claims,
                line.km,
                line.km_cents,
                euros(line.km_cents),
                line.tickets_cents,
                euros(line.tickets_cents),
                line.telephone_cents,
                euros(line.telephone_cents),
                line.total_cents,
                euros(line.total_cents),
            )
        )
    return buffer.getvalue()


def _in_period(corpus, within) -> tuple[set[str], set[str]]:
    """Paths of the period's expense files, and of every valid expense file."""
    dated = {record.path: parse_date(record.data["date"]) for record in corpus.of("expense")}
    return {path for path, day in dated.items() if day in within}, set(dated)


def _problems(outcome, within) -> tuple[list, int]:
    """Findings on the period's expense files and on any expense file too broken to date."""
    folder = f"{RECORDS}/{KINDS['expense'].folder}/"
    period_files, valid_files = _in_period(outcome.corpus, within)
    problems = [
        found
        for found in outcome.findings
        if found.file.startswith(folder) and (found.file in period_files or found.file not in valid_files)
    ]
    return problems, len(period_files)


def run(args, io) -> int:
    config = load_config(args.root)
    try:
        within = period(args.month, args.year or (None if args.month else str(args.today.year)))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    outcome = engine.run(args.root, config, args.today, corpus=True)
    lines = reimbursements(outcome.corpus, config, within, set(args.status) or None)
    overall = total(lines)
    statuses = ", ".join(args.status) if args.status else "all statuses"
    rate = config["expenses"]["km_rate_eur"]
    io.out.write(_text(lines, overall, within.label, rate, statuses) if args.format == "text" else _csv(lines, overall))
    problems, checked = _problems(outcome, within)
    if problems:
        io.err.write(render_text(problems, checked))
    return 1 if has_errors(problems) else 0
