"""A table of the report, with its three renderings: Markdown for the pages (and the PDF),
a CSV in the reader's language beside the page, and a CSV for machines in the data package.

Rows and columns carry a code (for machines: `released`, `merksplas`, `Total`) and a
name in the reader's language. Cells are published values only: an int, a float (a
quartile), suppress.Hidden, or None for a figure withheld (a quartile under k people).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from visits.i18n import Translator
from visits.stats.suppress import Hidden
from visits.stats.tables import md_text

WITHHELD = ""  # how a withheld figure (not a hidden count) is written in the CSV files


@dataclass
class Column:
    code: str
    title: str
    description: str = ""
    kind: str = "integer"  # Table Schema type: integer (counts) or number (days, quartiles)


@dataclass
class ReportTable:
    slug: str  # file name stem, unique in the report
    title: str
    about: str  # what the rows and columns are: printed under the table, and the schema's description
    key: Column  # the first column: what the rows are
    rows: list[tuple[str, str]]  # (code, name)
    columns: list[Column]
    cells: list[list] = field(default_factory=list)

    def shown(self, t: Translator, cell) -> str:
        if cell is None:
            return WITHHELD
        if isinstance(cell, str):
            return cell
        if isinstance(cell, Hidden):
            return str(cell)
        if isinstance(cell, float) and not cell.is_integer():
            return t.number(cell, 1)
        return t.number(cell)

    def markdown(self, t: Translator, level: int = 3) -> str:
        lines = [
            f"{'#' * level} {md_text(t.typography(self.title))}",
            "",
            "| " + " | ".join(md_text(name) for name in [self.key.title, *(c.title for c in self.columns)]) + " |",
            "| --- |" + " ---: |" * len(self.columns),
        ]
        for (_, name), cells in zip(self.rows, self.cells, strict=True):
            shown = [self.shown(t, cell) or "–" for cell in cells]
            lines.append("| " + " | ".join([md_text(name), *(md_text(text) for text in shown)]) + " |")
        lines += ["", md_text(t.typography(self.about)), ""]
        download = t.gettext("Download the table (CSV)")
        lines.append(f"[{md_text(download)}]({self.slug}.csv)")
        return "\n".join(lines) + "\n"

    def csv(self, t: Translator) -> str:
        """The table as the page shows it: names in the reader's language, numbers unformatted."""
        return _csv([self.key.title, *(c.title for c in self.columns)], [[name] for _, name in self.rows], self.cells)

    def data_csv(self) -> str:
        """For machines: codes as headers and row keys, counts as plain integers."""
        return _csv([self.key.code, *(c.code for c in self.columns)], [[code] for code, _ in self.rows], self.cells)


def _plain(cell) -> str:
    if cell is None:
        return WITHHELD
    if isinstance(cell, float):
        return f"{cell:g}"
    return str(cell)


def _csv(header: list[str], keys: list[list[str]], cells: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(key + [_plain(cell) for cell in row] for key, row in zip(keys, cells, strict=True))
    return buffer.getvalue()
