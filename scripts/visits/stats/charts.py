"""SVG charts written as text: no chart library, no script, nothing fetched from elsewhere.

Charts scale with the page (a viewBox and no fixed size), use the reader's
system font and carry a <title> and <desc>. Values are published cells: a
hidden count (suppress.Hidden) gets no bar or point at all, only its "<k" or
"x" mark, so a chart never shows what the table withholds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from visits.stats.suppress import Hidden

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# Each at least 4.5:1 against the white background, so bars and their labels stay legible.
PALETTE = ("#1f5fa8", "#b34700", "#2e7d32", "#7b3f9e", "#c2185b", "#00695c", "#8a5a00", "#546e7a")
INK, FAINT, MUTED = "#1a1a1a", "#d0d0d0", "#595959"
WIDTH, HEIGHT, LEGEND = 720, 320, 28

Value = int | float | Hidden
Series = tuple[str, Sequence[Value]]


def _text(value) -> str:
    return escape(str(value), {'"': "&quot;"})


def _format(value: Value) -> str:
    if isinstance(value, Hidden):
        return str(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def _visible(value: Value) -> float:
    return 0.0 if isinstance(value, Hidden) else float(value)


def nice_ticks(maximum: float) -> list[float]:
    """Round axis steps (1, 2 or 5 times a power of ten) from 0 past `maximum`."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return [step * index for index in range(math.ceil(maximum / step - 1e-9) + 1)]


def _document(title: str, desc: str, width: int, height: int, body: list[str]) -> str:
    return "\n".join([
        f'<svg xmlns="{SVG_NAMESPACE}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title chart-desc" font-family="system-ui, sans-serif" '
        f'font-size="12" fill="{INK}">',
        f'<title id="chart-title">{_text(title)}</title>',
        f'<desc id="chart-desc">{_text(desc)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        *body, "</svg>", ""])


def _label(x: float, y: float, text: str, anchor: str = "middle", colour: str = INK) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{colour}">'
            f'{_text(text)}</text>')


def _legend(names: Sequence[str], left: float) -> list[str]:
    parts, x = [], left
    for index, name in enumerate(names):
        parts.append(f'<rect x="{x:.1f}" y="8" width="12" height="12" fill="{PALETTE[index % len(PALETTE)]}"/>')
        parts.append(_label(x + 16, 18, name, "start"))
        x += 36 + 7 * len(str(name))
    return parts


@dataclass
class _Frame:
    """The plotting area of a vertical chart, and its value axis."""

    left: float
    top: float
    width: float
    height: float
    ticks: list[float]

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def y(self, value: float) -> float:
        return self.bottom - value / self.ticks[-1] * self.height

    def axis(self, labels: Sequence[str]) -> list[str]:
        parts = []
        for tick in self.ticks:
            y = self.y(tick)
            parts.append(f'<line x1="{self.left:.1f}" y1="{y:.1f}" x2="{self.left + self.width:.1f}" '
                         f'y2="{y:.1f}" stroke="{FAINT if tick else INK}" stroke-width="1"/>')
            parts.append(_label(self.left - 6, y + 4, _format(tick if tick % 1 else int(tick)), "end"))
        band = self.width / max(len(labels), 1)
        parts += [_label(self.left + band * (index + 0.5), self.bottom + 18, label)
                  for index, label in enumerate(labels)]
        return parts


def _frame(series: Sequence[Series], maximum: float) -> _Frame:
    top = 24 + (LEGEND if len(series) > 1 else 0)
    return _Frame(60, top, WIDTH - 76, HEIGHT - top - 32, nice_ticks(maximum))


def column_chart(title: str, desc: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """Vertical bars, one per label; several series are stacked, with a legend."""
    totals = [sum(_visible(values[index]) for _, values in series) for index in range(len(labels))]
    frame = _frame(series, max(totals, default=0))
    band = frame.width / max(len(labels), 1)
    body = frame.axis(labels)
    for index in range(len(labels)):
        x, base = frame.left + band * index + band * 0.15, frame.bottom
        for number, (_, values) in enumerate(series):
            height = frame.bottom - frame.y(_visible(values[index]))
            if height > 0:
                body.append(f'<rect x="{x:.1f}" y="{base - height:.1f}" width="{band * 0.7:.1f}" '
                            f'height="{height:.1f}" fill="{PALETTE[number % len(PALETTE)]}" '
                            f'stroke="#ffffff" stroke-width="0.5"/>')
                base -= height
        marks = [str(values[index]) for _, values in series if isinstance(values[index], Hidden)]
        shown = _format(int(totals[index]) if totals[index] % 1 == 0 else totals[index])
        caption = " + ".join(([shown] if totals[index] or not marks else []) + marks)
        body.append(_label(x + band * 0.35, base - 5, caption, colour=MUTED if marks else INK))
    if len(series) > 1:
        body += _legend([name for name, _ in series], frame.left)
    return _document(title, desc, WIDTH, HEIGHT, body)


def line_chart(title: str, desc: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """One line per series across the labels; a hidden value breaks the line."""
    maximum = max((_visible(value) for _, values in series for value in values), default=0)
    frame = _frame(series, maximum)
    band = frame.width / max(len(labels), 1)
    body = frame.axis(labels)
    for number, (_, values) in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        path, pen_down = [], False
        for index, value in enumerate(values):
            x = frame.left + band * (index + 0.5)
            if isinstance(value, Hidden):
                body.append(_label(x, frame.bottom - 5 - 14 * number, str(value), colour=colour))
                pen_down = False
                continue
            y = frame.y(float(value))
            path.append(f"{'L' if pen_down else 'M'}{x:.1f},{y:.1f}")
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
            pen_down = True
        if path:
            body.append(f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2"/>')
    if len(series) > 1:
        body += _legend([name for name, _ in series], frame.left)
    return _document(title, desc, WIDTH, HEIGHT, body)


def bar_chart(title: str, desc: str, labels: Sequence[str], values: Sequence[Value]) -> str:
    """Horizontal bars for categories, the value written at the end of each bar."""
    row, top = 26, 16
    left = min(260, 16 + 7 * max((len(str(label)) for label in labels), default=1))
    width = WIDTH - left - 72
    ticks = nice_ticks(max((_visible(value) for value in values), default=0))
    height = top + row * len(labels) + 36
    body = []
    for tick in ticks:
        x = left + tick / ticks[-1] * width
        body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + row * len(labels)}" '
                    f'stroke="{FAINT if tick else INK}" stroke-width="1"/>')
        body.append(_label(x, top + row * len(labels) + 18, _format(tick if tick % 1 else int(tick))))
    for index, (label, value) in enumerate(zip(labels, values)):
        y = top + row * index
        body.append(_label(left - 8, y + row * 0.65, label, "end"))
        length = _visible(value) / ticks[-1] * width
        if length > 0:
            body.append(f'<rect x="{left}" y="{y + row * 0.15:.1f}" width="{length:.1f}" '
                        f'height="{row * 0.7:.1f}" fill="{PALETTE[0]}"/>')
        colour = MUTED if isinstance(value, Hidden) else INK
        body.append(_label(left + length + 6, y + row * 0.65, _format(value), "start", colour))
    return _document(title, desc, WIDTH, height, body)
