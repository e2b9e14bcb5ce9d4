"""The compiled reader of the plain subset of YAML that record files almost always use.

It (_plainyaml.c) accepts only block mappings and sequences, simple keys, plain scalars,
simple double-quoted strings, literal blocks and empty `[]`/`{}`; on anything else it
answers None and the caller uses the strict loader, which alone decides what is rejected
and where. So it can never accept what the strict loader refuses, nor read a value
differently: property tests hold it to that (tests/test_fastyaml.py). Positions are not
kept; files with findings are parsed again by the strict loader.

It is built at install where a C compiler is at hand. Without it, `read` answers None and
every file goes to the strict loader. It once had a Python twin, dropped because no target
needs it (measured: 26 µs a visit report compiled, 141 with the twin, 359 with the strict
loader): at the programme's scale, a few thousand visits a year, the strict loader alone
costs about a second on a cold run, and a run after a change reads only what changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

try:
    from visits import _plainyaml  # type: ignore[attr-defined]  # built at install, if at all

    COMPILED = True
except ImportError:  # no C compiler when the package was installed
    _plainyaml = None
    COMPILED = False

# Keys of at most MAX_KEY_LENGTH characters (libyaml refuses simple keys of over 1,024; no
# field name comes near either); a longer one leaves the subset. _plainyaml.h says the same.
MAX_KEY_LENGTH = 128


def reader_code() -> bytes:
    """What the store's entries must be keyed by besides the Python modules: the compiled
    reader itself, when there is one."""
    return Path(_plainyaml.__file__).read_bytes() if COMPILED else b"no compiled reader"


def read(raw: bytes, max_depth: int, max_values: int) -> Any:
    """The value of a record file's bytes, with keys and short texts shared (as
    records.compact makes them), or None: then the strict loader must judge them."""
    return _plainyaml.load(raw, max_depth, max_values) if COMPILED else None


def compact(value: Any) -> Any:
    """records.compact, compiled; only called when COMPILED."""
    return _plainyaml.compact(value)
