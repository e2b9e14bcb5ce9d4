"""A progress bar on the terminal for runs longer than a second; silent everywhere else.

It writes to standard error only when that is a terminal and CI is not set, so
nothing of it reaches CI logs, pipes, or JSON written to standard output.
"""

from __future__ import annotations

import os
import time
from typing import TextIO

DELAY = 1.0  # seconds before the bar appears: short runs stay quiet
REFRESH = 0.1
WIDTH = 30


class Progress:
    def __init__(self, stream: TextIO | None, label: str, total: int):
        self.stream = stream
        self.label = label
        self.total = max(total, 1)
        self.done = 0
        self.started = time.monotonic()
        self.drawn = 0.0
        self.visible = False

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.stream is None:
            return
        now = time.monotonic()
        if now - self.started < DELAY or now - self.drawn < REFRESH:
            return
        self.drawn = now
        share = min(self.done / self.total, 1.0)
        bar = "#" * round(share * WIDTH)
        self.stream.write(f"\r{self.label} [{bar:<{WIDTH}}] {share:4.0%} {self.done:,}/{self.total:,}")
        self.stream.flush()
        self.visible = True

    def close(self) -> None:
        if self.visible:
            assert self.stream is not None  # only a bar drawn on a stream is visible
            self.stream.write("\r" + " " * (len(self.label) + WIDTH + 30) + "\r")
            self.stream.flush()


def progress_for(stream: TextIO | None, label: str, total: int) -> Progress:
    """A bar drawing on `stream` if a person is watching it, else one that only counts."""
    watching = stream is not None and getattr(stream, "isatty", lambda: False)() and not os.environ.get("CI")
    return Progress(stream if watching else None, label, total)
