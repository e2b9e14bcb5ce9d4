"""The report's pages in one language: general figures, a page per centre, method and limits.

report_pages() returns Markdown, CSV and SVG files by path inside the year's folder,
in reading order (the PDF follows it). Everything shown comes from Content's tables.
"""

from __future__ import annotations

import json

from visits.i18n import Translator
from visits.report import method
from visits.report.content import Content, column_of
from visits.report.figures import AREAS, ReportFigures
from visits.report.tables import Column, ReportTable
from visits.stats import charts
from visits.stats.grids import TOTAL
from visits.stats.tables import md_text


class ReportPage:
    def __init__(self, name: str, title: str, t: Translator, k: int) -> None:
        self.name, self.title, self.t, self.k = name, title, t, k
        self.parts: list[str] = []
        self.attachments: dict[str, str] = {}

    def text(self, *paragraphs: str) -> None:
        self.parts.extend(self.t.typography(paragraph) for paragraph in paragraphs)

    def heading(self, title: str, level: int = 2) -> None:
        self.parts.append(f"{'#' * level} {md_text(self.t.typography(title))}")

    def table(self, table: ReportTable, level: int = 3) -> None:
        self.attachments[f"{table.slug}.csv"] = table.csv(self.t)
        self.parts.append(table.markdown(self.t, level))

    def chart(self, name: str, alt: str, svg: str) -> None:
        self.attachments[name] = svg
        self.parts.append(f"![{md_text(alt)}]({name})")

    def body(self) -> str:
        """The page without its front matter: what the PDF is made of."""
        return f"# {md_text(self.t.typography(self.title))}\n\n" + "\n\n".join(p.strip("\n") for p in self.parts) + "\n"

    def files(self) -> dict[str, str]:
        front = f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n---\n\n"
        return {self.name: front + self.body(), **self.attachments}


def _bar(page: ReportPage, table: ReportTable, column: str, name: str, title: str, rows=None) -> None:
    index = next(i for i, c in enumerate(table.columns) if c.code == column)
    chosen = [(i, r) for i, r in enumerate(table.rows) if r[0] != TOTAL and (rows is None or r[0] in rows)]
    if not chosen:
        return
    hidden = page.t.gettext("Counts marked <{k} or x are hidden; no bar is drawn for them.").format(k=page.k)
    page.chart(
        name,
        page.t.gettext("Bar chart: {title}").format(title=title),
        charts.bar_chart(title, hidden, [r[1] for _, r in chosen], [table.cells[i][index] for i, _ in chosen]),
    )


def report_pages(figures: ReportFigures, t: Translator) -> list[ReportPage]:
    content = Content(figures, t)
    tables = {table.slug: table for table in content.tables()}
    pages = [_general(content, tables)]
    pages += [_centre(content, tables, centre) for centre in figures.centres]
    pages.append(method.page(ReportPage("method.md", t.gettext("Method and limits"), t, figures.k), figures))
    return pages


def _general(content: Content, tables: dict[str, ReportTable]) -> ReportPage:
    t, figures = content.t, content.figures
    page = ReportPage("index.md", t.gettext("Monitoring report {year}").format(year=figures.year), t, figures.k)
    people = figures.people[content.key, TOTAL]
    page.text(
        t.gettext(
            "Each week, the programme's volunteers visit people held in the closed centres for foreigners "
            "in Belgium. This report gathers what their visit reports of {year} say: how many people they "
            "accompanied, how the detentions ended, how long they lasted, and the conditions of detention "
            "the visitors observed. It speaks only of the people the programme visited, not of everyone "
            "detained; the section on method and limits says how each figure was made."
        ).format(year=figures.year),
        t.gettext("People accompanied in {year}: **{people}**.").format(
            year=figures.year, people=tables["centres"].shown(t, people)
        ),
        t.gettext("Sections: {links}.").format(
            links=t.join(
                [f"[{md_text(content.centre(c))}]({c}.md)" for c in figures.centres]
                + [f"[{md_text(t.gettext('Method and limits'))}](method.md)"]
            )
        ),
    )
    page.heading(t.gettext("General figures"))
    page.table(tables["centres"])
    _bar(
        page, tables["centres"], "people_accompanied", "people-by-centre.svg", t.gettext("People accompanied by centre")
    )
    page.table(tables["outcomes"])
    _bar(page, tables["outcomes"], TOTAL, "outcomes.svg", t.gettext("Outcomes of detention, all centres"))
    page.table(tables["nationalities"])
    page.table(tables["vulnerabilities"])
    page.heading(t.gettext("Conditions of detention observed"))
    page.table(tables["observations"])
    _bar(
        page,
        tables["observations"],
        TOTAL,
        "observations.svg",
        t.gettext("People concerned by area, all centres"),
        AREAS,
    )
    _facts(page, tables["notable-facts"])
    return page


def _centre(content: Content, tables: dict[str, ReportTable], centre: str) -> ReportPage:
    t = content.t
    name = content.centre(centre)
    page = ReportPage(f"{centre}.md", name, t, content.figures.k)
    page.text(
        t.gettext("Figures of {year} for this centre; the general figures add up all centres.").format(
            year=content.figures.year
        )
    )
    centres = tables["centres"]
    row = next(i for i, (code, _) in enumerate(centres.rows) if code == centre)
    key_figures = ReportTable(
        f"{centre}-figures",
        t.gettext("Key figures"),
        centres.about,
        centres.key,
        [(column.code, column.title) for column in centres.columns],
        [Column(centre, name)],
        [[cell] for cell in centres.cells[row]],
    )
    page.table(key_figures)
    for slug in ("outcomes", "nationalities", "vulnerabilities"):
        page.table(column_of(tables[slug], centre, f"{centre}-{slug}"))
    page.heading(t.gettext("Observed concerns"))
    observed = column_of(tables["observations"], centre, f"{centre}-observations")
    if observed.rows:
        page.table(observed)
        _bar(
            page,
            observed,
            centre,
            f"{centre}-observations.svg",
            t.gettext("People concerned by area at {centre}").format(centre=name),
            AREAS,
        )
    else:
        page.text(t.gettext("No monitoring observation was reported at this centre in the year."))
    _facts(page, content.notable_facts(centre))
    return page


def _facts(page: ReportPage, table: ReportTable) -> None:
    t = page.t
    page.heading(t.gettext("Notable facts"))
    if not table.rows:
        page.text(t.gettext("No notable fact was recorded for the year."))
        return
    page.text(
        "\n".join(
            f"- **{md_text(date)}**, {md_text(where)} ({md_text(kind)}): {md_text(t.typography(text))}"
            for date, where, kind, text in table.cells
        )
    )
