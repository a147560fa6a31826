"""The gap-analysis report as HTML, Markdown or JSON. Pure: the same input gives the same bytes.

Everything the templates show is prepared here, so templates only lay it out. Dates are passed in
(`today`, the run's `taken_on`); nothing reads the clock. Every value reaching the HTML is escaped
by jinja2's autoescape, which is what keeps evidence text like `<img src=...>` inert.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from markupsafe import Markup

from assess.core.answers import Answers
from assess.core.models import model_of
from assess.core.plan import HORIZONS
from assess.core.results import GateResult, Result, WhatItTakes
from assess.core.rubric import Rubric
from assess.core.rubric_parts import Competency, MarketFact
from assess.core.share import PRIVATE, Sharing
from assess.core.wording import (
    TOP_GAPS,
    actual_text,
    alternative_text,
    count,
    headline,
    in_full_text,
    levels_from,
    number,
    points_text,
    requirement_text,
    scale_text,
    take_figure,
)
from assess.report import charts
from assess.report.input import ReportInput, has_progress, report_title
from assess.report.view_history import _others_view, _progress_view

TOP_STRENGTHS = 3
RADAR_MIN_AXES = 3  # fewer areas than this make no shape: the radar shows competencies instead


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
        "dropped": inp.dropped,
        "rubric": rubric,
        "result": result,
        "answers": answers,
        "name": answers.name or answers.profile,
        "target": rubric.role(result.target),
        "placement": rubric.role(result.placement).title if result.placement else None,
        "next_role": rubric.role(result.next_role).title if result.next_role else None,
        "headline": headline(rubric, result),
        "model": model_of(rubric),
        "points": points_text(result),
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
        "in_full": in_full_text(rubric),
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
    title = rubric.role(take.role).title
    return {
        "role": title,
        "readiness": take.readiness,
        "threshold": take.threshold,
        "points_short": take.points_short,
        "readiness_after": take.readiness_after,
        "figure": take_figure(take),
        "standing": _standing(title, take),
        "after": f"the total would be {number(take.points_after)} points" if take.points_after is not None else
        f"readiness for {title} would be {take.readiness_after:.1f}",
        "gates": _gate_rows(rubric, take.gates),
        "advisory": _gate_rows(rubric, take.advisory),
        "changes": [{"title": c.title, "from": "not sure" if c.competency in unknown else c.from_, "to": c.to}
                    for c in take.changes],
    }


def _standing(title: str, take: WhatItTakes) -> str | None:
    """Where the score stands for the next rung, where readiness against a threshold does not say it: a rung no
    ratings meet, or a total of points against the rung's minimum. None: the readiness sentence says it."""
    if not take.reachable:
        return f"No ratings meet {title}: it asks nothing of its own."
    if take.points is None or take.points_needed is None:
        return None
    short = take.points_needed - take.points
    plural = "" if short == 1 else "s"
    return (f"{title} needs {number(take.points_needed)} points; the total is {number(take.points)}."
            + (f" That is {number(short)} point{plural} short." if short > 0 else " The total is there."))


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
            "advisory": gate.advisory,
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
        current = rubric.counted(rating)
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
        axes = [charts.RadarAxis(comp.title, rubric.counted(ratings[comp.id]), comp.expected[target],
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


def _appendix(rubric: Rubric, answers: Answers) -> list[dict[str, Any]]:
    groups = []
    for area in rubric.areas:
        rows = []
        for comp in rubric.competencies_of(area.id):
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
