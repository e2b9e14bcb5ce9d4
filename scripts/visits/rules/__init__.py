"""Cross-record rules: each is a function of the whole corpus returning findings.

A rule module exposes `RULES`, a tuple of such functions; adding a module to
RULE_MODULES is all it takes to run it in `visits validate`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module

RULE_MODULES = ("integrity", "timing", "programme", "bookkeeping", "volunteering", "notable")


@dataclass(frozen=True)
class Context:
    today: dt.date
    config: dict = field(default_factory=dict)


def all_rules():
    for name in RULE_MODULES:
        yield from import_module(f"visits.rules.{name}").RULES


def run_rules(corpus, context: Context) -> list:
    return [found for rule in all_rules() for found in rule(corpus, context)]


def parse_date(value) -> dt.date | None:
    """Dates in records are schema-checked strings; None for anything else."""
    return _parse_date(value) if isinstance(value, str) else None


def checked_date(value: str) -> dt.date:
    """A date field of a valid record: the schema (format: date) has checked it already."""
    day = _parse_date(value)
    assert day is not None, f"the schema passed {value!r} as a date"
    return day


@lru_cache(maxsize=1 << 14)  # a few thousand days, read some 600,000 times at 100,000 visits
def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
