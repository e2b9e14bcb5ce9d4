"""Cross-record rules: each is a function of the whole corpus returning findings.

A rule module exposes `RULES`, a tuple of such functions; adding a module to
RULE_MODULES is all it takes to run it in `visits validate`. Every rule is declared
with `@rule(ties=...)`: the ways it lets one visit's or expense's findings depend on
other visits and expenses, or an assignment's on its visits, in the engine's words
(visits.engine.ties.VOCABULARY: v, pd, vd, ey, e, a). A rule relating them in no such
way declares none. The engine re-checks after a change exactly the records the
declared ties reach; tests/test_incremental.py shows each declared tie is needed.
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


def rule(*, ties: tuple[str, ...] = ()):
    """Declare a cross-record rule and the ties it relates records by (see above)."""

    def declared(function):
        function.ties = frozenset(ties)
        return function

    return declared


def all_rules():
    for name in RULE_MODULES:
        for function in import_module(f"visits.rules.{name}").RULES:
            if not isinstance(getattr(function, "ties", None), frozenset):
                raise TypeError(f"rule {name}.{function.__name__} is not declared with @rule(ties=...)")
            yield function


def declared_ties() -> frozenset[str]:
    """Every tie some rule declares: what the engine follows after a change."""
    return frozenset().union(*(function.ties for function in all_rules()))


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
