"""The gap-analysis report as HTML, Markdown or JSON. Pure: the same input gives the same bytes.

Everything the templates show is prepared here, so templates only lay it out. Dates are passed in
(`today`, the run's `taken_on`); nothing reads the clock. Every value reaching the HTML is escaped
by jinja2's autoescape, which is what keeps evidence text like `<img src=...>` inert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

import jinja2
from markupsafe import Markup

from assess.core.models import Answers, Calibration, GateResult, Progress, Result, StoredRun, WhatItTakes
from assess.core.plan import HORIZONS
from assess.core.rubric import Competency, MarketFact, Rubric
from assess.core.share import PRIVATE, Sharing, shared_json
from assess.core.wording import (
    GROUP_NOUNS,
    TOP_GAPS,
    actual_text,
    alternative_text,
    compared_text,
    count,
    levels_from,
    raters_text,
    requirement_text,
    scale_text,
)
from assess.io.locations import data_dir
from assess.report import charts

PAPERS = ("a4", "letter")
FORMATS = ("pdf", "html", "md", "json")
TOP_STRENGTHS = 3
RADAR_MIN_AXES = 3  # fewer areas than this make no shape: the radar shows competencies instead


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
    rescored_from: str | None = None  # the rubric version the run was taken with, when scored anew against another
    run: StoredRun | None = None  # the run as scored against `rubric`, which a PDF report carries
    shared: Sharing | None = None  # the shared version: evidence and private facts left out
    calibration: Calibration | None = None  # others' ratings of the person beside the self-assessment


def report_title(inp: ReportInput) -> str:
    who = inp.answers.name or inp.answers.profile
    return f"Gap analysis for {who}: {inp.rubric.role(inp.result.target).title}"


def report_json(inp: ReportInput) -> dict[str, Any]:
    data = inp.result.model_dump(mode="json", by_alias=True)
    if has_progress(inp.progress):
        assert inp.progress is not None
        data["progress"] = inp.progress.model_dump(mode="json", by_alias=True)
    if inp.calibration is not None:
        data["calibration"] = inp.calibration.model_dump(mode="json", by_alias=True)
    return shared_json(inp.rubric, data, inp.shared) if inp.shared else data


def has_progress(progress: Progress | None) -> bool:
    return progress is not None and len(progress.runs) >= 2


def render_html(inp: ReportInput, paper: str = "a4", cache: jinja2.BytecodeCache | None = None) -> str:
    """The report as HTML; `cache` keeps the compiled template between runs (compiling it takes ~0.04 s)."""
    return _environment(autoescape=True, cache=cache).get_template("report.html.j2").render(**context(inp, paper))


def render_markdown(inp: ReportInput, cache: jinja2.BytecodeCache | None = None) -> str:
    return _environment(autoescape=False, cache=cache).get_template("report.md.j2").render(**context(inp, "a4"))


# What a Markdown previewer would act on rather than show: HTML (`<img src=...>`), links and images
# (`![x](http://...)`, which it would fetch), a `|` ending a table cell, and a line break that starts a heading or a
# link definition of its own. Quotes, stars and underscores stay: at worst they emphasise.
_MARKDOWN_INERT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "[": "\\[", "]": "\\]",
                                 "|": "\\|", "\n": " ", "\t": " "})


def _markdown_text(value: object) -> object:
    """Every value a Markdown report shows, as text only (see _MARKDOWN_INERT)."""
    return value.translate(_MARKDOWN_INERT) if isinstance(value, str) else value


def _environment(*, autoescape: bool, cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=cache,
        loader=jinja2.FileSystemLoader(str(data_dir("reports"))),
        # HTML escapes everything; Markdown escapes what would turn into HTML (see _markdown_text).
        autoescape=autoescape,  # noqa: S701
        finalize=None if autoescape else _markdown_text,
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
    ratings = {c.id: answers.ratings.get(c.id) for c in rubric.competencies}
    progress = inp.progress if has_progress(inp.progress) else None
    plan = result.plan
    shared = inp.shared or Sharing()
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
        "tracks": _track_rows(rubric, result),
        "nearer": _nearer(rubric, result),
        "strengths": _strengths(rubric, result, ratings),
        "top_gaps": result.gaps[:TOP_GAPS],
        "gap_rows": _gap_rows(rubric, result),
        "areas": _area_rows(rubric, result),
        "radar": Markup(_radar(rubric, result, ratings)),  # noqa: S704 - built here from escaped parts
        "radar_of_competencies": len(rubric.areas) < RADAR_MIN_AXES,
        "gates": _gate_rows(rubric, result.gates, shared),
        "plan": plan,
        "horizons": [(months, plan.horizon(months)) for months in HORIZONS],
        "take": _take_view(rubric, result.what_it_takes, set(result.unknowns)),
        "progress": _progress_view(rubric, result, progress) if progress else None,
        "appendix": _appendix(rubric, answers),
        "facts": [{"title": f.title, "answer": PRIVATE if f.id in shared.private_facts else answers.facts.get(f.id)}
                  for f in rubric.facts],
        "shared": inp.shared.left_out(rubric) if inp.shared else None,
        "private_rungs": shared.hidden_rungs(rubric),
        "scale": rubric.scale,
        "scale_text": scale_text(rubric),
        "evidence_levels": levels_from(rubric, rubric.evidence_level),
        "tolerance": count(rubric.scoring.critical_tolerance, "level"),
        "step_levels": partial(_step_levels, rubric, frozenset(result.unknowns)),
        "unknown_titles": [rubric.competency(c).title for c in result.unknowns],
        "role_titles": {role.id: role.title for role in rubric.ladder},
        "track_titles": {track.id: track.title for track in rubric.all_tracks},
        "area_titles": {area.id: area.title for area in rubric.areas},
        "market": [_market_row(fact) for fact in rubric.market],
        "others": _others_view(rubric, result, inp.calibration, progress) if inp.calibration else None,
    }


def _track_rows(rubric: Rubric, result: Result) -> list[dict[str, Any]]:
    """Where the person stands on each track, the path to the target first."""
    rows = []
    for placed in sorted(result.placements, key=lambda p: p.track != rubric.path.id):
        take = placed.what_it_takes
        rows.append({
            "title": placed.title,
            "is_path": placed.track == rubric.path.id,
            "nearer": placed.track == result.nearer_track,
            "placement": rubric.role(placed.placement).title if placed.placement else None,
            "next_role": rubric.role(placed.next_role).title if placed.next_role else None,
            "readiness": take.readiness if take else None,
            "distance": _distance(take) if take else None,
        })
    return rows


def _nearer(rubric: Rubric, result: Result) -> dict[str, Any] | None:
    if result.nearer_track is None:
        return None
    placed = next(p for p in result.placements if p.track == result.nearer_track)
    assert placed.next_role is not None
    return {"track": placed.title, "role": rubric.role(placed.next_role).title}


def _distance(take: WhatItTakes) -> str:
    levels = count(sum(change.to - change.from_ for change in take.changes), "level")
    parts = [f"{levels} to raise across {count(len(take.changes), 'competency', 'competencies')}"]
    if take.gates:
        parts.append(count(len(take.gates), "gate") + " not met")
    return ", ".join(parts)


def _take_view(rubric: Rubric, take: WhatItTakes | None, unknown: set[str]) -> dict[str, Any] | None:
    if take is None:
        return None
    return {
        "role": rubric.role(take.role).title,
        "readiness": take.readiness,
        "threshold": take.threshold,
        "points_short": take.points_short,
        "readiness_after": take.readiness_after,
        "gates": _gate_rows(rubric, take.gates),
        "changes": [{"title": c.title, "from": "not sure" if c.competency in unknown else c.from_, "to": c.to}
                    for c in take.changes],
    }


def _gate_rows(rubric: Rubric, gates: list[GateResult], shared: Sharing | None = None) -> list[dict[str, Any]]:
    rows = [
        {
            "title": gate.title,
            "required": requirement_text(rubric, gate.required) if gate.required else None,
            "actual": actual_text(rubric, gate.actual),
            "met": gate.met,
            "met_by": alternative_text(rubric, gate.required[gate.met_by], titled=len(gate.actual) > 1)
            if gate.met_by is not None and len(gate.required) > 1 else None,
            "assumed": gate.assumed,
            "assumption": rubric.gate(gate.id).assumption if gate.assumed else None,
            "private": False,
        }
        for gate in gates
    ]
    if shared is None:
        return rows
    # A gate asking about a private fact shows neither the answer nor whether it is met: either would tell it.
    return [{**row, "actual": PRIVATE, "met": None, "met_by": None, "private": True} if shared.hides(gate) else row
            for gate, row in zip(gates, rows, strict=True)]


def _market_row(fact: MarketFact) -> dict[str, Any]:
    said = [part for part in (fact.publisher, fact.year, fact.scope) if part]
    return {"label": fact.label, "value": fact.value, "attribution": "; ".join(said), "source": fact.source,
            "note": fact.note}


def _strengths(rubric: Rubric, result: Result, ratings: dict[str, int | None]) -> dict[str, Any]:
    if result.strengths:
        rows = [
            {"title": s.title, "current": s.current, "expected": s.expected}
            for s in result.strengths[:TOP_STRENGTHS]
        ]
        return {"above": True, "rows": rows}
    # Nothing beats the target's expectation: show where the person comes closest to it instead.
    scored = []
    floor = rubric.min_level
    for i, comp in enumerate(rubric.competencies):
        expected = comp.expected[result.target]
        if expected == floor:
            continue
        rating = ratings[comp.id]
        current = floor if rating is None else rating
        attained = (min(current, expected) - floor) / (expected - floor)
        scored.append((-attained, -current, -comp.weight, i, comp, current, expected))
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
            "now": "not sure" if gap.unknown else f"{gap.current}",
            "now_anchor": None if gap.unknown else comp.anchors[gap.current],
            "expected_anchor": comp.anchors[gap.expected],
            "now_label": rubric.level_label(comp, gap.current),
            "expected_label": rubric.level_label(comp, gap.expected),
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


def _radar(rubric: Rubric, result: Result, ratings: dict[str, int | None]) -> str:
    """Areas around a circle; a rubric with fewer than three areas shows its competencies instead."""
    target = result.target
    if len(rubric.areas) >= RADAR_MIN_AXES:
        axes = [charts.RadarAxis(area.title, result.area_levels[area.id].current, result.area_levels[area.id].expected)
                for area in rubric.areas]
    else:
        axes = [charts.RadarAxis(comp.title, _counted(rubric, ratings[comp.id]), comp.expected[target],
                                 _levels_plotted(rubric, comp, ratings[comp.id], comp.expected[target]))
                for comp in rubric.competencies]
    return charts.radar(axes, min_level=rubric.min_level, max_level=rubric.max_level, current_label="Your level",
                        expected_label=f"Expected for {rubric.role(target).title}")


def _step_levels(rubric: Rubric, unknown: frozenset[str], comp_id: str, start: int, end: int) -> str:
    """ "level 2 → 3", or with a competency's own level names, "4 Coordinates → 5 Manages"; a step up from a
    "not sure" answer starts at "not sure", not at the lowest level it is counted as."""
    comp = rubric.competency(comp_id)
    if comp_id in unknown and start == rubric.min_level:
        return f"not sure → {end} {comp.levels[end]}" if end in comp.levels else f"not sure → level {end}"
    if start in comp.levels and end in comp.levels:
        return f"{start} {comp.levels[start]} → {end} {comp.levels[end]}"
    return f"level {start} → {end}"


def _levels_plotted(rubric: Rubric, comp: Competency, rating: int | None, expected: int) -> str:
    """ "Coordinates → Manages": the level named now, then the one expected when it is higher."""
    now = "not sure" if rating is None else rubric.level_label(comp, rating)
    return now if rating is not None and rating >= expected else f"{now} → {rubric.level_label(comp, expected)}"


def _counted(rubric: Rubric, rating: int | None) -> int:
    return rubric.min_level if rating is None else rating


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
        "due": [goal for goal in progress.goals if goal.due],
        "goals_met": sum(1 for goal in progress.goals if goal.due and goal.met),
        "pace": progress.pace,
        "projection": progress.projection,
        "no_projection": progress.no_projection,
        "closed": [rubric.competency(c).title if c in comp_ids else c for c in progress.gaps_closed],
        "opened": [rubric.competency(c).title if c in comp_ids else c for c in progress.gaps_opened],
        "readiness_delta": last.readiness - previous.readiness,
        "compared": compared_text([point.rubric_version for point in progress.runs], rubric),
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
                "label": rubric.level_label(comp, rating) if rating is not None else "not sure",
                "evidence": evidence,
                "claimed": rating is not None and rating >= rubric.evidence_level and not evidence,
            })
        groups.append({"title": area.title, "rows": rows})
    return groups


def _others_view(rubric: Rubric, result: Result, calibration: Calibration,
                 progress: Progress | None) -> dict[str, Any]:
    """The self-assessment beside others' ratings; rater runs appear by group and date only, never by name."""
    blind, hidden = set(calibration.blind_spots), set(calibration.hidden_strengths)
    titles = {comp.id: comp.title for comp in rubric.competencies}
    rows = [{"rating": row, "area": rubric.area(rubric.competency(row.competency).area).title,
             "blind": row.competency in blind, "hidden": row.competency in hidden} for row in calibration.competencies]
    bars = []
    for area in rubric.areas:
        both = [row for row in calibration.competencies if row.self_ is not None and row.others is not None
                and rubric.competency(row.competency).area == area.id]
        if both:
            bars.append(charts.PairedBar(area.title, sum(r.self_ or 0 for r in both) / len(both),
                                         sum(r.others or 0 for r in both) / len(both)))
    return {
        "raters": raters_text(calibration.raters),
        "runs": [{"group": GROUP_NOUNS[run.relation][0], "date": run.taken_on} for run in calibration.runs],
        "rows": rows,
        "blind": [titles[comp_id] for comp_id in calibration.blind_spots],
        "hidden": [titles[comp_id] for comp_id in calibration.hidden_strengths],
        "from_self": [titles[comp_id] for comp_id in calibration.from_self],
        "readiness_self": result.readiness,
        "readiness_others": calibration.readiness_others,
        "placement_self": rubric.role(result.placement).title if result.placement else None,
        "placement_others": rubric.role(calibration.placement_others).title if calibration.placement_others else None,
        "chart": Markup(  # noqa: S704 - built here from escaped parts
            charts.paired_bars(bars, min_level=rubric.min_level, max_level=rubric.max_level, first_label="You",
                               second_label="Others' mean")
        ) if bars else None,
        "difference": f"{rubric.scoring.blind_spot_difference:g}",
        "group_min": rubric.scoring.rater_group_min,
        "window": count(rubric.scoring.rater_window_months, "month"),
        "apart": [(point.finished_at[:10], point.mean_difference) for point in progress.others_gap]
        if progress and len(progress.others_gap) >= 2 else [],
    }


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
    "ReportInput",
    "pdf_metadata",
    "render_html",
    "render_markdown",
    "report_json",
]
