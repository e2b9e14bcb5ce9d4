"""Calendar periods the statistics are cut by, as sortable text keys.

A month is "2026-03", a quarter "2026-Q1", a year "2026": the same text serves
as dictionary key, table row label and CSV value.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

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


def month_abbreviation(month: str) -> str:
    return MONTH_NAMES[int(month[5:]) - 1][:3]


def coverage(year: int, today: dt.date) -> str:
    """The stretch of the year the figures cover, in words."""
    if year < today.year:
        return f"1 January to 31 December {year}"
    return f"1 January to {today.day} {MONTH_NAMES[today.month - 1]} {year} (year to date)"
