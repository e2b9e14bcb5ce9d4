"""SVG charts: well-formed, self-contained, accessible, and honest about hidden counts."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from visits.stats.charts import PALETTE, SVG_NAMESPACE, bar_chart, column_chart, line_chart, nice_ticks
from visits.stats.suppress import Hidden

NS = {"svg": SVG_NAMESPACE}
SMALL = Hidden(True, 5)
EVIL = '<script>alert("x")</script> & "quotes"'

CHARTS = {
    "column": lambda labels, values: column_chart("Visits", "Per month.", labels, [("All", values)]),
    "stacked": lambda labels, values: column_chart(
        "Visits", "Per month.", labels, [("alpha", values), ("beta", values)]
    ),
    "line": lambda labels, values: line_chart("Volunteers", "Per month.", labels, [("friendly", values)]),
    "bar": lambda labels, values: bar_chart("Outcomes", "By kind.", labels, values),
}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars(root: ET.Element, colour: str = PALETTE[0]) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{{{SVG_NAMESPACE}}}rect") if rect.get("fill") == colour]


def texts(root: ET.Element) -> list[str]:
    """Each text element's words; a label on several lines (tspans) joined with spaces."""
    return [" ".join(element.itertext()) for element in root.iter(f"{{{SVG_NAMESPACE}}}text")]


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_charts_are_well_formed_scalable_and_labelled(kind):
    root = parse(CHARTS[kind](["Jan", "Feb", "Mar"], [4, 0, 12]))
    assert root.tag == f"{{{SVG_NAMESPACE}}}svg"
    assert root.get("role") == "img"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    assert root.get("width") is None and root.get("height") is None
    assert root.get("font-family") == "system-ui, sans-serif"
    assert root.find("svg:title", NS).text and root.find("svg:desc", NS).text


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_charts_reference_nothing_outside_themselves(kind):
    svg = CHARTS[kind](["Jan", "Feb"], [3, 7])
    root = parse(svg)
    assert all("href" not in name for element in root.iter() for name in element.attrib)
    assert "http" not in svg.replace(f'xmlns="{SVG_NAMESPACE}"', "")
    assert "@import" not in svg and "url(" not in svg
    assert not list(root.iter(f"{{{SVG_NAMESPACE}}}script"))


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_labels_from_records_are_escaped(kind):
    svg = CHARTS[kind]([EVIL, "Feb"], [3, 7])
    root = parse(svg)
    assert "<script>" not in svg
    assert not list(root.iter(f"{{{SVG_NAMESPACE}}}script"))
    assert EVIL in texts(root)


def test_titles_and_series_names_are_escaped_too():
    root = parse(column_chart(EVIL, EVIL, ["Jan"], [(EVIL, [1]), ("beta", [2])]))
    assert root.find("svg:title", NS).text == EVIL
    assert root.find("svg:desc", NS).text == EVIL
    assert EVIL in texts(root)  # the legend


def test_bar_heights_follow_the_values():
    root = parse(column_chart("t", "d", ["a", "b", "c"], [("s", [10, 20, 0])]))
    heights = [float(rect.get("height")) for rect in bars(root)]
    assert len(heights) == 2  # no bar for zero
    assert heights[1] == pytest.approx(2 * heights[0], rel=0.01)


def test_stacked_columns_have_one_segment_per_series_and_a_legend():
    root = parse(column_chart("t", "d", ["a", "b"], [("alpha", [5, 6]), ("beta", [7, 8])]))
    assert len(bars(root, PALETTE[0])) == 2 + 1  # two segments and a legend key
    assert len(bars(root, PALETTE[1])) == 2 + 1
    assert {"alpha", "beta", "12", "14"} <= set(texts(root))


@pytest.mark.parametrize("kind", ["column", "bar"])
def test_a_hidden_count_gets_its_mark_and_no_bar(kind):
    root = parse(CHARTS[kind](["Jan", "Feb", "Mar"], [12, SMALL, Hidden(False, 5)]))
    assert len(bars(root)) == 1
    assert str(SMALL) in texts(root) and str(Hidden(False, 5)) in texts(root)


def test_a_hidden_count_breaks_the_line():
    root = parse(line_chart("t", "d", ["a", "b", "c", "d"], [("s", [6, SMALL, 8, 9])]))
    paths = [path.get("d") for path in root.iter(f"{{{SVG_NAMESPACE}}}path")]
    assert len(paths) == 1 and paths[0].count("M") == 2 and paths[0].count("L") == 1
    assert len(list(root.iter(f"{{{SVG_NAMESPACE}}}circle"))) == 3
    assert str(SMALL) in texts(root)


def test_an_empty_or_all_zero_chart_still_draws():
    for svg in (
        column_chart("t", "d", [], []),
        column_chart("t", "d", ["a"], [("s", [0])]),
        line_chart("t", "d", ["a"], [("s", [SMALL])]),
        bar_chart("t", "d", [], []),
    ):
        assert parse(svg).get("role") == "img"


@pytest.mark.parametrize("maximum", [0.4, 1, 3, 7, 10, 11, 49, 99, 101, 1234, 99999])
def test_axis_ticks_are_round_and_cover_the_largest_value(maximum):
    ticks = nice_ticks(maximum)
    step = ticks[1] - ticks[0]
    assert ticks[0] == 0 and ticks[-1] >= maximum
    assert ticks[-2] < maximum  # no empty band above the data
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 5)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", PALETTE)
def test_series_colours_contrast_with_the_white_background(colour):
    assert (1.05) / (_luminance(colour) + 0.05) >= 4.5


def test_long_bar_labels_wrap_inside_the_drawing():
    labels = ["Transfert vers un autre centre", "Repatriëringscentrum 127bis (Steenokkerzeel)", "Libéré"]
    root = parse(bar_chart("t", "d", labels, [3, 12, 7]))
    width = float(root.get("viewBox").split()[2])
    for element in root.iter(f"{{{SVG_NAMESPACE}}}text"):
        spans = list(element) or [element]
        for span in spans:
            x = float(span.get("x") or element.get("x"))
            length = 7.0 * len(span.text or "")
            left = {"end": x - length, "middle": x - length / 2}.get(element.get("text-anchor"), x)
            assert 0 <= left and left + length <= width + 1, span.text
    assert set(labels) <= set(texts(root))  # each label is one text, read as a whole


def test_numbers_follow_the_translator_s_language():
    from visits.i18n import translator

    french = texts(parse(column_chart("t", "d", ["a", "b"], [("s", [1500, 2500])], translator("fr"))))
    english = texts(parse(column_chart("t", "d", ["a", "b"], [("s", [1500, 2500])])))
    assert "2.500" in french and "2,500" in english
    assert "1.500,5" in texts(parse(bar_chart("t", "d", ["a"], [1500.5], translator("nl"))))
