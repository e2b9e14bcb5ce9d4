"""The Content-Security-Policy of every page, and the theme overrides that carry it.

The pages promise to load nothing from another host; the policy makes the browser
keep that promise even if the theme, a page or a future extension tries. It allows
the site's own files, the data: images the theme's stylesheet uses for its icons,
and, as hashes, the only inline styles the Markdown writes (table column
alignment). The theme's inline scripts are moved to a file by the overrides in
docs/overrides/, so scripts need no exception at all.
"""

from __future__ import annotations

import base64
import hashlib

# The style attributes Python-Markdown's tables extension writes for aligned columns.
TABLE_ALIGNMENT = tuple(f"text-align: {side};" for side in ("left", "center", "right"))


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy() -> str:
    styles = " ".join(_hash(style) for style in TABLE_ALIGNMENT)
    return "; ".join(
        [
            "default-src 'self'",
            "img-src 'self' data:",
            f"style-src 'self' 'unsafe-hashes' {styles}",
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",  # visits serve's 404 answers for deeper addresses name their folder
            "form-action 'self'",
        ]
    )
