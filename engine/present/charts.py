"""Charts for the report as inline SVG, drawn on the server: no scripts, no fonts or images to
fetch, the same picture in a browser, in print and in the PDF.

Built as an element tree (text escaped by the serialiser), never by pasting text into markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

STATUSES = ("covered", "partial", "uncovered", "not-addressed", "not-analysed")
COLOURS = {
    "covered": "#3f9d5a",
    "partial": "#e8b04b",
    "uncovered": "#d9534f",
    "not-addressed": "#8a96a3",
    "not-analysed": "#b58fd1",
}
SCORE = "#2f5d8a"
TRACK = "#e6ebf0"
INK = "#1b1f24"
MUTED = "#5b6670"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"

WIDTH = 330  # two charts side by side on an A4 page
LABEL = 74  # room for the act labels left of the bars
ROW = 24
BAR = 16


@dataclass(frozen=True)
class Bar:
    """One act: its label, its support score (None when the act does not apply) and its
    obligations per status."""

    label: str
    score: float | None
    counts: dict[str, int]


def _svg(height: int, title: str) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": str(WIDTH),
            "height": str(height),
            "viewBox": f"0 0 {WIDTH} {height}",
            "role": "img",
            "class": "chart",
            "font-family": FONT,
            "font-size": "12",
        },
    )
    ET.SubElement(svg, "title").text = title
    return svg


def _text(parent: ET.Element, x: float, y: float, text: str, **attrs: str) -> None:
    node = ET.SubElement(parent, "text", {"x": f"{x:.1f}", "y": f"{y:.1f}", **attrs})
    node.text = text


def _rect(parent: ET.Element, x: float, y: float, w: float, h: float, fill: str) -> None:
    ET.SubElement(
        parent,
        "rect",
        {"x": f"{x:.1f}", "y": f"{y:.1f}", "width": f"{w:.1f}", "height": f"{h:.1f}", "fill": fill},
    )


def score_chart(bars: Sequence[Bar]) -> str:
    """Horizontal bars: the support score of each act on a 0-100% scale ("n/a" when the act
    does not apply)."""
    span = WIDTH - LABEL - 40
    height = ROW * len(bars) + 24
    svg = _svg(height, "Support score per act (0-100%)")
    for i, bar in enumerate(bars):
        y = i * ROW + 4
        _text(svg, 0, y + BAR - 4, bar.label, fill=INK)
        _rect(svg, LABEL, y, span, BAR, TRACK)
        if bar.score is None:
            _text(svg, LABEL + 6, y + BAR - 4, "n/a (does not apply)", fill=MUTED)
            continue
        _rect(svg, LABEL, y, span * max(0.0, min(bar.score, 1.0)), BAR, SCORE)
        _text(svg, LABEL + span + 6, y + BAR - 4, f"{bar.score:.0%}", fill=INK)
    axis = ROW * len(bars) + 16
    for tick in (0, 25, 50, 75, 100):
        x = LABEL + span * tick / 100
        _text(svg, x, axis, f"{tick}%", fill=MUTED, **{"text-anchor": "middle"})
    return ET.tostring(svg, encoding="unicode")


def status_chart(bars: Sequence[Bar]) -> str:
    """Stacked bars: each act's applicable obligations split by status, with a legend."""
    span = WIDTH - LABEL - 40
    height = ROW * len(bars) + 44
    svg = _svg(height, "Applicable obligations per act by status")
    for i, bar in enumerate(bars):
        y = i * ROW + 4
        _text(svg, 0, y + BAR - 4, bar.label, fill=INK)
        total = sum(bar.counts.get(s, 0) for s in STATUSES)
        if not total:
            _rect(svg, LABEL, y, span, BAR, TRACK)
            _text(svg, LABEL + 6, y + BAR - 4, "n/a (does not apply)", fill=MUTED)
            continue
        x = float(LABEL)
        for status in STATUSES:
            count = bar.counts.get(status, 0)
            if not count:
                continue
            width = span * count / total
            _rect(svg, x, y, width, BAR, COLOURS[status])
            if width >= 22:
                _text(
                    svg,
                    x + width / 2,
                    y + BAR - 4,
                    str(count),
                    fill="#ffffff",
                    **{"text-anchor": "middle", "font-size": "11"},
                )
            x += width
        _text(svg, LABEL + span + 6, y + BAR - 4, str(total), fill=INK)
    legend_y = ROW * len(bars) + 16
    x = float(LABEL)
    for status in STATUSES:
        room = 14 + 6.5 * len(status) + 10
        if x + room > WIDTH:  # wrap the legend onto a second line
            x, legend_y = float(LABEL), legend_y + 16
        _rect(svg, x, legend_y - 9, 10, 10, COLOURS[status])
        _text(svg, x + 14, legend_y, status, fill=MUTED, **{"font-size": "11"})
        x += room
    return ET.tostring(svg, encoding="unicode")
