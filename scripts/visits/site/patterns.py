"""The text patterns of the schemas, said in words for the people who fill in records.

A friendly visitor reads "a date, YYYY-MM-DD", not a regular expression; the
expression itself stays on the page, folded away, for developers. A pattern
without words here is shown as UNEXPLAINED, which tests/test_site_reference.py
refuses, so a new pattern in a schema comes with its sentence.
"""

from __future__ import annotations

from visits.i18n import N_

UNEXPLAINED = "text of a set form"

_WORD = "[A-Z\u00c0-\u00de][a-z\u00df-\u00ff'-]{1,30}"
CANDIDATE_NAME = f"^{_WORD}( {_WORD})? [A-Z\u00c0-\u00de]\\.$"

# Whole sentences, each its own catalogue entry (domain `site`), so a translator sees it all.
WORDS = {
    r"^\d{4}-\d{2}-\d{2}$": N_("a date, YYYY-MM-DD (e.g. 2026-03-12)"),
    r"^([01]\d|2[0-3]):[0-5]\d$": N_("a time of day, HH:MM on the 24-hour clock (e.g. 09:30 or 14:00)"),
    r"^[A-Z]{2}$": N_("two capital letters (e.g. MA)"),
    r"^[a-z]{2,3}$": N_("two or three lower-case letters (e.g. nl, fr, ar)"),
    r"^[a-z0-9][a-z0-9-]{1,30}$": N_(
        "2 to 31 lower-case letters (a–z), digits and hyphens, not starting with a hyphen (e.g. merksplas)"
    ),
    r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$": N_(
        "3 to 64 lower-case letters (a–z), digits and hyphens, not starting or ending with a hyphen (e.g. anne-peeters)"
    ),
    r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$": N_(
        "1 to 39 letters, digits and hyphens, not starting or ending with a hyphen (e.g. anne-peeters)"
    ),
    r"^A-\d{4}-\d{4}$": N_("A-, a year and four digits (e.g. A-2026-0042)"),
    r"^P-\d{4}-\d{4}$": N_("P-, a year and four digits (e.g. P-2026-0042)"),
    # no example code: one that happened to be a real candidate's would put it on the site
    r"^C-\d{4}-\d{4}$": N_("C-, the year of application and a four-digit number (C-YYYY-NNNN)"),
    # the candidate schema's name: a first name (one or two words) and the last name's initial
    CANDIDATE_NAME: N_("a first name and the initial of the last name, with its full stop (e.g. Sarah D.)"),
    r"^\d{4}-\d{2}-\d{2}-[a-z0-9][a-z0-9-]*[a-z0-9]$": N_(
        "a date (YYYY-MM-DD), a hyphen, then lower-case letters (a–z), digits and hyphens (e.g. 2026-03-20-quarterly)"
    ),
    r"^\d{4}-\d{2}-\d{2}-A-\d{4}-\d{4}(-[2-9])?$": N_(
        "the visit's date (YYYY-MM-DD), a hyphen and the assignment's id, then -2 to -9 for a "
        "further visit on the same day (e.g. 2026-03-12-A-2026-0042)"
    ),
}


def in_words(pattern: str, text=None) -> str:
    """The pattern in words, in the language of `text` (a visits.site.text.Text; English without)."""
    words = WORDS.get(pattern)
    if words is None:
        return UNEXPLAINED  # in English everywhere: the tests look for it
    return text.gettext(words) if text is not None else words
