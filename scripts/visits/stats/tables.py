"""A published table, and its two renderings: a CSV file and a Markdown section.

Cells are already safe to publish (ints, text, or suppress.Hidden): this module
only formats them. Both renderings come from the same cells, so the CSV can
never carry a count the page hides.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass

from visits.stats.suppress import Hidden

# Characters Python-Markdown would read as markup inside a table cell or heading.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")
_NUMBER = re.compile(r"(-?\d+(\.\d+)?( %)?)?")  # empty: a figure withheld (a median under k)


def md_text(value) -> str:
    """Any text (labels come from records) as literal Markdown: no markup, no HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False)).replace("\n", " ")


def _plain(cell) -> str:
    return str(cell)


def _display(cell) -> str:
    if isinstance(cell, bool) or not isinstance(cell, int):
        return md_text(cell)
    return f"{cell:,}"


@dataclass
class Table:
    slug: str  # file name stem of the CSV, unique within its folder
    title: str
    columns: list[str]
    rows: list[list]
    about: str  # what the rows and columns are, printed under the table

    @property
    def csv_name(self) -> str:
        return f"{self.slug}.csv"

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([_plain(cell) for cell in row] for row in self.rows)
        return buffer.getvalue()

    def markdown(self, level: int = 3) -> str:
        lines = [
            f"{'#' * level} {md_text(self.title)}",
            "",
            "| " + " | ".join(md_text(name) for name in self.columns) + " |",
            "|" + "".join(" ---: |" if self._numeric(index) else " --- |" for index in range(len(self.columns))),
        ]
        lines += ["| " + " | ".join(_display(cell) for cell in row) + " |" for row in self.rows]
        lines.append("")
        if self.about:
            lines += [md_text(self.about), ""]
        lines += [f"[Download CSV ({md_text(self.title.lower())})]({self.csv_name})", ""]
        return "\n".join(lines)

    def _numeric(self, index: int) -> bool:
        """Figures align right so that digits line up; the label column never does."""
        return index > 0 and all(
            isinstance(row[index], (int, Hidden)) or _NUMBER.fullmatch(str(row[index])) for row in self.rows
        )


def hours(minutes: int) -> str:
    """Minutes as hours with one decimal, rounded half up without floats, so the same
    minutes read the same on every page (the meeting pack uses this too)."""
    tenths = (minutes * 10 + 30) // 60
    return f"{tenths // 10}.{tenths % 10}"
