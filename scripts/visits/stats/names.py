"""What the reader sees in place of the codes and keys the figures are held under.

The grids are keyed by codes (centre ids, `dublin-transfer`, `DZ`, `ar`) and by
a few English keys of the protection code (grids.TOTAL, figures.PEOPLE, the
pooled rows): these are looked up here, at render time, in the page's language.
Only labels change: which cells are hidden is the grids' business, the same in
every language.
"""

from __future__ import annotations

from collections.abc import Mapping

from visits.i18n import N_, Translator, vocabulary
from visits.stats.grids import TOTAL
from visits.stats.tables import Table

# Keys of figures.py and grids.py that reach a page, and their English names.
KEYS = {
    TOTAL: N_("Total"),
    "People": N_("People"),
    "Other nationalities": N_("Other nationalities"),
    "Other languages": N_("Other languages"),
}
UNKNOWN_NATIONALITY = ("XX", "unknown")


class Names:
    """Names in one language for every kind of row and column the statistics show."""

    def __init__(self, t: Translator, centres: Mapping[str, Mapping[str, str]]) -> None:
        self.t = t
        self.centres = centres  # centre id -> its record's name per language

    def key(self, value: str) -> str | None:
        english = KEYS.get(value)
        return self.t.gettext(english) if english else None

    def centre(self, code: str) -> str:
        """A centre's name; the total column or row is all centres."""
        if code == TOTAL:
            return self.t.gettext("All centres")
        return vocabulary.centre(self.t, self.centres.get(code), code)

    def centres_and_total(self, code: str) -> str:
        """Column headers of a table by centre: the centres' names and Total."""
        return self.key(code) or self.centre(code)

    def field(self, field: str, code: str) -> str:
        """A value of a record's field (outcome, role, topic...), or a key such as Total."""
        return self.key(code) or vocabulary.label(self.t, field, code)

    def nationality(self, code: str) -> str:
        if code in UNKNOWN_NATIONALITY:
            return self.t.gettext("Unknown or stateless")
        return self.key(code) or vocabulary.country(self.t, code)

    def language(self, code: str) -> str:
        return self.key(code) or vocabulary.language(self.t, code)


def relabel(table: Table, rows=None, columns=None) -> Table:
    """The table with its row labels (first cells) and column headers (after the first) renamed."""
    if rows is not None:
        for row in table.rows:
            row[0] = rows(row[0])
    if columns is not None:
        table.columns = [table.columns[0], *(columns(name) for name in table.columns[1:])]
    return table
