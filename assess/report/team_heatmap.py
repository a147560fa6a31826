"""The team heatmap as SVG: people x competencies, one page of rows at a time. Pure and deterministic.

Colours come from a purple-orange scale that reads with any colour vision (ColorBrewer PuOr): purple where a
level is met, orange where it is short, darker the further from what is expected; grey where nothing is
expected. Every cell also carries its level (and * when a high rating is claimed without evidence, ? for "not
sure"), so a grey printout says the same. A dot in a cell's corner marks self and others (360°) apart by the
rubric's blind-spot difference or more. Each cell has a <title> a browser shows on hover.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from assess.core.rubric import Rubric
from assess.core.team_heatmap import Cell, Heatmap, Row
from assess.report.charts import FONT, _n

FILLS = {"above": ("#542788", "#ffffff"), "met": ("#b2abd2", "#1a1a1a"), "1": ("#fee0b6", "#1a1a1a"),
         "2": ("#f1a340", "#1a1a1a"), "3": ("#b35806", "#ffffff"), "none": ("#f4f4f4", "#8a8a8a"),
         "unsure": ("#d0d0d0", "#1a1a1a")}
LEGEND = [("above", "above what is expected"), ("met", "as expected"), ("1", "1 level short"),
          ("2", "2 levels short"), ("3", "3 or more short"), ("none", "nothing expected"), ("unsure", "? not sure")]
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 262, 148  # what a landscape A4 page leaves for the heatmap under its title
NAME_W, AGAINST_W, SHORT_W, HEAD_H = 150, 92, 34, 112


def fill(cell: Cell, floor: int) -> str:
    if cell.level is None:
        return "unsure"
    if cell.expected <= floor:
        return "none"
    if cell.short == 0:
        return "above" if cell.level > cell.expected else "met"
    return str(min(cell.short, 3))


def label(cell: Cell) -> str:
    return ("?" if cell.level is None else str(cell.level)) + ("*" if cell.evidence == "claimed" else "")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _sizes(people: int, columns: int) -> tuple[int, int]:
    """Cell width and height: roomy for a small team, dense for a page of 40."""
    width = 26 if columns <= 16 else 15
    return width, 18 if people <= 16 else 10


def tooltip(rubric: Rubric, row: Row, cell: Cell, titles: dict[str, str]) -> str:
    comp = rubric.competency(cell.competency)
    level = "not sure" if cell.level is None else f"{cell.level} ({rubric.level_label(comp, cell.level)})"
    against = titles.get(row.expects or "", "the needs")
    said = [f"{row.person} · {comp.title}: {level}; {cell.expected} expected ({against})"]
    if cell.evidence:
        said.append(cell.evidence)
    if cell.others is not None:
        said.append(f"others' mean {cell.others:g} ({cell.raters} raters)")
    return "; ".join(said)


def heatmap_svg(rubric: Rubric, grid: Heatmap, rows: Sequence[Row], titles: dict[str, str], *,
                tooltips: bool = True) -> str:
    """One page of the heatmap; `tooltips` adds each cell's <title> (a browser shows it; a PDF has no use for it,
    and every element costs the PDF renderer time)."""
    w, h = _sizes(len(rows), len(grid.competencies))
    left = NAME_W + AGAINST_W
    width = left + w * len(grid.competencies) + SHORT_W
    height = HEAD_H + h * len(rows) + 4
    body = _header(rubric, grid, w, left, width)
    spread = rubric.scoring.blind_spot_difference
    size = 8 if h > 12 else 7
    for r, row in enumerate(rows):
        y = HEAD_H + h * r
        base = _n(y + h * 0.72)
        body.append(f'<text y="{base}" font-size="{size + 0.5}" fill="#222"><tspan x="0">'
                    f'{escape(_clip(row.person, 30))}</tspan><tspan x="{NAME_W}" font-size="6.5" fill="#555">'
                    f'{escape(_clip(titles.get(row.expects or "", "the needs"), 22))}</tspan>'
                    f'<tspan x="{_n(width - 4)}" text-anchor="end">{row.short}</tspan></text>')
        digits = []
        for c, cell in enumerate(row.cells):
            x = left + w * c
            colour, ink = FILLS[fill(cell, rubric.min_level)]
            rect = f'<rect x="{x}" y="{y}" width="{w - 1}" height="{h - 1}" fill="{colour}"/>'
            if tooltips:
                rect = f'<g><title>{escape(tooltip(rubric, row, cell, titles))}</title>{rect}</g>'
            body.append(rect)
            digits.append(f'<tspan x="{_n(x + (w - 1) / 2)}" fill="{ink}">{escape(label(cell))}</tspan>')
            if cell.others is not None and cell.level is not None and abs(cell.level - cell.others) >= spread:
                body.append(f'<circle cx="{_n(x + w - 3.5)}" cy="{_n(y + 2.5)}" r="1.6" fill="{ink}"/>')
        body.append(f'<text y="{_n(y + h * 0.7)}" font-size="{size}" text-anchor="middle">{"".join(digits)}</text>')
    scale = min(PAGE_WIDTH_MM / width, PAGE_HEIGHT_MM / height, 0.62)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{_n(width * scale)}mm" '
            f'height="{_n(height * scale)}mm" font-family="{FONT}" role="img" aria-label="Team heatmap">'
            + "".join(body) + "</svg>")


def _header(rubric: Rubric, grid: Heatmap, w: int, left: int, width: int) -> list[str]:
    body = []
    for i, comp_id in enumerate(grid.competencies):
        x, y = left + w * i + w / 2 + 3, HEAD_H - 4
        name = _clip(f"{i + 1} {rubric.competency(comp_id).title}", 30)
        body.append(f'<text x="{_n(x)}" y="{_n(y)}" font-size="7.5" transform="rotate(-60 {_n(x)} {_n(y)})" '
                    f'fill="#222">{escape(name)}</text>')
    body.append(f'<text x="{_n(width - SHORT_W / 2)}" y="{HEAD_H - 4}" font-size="7.5" text-anchor="middle" '
                'fill="#222">short</text>')
    body.append(f'<text x="{NAME_W}" y="{HEAD_H - 4}" font-size="7.5" fill="#555">against</text>')
    return body


def legend_svg() -> str:
    parts, x = [], 0
    for key, text in LEGEND:
        colour, ink = FILLS[key]
        parts.append(f'<rect x="{x}" y="0" width="14" height="10" fill="{colour}"/>'
                     f'<text x="{x + 18}" y="8" font-size="7.5" fill="#222">{escape(text)}</text>')
        x += 22 + 5 * len(text)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {x} 12" width="{_n(x * 0.36)}mm" '
            f'height="{_n(12 * 0.36)}mm" font-family="{FONT}" role="img" aria-label="Legend">' + "".join(parts)
            + "</svg>")
