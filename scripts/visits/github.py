"""Text bound for GitHub: Markdown that cannot ping, link or inject, and workflow step outputs.

Issue and pull-request comments render Markdown and HTML, turn `@name` into a
notification and `#12` into a link. Anything a visitor typed is shown back
either inside a code span or through `plain()`, never as it was typed.
"""

from __future__ import annotations

import os
import re

# C0/C1 controls (tab and newline included: echoed values are one line) and text-direction marks
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#|~])")
_HANDLE = re.compile(r"@?([A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?)\Z")
ZERO_WIDTH_SPACE = "\u200b"


def _one_line(text: str, limit: int) -> str:
    text = " ".join(_INVISIBLE.sub(" ", str(text)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def inline(value, limit: int = 80) -> str:
    """A value as a code span: shown literally, never interpreted, never a mention."""
    text = _one_line(value, limit).replace("`", "'")
    return f"`{text}`" if text else "*(empty)*"


def plain(text, limit: int = 300) -> str:
    """Running text with every Markdown/HTML special escaped and mentions, references and links broken."""
    text = _one_line(text, limit).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN.sub(r"\\\1", text)
    for trigger in ("@", "#", "://", "www."):
        text = text.replace(trigger, trigger[0] + ZERO_WIDTH_SPACE + trigger[1:])
    return text


def mention(handle: str) -> str:
    """`@handle` (or `@org/team`) for a handle the records or settings vouch for; refused otherwise."""
    found = _HANDLE.match(handle or "")
    if not found:
        raise ValueError(f"'{handle}' is not a GitHub user or team name")
    return "@" + found.group(1)


def set_outputs(values: dict[str, object], io, echo: bool = True) -> None:
    """Step outputs for the workflow ($GITHUB_OUTPUT); printed as key=value by hand if `echo`."""
    lines = []
    for key, value in values.items():
        text = str(value).lower() if isinstance(value, bool) else str(value)
        if "\n" in text or "\r" in text:  # one line each: a newline could forge another output
            raise ValueError(f"output {key} must be one line")
        lines.append(f"{key}={text}\n")
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        with open(target, "a", encoding="utf-8") as stream:
            stream.writelines(lines)
    elif echo:
        io.out.writelines(lines)
