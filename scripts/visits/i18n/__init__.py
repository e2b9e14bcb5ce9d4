"""Text meant for people, in Dutch, French and English.

English is the source language: messages are written in English in the code,
marked for extraction (`t.gettext("...")`, `t.ngettext(...)`, `t.pgettext(...)`,
or `N_("...")` where a message is only named, not yet shown), and looked up in
one gettext catalogue per language. A language's catalogue is kept in several
`.po` files, one per area of the package (its Babel *domain*: `cli`, `forms`,
`site`, `stats`, `report`, `audit`, `records`), so that each area's messages are
reviewed together; they merge into one catalogue when the language is loaded,
so a message is translated once whatever area shows it. Fuzzy entries are never
used: an untranslated or fuzzy message shows in English (and fails the tests).

Numbers, dates, month names and lists are formatted by Babel with Belgian
conventions in Dutch and French (1.234,5) and British English ones in English.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.dates import format_date, get_month_names
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LANGUAGES = ("nl", "fr", "en")
SOURCE_LANGUAGE = "en"
NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}
LOCALE_DIR = Path(__file__).parent / "locale"
# Belgian usage writes 1.234,5 in French as in Dutch; CLDR's fr_BE groups with a thin space.
_NUMBER_LOCALE = {"nl": "nl_BE", "fr": "nl_BE", "en": "en_GB"}
NARROW_NBSP = "\u202f"
# ; : ! ? ending a word (not the colon of 10:00 or https://), with or without a space before
_FRENCH_PUNCTUATION = re.compile(r"(?<=[^\s\u202f\d(\[])[ \u00a0]?([;:!?])(?=\s|$|[)\]*_])")


def N_(message: str) -> str:
    """Marks a message for extraction where it is only named; translate it when shown."""
    return message


class UnknownLanguage(ValueError):
    def __init__(self, language: object) -> None:
        super().__init__(f"{language!r} is not a language of the project; use one of {', '.join(LANGUAGES)}")


class Translator:
    """The catalogue and the formatting of one language."""

    def __init__(self, language: str, translations: Translations) -> None:
        self.language = language
        self.locale = Locale.parse(LOCALES[language])
        self.translations = translations

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return str(self.translations.pgettext(context, message))

    def number(self, value: float, decimals: int = 0) -> str:
        """1.234 or 1.234,5 in nl and fr; 1,234.5 in en."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=_NUMBER_LOCALE[self.language])

    def percent(self, part: float, whole: float) -> str:
        """A whole percentage; a space before the sign in nl and fr."""
        value = self.number(round(100 * part / whole))
        return f"{value}%" if self.language == "en" else f"{value}\u00a0%"

    def date(self, day: dt.date, form: str = "long") -> str:
        """1 december 2026, 1 décembre 2026, 1 December 2026 (`form` as Babel's: short, medium, long)."""
        return format_date(day, form, locale=self.locale)

    def month(self, month: int, width: Literal["abbreviated", "narrow", "wide"] = "wide") -> str:
        """The month's name; capitalised, as it starts a table row or a heading."""
        name = get_month_names(width, "format", locale=self.locale)[month]
        return name[:1].upper() + name[1:]

    def join(self, items: Iterable[str], style: Literal["standard", "or"] = "standard") -> str:
        """a, b en c; a, b et c; a, b and c (`style` "or" for a choice)."""
        return format_list(list(items), style=style, locale=self.locale)

    def typography(self, text: str) -> str:
        """French prose puts a narrow no-break space before ; : ! ?; other languages none."""
        if self.language != "fr":
            return text
        return _FRENCH_PUNCTUATION.sub(NARROW_NBSP + r"\1", text)

    def install(self, environment) -> None:
        """Give a Jinja2 environment (with the jinja2.ext.i18n extension) this catalogue."""
        environment.install_gettext_translations(self.translations, newstyle=True)


@cache
def translator(language: str) -> Translator:
    """The translator of `language`, loaded once per process."""
    if language not in LANGUAGES:
        raise UnknownLanguage(language)
    return Translator(language, _load(language))


def audience_languages(config: dict, audience: str, chosen: str | None = None) -> list[str]:
    """The languages to write for `audience` (visits.yml `languages`), or only `chosen` (--lang)."""
    if chosen:
        return [chosen]
    return list(config.get("languages", {}).get(audience) or [SOURCE_LANGUAGE])


def add_lang_option(parser, default_text: str) -> None:
    """`--lang` for a command that writes for people."""
    parser.add_argument("--lang", choices=LANGUAGES, help=f"language of the text for people (default: {default_text})")


def catalogue_files(language: str) -> list[Path]:
    return sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po"))


def _load(language: str) -> Translations:
    merged = Catalog(locale=LOCALES[language])
    for path in catalogue_files(language):
        with path.open("rb") as file:
            for message in read_po(file, locale=LOCALES[language]):
                if message.id and message.string and not message.fuzzy:
                    merged[message.id] = message  # keyed by id and context
    buffer = io.BytesIO()
    write_mo(buffer, merged, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain="visits")
