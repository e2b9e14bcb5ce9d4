"""The yearly monitoring report on the public site: its pages, charts, tables, PDF and data
package, from `visits.report.public_pages`, staged in each language's site.

The report is the public site's only way to the records: what it gives is published
as it is, under the report's folder of each language (`rapport/`, `report/`).
"""

from __future__ import annotations

import datetime as dt

from visits.site.counterparts import address, with_alternates
from visits.site.staging import GENERATED, Staging

LANGUAGES = ("nl", "fr", "en")
# The report's own files besides pages, charts and tables: the print edition, the data package.
REPORT_FILES = GENERATED | {".pdf", ".json"}


def report_files(source, config: dict, today: dt.date) -> dict[str, dict[str, str | bytes]]:
    """language -> path -> content of the report's files; empty until `visits.report` gives them.

    `source` is the build's Publication when there is one, else the gathered figures."""
    import visits.report as report

    if not hasattr(report, "public_pages"):  # the report engineer's interface 5, not yet there
        return {}
    return {language: dict(report.public_pages(source, config, today, language)) for language in LANGUAGES}


def _year_then_name(path: str) -> tuple:
    parts = path.split("/")
    # newest year first, and a folder's index page before its other pages
    return (*(-int(part) if part.isdigit() else 0 for part in parts[1:2]), parts[-1] != "index.md", path)


def stage_report(staging: Staging, language: str, reports: dict[str, dict]) -> list[str]:
    """Write the report's files of `language`; returns its pages in reading order, for the navigation."""
    files = reports[language]
    folders = {code: _folder(reports.get(code, {})) for code in LANGUAGES}
    pages = []
    for path, content in sorted(files.items()):
        if path.endswith(".md") and isinstance(content, str):
            links = {}
            for code in LANGUAGES:
                counterpart = folders[code] + path[len(folders[language]) :] if folders[code] else ""
                links[code] = address(code, counterpart if counterpart in reports.get(code, {}) else "index.md")
            content = with_alternates(content, links, f"report ({language}): {path}")
            pages.append(path)
        staging.write(path, content, REPORT_FILES)
    return sorted(pages, key=_year_then_name)


def _folder(files: dict) -> str:
    """The report's folder of a language: the first part its paths share."""
    return next(iter(files), "").split("/", 1)[0]
