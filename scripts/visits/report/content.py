"""The report's tables in one language, cut from the report's protected grids.

The general tables are whole grids (one column per centre and the total); a
centre's section shows its column of the same grids, so both read the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from visits import monitoring
from visits.i18n import N_, Translator
from visits.i18n.vocabulary import centre as centre_name
from visits.i18n.vocabulary import country, label
from visits.report.figures import AREAS, OTHER_NATIONALITIES, ReportFigures
from visits.report.tables import Column, ReportTable
from visits.stats.grids import TOTAL, Grid

# the notable fact schema's kinds; the names are the report's until the vocabulary has them
FACT_KINDS = {
    "hunger-strike": N_("Hunger strike"),
    "protest": N_("Protest"),
    "death": N_("Death"),
    "suicide-attempt": N_("Suicide attempt"),
    "fire": N_("Fire"),
    "violence": N_("Violence"),
    "lockdown": N_("Lockdown"),
    "visits-suspended": N_("Visits suspended"),
    "inspection": N_("Inspection"),
    "policy-change": N_("Change of policy"),
    "other": N_("Other fact"),
}


def fact_kind(t: Translator, kind: str) -> str:
    english = FACT_KINDS.get(kind)
    return t.gettext(english) if english else label(t, "notable_fact", kind)


@dataclass
class Content:
    figures: ReportFigures
    t: Translator

    @property
    def key(self) -> str:
        return self.figures.year_figures.key

    def centre(self, code: str) -> str:
        if code == TOTAL:
            return self.t.gettext("All centres")
        return centre_name(self.t, self.figures.year_figures.facts.centre_labels.get(code), code)

    def _centre_columns(self) -> list[Column]:
        return [Column(code, self.centre(code)) for code in [*self.figures.year_figures.facts.centres, TOTAL]]

    def row_name(self, field: str, code: str) -> str:
        t = self.t
        if code == TOTAL:
            return t.gettext("Total")
        if field == "nationality":
            return t.gettext("Other nationalities") if code == OTHER_NATIONALITIES else country(t, code)
        if field == "observation" and code in AREAS:
            return label(t, "observation_area", code)
        if field == "observation" and monitoring.AREA_OF.get(code) in AREAS:
            return "– " + label(t, "observation", code)
        return label(t, field, code)

    def _grid_table(self, grid: Grid, slug: str, title: str, about: str, field: str, key_title: str) -> ReportTable:
        columns = self._centre_columns()
        return ReportTable(
            slug,
            title,
            about,
            Column(field, key_title),
            [(row, self.row_name(field, row)) for row in grid.rows],
            columns,
            [[grid[row, column.code] for column in columns] for row in grid.rows],
        )

    def by_centre(self) -> ReportTable:
        t, figures = self.t, self.figures
        lengths = figures.lengths()
        centres = [*figures.centres, TOTAL]
        columns = [
            Column("people_accompanied", t.gettext("People accompanied")),
            Column("detentions_ended", t.gettext("Detentions ended")),
            Column("lower_quartile_days", t.gettext("Lower quartile (days)"), kind="number"),
            Column("median_days", t.gettext("Median (days)"), kind="number"),
            Column("upper_quartile_days", t.gettext("Upper quartile (days)"), kind="number"),
        ]
        cells = [
            [figures.people[self.key, c], figures.outcomes[TOTAL, c], *(lengths[c].quartiles or (None, None, None))]
            for c in centres
        ]
        return ReportTable(
            "centres",
            t.gettext("People accompanied and length of detention by centre"),
            t.gettext(
                "People accompanied: people the programme visited at least once in the year, each counted "
                "once, in the centre of their first visit of the year. Detentions ended: detentions of people "
                "the programme met that ended in the year, in the centre where the person was held last. "
                "Length of detention: days from the first day of detention to its end when it ended in the "
                "year, or else to the last day of the year, for the people accompanied; quartiles are given "
                "only over {k} people or more."
            ).format(k=figures.k),
            Column("centre", t.gettext("Centre")),
            [(c, self.centre(c)) for c in centres],
            columns,
            cells,
        )

    def outcomes(self) -> ReportTable:
        t = self.t
        return self._grid_table(
            self.figures.outcomes,
            "outcomes",
            t.gettext("Outcomes of detention"),
            t.gettext(
                "Detentions of people the programme met that ended in the year, by how they ended, in the "
                "centre where the person was held last."
            ),
            "outcome",
            t.gettext("Outcome"),
        )

    def nationalities(self) -> ReportTable:
        t = self.t
        return self._grid_table(
            self.figures.nationalities,
            "nationalities",
            t.gettext("Nationalities of the people accompanied"),
            t.gettext(
                "People accompanied in the year by declared nationality. Nationalities of fewer than {k} "
                "people in all are pooled, so that they are not named."
            ).format(k=self.figures.k),
            "nationality",
            t.gettext("Nationality"),
        )

    def vulnerabilities(self) -> ReportTable:
        t = self.t
        return self._grid_table(
            self.figures.vulnerabilities,
            "vulnerabilities",
            t.gettext("Vulnerable people"),
            t.gettext(
                "People accompanied in the year with each vulnerability the visitors recorded. A person "
                "may have several, so the rows do not add up."
            ),
            "vulnerability",
            t.gettext("Vulnerability"),
        )

    def observations(self) -> ReportTable:
        t = self.t
        return self._grid_table(
            self.figures.observations,
            "observations",
            t.gettext("Monitoring observations"),
            t.gettext(
                "People accompanied about whom the visitors reported each observation at least once in the "
                "year, whatever the number of visits at which it was reported. An area's row counts the "
                "people with at least one observation in that area. A person may be the subject of several "
                "observations, so the rows do not add up."
            ),
            "observation",
            t.gettext("Observation"),
        )

    def notable_facts(self, centre: str | None = None) -> ReportTable:
        """The year's reviewed notable facts, of one centre or of all."""
        t = self.t
        facts = [
            fact
            for fact in self.figures.year_figures.facts.notable
            if fact["date"].year == self.figures.year and centre in (None, fact["centre"])
        ]
        columns = [
            Column("date", t.gettext("Date"), kind="date"),
            Column("centre", t.gettext("Centre"), kind="string"),
            Column("kind", t.gettext("Kind"), kind="string"),
            Column("text", t.gettext("What happened"), kind="string"),
        ]
        return ReportTable(
            "notable-facts" if centre is None else f"{centre}-notable-facts",
            t.gettext("Notable facts"),
            t.gettext("Facts of the year at the centres, as the coordinators reviewed them for publication."),
            Column("id", t.gettext("Reference")),
            [(fact["id"], fact["id"]) for fact in facts],
            columns,
            [
                [
                    t.date(fact["date"]),
                    self.centre(fact["centre"]),
                    fact_kind(t, fact["kind"]),
                    fact_text(fact, t.language),
                ]
                for fact in facts
            ],
        )

    def tables(self) -> list[ReportTable]:
        """The report's tables, in the order of the general section."""
        return [
            self.by_centre(),
            self.outcomes(),
            self.nationalities(),
            self.vulnerabilities(),
            self.observations(),
            self.notable_facts(),
        ]


def fact_text(fact: dict, language: str) -> str:
    """The fact's text in the language, else in another, in the order nl, fr, en."""
    texts = fact["text"]
    return texts.get(language) or next((texts[other] for other in ("nl", "fr", "en") if texts.get(other)), "")


def column_of(table: ReportTable, column: str, slug: str, skip_zero: bool = True) -> ReportTable:
    """One centre's column of a general table, as a table of its own (rows that are zero left out)."""
    index = next(i for i, c in enumerate(table.columns) if c.code == column)
    kept = [
        (row, cells[index])
        for row, cells in zip(table.rows, table.cells, strict=True)
        if not (skip_zero and cells[index] == 0)
    ]
    return ReportTable(
        slug,
        table.title,
        table.about,
        table.key,
        [row for row, _ in kept],
        [table.columns[index]],
        [[cell] for _, cell in kept],
    )
