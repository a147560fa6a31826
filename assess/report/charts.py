"""Report charts as hand-built SVG strings. Pure and deterministic.

Hand-built rather than matplotlib: importing matplotlib costs ~0.6 s and each chart ~0.1 s, more than
the rest of the report; two simple charts are a few dozen SVG elements, and the output depends only
on the input (no hash salts or dates to pin). Colours are Okabe-Ito (colour-blind safe); series also
differ by dash and marker so a grey printout still tells them apart. The font family is set on the
`<svg>` element because WeasyPrint does not let SVG text inherit it from the page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

FONT = "DejaVu Sans"
BLUE = "#0072B2"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
GREEN = "#009E73"
GREY = "#6b6b6b"
LIGHT = "#d9d9d9"
SAME_DAY_STEP = 16  # points between runs taken on the same day


def _n(value: float) -> str:
    """Coordinates with two decimals and no trailing zeros, so output is stable and short."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{FONT}" font-size="11" role="img" '
        f'aria-label="{escape(label)}">' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "middle", size: float = 11, fill: str = "#222",
          weight: str = "normal") -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" font-size="{_n(size)}" fill="{fill}" '
        f'font-weight="{weight}">{escape(text)}</text>'
    )


def wrap_words(text: str, width: int) -> list[str]:
    """Greedy word wrap for chart labels, which SVG does not wrap itself."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


@dataclass(frozen=True)
class RadarAxis:
    label: str
    current: float
    expected: float
    note: str = ""  # a smaller grey line under the label, e.g. the names of the levels plotted


def radar(axes: Sequence[RadarAxis], *, min_level: int = 0, max_level: int = 4, current_label: str = "You",
          expected_label: str = "Expected") -> str:
    """Axes around a circle, `min_level` at the centre and `max_level` on the rim."""
    width, height, cx, cy, r = 560, 440, 280, 200, 135
    count = len(axes)
    body: list[str] = []

    def point(i: int, level: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / count
        dist = r * (level - min_level) / (max_level - min_level)
        return cx + dist * math.cos(angle), cy + dist * math.sin(angle)

    for level in range(min_level + 1, max_level + 1):
        ring = " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, level) for i in range(count)))
        body.append(f'<polygon points="{ring}" fill="none" stroke="{LIGHT}" stroke-width="1"/>')
        x, y = point(0, level)
        body.append(_text(x + 4, y + 3, str(level), anchor="start", size=8, fill=GREY))
    for i in range(count):
        x, y = point(i, max_level)
        body.append(f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" stroke="{LIGHT}" stroke-width="1"/>')
    for values, colour, dash, fill in (
        ([a.expected for a in axes], GREY, "5 3", "none"),
        ([a.current for a in axes], BLUE, "", BLUE),
    ):
        shape = " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, v) for i, v in enumerate(values)))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        opacity = ' fill-opacity="0.18"' if fill != "none" else ""
        body.append(
            f'<polygon points="{shape}" fill="{fill}"{opacity} stroke="{colour}" stroke-width="2"{dash_attr}/>'
        )
        if fill != "none":
            for i, v in enumerate(values):
                x, y = point(i, v)
                body.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{colour}"/>')
    for i, axis in enumerate(axes):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        x, y = point(i, max_level + 0.35 * (max_level - min_level) / 4)
        cos = math.cos(angle)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        lines = wrap_words(axis.label, 22)
        notes = wrap_words(axis.note, 26) if axis.note else []
        top = y - (len(lines) - 1) * 6.5 + (4 if abs(cos) >= 0.3 else (0 if angle < 0 else 8))
        if math.sin(angle) < -0.9:
            top -= 6 + 12 * len(notes)  # the label of the top axis stands above the rim, notes and all
        for k, line in enumerate(lines):
            body.append(_text(x, top + k * 13, line, anchor=anchor, size=10))
        for k, line in enumerate(notes):
            body.append(_text(x, top + len(lines) * 13 + k * 12 - 1, line, anchor=anchor, size=8.5, fill=GREY))
    legend_y = height - 30
    body.append(f'<line x1="150" y1="{legend_y - 4}" x2="176" y2="{legend_y - 4}" stroke="{BLUE}" stroke-width="3"/>')
    body.append(_text(182, legend_y, current_label, anchor="start"))
    body.append(
        f'<line x1="150" y1="{legend_y + 12}" x2="176" y2="{legend_y + 12}" stroke="{GREY}" stroke-width="2" '
        'stroke-dasharray="5 3"/>'
    )
    body.append(_text(182, legend_y + 16, expected_label, anchor="start"))
    return _svg(width, height, body, f"{current_label} against {expected_label} by area")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]


_STYLES = ((BLUE, "", "circle"), (VERMILLION, "6 3", "square"), (GREEN, "2 3", "diamond"))


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{_n(x - 3.5)}" y="{_n(y - 3.5)}" width="7" height="7" fill="{colour}"/>'
    if kind == "diamond":
        points = f"{_n(x)},{_n(y - 4.5)} {_n(x + 4.5)},{_n(y)} {_n(x)},{_n(y + 4.5)} {_n(x - 4.5)},{_n(y)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{colour}"/>'


def _by_date(dates: Sequence[date], left: float, plot_w: float) -> list[float]:
    """Each run's x, placed by date so uneven gaps between runs show. Runs of the same day would sit on one point:
    each later one that day steps right (the date is written once, under the first); all on one day, they spread."""
    days = [d.toordinal() for d in dates]
    if len(days) == 1:
        return [left + plot_w / 2]
    if len(set(days)) == 1:
        return [left + 12 + (plot_w - 24) * i / (len(days) - 1) for i in range(len(days))]
    span = max(days) - min(days)
    return [min(left + 12 + (plot_w - 24) * (day - min(days)) / span + SAME_DAY_STEP * days[:i].count(day),
                left + plot_w - 4) for i, day in enumerate(days)]


def trend(dates: Sequence[date], series: Sequence[Series], *, threshold: float | None = None) -> str:
    """Readiness (0-100) over time, x placed by date so uneven gaps between runs show."""
    width, height = 600, 270
    left, right, top, bottom = 46, 20, 16, 62
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = _by_date(dates, left, plot_w)
    days = [d.toordinal() for d in dates]
    same_day = [days[:i].count(day) for i, day in enumerate(days)]

    def x_of(i: int) -> float:
        return xs[i]

    def y_of(value: float) -> float:
        return top + plot_h * (1 - value / 100)

    body: list[str] = []
    for tick in range(0, 101, 20):
        y = y_of(tick)
        body.append(
            f'<line x1="{left}" y1="{_n(y)}" x2="{width - right}" y2="{_n(y)}" stroke="{LIGHT}" stroke-width="1"/>'
        )
        body.append(_text(left - 6, y + 4, str(tick), anchor="end", size=9, fill=GREY))
    if threshold is not None:
        y = y_of(threshold)
        body.append(
            f'<line x1="{left}" y1="{_n(y)}" x2="{width - right}" y2="{_n(y)}" stroke="{ORANGE}" '
            'stroke-width="1.5" stroke-dasharray="8 4"/>'
        )
        # At the left: a series ends near the threshold (that is the goal), where a label would collide.
        body.append(_text(left + 4, y - 4, f"threshold {threshold:g}", anchor="start", size=9, fill="#8a5a00"))
    for i, day in enumerate(dates):
        if not same_day[i]:
            runs = days.count(days[i])
            label = day.isoformat() + (f" ({runs} runs)" if runs > 1 else "")
            body.append(_text(x_of(i), top + plot_h + 16, label, size=9, fill=GREY))
    for k, line in enumerate(series):
        colour, dash, marker = _STYLES[k % len(_STYLES)]
        pts = " ".join(f"{_n(x_of(i))},{_n(y_of(v))}" for i, v in enumerate(line.values))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        for i, v in enumerate(line.values):
            body.append(_marker(marker, x_of(i), y_of(v), colour))
            offset = -8 if k % 2 == 0 else 15
            body.append(_text(x_of(i), y_of(v) + offset, f"{v:.1f}", size=9, fill=colour))
    legend_x = left
    for k, line in enumerate(series):
        colour, dash, marker = _STYLES[k % len(_STYLES)]
        y = height - 14
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<line x1="{legend_x}" y1="{y - 4}" x2="{legend_x + 24}" y2="{y - 4}" stroke="{colour}" '
            f'stroke-width="2"{dash_attr}/>'
        )
        body.append(_marker(marker, legend_x + 12, y - 4, colour))
        body.append(_text(legend_x + 30, y, line.label, anchor="start", size=10))
        legend_x += 40 + int(len(line.label) * 6.2)
    return _svg(width, height, body, "Readiness over time")


@dataclass(frozen=True)
class PairedBar:
    label: str
    first: float
    second: float


def paired_bars(rows: Sequence[PairedBar], *, min_level: int = 0, max_level: int = 4, first_label: str = "You",
                second_label: str = "Others") -> str:
    """Two horizontal bars per row on the rubric's scale, e.g. self against others' mean for each area.

    The first bar is solid blue, the second light orange with a dark outline, so they differ in grey print too;
    each bar ends in its value.
    """
    width, left, right, top = 600, 200, 40, 28
    row_h, bar_h = 38, 12
    plot_w = width - left - right
    height = top + row_h * len(rows) + 40

    def x_of(level: float) -> float:
        return left + plot_w * (level - min_level) / (max_level - min_level)

    body: list[str] = []
    for level in range(min_level, max_level + 1):
        x = x_of(level)
        body.append(f'<line x1="{_n(x)}" y1="{top - 6}" x2="{_n(x)}" y2="{top + row_h * len(rows)}" '
                    f'stroke="{LIGHT}" stroke-width="1"/>')
        body.append(_text(x, top - 10, str(level), size=9, fill=GREY))
    for i, row in enumerate(rows):
        y = top + row_h * i + (row_h - 2 * bar_h - 3) / 2
        lines = wrap_words(row.label, 30)[:2]
        first_line = y + bar_h + 2 - (len(lines) - 1) * 6
        for k, line in enumerate(lines):
            body.append(_text(left - 8, first_line + k * 12, line, anchor="end", size=10))
        for value, colour, stroke, offset in ((row.first, BLUE, BLUE, 0), (row.second, ORANGE, "#8a5a00", bar_h + 3)):
            bar_w = max(x_of(value) - x_of(min_level), 0)
            body.append(f'<rect x="{left}" y="{_n(y + offset)}" width="{_n(bar_w)}" height="{bar_h}" fill="{colour}" '
                        f'stroke="{stroke}" stroke-width="1"/>')
            body.append(_text(left + bar_w + 4, y + offset + bar_h - 2, f"{value:.1f}", anchor="start", size=9))
    legend_y = height - 14
    for k, (label, colour, stroke) in enumerate(((first_label, BLUE, BLUE), (second_label, ORANGE, "#8a5a00"))):
        x = left + k * 170
        body.append(f'<rect x="{x}" y="{legend_y - 9}" width="18" height="10" fill="{colour}" stroke="{stroke}" '
                    'stroke-width="1"/>')
        body.append(_text(x + 24, legend_y, label, anchor="start", size=10))
    return _svg(width, height, body, f"{first_label} against {second_label} by area")
