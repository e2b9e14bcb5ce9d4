"""The generated pages' words in the page's language: the catalogue (domain `site`), French
typography and Belgian number and date formats, in one object per language.

`gettext` and `ngettext` take the message's named values as keywords; the catalogue's
text gets its typography before the values go in, so a record's text is never altered.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from visits.i18n import translator
from visits.i18n.vocabulary import centre, country, label


class Text:
    def __init__(self, language: str) -> None:
        self.language = language
        self.t = translator(language)

    def gettext(self, message: str, **values) -> str:
        text = self.t.typography(self.t.gettext(message))
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values) -> str:
        text = self.t.typography(self.t.ngettext(singular, plural, n))
        return text.format(n=self.number(n), **values)

    def number(self, value: float, decimals: int = 0) -> str:
        return self.t.number(value, decimals)

    def date(self, day: dt.date | str | None, form: str = "medium") -> str:
        if isinstance(day, str):
            day = dt.date.fromisoformat(day)
        return self.t.date(day, form) if day else ""

    def label(self, field: str, code: str) -> str:
        return label(self.t, field, code)

    def country(self, code: str) -> str:
        return country(self.t, code)

    def centre(self, corpus, centre_id: str) -> str:
        record = corpus.get("centre", centre_id)
        return centre(self.t, record.data.get("name") if record else None, centre_id)


@cache
def text_of(language: str) -> Text:
    return Text(language)
