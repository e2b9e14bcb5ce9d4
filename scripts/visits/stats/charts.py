"""SVG charts written as text: no chart library, no script, nothing fetched from elsewhere.

Charts scale with the page (a viewBox and no fixed size), use the reader's
system font and carry a <title> and <desc>. They are drawn narrow (400 units) so
that their text stays legible on a phone, and text that would not fit its place
(a caption wider than its column, a legend longer than a line) is written upwards
or on further lines rather than overlapping. Numbers are written the reader's
way (1.234 in Dutch and French), by the translator given. Values are published cells: a
hidden count (suppress.Hidden) gets no bar or point at all, only its "<k" or
"x" mark, so a chart never shows what the table withholds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from visits.i18n import Translator, translator
from visits.stats.suppress import Hidden

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# Each at least 4.5:1 against the white background, so bars and their labels stay legible.
PALETTE = ("#1f5fa8", "#b34700", "#2e7d32", "#7b3f9e", "#c2185b", "#00695c", "#8a5a00", "#546e7a")
INK, FAINT, MUTED = "#1a1a1a", "#d0d0d0", "#595959"
# A narrow drawing: shown 358 px wide on a 390 px phone, 12-unit text is still 10.7 px
# tall there; the stylesheet caps the width on wide screens, where the text grows a little.
WIDTH, PLOT_HEIGHT, FONT = 400, 180, 12
CHAR = 7.0  # the widest advance of a character at FONT, to lay text out without a renderer
LEGEND_ROW = 20

Value = int | float | Hidden
Series = tuple[str, Sequence[Value]]


def _text(value) -> str:
    return escape(str(value), {'"': "&quot;"})


def _format(value: Value, t: Translator) -> str:
    if isinstance(value, Hidden):
        return str(value)
    return t.number(value) if isinstance(value, int) else t.number(value, 1)


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
    return "\n".join(
        [
            f'<svg xmlns="{SVG_NAMESPACE}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="chart-title chart-desc" font-family="system-ui, sans-serif" '
            f'font-size="{FONT}" fill="{INK}">',
            f'<title id="chart-title">{_text(title)}</title>',
            f'<desc id="chart-desc">{_text(desc)}</desc>',
            f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
            *body,
            "</svg>",
            "",
        ]
    )


def _label(x: float, y: float, text: str, anchor: str = "middle", colour: str = INK, upright: bool = False) -> str:
    turn = f' transform="rotate(-90 {x:.1f} {y:.1f})"' if upright else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{colour}"{turn}>{_text(text)}</text>'


def _width(text: str) -> float:
    return CHAR * len(text)


def _legend(names: Sequence[str]) -> tuple[list[str], int]:
    """Colour keys in rows that fit the width; returns the parts and the number of rows."""
    parts, x, row = [], 8.0, 0
    for index, name in enumerate(names):
        span = 16 + _width(str(name))
        if x > 8 and x + span > WIDTH - 8:
            x, row = 8.0, row + 1
        y = 6 + LEGEND_ROW * row
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{PALETTE[index % len(PALETTE)]}"/>')
        parts.append(_label(x + 16, y + 10, name, "start"))
        x += span + 12
    return parts, (row + 1 if names else 0)


@dataclass
class _Frame:
    """The plotting area of a vertical chart, and its value axis."""

    left: float
    top: float
    width: float
    height: float
    ticks: list[float]
    labels: Sequence[str]
    t: Translator

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def band(self) -> float:
        return self.width / max(len(self.labels), 1)

    @property
    def upright_labels(self) -> bool:
        """Labels too wide for their band are written upwards instead of overlapping."""
        return any(_width(label) > self.band * 0.95 for label in self.labels)

    @property
    def total_height(self) -> float:
        below = max((_width(label) for label in self.labels), default=0) if self.upright_labels else 0
        return self.bottom + 26 + below

    def y(self, value: float) -> float:
        return self.bottom - value / self.ticks[-1] * self.height

    def axis(self) -> list[str]:
        parts = []
        for tick in self.ticks:
            y = self.y(tick)
            parts.append(
                f'<line x1="{self.left:.1f}" y1="{y:.1f}" x2="{self.left + self.width:.1f}" '
                f'y2="{y:.1f}" stroke="{FAINT if tick else INK}" stroke-width="1"/>'
            )
            parts.append(_label(self.left - 5, y + 4, _tick(tick, self.t), "end"))
        upright = self.upright_labels
        for index, label in enumerate(self.labels):
            x = self.left + self.band * (index + 0.5)
            parts.append(
                _label(x + 4, self.bottom + 8, label, "end", upright=True)
                if upright
                else _label(x, self.bottom + 17, label)
            )
        return parts


def _tick(tick: float, t: Translator) -> str:
    return _format(tick if tick % 1 else int(tick), t)


def _frame(labels: Sequence[str], maximum: float, above: float, t: Translator) -> _Frame:
    """The frame below `above` units of legend and captions, its axis labels at the left."""
    ticks = nice_ticks(maximum)
    left = 10 + max(_width(_tick(tick, t)) for tick in ticks)
    return _Frame(left, above + 18, WIDTH - left - 8, PLOT_HEIGHT, ticks, labels, t)


def column_chart(
    title: str, desc: str, labels: Sequence[str], series: Sequence[Series], t: Translator | None = None
) -> str:
    """Vertical bars, one per label; several series are stacked, with a legend."""
    t = t or translator("en")
    totals = [sum(_visible(values[index]) for _, values in series) for index in range(len(labels))]
    captions = []
    for index, total in enumerate(totals):
        marks = [str(values[index]) for _, values in series if isinstance(values[index], Hidden)]
        shown = _format(int(total) if total % 1 == 0 else total, t)
        captions.append((" + ".join(([shown] if total or not marks else []) + marks), bool(marks)))
    legend, rows = _legend([name for name, _ in series]) if len(series) > 1 else ([], 0)
    frame = _frame(labels, max(totals, default=0), LEGEND_ROW * rows, t)
    # captions too wide for their column are written upwards, with room above the tallest
    upright = any(_width(text) > frame.band * 0.95 for text, _ in captions)
    if upright:
        frame = _frame(labels, max(totals, default=0), LEGEND_ROW * rows + max(_width(text) for text, _ in captions), t)
    band = frame.band
    body = frame.axis()
    for index in range(len(labels)):
        x, base = frame.left + band * index + band * 0.15, frame.bottom
        for number, (_, values) in enumerate(series):
            height = frame.bottom - frame.y(_visible(values[index]))
            if height > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{base - height:.1f}" width="{band * 0.7:.1f}" '
                    f'height="{height:.1f}" fill="{PALETTE[number % len(PALETTE)]}" '
                    f'stroke="#ffffff" stroke-width="0.5"/>'
                )
                base -= height
        text, hidden = captions[index]
        colour = MUTED if hidden else INK
        body.append(
            _label(x + band * 0.35 + 4, base - 4, text, "start", colour, upright=True)
            if upright
            else _label(x + band * 0.35, base - 5, text, colour=colour)
        )
    return _document(t.typography(title), t.typography(desc), WIDTH, round(frame.total_height), body + legend)


def line_chart(
    title: str, desc: str, labels: Sequence[str], series: Sequence[Series], t: Translator | None = None
) -> str:
    """One line per series across the labels; a hidden value breaks the line."""
    t = t or translator("en")
    maximum = max((_visible(value) for _, values in series for value in values), default=0)
    legend, rows = _legend([name for name, _ in series]) if len(series) > 1 else ([], 0)
    frame = _frame(labels, maximum, LEGEND_ROW * rows, t)
    band = frame.band
    body = frame.axis()
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
    return _document(t.typography(title), t.typography(desc), WIDTH, round(frame.total_height), body + legend)


def _wrap(text: str, width: float) -> list[str]:
    """Words on as many lines as it takes to stay within `width` (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in str(text).split(" "):
        if lines and _width(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _lines(x: float, y: float, step: float, lines: list[str]) -> str:
    """One text of several lines, right-aligned at x, so that it is read as one label."""
    if len(lines) == 1:
        return _label(x, y, lines[0], "end")
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if index == 0 else step}">{_text(text)}</tspan>' for index, text in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="end" fill="{INK}">{spans}</text>'


def bar_chart(
    title: str, desc: str, labels: Sequence[str], values: Sequence[Value], t: Translator | None = None
) -> str:
    """Horizontal bars for categories, the value written at the end of each bar; a label too
    long for the left part is written on several lines."""
    t = t or translator("en")
    top, line = 16, FONT + 2
    left = min(WIDTH * 0.45, 16 + max((_width(str(label)) for label in labels), default=CHAR))
    wrapped = [_wrap(label, left - 12) for label in labels]
    row = max([26, *(line * len(lines) + 10 for lines in wrapped)])
    ticks = nice_ticks(max((_visible(value) for value in values), default=0))
    # room at the right for the longest value written after its bar
    width = WIDTH - left - 12 - max([_width(_format(value, t)) for value in values] + [_width(_tick(ticks[-1], t)) / 2])
    height = top + row * len(labels) + 36
    body = []
    for tick in ticks:
        x = left + tick / ticks[-1] * width
        body.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + row * len(labels)}" '
            f'stroke="{FAINT if tick else INK}" stroke-width="1"/>'
        )
        body.append(_label(x, top + row * len(labels) + 18, _tick(tick, t)))
    for index, (lines, value) in enumerate(zip(wrapped, values, strict=True)):
        y = top + row * index
        first = y + row / 2 + 4 - line * (len(lines) - 1) / 2  # the lines centred on the bar
        body.append(_lines(left - 8, first, line, lines))
        length = _visible(value) / ticks[-1] * width
        if length > 0:
            body.append(
                f'<rect x="{left}" y="{y + (row - 18) / 2:.1f}" width="{length:.1f}" '
                f'height="18.2" fill="{PALETTE[0]}"/>'
            )
        colour = MUTED if isinstance(value, Hidden) else INK
        body.append(_label(left + length + 6, y + row / 2 + 4, _format(value, t), "start", colour))
    return _document(t.typography(title), t.typography(desc), WIDTH, height, body)
