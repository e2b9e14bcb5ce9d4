"""Writing records: a small emitter for JSON-like values, and file writes that lose nothing.

The emitter quotes every string the strict loader would read as something else,
so what is written reads back identically (a round-trip test holds it to that).
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path

from visits import scratch
from visits.yamlstrict import resolve_plain

_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9 ._/+()-]*\Z")
# Characters YAML refuses to read raw (json.dumps leaves all but the C0 ones as they are).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _escape(found: re.Match) -> str:
    return f"\\u{ord(found.group()):04x}"


def _scalar(value) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return _text(str(value))


@functools.lru_cache(maxsize=1 << 16)  # ids, dates and enums repeat across thousands of records
def _text(text: str) -> str:
    if _PLAIN.match(text) and not text.endswith(" ") and resolve_plain(text) == text:
        return text
    # a JSON string is a valid YAML double-quoted scalar, once YAML's unprintables are escaped
    return _UNPRINTABLE.sub(_escape, json.dumps(text, ensure_ascii=False))


def _block_text(text: str, indent: str) -> str | None:
    """Literal block for multi-line text, when it can represent the text exactly."""
    if (
        "\n" not in text.rstrip("\n")
        or text != text.strip(" ")
        or "\r" in text
        or "\t" in text
        or _UNPRINTABLE.search(text)
    ):
        return None
    chomp = "" if text.endswith("\n") and not text.endswith("\n\n") else "-" if not text.endswith("\n") else None
    if chomp is None:
        return None
    # YAML guesses the indentation from the first line with content; when that line
    # starts with spaces (after blank lines), say it: the lines are indented 2 more.
    indicator = "2" if text.lstrip("\n").startswith(" ") else ""
    body = text[:-1] if text.endswith("\n") else text
    return f"|{indicator}{chomp}\n" + "\n".join(f"{indent}{line}" if line else "" for line in body.split("\n"))


def _emit(value, indent: str, lines: list[str], prefix: str) -> None:
    if isinstance(value, dict) and value:
        first = True
        for key, item in value.items():
            lead = prefix if first else indent
            first = False
            _emit_entry(_scalar(key), item, lead, indent, lines)
    elif isinstance(value, list) and value:
        first = True
        for item in value:
            lead = prefix if first else indent
            first = False
            _emit(item, indent + "  ", lines, lead + "- ")
    else:
        lines.append(
            prefix
            + (("{}" if isinstance(value, dict) else "[]") if isinstance(value, (dict, list)) else _scalar(value))
        )


def _emit_entry(key: str, item, lead: str, indent: str, lines: list[str]) -> None:
    if isinstance(item, dict) and item:
        lines.append(f"{lead}{key}:")
        _emit(item, indent + "  ", lines, indent + "  ")
    elif isinstance(item, list) and item:
        lines.append(f"{lead}{key}:")
        _emit(item, indent, lines, indent)
    elif isinstance(item, str) and (block := _block_text(item, indent + "  ")):
        lines.append(f"{lead}{key}: {block}")
    else:
        lines.append(
            f"{lead}{key}: "
            + (("{}" if isinstance(item, dict) else "[]") if isinstance(item, (dict, list)) else _scalar(item))
        )


def dump(data: dict, header: str = "") -> str:
    """YAML text for a record; `header` lines (e.g. the schema comment) come first."""
    lines: list[str] = [header] if header else []
    _emit(data, "", lines, "")
    return "\n".join(lines) + "\n"


def schema_comment(relpath: str, schema_file: str) -> str:
    """The line editors (yaml-language-server) read to offer completion from the schema."""
    depth = relpath.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{schema_file}"


def _file_mode() -> int:
    """The mode a plain open() would give: a private 0600 would hide records from the team."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _temporary_for(path: Path, text: str) -> str:
    """A temporary file holding `text`, on the same file system as `path` (see scratch.py)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = scratch.folder_for(path)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = str(folder / scratch.name())
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _file_mode())
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def write_new(path: Path, text: str) -> None:
    """Create `path` with `text`, whole or not at all; FileExistsError if it exists."""
    temporary = _temporary_for(path, text)
    try:
        os.link(temporary, path)  # fails when the name is taken, unlike rename
    finally:
        os.unlink(temporary)


def replace(path: Path, text: str) -> None:
    """Swap in new contents atomically: readers see the old file or the new, never half."""
    temporary = _temporary_for(path, text)
    try:
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
