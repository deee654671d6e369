"""The dashboard's charts, as inline SVG drawn here (pure: values in, markup out).

Why SVG written by hand rather than a charting library: the charts are two kinds of bars
with a threshold line, the page must work from disk with no script and no network, and the
same data must give the same bytes. A few dozen lines of ElementTree do that, escape every
text, and add no dependency; a JavaScript library would need the script the page must work
without, and a Python plotting library would bring megabytes for rectangles.

Every chart is an `<svg role="img">` named by its `<title>` and described in words by its
`<desc>` (the text alternative screen readers read); each bar has its own `<title>`, which
browsers show on hover. Colour is never the only signal: every bar carries its verdict in
words beside it, bars that miss are hatched, and the page shows the table each chart draws.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from markupsafe import Markup

SVG_NS = "http://www.w3.org/2000/svg"
# The viewBox's width: about the chart's width in CSS pixels on a phone and in a desktop
# grid's column, so that its text reads at the page's size in both.
WIDTH = 340
TRACK = WIDTH - 58  # the bars' length at the top of the scale; figures are written after it
ROW = 44
TOP = 22  # room for the threshold's label
FILL = {"met": "#2e7d32", "not_met": "#c62828", "no_data": "#8a8a8a", "not_due": "#8a8a8a",
        "on_time": "#2e7d32", "late": "#b45f06", "missing": "#c62828", "rejected": "#c62828",
        "none": "#8a8a8a"}
INK = {"met": "#1b5e20", "not_met": "#b71c1c", "no_data": "#555555", "not_due": "#555555",
       "on_time": "#1b5e20", "late": "#8a4500", "missing": "#b71c1c", "rejected": "#b71c1c",
       "none": "#555555"}
HATCHED = frozenset({"not_met", "missing", "rejected"})


@dataclass(frozen=True)
class Bar:
    label: str  # the period
    value: Fraction | None  # None: no data for the period
    figure: str  # written after the bar: "93,3%", "37"
    verdict: str  # written at the right: "✓ Đạt"
    code: str  # met / not_met / no_data / not_due: the colour and the hatching
    hover: str  # the bar's own title
    threshold: Fraction | None = None  # the period's own threshold, where the plan sets one


@dataclass(frozen=True)
class Segment:
    count: int
    code: str  # on_time / late / missing
    hover: str


@dataclass(frozen=True)
class Stack:
    label: str
    segments: tuple[Segment, ...]
    total: int
    note: str  # written at the right: "14/15"


def _n(value: float) -> str:
    """A coordinate with one decimal at most: the same text on every machine."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _svg(chart_id: str, height: float, title: str, desc: str) -> ET.Element:
    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "viewBox": f"0 0 {WIDTH} {_n(height)}", "class": "chart-svg",
        "role": "img", "aria-labelledby": f"{chart_id}-t {chart_id}-d", "id": chart_id})
    ET.SubElement(svg, "title", {"id": f"{chart_id}-t"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-d"}).text = desc
    defs = ET.SubElement(svg, "defs")
    for code in sorted(HATCHED):
        pattern = ET.SubElement(defs, "pattern", {
            "id": f"{chart_id}-{code}", "width": "6", "height": "6",
            "patternUnits": "userSpaceOnUse", "patternTransform": "rotate(45)"})
        ET.SubElement(pattern, "rect", {"width": "6", "height": "6", "fill": FILL[code]})
        ET.SubElement(pattern, "rect", {"width": "2", "height": "6", "fill": "#ffffff",
                                        "fill-opacity": "0.55"})
    return svg


def _fill(chart_id: str, code: str) -> str:
    return f"url(#{chart_id}-{code})" if code in HATCHED else FILL[code]


def _text(parent: ET.Element, x: float, y: float, text: str, **attributes: str) -> None:
    """A text at (x, y); colour and size are attributes, so the chart looks the same outside
    the page. Python names stand for SVG's: class_ → class, text_anchor → text-anchor."""
    named = {k.rstrip("_").replace("_", "-"): v for k, v in attributes.items()}
    attributes = {"x": _n(x), "y": _n(y), "font-size": "13", "fill": "#1f1f1f", **named}
    ET.SubElement(parent, "text", attributes).text = text


def _markup(svg: ET.Element) -> Markup:
    return Markup(ET.tostring(svg, encoding="unicode", short_empty_elements=True))


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[Bar],
              threshold: Fraction | None, threshold_label: str, scale: Fraction) -> Markup:
    """One target over the periods: a bar per period against the threshold line."""
    height = TOP + ROW * len(bars) + 4
    svg = _svg(chart_id, height, title, desc)
    for index, bar in enumerate(bars):
        top = TOP + ROW * index
        group = ET.SubElement(svg, "g", {"class": f"bar {bar.code}"})
        ET.SubElement(group, "title").text = bar.hover
        _text(group, 0, top + 13, bar.label, class_="label")
        _text(group, WIDTH, top + 13, bar.verdict, class_="verdict", text_anchor="end",
              fill=INK[bar.code], font_weight="700")
        ET.SubElement(group, "rect", {"x": "0", "y": _n(top + 19), "width": str(TRACK),
                                      "height": "16", "class": "track", "fill": "#ececec"})
        if bar.value is not None:
            length = TRACK * float(min(bar.value / scale, Fraction(1)))
            ET.SubElement(group, "rect", {"x": "0", "y": _n(top + 19), "width": _n(length),
                                          "height": "16", "fill": _fill(chart_id, bar.code)})
        _text(group, TRACK + 6, top + 32, bar.figure, class_="figure")
    if threshold is not None:
        x = TRACK * float(min(threshold / scale, Fraction(1)))
        line = ET.SubElement(svg, "g", {"class": "threshold"})
        for index, bar in enumerate(bars):  # across each bar, leaving the text rows clear
            top = TOP + ROW * index
            own = bar.threshold if bar.threshold is not None else threshold
            at = TRACK * float(min(own / scale, Fraction(1)))
            ET.SubElement(line, "line", {"x1": _n(at), "x2": _n(at), "y1": _n(top + 16),
                                         "y2": _n(top + 38), "stroke": "#000000",
                                         "stroke-width": "1.5", "stroke-dasharray": "4 2"})
        anchor = "end" if x > TRACK * 0.6 else "start" if x < TRACK * 0.4 else "middle"
        _text(line, x, 12, threshold_label, class_="threshold-label", text_anchor=anchor,
              font_size="12")
    return _markup(svg)


def stacked_chart(chart_id: str, title: str, desc: str, stacks: Sequence[Stack]) -> Markup:
    """Units by state for each period: one bar split into on time, late and missing, each part
    with its count written in it. A stack without segments is a period without data: its
    track stays empty."""
    height = ROW * len(stacks) + 4
    svg = _svg(chart_id, height, title, desc)
    for index, stack in enumerate(stacks):
        top = ROW * index
        group = ET.SubElement(svg, "g", {"class": "stack"})
        _text(group, 0, top + 13, stack.label, class_="label")
        _text(group, WIDTH, top + 13, stack.note, class_="verdict", text_anchor="end",
              font_weight="700")
        ET.SubElement(group, "rect", {"x": "0", "y": _n(top + 19), "width": str(WIDTH),
                                      "height": "18", "class": "track", "fill": "#ececec"})
        x = 0.0
        for segment in stack.segments:
            if not segment.count or not stack.total:
                continue
            length = WIDTH * segment.count / stack.total
            part = ET.SubElement(group, "g", {"class": f"segment {segment.code}"})
            ET.SubElement(part, "title").text = segment.hover
            ET.SubElement(part, "rect", {"x": _n(x), "y": _n(top + 19), "width": _n(length),
                                         "height": "18", "fill": _fill(chart_id, segment.code),
                                         "stroke": "#ffffff", "stroke-width": "1"})
            if length >= 18:
                _text(part, x + length / 2, top + 33, str(segment.count), class_="count",
                      text_anchor="middle", fill="#ffffff", font_weight="700")
            x += length
    return _markup(svg)


def scale_for(values: Sequence[Fraction | None], threshold: Fraction | None,
              is_share: bool) -> Fraction:
    """The value at the end of the bars: 100% for rates (more if a rate goes past it), else
    a little above the largest of the values and the threshold."""
    known = [v for v in values if v is not None]
    if threshold is not None:
        known.append(threshold)
    if is_share:
        return max([Fraction(1), *known])
    top = max(known, default=Fraction(0))
    return top * Fraction(11, 10) if top > 0 else Fraction(1)
