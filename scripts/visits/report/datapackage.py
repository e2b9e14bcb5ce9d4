"""The report's tables as a Frictionless data package: datapackage.json and one CSV per table.

The CSV files are for machines, the same in every language: English codes as
headers and row keys, counts as plain integers, a hidden count as its mark
("<5", "x") and a withheld figure as an empty cell, all three declared as
`missingValues`. Titles and descriptions are given in every language in the
schema (`title` in English, `titles` by language), so partner organisations can
merge the tables with their own and still show them to readers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from visits.i18n import LANGUAGES, translator
from visits.report import method  # noqa: F401  (the method's text is the report's own)
from visits.report.content import Content
from visits.report.figures import QUARTILE_METHOD, ReportFigures
from visits.report.tables import WITHHELD, ReportTable
from visits.stats.suppress import SECONDARY_MARK

FOLDER = "data"
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}


def _tables(figures: ReportFigures) -> dict[str, dict[str, ReportTable]]:
    """Each table in each language (for its titles), by slug."""
    by_language = {language: Content(figures, translator(language)).tables() for language in LANGUAGES}
    return {
        table.slug: {language: by_language[language][index] for language in LANGUAGES}
        for index, table in enumerate(by_language["en"])
    }


def _notable_csv(figures: ReportFigures) -> str:
    """Notable facts with their texts in every language, dates as ISO dates."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "date", "centre", "kind", *(f"text_{language}" for language in LANGUAGES)])
    for fact in figures.year_figures.facts.notable:
        if fact["date"].year == figures.year:
            texts = fact["text"]
            writer.writerow(
                [
                    fact["id"],
                    fact["date"].isoformat(),
                    fact["centre"],
                    fact["kind"],
                    *(texts.get(language, "") for language in LANGUAGES),
                ]
            )
    return buffer.getvalue()


def _field(code: str, kind: str, titles: dict[str, str], description: str = "") -> dict:
    field = {"name": code, "type": kind, "title": titles["en"], "titles": titles}
    if description:
        field["description"] = description
    return field


def _schema(tables: dict[str, ReportTable]) -> dict:
    english = tables["en"]
    fields = [
        _field(
            english.key.code,
            "string",
            {lang: table.key.title for lang, table in tables.items()},
            "The row: a code of the records' lists (the visit report's schema names them), or Total.",
        )
    ]
    for index, column in enumerate(english.columns):
        fields.append(_field(column.code, column.kind, {lang: t.columns[index].title for lang, t in tables.items()}))
    return {"fields": fields, "primaryKey": [english.key.code], "missingValues": [WITHHELD, SECONDARY_MARK]}


def data_package(figures: ReportFigures, today: dt.date) -> dict[str, str]:
    """datapackage.json and the CSV files, by path inside the data folder."""
    k = figures.k
    marks = [WITHHELD, f"<{k}", SECONDARY_MARK]
    files, resources = {}, []
    for slug, tables in _tables(figures).items():
        english = tables["en"]
        schema = _schema(tables)
        schema["missingValues"] = marks
        if slug == "notable-facts":
            files[f"{slug}.csv"] = _notable_csv(figures)
            schema = {
                "fields": [
                    _field("id", "string", {lang: t.key.title for lang, t in tables.items()}),
                    _field("date", "date", {lang: t.columns[0].title for lang, t in tables.items()}),
                    _field("centre", "string", {lang: t.columns[1].title for lang, t in tables.items()}),
                    _field("kind", "string", {lang: t.columns[2].title for lang, t in tables.items()}),
                    *(
                        _field(f"text_{language}", "string", {lang: t.columns[3].title for lang, t in tables.items()})
                        for language in LANGUAGES
                    ),
                ],
                "primaryKey": ["id"],
                "missingValues": [WITHHELD],
            }
        else:
            files[f"{slug}.csv"] = english.data_csv()
        resources.append(
            {
                "name": slug,
                "path": f"{slug}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": english.title,
                "titles": {lang: t.title for lang, t in tables.items()},
                "description": english.about,
                "descriptions": {lang: t.about for lang, t in tables.items()},
                "schema": schema,
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": f"detention-monitoring-{figures.year}",
        "title": translator("en").gettext("Monitoring report {year}").format(year=figures.year),
        "titles": {
            lang: translator(lang).gettext("Monitoring report {year}").format(year=figures.year) for lang in LANGUAGES
        },
        "description": (
            f"Figures of the yearly monitoring report {figures.year} of a visits programme in Belgium's closed "
            f"centres, about the people it visited only. Counts of people from 1 to {k - 1} are shown as <{k}, "
            f"and further cells as {SECONDARY_MARK}, so that no small count can be worked out; a withheld "
            f"quartile is empty. Quartiles: method '{QUARTILE_METHOD}' of Python's statistics.quantiles "
            "(linear interpolation, R type 7). The report's section on method and limits defines every figure."
        ),
        "version": today.isoformat(),
        "created": f"{today.isoformat()}T00:00:00Z",
        "licenses": [LICENCE],
        "sources": [{"title": "Visit reports and records of the visits programme (pseudonymous)"}],
        "keywords": ["immigration detention", "Belgium", "closed centres", "monitoring"],
        "resources": resources,
    }
    files["datapackage.json"] = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    return files
