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
from assess.core.means import expected_means, own_means
from assess.core.models import model_of
from assess.core.plan import HORIZONS
from assess.core.results import Gap, GateResult, Result, WhatItTakes
from assess.core.rubric import Rubric
from assess.core.rubric_parts import Competency
from assess.core.share import PRIVATE, Sharing
from assess.core.wording import (
    NOT_SURE,
    TOP_GAPS,
    actual_text,
    alternative_text,
    count,
    distance_text,
    expired_text,
    headline,
    holdback_text,
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


PAGES = ("full", "summary")  # the whole report, or only its first part: what a hiring manager reads


def context(inp: ReportInput, paper: str, pages: str = "full") -> dict[str, Any]:
    rubric, result, answers = inp.rubric, inp.result, inp.answers
    ratings = {c.id: answers.ratings.get(c.id) for c in rubric.competencies}
    progress = inp.progress if has_progress(inp.progress) else None
    plan = result.plan
    shared = inp.shared or Sharing()
    return {
        "paper": "letter" if paper == "letter" else "A4",
        "pages": pages,
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
        "nearer": _nearer(rubric, result, set(result.unknowns)),
        "strengths": _strengths(rubric, result, ratings),
        "top_gaps": result.gaps[:TOP_GAPS],
        "gap_rows": _gap_rows(rubric, result, shown_gaps(rubric, result)),
        "folded": _folded(rubric, result),
        "first_things": _things(len(plan.horizon(HORIZONS[0]))),
        "areas": _area_rows(rubric, result, ratings),
        "radar": Markup(_radar(rubric, result, ratings)),  # noqa: S704 - built here from escaped parts
        "radar_of_competencies": len(rubric.areas) < RADAR_MIN_AXES,
        "gates": _gate_rows(rubric, result.gates, shared),
        "plan": plan,
        "horizons": [(months, plan.horizon(months)) for months in HORIZONS],
        "take": _take_view(rubric, result.what_it_takes, set(result.unknowns)),
        "progress": _progress_view(rubric, result, progress, inp.today) if progress else None,
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
        **_market(rubric),
        "others": _others_view(rubric, result, inp.calibration, progress) if inp.calibration else None,
        "expired": expired_text(inp.expired, rubric.scoring.rater_window_months) if inp.expired else None,
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
            "distance": _distance(rubric, take) if take else None,
        })
    return rows


def _nearer(rubric: Rubric, result: Result, unknown: set[str]) -> dict[str, Any] | None:
    """The nearer next rung on another track than the path, with what holds it back and what it would take."""
    if result.nearer_track is None:
        return None
    placed = next(p for p in result.placements if p.track == result.nearer_track)
    assert placed.next_role is not None and placed.what_it_takes is not None
    return {"track": placed.title, "role": rubric.role(placed.next_role).title,
            "on_path": placed.track == rubric.path.id,
            "holdback": holdback_text(rubric, placed.what_it_takes),
            "take": _take_view(rubric, placed.what_it_takes, unknown)}


def _distance(rubric: Rubric, take: WhatItTakes) -> str:
    return distance_text(rubric, take, named=True)


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
        "changes": [{"title": c.title, "from": NOT_SURE if c.competency in unknown else c.from_, "to": c.to}
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


def _market(rubric: Rubric) -> dict[str, Any]:
    """The market figures, each with who published it; a caveat several figures share ("publisher not named in
    the role profile") is said once, above the table, rather than on every row."""
    parts = [part for fact in rubric.market for part in (fact.publisher, fact.year, fact.scope) if part]
    shared = [part for part in dict.fromkeys(parts) if parts.count(part) > 1 and " not " in f" {part} "]
    rows = []
    for fact in rubric.market:
        said = [part for part in (fact.publisher, fact.year, fact.scope) if part and part not in shared]
        rows.append({"label": fact.label, "value": fact.value, "attribution": "; ".join(said), "source": fact.source,
                     "note": fact.note, "caveats": [part for part in (fact.publisher, fact.year, fact.scope)
                                                    if part in shared]})
    caveats = [{"mark": "*" * (i + 1), "text": text} for i, text in enumerate(shared)]
    marks = {caveat["text"]: caveat["mark"] for caveat in caveats}
    for row in rows:
        row["marks"] = "".join(marks[text] for text in row.pop("caveats"))
    return {"market": rows, "market_caveats": caveats}


def _things(n: int) -> str:
    """ "the three things", "the one thing": the count of what a box lists, in words."""
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
    return f"the {words.get(n, str(n))} thing{'s' if n != 1 else ''}"


def shown_gaps(rubric: Rubric, result: Result) -> list[Gap]:
    """The gaps the gap table shows: every core or blocking one, and the others worth at least the rubric's
    `fold_gaps_below` readiness points; smaller ones share one line (`_folded`)."""
    floor = rubric.scoring.fold_gaps_below
    return [gap for gap in result.gaps if gap.core or gap.blocking or gap.priority >= floor]


def _folded(rubric: Rubric, result: Result) -> dict[str, Any] | None:
    shown = {gap.competency for gap in shown_gaps(rubric, result)}
    rest = [gap for gap in result.gaps if gap.competency not in shown]
    if not rest:
        return None
    return {"count": len(rest), "below": f"{rubric.scoring.fold_gaps_below:g}",
            "listed": [f"{gap.title} ({NOT_SURE if gap.unknown else gap.current} → {gap.expected})" for gap in rest]}


def _strengths(rubric: Rubric, result: Result, ratings: dict[str, int | None]) -> dict[str, Any]:
    worth = model_of(rubric).worth
    if result.points is not None and worth is not None:  # where the total decides, the most points are strengths
        scored = sorted(((-worth(rubric, comp, rubric.counted(ratings[comp.id])), i, comp)
                         for i, comp in enumerate(rubric.competencies)), key=lambda row: row[:2])
        rows = [{"title": comp.title, "current": rubric.counted(ratings[comp.id]), "points": number(float(-points))}
                for points, _, comp in scored[:TOP_STRENGTHS] if points < 0]
        return {"above": True, "points": True, "rows": rows}
    if result.strengths:
        rows = [
            {"title": s.title, "current": s.current, "expected": s.expected}
            for s in result.strengths[:TOP_STRENGTHS]
        ]
        return {"above": True, "points": False, "rows": rows}
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
    return {"above": False, "points": False, "rows": rows}


def _gap_rows(rubric: Rubric, result: Result, gaps: list[Gap]) -> list[dict[str, Any]]:
    rows = []
    for rank, gap in enumerate(gaps, start=1):
        comp = rubric.competency(gap.competency)
        rows.append({
            "rank": rank,
            "gap": gap,
            "area": rubric.area(gap.area).title,
            "now": NOT_SURE if gap.unknown else f"{gap.current}",
            "now_anchor": None if gap.unknown else comp.anchors[gap.current],
            "expected_anchor": comp.anchors[gap.expected],
            "now_label": rubric.level_label(comp, gap.current),
            "expected_label": rubric.level_label(comp, gap.expected),
        })
    return rows


def _area_rows(rubric: Rubric, result: Result, ratings: dict[str, int | None]) -> list[dict[str, Any]]:
    own, expected = own_means(rubric, ratings), expected_means(rubric, result.target)
    return [{"title": area.title, "score": result.areas.get(area.id), "current": own[area.id],
             "expected": expected[area.id]} for area in rubric.areas]


def _radar(rubric: Rubric, result: Result, ratings: dict[str, int | None]) -> str:
    """Areas around a circle; a rubric with fewer than three areas shows its competencies instead."""
    target = result.target
    if len(rubric.areas) >= RADAR_MIN_AXES:
        own, expected = own_means(rubric, ratings), expected_means(rubric, target)
        axes = [charts.RadarAxis(area.title, own[area.id] or 0, expected[area.id] or 0) for area in rubric.areas]
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
        return f"{NOT_SURE} → {end} {comp.levels[end]}" if end in comp.levels else f"{NOT_SURE} → level {end}"
    if start in comp.levels and end in comp.levels:
        return f"{start} {comp.levels[start]} → {end} {comp.levels[end]}"
    return f"level {start} → {end}"


def _levels_plotted(rubric: Rubric, comp: Competency, rating: int | None, expected: int) -> str:
    """ "Coordinates → Manages": the level named now, then the one expected when it is higher."""
    now = NOT_SURE if rating is None else rubric.level_label(comp, rating)
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
                "label": rubric.level_label(comp, rating) if rating is not None else NOT_SURE,
                "evidence": evidence,
                "claimed": rating is not None and rating >= rubric.evidence_level and not evidence,
            })
        groups.append({"title": area.title, "rows": rows})
    return groups
