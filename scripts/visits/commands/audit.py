"""visits audit: prove that no hidden count of people can be narrowed too far from what is published."""

from __future__ import annotations

import json

from visits import engine
from visits.config import load_config
from visits.findings import has_errors
from visits.i18n import LANGUAGES, translator
from visits.reporters import render_text
from visits.stats.disclosure.audit import AuditResult
from visits.stats.measures import collect
from visits.stats.publication import publish

NAME = "audit"
RECRUITMENT = "recruitment/"  # stats.publication's names of the recruitment dashboard's tables
HELP = "audit the disclosure control of every published table about people (exit 1 when a count is exposed)"


def configure(parser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the summary (default: en)")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json (language-neutral)"
    )


def cell_name(cell) -> str:
    table, row, column = cell
    return f"{table} [{row}, {column}]"


def summary(result: AuditResult, t, k: int, tables: dict | None = None) -> str:
    """The audit's result in words, one fact a line; `tables` (the publication's, by name)
    adds the recruitment dashboard's share, the one table family not on the statistics pages."""
    recruitment = [grid for table, grid in (tables or {}).items() if table.startswith(RECRUITMENT)]
    lines = [
        t.gettext("Disclosure audit of every published table about people"),
        t.gettext("Tables audited: {tables} ({cells} cells about people)").format(
            tables=t.number(result.tables), cells=t.number(result.cells)
        ),
        t.gettext("Hidden cells: {hidden}, of which small counts protected (1 to {small}): {protected}").format(
            hidden=t.number(result.hidden), small=k - 1, protected=t.number(result.protected)
        ),
    ]
    if recruitment:
        lines.append(
            t.ngettext(
                "Of which the recruitment dashboard: {tables} table ({cells} cells about candidates)",
                "Of which the recruitment dashboard: {tables} tables ({cells} cells about candidates)",
                len(recruitment),
            ).format(tables=t.number(len(recruitment)), cells=t.number(sum(len(grid.cells) for grid in recruitment)))
        )
    narrowest = result.narrowest
    if narrowest is not None:
        cell, (low, high) = narrowest
        lines.append(
            t.ngettext(
                "Narrowest interval a reader can derive: {low} to {high} ({n} value), {cell}",
                "Narrowest interval a reader can derive: {low} to {high} ({n} values), {cell}",
                high - low + 1,
            ).format(low=low, high=high, n=high - low + 1, cell=cell_name(cell))
        )
    if result.ok:
        lines.append(
            t.ngettext(
                "Every protected count keeps at least {width} possible value.",
                "Every protected count keeps at least {width} possible values.",
                result.width,
            ).format(width=result.width)
        )
        return "\n".join(lines) + "\n"
    lines.append(
        t.ngettext(
            "{n} protected count can be narrowed to fewer than {width} values:",
            "{n} protected counts can be narrowed to fewer than {width} values:",
            len(result.failures),
        ).format(n=len(result.failures), width=result.width)
    )
    for failure in result.failures:
        low, high = failure.interval
        lines.append(
            "  "
            + t.gettext("{cell}: {low} to {high}, from the tables {tables}").format(
                cell=cell_name(failure.cell), low=low, high=high, tables=t.join(failure.tables)
            )
        )
    return "\n".join(lines) + "\n"


def run(args, io) -> int:
    config = load_config(args.root)
    outcome = engine.run(args.root, config, args.today, corpus=True, progress_stream=io.err)
    if has_errors(outcome.findings):  # as `visits site`: nothing is published from broken records
        io.err.write(render_text(outcome.findings, outcome.records))
        io.err.write("visits audit: the records have errors (above); nothing was audited\n")
        return 1
    publication = publish(collect(outcome.corpus, config, args.today), config, outcome.corpus)
    result = publication.audit()
    if args.format == "json":
        found = {"as_of": args.today.isoformat(), **result.as_json(), "table_names": sorted(publication.tables)}
        io.out.write(json.dumps(found, indent=2) + "\n")
    else:
        t = translator(args.lang)
        io.out.write(t.typography(summary(result, t, publication.k, publication.tables)))
    return 0 if result.ok else 1
