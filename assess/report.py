"""The gap-analysis report as HTML, Markdown or JSON. Pure: the same input gives the same bytes.

Everything the templates show is prepared here, so templates only lay it out. Dates are passed in
(`today`, the run's `taken_on`); nothing reads the clock. Every value reaching the HTML is escaped
by jinja2's autoescape, which is what keeps evidence text like `<img src=...>` inert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import jinja2
from markupsafe import Markup

from . import charts
from .models import MAX_LEVEL, Answers, Progress, Result, Rubric
from .plan import HORIZONS, Plan, build_plan
from .resources import data_dir

PAPERS = ("a4", "letter")
FORMATS = ("pdf", "html", "md", "json")
TOP_STRENGTHS = 3
TOP_GAPS = 5


@dataclass(frozen=True)
class ReportInput:
    rubric: Rubric
    answers: Answers
    result: Result
    taken_on: date
    today: date
    tool_version: str
    run_id: str | None = None
    progress: Progress | None = None


def report_title(inp: ReportInput) -> str:
    who = inp.answers.name or inp.answers.profile
    return f"Gap analysis for {who}: {inp.rubric.role(inp.result.target).title}"


def report_json(inp: ReportInput) -> dict[str, Any]:
    data = inp.result.model_dump(mode="json", by_alias=True)
    if has_progress(inp.progress):
        assert inp.progress is not None
        data["progress"] = inp.progress.model_dump(mode="json", by_alias=True)
    return data


def has_progress(progress: Progress | None) -> bool:
    return progress is not None and len(progress.runs) >= 2


def render_html(inp: ReportInput, paper: str = "a4") -> str:
    return _environment(autoescape=True).get_template("report.html.j2").render(**context(inp, paper))


def render_markdown(inp: ReportInput) -> str:
    # Markdown is not interpreted by any renderer of ours, so HTML escaping would only garble it.
    return _environment(autoescape=False).get_template("report.md.j2").render(**context(inp, "a4"))


def _environment(*, autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("reports"))),
        autoescape=autoescape,  # noqa: S701 - HTML always escapes; Markdown is not rendered as HTML here
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = _num
    env.filters["signed"] = lambda v: f"{v:+.1f}"
    env.filters["one"] = lambda v: "n/a" if v is None else f"{v:.1f}"
    return env


def _num(value: float | int | str | None) -> str:
    if value is None:
        return "not given"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def context(inp: ReportInput, paper: str) -> dict[str, Any]:
    rubric, result, answers = inp.rubric, inp.result, inp.answers
    plan = build_plan(rubric, result)
    ratings = {c.id: answers.ratings.get(c.id) for c in rubric.competencies}
    progress = inp.progress if has_progress(inp.progress) else None
    return {
        "paper": "letter" if paper == "letter" else "A4",
        "title": report_title(inp),
        "inp": inp,
        "rubric": rubric,
        "result": result,
        "answers": answers,
        "name": answers.name or answers.profile,
        "target": rubric.role(result.target),
        "placement": rubric.role(result.placement).title if result.placement else None,
        "next_role": rubric.role(result.next_role).title if result.next_role else None,
        "strengths": _strengths(rubric, result, ratings),
        "top_gaps": result.gaps[:TOP_GAPS],
        "gap_rows": _gap_rows(rubric, result),
        "areas": _area_rows(rubric, result),
        "radar": Markup(_radar(rubric, result)),  # noqa: S704 - built here from escaped parts
        "plan": plan,
        "horizons": [(months, plan.horizon(months)) for months in HORIZONS],
        "take": result.what_it_takes,
        "progress": _progress_view(rubric, result, progress) if progress else None,
        "appendix": _appendix(rubric, answers),
        "scale": rubric.scale,
        "unknown_titles": [rubric.competency(c).title for c in result.unknowns],
        "role_titles": {role.id: role.title for role in rubric.ladder},
        "area_titles": {area.id: area.title for area in rubric.areas},
    }


def _strengths(rubric: Rubric, result: Result, ratings: dict[str, int | None]) -> dict[str, Any]:
    if result.strengths:
        rows = [
            {"title": s.title, "current": s.current, "expected": s.expected}
            for s in result.strengths[:TOP_STRENGTHS]
        ]
        return {"above": True, "rows": rows}
    # Nothing beats the target's expectation: show where the person comes closest to it instead.
    scored = []
    for i, comp in enumerate(rubric.competencies):
        expected = comp.expected[result.target]
        if expected == 0:
            continue
        current = ratings[comp.id] or 0
        scored.append((-min(current, expected) / expected, -current, -comp.weight, i, comp, current, expected))
    scored.sort(key=lambda row: row[:4])
    rows = [{"title": c.title, "current": cur, "expected": exp} for *_, c, cur, exp in scored[:TOP_STRENGTHS]]
    return {"above": False, "rows": rows}


def _gap_rows(rubric: Rubric, result: Result) -> list[dict[str, Any]]:
    rows = []
    for rank, gap in enumerate(result.gaps, start=1):
        comp = rubric.competency(gap.competency)
        rows.append({
            "rank": rank,
            "gap": gap,
            "area": rubric.area(gap.area).title,
            "now_anchor": comp.anchors[gap.current],
            "expected_anchor": comp.anchors[gap.expected],
        })
    return rows


def _area_rows(rubric: Rubric, result: Result) -> list[dict[str, Any]]:
    return [
        {
            "title": area.title,
            "score": result.areas.get(area.id),
            "current": result.area_levels[area.id].current,
            "expected": result.area_levels[area.id].expected,
        }
        for area in rubric.areas
    ]


def _radar(rubric: Rubric, result: Result) -> str:
    axes = [
        charts.RadarAxis(area.title, result.area_levels[area.id].current, result.area_levels[area.id].expected)
        for area in rubric.areas
    ]
    return charts.radar(axes, max_level=MAX_LEVEL, current_label="Your mean level",
                        expected_label=f"Expected for {rubric.role(result.target).title}")


def _progress_view(rubric: Rubric, result: Result, progress: Progress) -> dict[str, Any]:
    dates = [date.fromisoformat(point.finished_at[:10]) for point in progress.runs]
    roles = [result.target]
    if result.next_role and result.next_role != result.target:
        roles.insert(0, result.next_role)
    series = [
        charts.Series(rubric.role(role).title, [p.readiness_by_role.get(role, 0.0) for p in progress.runs])
        for role in roles
    ]
    previous, last = progress.runs[-2], progress.runs[-1]
    area_rows = [
        {
            "title": area.title,
            "before": previous.areas.get(area.id),
            "now": last.areas.get(area.id),
            "delta": progress.area_deltas.get(area.id),
        }
        for area in rubric.areas
    ]
    moves = {status: [m for m in progress.changes if m.status == status] for status in ("up", "down", "new", "removed")}
    comp_ids = {c.id for c in rubric.competencies}
    return {
        "chart": Markup(  # noqa: S704 - built here from escaped parts
            charts.trend(dates, series, threshold=rubric.scoring.threshold)
        ),
        "runs": progress.runs,
        "dates": dates,
        "areas": area_rows,
        "moves": moves,
        "goals": progress.goals,
        "goals_met": sum(1 for g in progress.goals if g.met),
        "pace": progress.pace,
        "projection": progress.projection,
        "closed": [rubric.competency(c).title if c in comp_ids else c for c in progress.gaps_closed],
        "opened": [rubric.competency(c).title if c in comp_ids else c for c in progress.gaps_opened],
        "readiness_delta": last.readiness - previous.readiness,
        "previous": previous,
        "last": last,
    }


def _appendix(rubric: Rubric, answers: Answers) -> list[dict[str, Any]]:
    groups = []
    for area in rubric.areas:
        rows = []
        for comp in rubric.competencies:
            if comp.area != area.id:
                continue
            rating = answers.ratings.get(comp.id)
            evidence = answers.evidence.get(comp.id, "").strip()
            rows.append({
                "title": comp.title,
                "rating": rating,
                "label": rubric.scale[rating] if rating is not None else "not sure",
                "evidence": evidence,
                "claimed": rating is not None and rating >= 3 and not evidence,
            })
        groups.append({"title": area.title, "rows": rows})
    return groups


def pdf_metadata(inp: ReportInput) -> dict[str, str]:
    """What the PDF's document information names: tool and rubric versions, for later audits."""
    rubric = inp.rubric
    return {
        "title": report_title(inp),
        "subject": f"{rubric.title} self-assessment, rubric {rubric.id} {rubric.version}",
        "creator": f"assess {inp.tool_version}",
        "keywords": f"assess {inp.tool_version}, rubric {rubric.id} {rubric.version}, gap analysis",
    }


__all__ = [
    "FORMATS",
    "PAPERS",
    "Plan",
    "ReportInput",
    "pdf_metadata",
    "render_html",
    "render_markdown",
    "report_json",
]
