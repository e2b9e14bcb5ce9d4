"""The text patterns of the schemas, said in words for the people who fill in records.

A friendly visitor reads "a date, YYYY-MM-DD", not a regular expression; the
expression itself stays on the page, folded away, for developers. A pattern
without words here is shown as UNEXPLAINED, which tests/test_site_reference.py
refuses, so a new pattern in a schema comes with its sentence.
"""

from __future__ import annotations

UNEXPLAINED = "text of a set form"

_NAME = "lower-case letters (a–z), digits and hyphens"
_WORD = "[A-Z\u00c0-\u00de][a-z\u00df-\u00ff'-]{1,30}"
CANDIDATE_NAME = f"^{_WORD}( {_WORD})? [A-Z\u00c0-\u00de]\\.$"

WORDS = {
    r"^\d{4}-\d{2}-\d{2}$": "a date, YYYY-MM-DD (e.g. 2026-03-12)",
    r"^([01]\d|2[0-3]):[0-5]\d$": "a time of day, HH:MM on the 24-hour clock (e.g. 09:30 or 14:00)",
    r"^[A-Z]{2}$": "two capital letters (e.g. MA)",
    r"^[a-z]{2,3}$": "two or three lower-case letters (e.g. nl, fr, ar)",
    r"^[a-z0-9][a-z0-9-]{1,30}$": f"2 to 31 {_NAME}, not starting with a hyphen (e.g. merksplas)",
    r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$": (
        f"3 to 64 {_NAME}, not starting or ending with a hyphen (e.g. anne-peeters)"
    ),
    r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$": (
        "1 to 39 letters, digits and hyphens, not starting or ending with a hyphen (e.g. anne-peeters)"
    ),
    r"^A-\d{4}-\d{4}$": "A-, a year and four digits (e.g. A-2026-0042)",
    r"^P-\d{4}-\d{4}$": "P-, a year and four digits (e.g. P-2026-0042)",
    # no example code: one that happened to be a real candidate's would put it on the site
    r"^C-\d{4}-\d{4}$": "C-, the year of application and a four-digit number (C-YYYY-NNNN)",
    # the candidate schema's name: a first name (one or two words) and the last name's initial
    CANDIDATE_NAME: "a first name and the initial of the last name, with its full stop (e.g. Sarah D.)",
    r"^\d{4}-\d{2}-\d{2}-[a-z0-9][a-z0-9-]*[a-z0-9]$": (
        f"a date (YYYY-MM-DD), a hyphen, then {_NAME} (e.g. 2026-03-20-quarterly)"
    ),
    r"^\d{4}-\d{2}-\d{2}-A-\d{4}-\d{4}(-[2-9])?$": (
        "the visit's date (YYYY-MM-DD), a hyphen and the assignment's id, then -2 to -9 for a "
        "further visit on the same day (e.g. 2026-03-12-A-2026-0042)"
    ),
}


def in_words(pattern: str) -> str:
    return WORDS.get(pattern, UNEXPLAINED)
