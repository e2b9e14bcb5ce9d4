"""A fast reader for the plain subset of YAML that record files almost always use.

It accepts only block mappings and sequences, simple keys, plain scalars,
simple double-quoted strings, literal blocks and empty `[]`/`{}`; on anything
else it answers None and the caller uses the strict loader, which alone decides
what is rejected and where. So it can never accept what the strict loader
refuses, nor read a value differently: a property test holds it to that.
Positions are not kept; files with findings are parsed again by the strict loader.

`read` is the entry point for a file's raw bytes. It uses the compiled twin of this
reader (_plainyaml.c, some fifteen times faster) when it was built, and this module
otherwise; both give the same answer for every input (tests/test_fastyaml.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from visits.yamlstrict import HARDEST_MAX_DEPTH, resolve_plain

try:
    from visits import _plainyaml
    from visits._plainyaml import compact as compiled_compact
    from visits._plainyaml import load as _compiled_load

    COMPILED = True
except ImportError:  # no C compiler when the package was installed
    _plainyaml = _compiled_load = compiled_compact = None
    COMPILED = False


def reader_code() -> bytes:
    """What the parse cache and the memo must be keyed by besides the Python modules:
    the compiled reader itself, when there is one."""
    return Path(_plainyaml.__file__).read_bytes() if COMPILED else b"no compiled reader"


# Keys of at most MAX_KEY_LENGTH characters (libyaml refuses simple keys of over 1,024; no
# field name comes near either); a longer one leaves the subset. _plainyaml.h says the same.
MAX_KEY_LENGTH = 128
_KEY = re.compile(rf"( *)([A-Za-z_][A-Za-z0-9_]{{0,{MAX_KEY_LENGTH - 1}}}):(?: (.*))?\Z")
# plain scalars that cannot be misread: no indicator first, no ': ' or ' #' inside
_PLAIN = re.compile(r"[A-Za-z0-9_.+()/][^:#'\"\\\t\[\]{},&*!|>%@`]*\Z")
_QUOTED = re.compile(r'"(?:[^"\\\x00-\x1f]|\\["\\nt/])*"\Z')
_BLOCK = ("|", "|-")


# What decode() or the strict loader's reader would refuse (controls, bidi marks, line
# separators, BOM, noncharacters), and tab and CR, which this reader leaves alone:
# with none of these the bytes need no other check before the fast reader.
_NOT_PLAIN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")


def read(raw: bytes, max_depth: int, max_values: int, *, compiled: bool | None = None):
    """The value of a record file's bytes, or None: then decode() and the strict
    loader must judge them. `compiled=False` forces this module's reader."""
    if compiled if compiled is not None else COMPILED:
        return _compiled_load(raw, max_depth, max_values)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _NOT_PLAIN.search(text):
        return None
    return fast_load(text, max_depth, max_values)


class _Unsure(Exception):
    """The text leaves the subset: let the strict loader decide."""


_SEEN: dict[str, object] = {}  # enums, dates and ids repeat across thousands of files


def _scalar(text: str):
    value = _SEEN.get(text, _SEEN)
    if value is not _SEEN:
        return value.copy() if isinstance(value, (list, dict)) else value
    value = _parse_scalar(text)
    if len(_SEEN) < 200_000:
        _SEEN[text] = value
    return value


def _parse_scalar(text: str):
    if text.startswith('"'):
        if not _QUOTED.match(text) or "\\/" in text:
            raise _Unsure
        return json.loads(text)
    if text == "[]":
        return []
    if text == "{}":
        return {}
    if not _PLAIN.match(text) or text.endswith(" ") or text.endswith(":"):
        raise _Unsure
    return resolve_plain(text)


def fast_load(text: str, max_depth: int, max_values: int | None = None):
    """The document's value, or None when the text is outside the subset.
    `max_values` counts values as the strict loader does, the document itself included."""
    if "\t" in text or "\r" in text or not text.strip(" \n"):
        return None
    reader = _Reader(text.split("\n"), min(max_depth, HARDEST_MAX_DEPTH), max_values)
    try:
        reader.skip()
        value = reader.block(0, 0)
        reader.skip()
    except (_Unsure, IndexError, ValueError):
        return None
    return value if reader.index == len(reader.lines) and isinstance(value, dict) else None


_GOOD_KEYS: set[str] = set()


def _good_key(key: str) -> bool:
    if isinstance(resolve_plain(key), str):
        _GOOD_KEYS.add(key)
        return True
    return False


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    """Only spaces: YAML's blank, unlike str.strip's (a no-break space is text)."""
    return not line.strip(" ")


class _Reader:
    def __init__(self, lines: list[str], max_depth: int, max_values: int | None):
        self.lines = lines
        self.index = 0
        self.max_depth = max_depth
        self.values_left = max_values - 1 if max_values is not None else float("inf")

    def count_value(self) -> None:
        self.values_left -= 1
        if self.values_left < 0:
            raise _Unsure  # the strict loader reports a file with too many values

    def skip(self) -> None:
        """Move past blank and comment lines, which carry no structure."""
        lines = self.lines
        while self.index < len(lines):
            stripped = lines[self.index].lstrip(" ")
            if stripped and not stripped.startswith("#"):
                return
            if stripped.startswith("#") and _indent(lines[self.index]) != 0:
                raise _Unsure  # an indented comment could sit inside a block scalar
            self.index += 1

    def current_indent(self) -> int:
        return _indent(self.lines[self.index]) if self.index < len(self.lines) else -1

    def block(self, indent: int, depth: int):
        if depth > self.max_depth:
            raise _Unsure
        if self.lines[self.index].startswith("- ", indent):
            return self.sequence(indent, depth)
        return self.mapping(indent, depth, None)

    def mapping(self, indent: int, depth: int, first: str | None) -> dict:
        if depth + 1 > self.max_depth:
            raise _Unsure  # the strict loader reports the depth, with its position
        result: dict[str, object] = {}
        while self.index < len(self.lines):
            line = first if first is not None else self.lines[self.index]
            first = None
            if _indent(line) != indent:
                if _indent(line) > indent:
                    raise _Unsure
                break
            match = _KEY.match(line)
            if not match:
                raise _Unsure
            key, rest = match.group(2), match.group(3)
            if key in result or (key not in _GOOD_KEYS and not _good_key(key)):
                raise _Unsure  # duplicate or odd keys: the strict loader reports them
            self.count_value()
            self.index += 1
            if rest in _BLOCK:
                result[key] = self.literal(indent, rest)
            elif rest:
                result[key] = _scalar(rest)
            else:
                self.skip()
                child = self.current_indent()
                if child > indent:
                    result[key] = self.block(child, depth + 1)
                elif child == indent and self.lines[self.index].startswith("- ", indent):
                    result[key] = self.sequence(indent, depth + 1)
                else:
                    result[key] = None
            self.skip()
        return result

    def sequence(self, indent: int, depth: int) -> list:
        if depth + 1 > self.max_depth:
            raise _Unsure
        items = []
        lines = self.lines
        while (
            self.index < len(lines)
            and _indent(lines[self.index]) == indent
            and lines[self.index].startswith("- ", indent)
        ):
            rest = lines[self.index][indent + 2 :]
            self.count_value()
            if _KEY.match(rest):
                items.append(self.mapping(indent + 2, depth + 1, " " * (indent + 2) + rest))
            elif rest.startswith(("- ", "|", ">")) or rest.rstrip(" ") in ("-", ""):
                raise _Unsure
            else:
                items.append(_scalar(rest))
                self.index += 1
                self.skip()
        if self.current_indent() > indent:
            raise _Unsure
        return items

    def literal(self, indent: int, style: str) -> str:
        lines = self.lines
        start = self.index
        if start >= len(lines) or _blank(lines[start]) or _indent(lines[start]) <= indent:
            raise _Unsure  # empty or oddly indented blocks are rare: be strict-loader exact
        width = _indent(lines[start])
        body = []
        while self.index < len(lines):
            line = lines[self.index]
            if not _blank(line) and _indent(line) < width:
                break
            if _blank(line) and len(line) > width:
                raise _Unsure  # spaces beyond the indentation are content: rare, leave it
            body.append("" if _blank(line) else line[width:])
            self.index += 1
        while body and body[-1] == "":
            body.pop()
        if self.index == len(lines) and lines[-1] != "":
            raise _Unsure  # a block ending the file without a final newline
        return "\n".join(body) + ("\n" if style == "|" else "")
