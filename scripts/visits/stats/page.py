"""One generated Markdown page and the CSV and SVG files it links to, in one language."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from visits.i18n import Translator, translator
from visits.stats.suppress import Hidden
from visits.stats.tables import Table, md_text

# An admonition's opening (!!! note "Title"): its marks are syntax, not punctuation to space.
_ADMONITION = re.compile(r'^(!!!|\?\?\?\+?)( +\w+ +)"(.*)"$')


def prose(t: Translator, paragraph: str) -> str:
    """French spacing before ; : ! ? in a paragraph of Markdown, leaving admonition marks alone."""
    lines = []
    for line in paragraph.split("\n"):
        opening = _ADMONITION.match(line)
        if opening:
            marks, kind, title = opening.groups()
            lines.append(f'{marks}{kind}"{t.typography(title)}"')
        else:
            lines.append(t.typography(line))
    return "\n".join(lines)


@dataclass
class Page:
    path: str  # relative to the statistics folder, e.g. "2026/index.md"
    title: str
    parts: list[str] = field(default_factory=list)
    attachments: dict[str, str] = field(default_factory=dict)  # file name beside the page -> text
    t: Translator = field(default_factory=lambda: translator("en"))

    @property
    def folder(self) -> str:
        return self.path.rpartition("/")[0]

    def text(self, *paragraphs: str) -> None:
        self.parts.extend(prose(self.t, paragraph) for paragraph in paragraphs)

    def heading(self, title: str, level: int = 2) -> None:
        self.parts.append(f"{'#' * level} {md_text(self.t.typography(title))}")

    def table(self, table: Table, level: int = 3) -> None:
        self._attach(table.csv_name, table.csv())
        self.parts.append(table.markdown(level, self.t))

    def chart(self, name: str, alt: str, svg: str) -> None:
        self._attach(name, svg)
        self.parts.append(f"![{md_text(self.t.typography(alt))}]({name})")

    def _attach(self, name: str, text: str) -> None:
        if name in self.attachments:
            raise ValueError(f"two files named {name} on {self.path}")  # a bug in the page layout
        self.attachments[name] = text

    def files(self) -> dict[str, str]:
        """The page and its attachments, keyed by path relative to the statistics folder."""
        prefix = f"{self.folder}/" if self.folder else ""
        title = self.t.typography(self.title)
        front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n# {md_text(title)}\n"
        body = "\n\n".join(part.strip("\n") for part in self.parts)
        return {self.path: f"{front}\n{body}\n", **{prefix + name: text for name, text in self.attachments.items()}}


def hidden_marks(k: int) -> tuple[str, str]:
    """How a hidden small count and a hidden complement are written (suppress.Hidden decides)."""
    return str(Hidden(True, k)), str(Hidden(False, k))


def marks_in_words(t: Translator, k: int) -> str:
    """ "x", or "<5 or x" where the two kinds of hidden cell are marked apart."""
    return t.join(dict.fromkeys(hidden_marks(k)), style="or")


def suppression_note(k: int, t: Translator | None = None) -> str:
    """The admonition every page with counts of people ends with (Page.text spaces its French)."""
    t = t or translator("en")
    if k <= 1:
        title, body = t.gettext("Small numbers"), t.gettext("privacy.min_count is 1 in visits.yml: no count is hidden.")
    else:
        title = t.gettext("Small numbers are hidden")
        small, other = hidden_marks(k)
        if small == other:
            body = t.gettext(
                "Counts of detained people from 1 to {last} are hidden, and so is any other cell from which "
                "one could be worked out from the totals; every hidden cell is marked **{mark}**. Zero is "
                "shown. The CSV files hold exactly what the tables show."
            ).format(last=t.number(k - 1), mark=md_text(small))
        else:
            body = t.gettext(
                "Counts of detained people from 1 to {last} are shown as **{small}**. A cell marked "
                "**{other}** is hidden too, so that a small count cannot be worked out from the totals. "
                "Zero is shown. The CSV files hold exactly what the tables show."
            ).format(last=t.number(k - 1), small=md_text(small), other=md_text(other))
    return f'!!! note "{title}"\n    {body}'
