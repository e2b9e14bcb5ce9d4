"""A published table, and its two renderings: a CSV file and a Markdown section.

Cells are already safe to publish (ints, text, suppress.Hidden, or the figures
below): this module only formats them. Both renderings come from the same cells,
so the CSV can never carry a count the page hides. The page writes numbers the
reader's way (1.234,5 in Dutch and French); the CSV keeps them machine-readable
(1234.5, no thousands separator) and its headers in the page's language.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from visits.i18n import Translator, translator
from visits.stats.suppress import Hidden

# Characters Python-Markdown would read as markup inside a table cell or heading.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")
_NUMBER = re.compile(r"-?\d+(\.\d+)?( %)?")  # a figure given as text by an older caller


def md_text(value) -> str:
    """Any text (labels come from records) as literal Markdown: no markup, no HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False)).replace("\n", " ")


@dataclass(frozen=True)
class Quantity:
    """A figure with a fixed number of decimals: hours, euros, days."""

    value: Decimal
    decimals: int = 0

    def csv(self) -> str:
        return f"{self.value:.{self.decimals}f}"

    def page(self, t: Translator) -> str:
        # Babel formats a Decimal exactly; Translator.number is typed for floats only
        return t.number(self.value, self.decimals)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Percent:
    """part of whole, as a whole percentage: "50" in the CSV (its header says %), "50 %" on the page."""

    part: int
    whole: int

    def csv(self) -> str:
        return f"{round(100 * self.part / self.whole)}"

    def page(self, t: Translator) -> str:
        return t.percent(self.part, self.whole)


@dataclass(frozen=True)
class Label:
    """A row label written one way in the CSV (a sortable period: 2026-01) and another on the page (January)."""

    key: str
    name: str

    def csv(self) -> str:
        return self.key

    def page(self, t: Translator) -> str:
        return self.name


Figure = Quantity | Percent


def _plain(cell) -> str:
    if isinstance(cell, (Quantity, Percent, Label)):
        return cell.csv()
    return str(cell)


def _display(cell, t: Translator) -> str:
    if isinstance(cell, (Quantity, Percent, Label)):
        return md_text(cell.page(t))
    if isinstance(cell, bool) or not isinstance(cell, int):
        return md_text(cell)
    return md_text(t.number(cell))


def _numeric(cell) -> bool:
    # empty: a figure withheld (a median under k, a share of a hidden count)
    if isinstance(cell, str):
        return cell == "" or bool(_NUMBER.fullmatch(cell))
    return isinstance(cell, (int, Hidden, Quantity, Percent)) and not isinstance(cell, bool)


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

    def markdown(self, level: int = 3, t: Translator | None = None) -> str:
        t = t or translator("en")
        title = t.typography(self.title)
        lines = [
            f"{'#' * level} {md_text(title)}",
            "",
            "| " + " | ".join(md_text(name) for name in self.columns) + " |",
            "|" + "".join(" ---: |" if self._numeric(index) else " --- |" for index in range(len(self.columns))),
        ]
        lines += ["| " + " | ".join(_display(cell, t) for cell in row) + " |" for row in self.rows]
        lines.append("")
        if self.about:
            lines += [md_text(t.typography(self.about)), ""]
        link = t.gettext("Download CSV ({title})").format(title=title[:1].lower() + title[1:])
        lines += [f"[{md_text(link)}]({self.csv_name})", ""]
        return "\n".join(lines)

    def _numeric(self, index: int) -> bool:
        """Figures align right so that digits line up; the label column never does."""
        return index > 0 and all(_numeric(row[index]) for row in self.rows)


def tenths_of_hours(minutes: int) -> int:
    """Minutes as tenths of an hour, rounded half up without floats."""
    return (minutes * 10 + 30) // 60


def hours(minutes: int) -> str:
    """Minutes as hours with one decimal, rounded half up without floats, so the same
    minutes read the same on every page (the meeting pack uses this too)."""
    tenths = tenths_of_hours(minutes)
    return f"{tenths // 10}.{tenths % 10}"


def hours_figure(minutes: int) -> Quantity:
    """The same hours as `hours`, for a table: 2,3 on a Dutch or French page, 2.3 in the CSV."""
    return Quantity(Decimal(tenths_of_hours(minutes)) / 10, 1)


def euro_figure(cents: int) -> Quantity:
    """An amount in euros, exact: 1.234,50 on a Dutch or French page, 1234.50 in the CSV."""
    return Quantity(Decimal(cents) / 100, 2)
