"""A page's counterparts in the other languages, for the language switcher.

The language switcher stays on the same page without any plugin: each staged page
carries the addresses of its counterparts in its front matter (`alternate`), and the
theme override docs/overrides/partials/alternate.html shows those instead of the other
languages' home pages. Addresses are relative to the language's site root, as the
theme's `url` filter expects (it prefixes the way back to the root from any page).
"""

from __future__ import annotations

import json
import posixpath

from visits.site import SiteError
from visits.site.markdown import front_matter

KEY = "alternate"


def address(language: str, page: str) -> str:
    """The address of `page` (a docs-relative .md path) of `language`'s site, from any language's root."""
    return f"../{language}/{page.removesuffix('.md')}.html"


def with_alternates(text: str, links: dict[str, str], file: str) -> str:
    """The page with `alternate: {language: address}` added to its front matter."""
    meta, _ = front_matter(text, file)
    if KEY in meta:
        raise SiteError(f"{file}: '{KEY}' in the front matter is set by `visits site` (from docs/pages.yml)")
    line = f"{KEY}: {json.dumps(links, ensure_ascii=False)}\n"
    return f"---\n{line}{text[4:]}" if text.startswith("---\n") else f"---\n{line}---\n\n{text}"


def relative(source: str, target: str) -> str:
    """The link from the page `source` to `target`, both docs-relative paths."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")
