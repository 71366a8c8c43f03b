"""Geometry of the page's three charts, computed at build time.

Pure functions: numbers in, shapes out (rectangles and text positions in a
fixed viewBox). The template draws them as inline SVG, so the page needs no
JavaScript library and nothing from the network, and every label goes through
the template's escaping. Coordinates are rounded to 0.01 so that the output is
byte-identical from run to run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 640  # viewBox width; the SVG scales to its container
PALETTE_SIZE = 8  # speaker colours s0..s7 in the stylesheet; more speakers cycle


def _r(x: float) -> float:
    return round(x, 2)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    css: str  # class: speaker colour (s0..s7) or a chart part
    title: str = ""  # tooltip and accessible text of the shape


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass
class Chart:
    height: float
    rects: list[Rect] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    width: float = WIDTH


def colour(index: int) -> str:
    return f"s{index % PALETTE_SIZE}"


def words_per_speaker(rows: list[tuple[str, int, int]]) -> Chart:
    """rows: (name, words, colour index). One horizontal bar per speaker, name above it."""
    top = max((words for _, words, _ in rows), default=0) or 1
    total = sum(words for _, words, _ in rows) or 1
    chart = Chart(height=max(1, len(rows)) * 44 + 4)
    label_room = 140  # for the count after the bar
    for i, (name, words, index) in enumerate(rows):
        y = i * 44
        share = round(100 * words / total)
        chart.labels.append(Label(0, y + 14, name))
        width = _r((WIDTH - label_room) * words / top)
        chart.rects.append(Rect(0, y + 20, max(width, 1), 18, colour(index), f"{name}: {words:,} words ({share}%)"))
        chart.labels.append(Label(_r(max(width, 1) + 6), y + 34, f"{words:,} words, {share}%"))
    return chart


def turn_lengths(turns: list[tuple[int, str, int, int]]) -> Chart:
    """turns: (number, speaker name, words, colour index), in order. One bar per turn."""
    plot_h, base = 120, 136
    chart = Chart(height=base + 22)
    if not turns:
        chart.labels.append(Label(0, 20, "No speaker turns in this episode."))
        return chart
    top = max(words for _, _, words, _ in turns) or 1
    step = WIDTH / len(turns)
    gap = step * 0.15 if step >= 4 else 0
    for i, (number, name, words, index) in enumerate(turns):
        h = _r(plot_h * words / top)
        chart.rects.append(Rect(_r(i * step), _r(base - h), _r(step - gap), max(h, 0.5), colour(index), f"Turn {number}, {name}: {words:,} words"))
    chart.rects.append(Rect(0, base, WIDTH, 1, "axis"))
    chart.labels.append(Label(0, 10, f"{top:,} words"))
    chart.labels.append(Label(0, base + 18, "turn 1"))
    chart.labels.append(Label(WIDTH, base + 18, f"turn {turns[-1][0]}", "end"))
    _legend(chart, {index: name for _, name, _, index in turns}, base + 34)
    return chart


def _legend(chart: Chart, speakers: dict[int, str], y: float) -> None:
    """A swatch and a name per speaker, in rows; widths are estimated (SVG cannot measure text here)."""
    x = 0.0
    for index, name in sorted(speakers.items()):
        width = 18 + 7.2 * len(name) + 16
        if x and x + width > WIDTH:
            x, y = 0.0, y + 18
        chart.rects.append(Rect(_r(x), _r(y - 10), 12, 12, colour(index)))
        chart.labels.append(Label(_r(x + 18), _r(y), name))
        x += width
    chart.height = _r(y + 8)


def figure_strip(length: int, turns: list[tuple[int, int, str, int]], figures: list[tuple[int, str]]) -> Chart:
    """Where figures fall in the source text.

    length: characters in the source; turns: (char_start, char_end, speaker
    name, colour index) drawn as coloured bands; figures: (char_start, title)
    drawn as ticks above the bands.
    """
    scale = WIDTH / (length or 1)
    chart = Chart(height=78)
    chart.rects.append(Rect(0, 30, WIDTH, 24, "band"))
    for start, end, name, index in turns:
        chart.rects.append(Rect(_r(start * scale), 30, _r(max((end - start) * scale, 0.5)), 24, colour(index), name))
    for start, title in figures:
        chart.rects.append(Rect(_r(min(start * scale, WIDTH - 2)), 8, 2, 50, "tick", title))
    chart.labels.append(Label(0, 72, "start of the page"))
    chart.labels.append(Label(WIDTH, 72, "end", "end"))
    return chart
