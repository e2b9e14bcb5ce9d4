"""One generated Markdown page and the CSV and SVG files it links to."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from visits.stats.tables import Table, md_text


@dataclass
class Page:
    path: str  # relative to the statistics folder, e.g. "2026/index.md"
    title: str
    parts: list[str] = field(default_factory=list)
    attachments: dict[str, str] = field(default_factory=dict)  # file name beside the page -> text

    @property
    def folder(self) -> str:
        return self.path.rpartition("/")[0]

    def text(self, *paragraphs: str) -> None:
        self.parts.extend(paragraphs)

    def heading(self, title: str, level: int = 2) -> None:
        self.parts.append(f"{'#' * level} {md_text(title)}")

    def table(self, table: Table, level: int = 3) -> None:
        self._attach(table.csv_name, table.csv())
        self.parts.append(table.markdown(level))

    def chart(self, name: str, alt: str, svg: str) -> None:
        self._attach(name, svg)
        self.parts.append(f"![{md_text(alt)}]({name})")

    def _attach(self, name: str, text: str) -> None:
        if name in self.attachments:
            raise ValueError(f"two files named {name} on {self.path}")  # a bug in the page layout
        self.attachments[name] = text

    def files(self) -> dict[str, str]:
        """The page and its attachments, keyed by path relative to the statistics folder."""
        prefix = f"{self.folder}/" if self.folder else ""
        front = f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n---\n\n# {md_text(self.title)}\n"
        body = "\n\n".join(part.strip("\n") for part in self.parts)
        return {self.path: f"{front}\n{body}\n", **{prefix + name: text for name, text in self.attachments.items()}}


def suppression_note(k: int) -> str:
    """The admonition every page with counts of people ends with."""
    if k <= 1:
        return '!!! note "Small numbers"\n    privacy.min_count is 1 in visits.yml: no count is hidden.'
    return (
        f'!!! note "Small numbers are hidden"\n'
        f"    Counts of detained people from 1 to {k - 1} are shown as **&lt;{k}**. A cell marked "
        f"**x** is hidden too, so that a small count cannot be worked out from the totals. "
        f"Zero is shown. The CSV files hold exactly what the tables show."
    )
