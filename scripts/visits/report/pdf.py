"""The report as a print-ready PDF, made by WeasyPrint from the pages' own Markdown.

The HTML is the pages' Markdown (Python-Markdown, as MkDocs renders it) in one
document; charts are the pages' SVG files, handed to WeasyPrint from memory by a
fetcher that refuses everything else, so nothing is fetched from the network and
fonts come from the system. A4, page numbers, table headers repeated on each page.
"""

from __future__ import annotations

import html
import re

import markdown  # type: ignore[import-untyped]

from visits.i18n import Translator

BASE = "https://report.invalid/"  # never fetched: the fetcher serves the report's own files only

CSS = """
@page { size: A4; margin: 20mm 18mm 22mm 18mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #444; } }
html { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 10pt; line-height: 1.4; color: #1a1a1a; }
h1 { font-size: 18pt; margin: 0 0 8pt; string-set: chapter content(); }
section.page { break-before: page; }
section.page:first-child { break-before: auto; }
h2 { font-size: 13pt; margin: 14pt 0 6pt; break-after: avoid; }
h3 { font-size: 11pt; margin: 12pt 0 4pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border-bottom: 0.5pt solid #999; padding: 2pt 4pt; vertical-align: top; }
th { background: #eee; text-align: left; }
td[style*="right"], th[style*="right"] { text-align: right; }
img { width: 110mm; display: block; margin: 6pt 0; }
a { color: inherit; text-decoration: none; }
p:has(> a[href$=".csv"]) { display: none; }
"""


class Unavailable(Exception):
    """WeasyPrint or the libraries it needs (Pango) are missing: say so, build the pages anyway."""


def _weasyprint():
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:  # OSError: Pango or its friends not found
        raise Unavailable(
            f"the PDF needs WeasyPrint and the Pango library ({exc}); on Debian: apt-get install "
            "libpango-1.0-0 libpangoft2-1.0-0, then pip install weasyprint"
        ) from None
    return weasyprint


_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_CSV_LINK = re.compile(r"^\[[^\]]*\]\([^)]*\.csv\)$", re.M)


def document(pages: list[tuple[str, str]], t: Translator, title: str) -> str:
    """One HTML document of the pages' Markdown bodies, in reading order."""
    sections = []
    for _, body in pages:
        text = _CSV_LINK.sub("", _FRONT.sub("", body))
        rendered = markdown.markdown(text, extensions=["tables", "admonition", "attr_list"])
        sections.append(f'<section class="page">{rendered}</section>')
    return (
        f'<!DOCTYPE html><html lang="{t.language}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>" + "".join(sections) + "</body></html>"
    )


def render(pages: list[tuple[str, str]], files: dict[str, str], t: Translator, title: str) -> bytes:
    """The PDF of the pages; `files` holds the charts the pages show, by name."""
    weasyprint = _weasyprint()
    from weasyprint.urls import (  # type: ignore[import-untyped]
        FatalURLFetchingError,
        URLFetcher,
        URLFetcherResponse,
    )

    class OwnFiles(URLFetcher):
        """Serves the report's charts from memory and refuses any other address."""

        def fetch(self, url, headers=None):
            name = url[len(BASE) :] if url.startswith(BASE) else None
            if name is None or name not in files:
                raise ValueError(f"the report's PDF fetches nothing but its own charts, not {url}")
            kind = "image/svg+xml" if name.endswith(".svg") else "text/plain"
            return URLFetcherResponse(url, files[name].encode("utf-8"), {"Content-Type": kind})

    source = document(pages, t, title)
    fetcher = OwnFiles(allowed_protocols=("https",), fail_on_errors=True)
    try:
        return weasyprint.HTML(string=source, base_url=BASE, url_fetcher=fetcher).write_pdf()
    except FatalURLFetchingError as exc:  # a BaseException in WeasyPrint: made an ordinary error here
        raise ValueError(f"{exc} ({exc.__cause__})") from None
