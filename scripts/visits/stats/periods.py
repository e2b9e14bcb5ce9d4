"""Calendar periods the statistics are cut by, as sortable text keys.

A month is "2026-03", a quarter "2026-Q1", a year "2026": the same text serves
as dictionary key, CSV value and file name; pages name them in the reader's
language (januari, T1 2026).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from visits.i18n import Translator

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def quarter_of(day: dt.date) -> str:
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


@lru_cache(maxsize=4096)  # called for every record; a few years hold only ~1,500 distinct days
def periods_of(day: dt.date) -> tuple[str, str, str]:
    """The month, quarter and year a day falls in."""
    return month_of(day), quarter_of(day), str(day.year)


def last_month(year: int, today: dt.date) -> int:
    """Months of `year` that have begun by `today` (12 for past years)."""
    return 12 if year < today.year else today.month


def months(year: int, today: dt.date) -> list[str]:
    return [f"{year:04d}-{month:02d}" for month in range(1, last_month(year, today) + 1)]


def quarters(year: int, today: dt.date) -> list[str]:
    return [f"{year:04d}-Q{quarter}" for quarter in range(1, (last_month(year, today) - 1) // 3 + 2)]


def months_in(quarter: str, today: dt.date) -> list[str]:
    year, number = int(quarter[:4]), int(quarter[-1])
    first = 3 * (number - 1) + 1
    return [month for month in months(year, today) if first <= int(month[5:]) < first + 3]


def month_abbreviation(month: str, t: Translator | None = None) -> str:
    """Jan, Mrt, Janv.: a chart's axis label (English's first three letters without a translator)."""
    if t is None:
        return MONTH_NAMES[int(month[5:]) - 1][:3]
    return t.month(int(month[5:]), "abbreviated")


def name(period: str, t: Translator) -> str:
    """A table row's period in words: Januari, T1 2026, 2026."""
    if "-Q" in period:
        return t.pgettext("quarter", "Q{number} {year}").format(number=period[-1], year=period[:4])
    if "-" in period:
        return t.month(int(period[5:]))
    return period


def day(t: Translator, date: dt.date, pattern: str = "long") -> str:
    """A date in words; the first of the month as French writes it (1er janvier)."""
    text = t.date(date, pattern)
    return "1er" + text[1:] if t.language == "fr" and date.day == 1 else text


def coverage(year: int, today: dt.date, t: Translator) -> str:
    """The sentence saying which stretch of the year the figures cover."""
    start = day(t, dt.date(year, 1, 1), "d MMMM")
    if year < today.year:
        return t.gettext("Figures from {start} to {end}.").format(
            start=start, end=day(t, dt.date(year, 12, 31), "long")
        )
    return t.gettext("Figures from {start} to {end} (year to date).").format(start=start, end=day(t, today, "long"))
