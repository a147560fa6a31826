"""Scoring: readiness, placement on every track, gaps in the order to work on them, what it would take.

Pure and deterministic. Arithmetic is exact (fractions) and rounded once, at the end, to one decimal,
so the same answers and rubric give the same numbers to the digit, and a rung is met on the number
the person sees.
"""

from __future__ import annotations

from collections.abc import Collection
from fractions import Fraction

from assess.core import models_points
from assess.core.answers import Answers
from assess.core.checks import evidence_count, quality_warnings
from assess.core.models import model_of
from assess.core.placement import _climb_to, furthest, nearer_track, next_steps, placements, ranked_gaps
from assess.core.plan import HORIZONS, build_plan
from assess.core.readiness import (
    Ratings,
    _area_scores,
    area_levels,
    core_short,
    effective_ratings,
    gate_results,
    gates_met,
    readiness,
    strengths,
    unknowns,
)
from assess.core.results import NextStep, PointsTotal, Result, RoleResult, TrackPlacement
from assess.core.rubric import Rubric
from assess.core.runs import Standing


def _role_result(rubric: Rubric, answers: Answers, ratings: Ratings, unsure: Collection[str],
                 role: str) -> RoleResult:
    ready = readiness(rubric, ratings, role)
    gates = gate_results(rubric, answers, role)
    gates_ok = gates_met(gates)
    short = core_short(rubric, ratings, unsure, role)
    return RoleResult(
        id=role,
        title=rubric.role(role).title,
        tracks=rubric.tracks_of(role),
        readiness=ready,
        gates_met=gates_ok,
        advisory_unmet=[gate.id for gate in gates if gate.advisory and not gate.met],
        core_short=short,
        met=_met_alone(rubric, ready, gates_ok, short),
        points_needed=rubric.scoring.bands[role] if model_of(rubric).total else None,
    )


def _met_alone(rubric: Rubric, ready: float, gates_ok: bool, short: list[str]) -> bool:
    """A rung met on its own: readiness at the threshold, its gates met, none of its core skills short."""
    return ready >= rubric.scoring.threshold and gates_ok and not short


def _held_back_by(rubric: Rubric, role_id: str, met_alone: Collection[str]) -> str | None:
    """The first rung below `role_id` on its track not met on its own: a ladder is climbed, not skipped."""
    return next((rung for rung in _climb_to(rubric, role_id)[:-1] if rung not in met_alone), None)


def _climbed(roles: list[RoleResult], rubric: Rubric) -> list[RoleResult]:
    """Each rung met only if it is met on its own and so is every rung below it on its track: someone short of a
    Senior's core skills is not a Director just because a Director's core skills are others."""
    met_alone = {role.id for role in roles if role.met}
    climbed = []
    for role in roles:
        unmet = _held_back_by(rubric, role.id, met_alone)
        if role.met and unmet is not None:  # met on its own, held back only by a rung below
            role = role.model_copy(update={"unmet_below": unmet, "met": False})
        climbed.append(role)
    return climbed


def score(rubric: Rubric, answers: Answers) -> Result:
    """Score checked answers (see `answers.check_answers`) against their rubric."""
    ratings = effective_ratings(rubric, answers)
    unknown = unknowns(rubric, answers)
    unsure = set(unknown)
    roles = _climbed([_role_result(rubric, answers, ratings, unsure, role) for role in rubric.role_ids()], rubric)
    found = placements(rubric, answers, ratings, unsure, {role.id for role in roles if role.met})
    path = next(p for p in found if p.track == rubric.path.id)
    target = rubric.target
    aim = path.next_role or target
    plan = build_plan(rubric, ranked_gaps(rubric, ratings, unsure, aim), path.placement, path.next_role)
    first = [NextStep(kind="action", text=step.action, competency=step.competency)
             for step in plan.horizon(HORIZONS[0])]
    return Result(
        rubric=rubric.id,
        rubric_version=rubric.version,
        target=target,
        readiness=readiness(rubric, ratings, target),
        readiness_by_role={role.id: role.readiness for role in roles},
        roles=roles,
        placement=path.placement,
        next_role=path.next_role,
        placements=found,
        furthest=furthest(rubric, found),
        nearer_track=nearer_track(found),
        areas=_area_scores(rubric, ratings, target),
        area_levels=area_levels(rubric, ratings, target),
        gates=gate_results(rubric, answers, target),
        gaps=ranked_gaps(rubric, ratings, unsure, target),
        strengths=strengths(rubric, ratings, target),
        unknowns=unknown,
        what_it_takes=path.what_it_takes,
        next_steps=next_steps(rubric, path.placement, path.next_role, first),
        plan=plan,
        evidence=evidence_count(rubric, answers),
        warnings=quality_warnings(rubric, answers),
        points=_points(rubric, ratings, path),
    )


def standing(rubric: Rubric, answers: Answers) -> Standing:
    """The part of `score(rubric, answers)` that history lists and progress plots, at a fraction of its cost: what
    an import works out for each of thousands of runs, leaving gaps, plan and what it would take to when the run
    is read. The same rules as `_role_result` and `_climbed`, without the models they build."""
    ratings = effective_ratings(rubric, answers)
    unsure = set(unknowns(rubric, answers))
    by_role = {role: readiness(rubric, ratings, role) for role in rubric.role_ids()}
    # Most rungs fall short on readiness alone: their gates and core skills need no looking at.
    met_alone = {role for role, ready in by_role.items() if ready >= rubric.scoring.threshold
                 and _met_alone(rubric, ready, gates_met(gate_results(rubric, answers, role)),
                                core_short(rubric, ratings, unsure, role))}
    met = {role for role in met_alone if _held_back_by(rubric, role, met_alone) is None}
    held = [rung for rung in rubric.path.rungs if rung in met]  # as `placements` places on the target's path
    return Standing(readiness=by_role[rubric.target], readiness_by_role=by_role,
                    placement=held[-1] if held else None, areas=_area_scores(rubric, ratings, rubric.target))


def _points(rubric: Rubric, ratings: Ratings, path: TrackPlacement) -> PointsTotal | None:
    """Under the points model, the total and the named level within the path's rung it reaches."""
    if model_of(rubric).total is None:
        return None
    total = models_points.total(rubric, ratings)
    held, after = models_points.grade(rubric, total, path.placement, path.next_role)
    return PointsTotal(total=float(total), grade=held.name if held else None, next_grade=after.name if after else None,
                       to_next_grade=float(Fraction(str(after.min)) - total) if after else None)
