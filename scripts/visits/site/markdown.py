"""Markdown for generated pages: record text always escaped, our own markup marked as such.

Record text reaches a page only through `escape` (directly or via `table`), so a
display name or a meeting place can never become a tag, an attribute, a link or
Markdown formatting. Markup this program writes is wrapped in `Md` to pass as is.
"""

from __future__ import annotations

import re

from visits.site import SiteError
from visits.yamlstrict import YamlRejected, load_text


class Md(str):
    """Markdown written by this program (never containing unescaped record text)."""


# Every ASCII character with a meaning to Python-Markdown, to a common extension
# (tables, attr_list, emoji, mark, tilde, caret, arithmatex), or to HTML. Numeric
# character references are inert everywhere in inline text, table cells included,
# and the browser shows the original character.
_SPECIAL = re.compile(r"[\\`*_{}\[\]<>#+!|&~^=:$]")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def escape(value) -> Md:
    """Inline Markdown showing `value` literally, on one line."""
    text = _LINE_BREAKS.sub(" ", str(value))
    return Md(_SPECIAL.sub(lambda match: f"&#{ord(match.group())};", text))


def code(value) -> Md:
    """`value` in a code font; HTML rather than backticks so any character is allowed."""
    return Md(f"<code>{escape(value)}</code>")


def link(text, target: str) -> Md:
    """A link to one of the site's own pages; `target` is built by this program."""
    return Md(f"[{escape(text)}]({target})")


def cell(value) -> str:
    return value if isinstance(value, Md) else escape(value)


def table(headers: list, rows: list[list], empty: str = "None.") -> Md:
    """A Markdown table; plain values are escaped, `Md` values kept."""
    if not rows:
        return Md(f"*{escape(empty)}*\n")
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return Md("\n".join(lines) + "\n")


def page(title: str, *blocks: str) -> str:
    """A whole page: a heading, then blocks separated by blank lines."""
    return "\n\n".join([f"# {escape(title)}", *[block.rstrip("\n") for block in blocks]]) + "\n"


class FrontMatterError(SiteError):
    def __init__(self, file: str, line: int, message: str):
        super().__init__(f"{file}:{line}: {message}")


def front_matter(text: str, file: str) -> tuple[dict, str]:
    """The YAML header of a page (read with the strict loader) and the rest."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 4)
    if end < 0:
        raise FrontMatterError(file, 1, "the front matter opened by '---' is never closed")
    try:
        data = load_text(text[4 : end + 1], file).data or {}
    except YamlRejected as exc:
        raise FrontMatterError(file, exc.finding.line + 1, exc.finding.message) from None
    if not isinstance(data, dict):
        raise FrontMatterError(file, 2, "the front matter must be a set of 'key: value' lines")
    return data, text[end + 5 :]
