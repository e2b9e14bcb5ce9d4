"""The yearly monitoring report: public pages in nl, fr and en, a PDF and a data package.

`report_files()` gives one year's report in one language; `public_pages()` gives
the reports of every complete year for the public site. Both return files by path
and write nothing; `visits report` writes them.
"""

from __future__ import annotations

import datetime as dt

from visits.i18n import translator
from visits.report.datapackage import FOLDER as DATA_FOLDER
from visits.report.datapackage import data_package
from visits.report.figures import ReportFigures
from visits.report.pages import report_pages
from visits.report.pdf import Unavailable
from visits.report.pdf import render as render_pdf
from visits.stats.figures import YearFigures

FOLDERS = {"nl": "rapport", "fr": "rapport", "en": "report"}


def min_count(config: dict) -> int:
    k = config.get("privacy", {}).get("min_count", 5)
    return k if isinstance(k, int) and k >= 1 else 5


def pdf_name(year: int, language: str) -> str:
    return f"{FOLDERS[language]}-{year}-{language}.pdf"


def report_figures(source, year: int, k: int) -> ReportFigures:
    """The year's report figures from a Publication (settled with everything else) or from Facts."""
    if hasattr(source, "report"):
        return source.report(year)
    return ReportFigures(YearFigures(source, year, k))


def report_files(figures: ReportFigures, language: str, today: dt.date, pdf: bool = True) -> dict[str, str | bytes]:
    """One year's report in one language, by path inside the year's folder.

    Raises pdf.Unavailable (after nothing) when `pdf` is asked and WeasyPrint cannot run.
    """
    t = translator(language)
    pages = report_pages(figures, t)
    files: dict[str, str | bytes] = {}
    for page in pages:
        files.update(page.files())
    for name, text in data_package(figures, today).items():
        files[f"{DATA_FOLDER}/{name}"] = text
    if pdf:
        charts = {name: text for name, text in files.items() if name.endswith(".svg") and isinstance(text, str)}
        files[pdf_name(figures.year, language)] = render_pdf(
            [(page.name, page.body()) for page in pages], charts, t, pages[0].title
        )
    return files


def complete_years(facts, today: dt.date) -> list[int]:
    """Years over before today in which the programme visited someone."""
    return sorted(
        {int(key[1]) for key in facts.counts if key[0] == "visits" and key[1].isdigit() and int(key[1]) < today.year}
    )


def public_pages(publication_or_facts, config: dict, today: dt.date, language: str) -> dict[str, str | bytes]:
    """Every complete year's report for the public site, by path under the language's folder."""
    facts = getattr(publication_or_facts, "facts", publication_or_facts)
    k = min_count(config)
    files: dict[str, str | bytes] = {}
    for year in complete_years(facts, today):
        figures = report_figures(publication_or_facts, year, k)
        try:
            made = report_files(figures, language, today)
        except Unavailable:
            made = report_files(figures, language, today, pdf=False)
        prefix = f"{FOLDERS[language]}/{year}/"
        files.update({prefix + name: content for name, content in made.items()})
    return files


__all__ = ["FOLDERS", "Unavailable", "complete_years", "public_pages", "report_figures", "report_files"]
