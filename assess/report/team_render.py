"""A team's views as HTML or PDF (jinja2, then WeasyPrint): everything shown is prepared here, the template only
lays it out, and every value is escaped by autoescape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from assess.core.team import TeamView
from assess.core.team_report import TeamReport
from assess.report.team_data import anonymous_view
from assess.report.team_heatmap import heatmap_svg, legend_svg

ROWS_PER_PAGE = 40  # a page of the heatmap: 40 people read at a glance on a landscape page
NAMES = 12  # names listed in a sentence before "and N more"
NOTABLE = 100  # cells listed where self and others are far apart; the JSON has every cell


def names(people: list[str]) -> str:
    if len(people) <= NAMES:
        return ", ".join(people) or "nobody"
    return ", ".join(people[:NAMES]) + f" and {len(people) - NAMES} more"


def _pages(found: TeamReport, tooltips: bool) -> list[Markup]:
    view, rubric = found.view, found.rubric
    titles = {role.id: role.title for role in rubric.ladder}
    rows = view.heatmap.rows
    chunks = [rows[i:i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)] or [[]]
    return [Markup(heatmap_svg(rubric, view.heatmap, chunk, titles, tooltips=tooltips))  # noqa: S704 - escaped parts
            for chunk in chunks]


def _notable(found: TeamReport) -> tuple[list[dict[str, str]], int]:
    """The cells where self and others (360°) are far apart, at most NOTABLE of them, and how many there are."""
    rubric = found.rubric
    spread = rubric.scoring.blind_spot_difference
    rows = []
    for row in found.view.heatmap.rows:
        for cell in row.cells:
            if cell.others is not None and cell.level is not None and abs(cell.level - cell.others) >= spread:
                rows.append({"person": row.person, "competency": rubric.competency(cell.competency).title,
                             "level": str(cell.level), "note": f"others' mean {cell.others:g} ({cell.raters} raters)"})
    return rows[:NOTABLE], len(rows)


def team_context(found: TeamReport, paper: str, anonymous: bool, k: int, fmt: str = "html") -> dict[str, Any]:
    view: TeamView = found.view
    rubric = found.rubric
    context: dict[str, Any] = {
        "paper": "letter" if paper == "letter" else "A4", "view": view, "rubric": rubric, "anonymous": anonymous,
        "k": k, "names": names, "titles": {role.id: role.title for role in rubric.ladder},
        "track_titles": {track.id: track.title for track in rubric.all_tracks},
        "counted": [row for row in view.inputs if row.status == "counted"],
    }
    if anonymous:
        context["shown"] = anonymous_view(view, rubric, found.members, k)
        return context
    context.update({
        "pages": _pages(found, tooltips=fmt == "html"), "legend": Markup(legend_svg()),  # noqa: S704 - built from escaped parts
        "columns": [(i, rubric.competency(c).title, view.heatmap.deficits[c])
                    for i, c in enumerate(view.heatmap.competencies, start=1)],
        "anchors": [(rubric.competency(c), sorted(rubric.competency(c).anchors.items()))
                    for c in view.heatmap.competencies],
        "notable": _notable(found)[0], "notable_count": _notable(found)[1], "moved": found.moved,
        "needs_met": sum(row.met for row in view.coverage),
        "flagged": [row for row in view.coverage if row.flag],
    })
    return context


def render_team(found: TeamReport, fmt: str, paper: str, folder: Path, *, anonymous: bool = False,
                k: int = 5) -> bytes:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    html = env.get_template("team.html.j2").render(**team_context(found, paper, anonymous, k, fmt))
    if fmt == "html":
        return html.encode()
    from assess.report.pdf import render_pdf  # weasyprint: only the PDF, not the HTML

    view = found.view
    return render_pdf(html, assets=folder, metadata={
        "title": f"Team {view.team}: {view.rubric_title}", "creator": "assess",
        "subject": f"Team view, rubric {view.rubric} {view.rubric_version}, as of {view.as_of}"})
