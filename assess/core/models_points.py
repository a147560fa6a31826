"""The points model (Medium Snowflake's): each level of the scale is worth points, a person's total is the sum over
every competency with no cap, so a surplus in one makes up for another, and a rung is met when the total reaches
its minimum (its band). Named levels within rungs (grades) are placed by the total too. Pure and exact."""

from __future__ import annotations

import math
from collections.abc import Collection
from fractions import Fraction

from assess.core.model_base import Ratings, RubricShape
from assess.core.rubric_parts import Competency, Grade


def worth(rubric: RubricShape, comp: Competency, level: int) -> Fraction:
    """What `comp` at `level` adds to the total: the level's points times the competency's and its area's weight."""
    area = next(area for area in rubric.areas if area.id == comp.area)
    return Fraction(str(rubric.scoring.points[level])) * Fraction(str(comp.weight)) * Fraction(str(area.weight))


def total(rubric: RubricShape, ratings: Ratings) -> Fraction:
    return sum((worth(rubric, comp, ratings[comp.id]) for comp in rubric.competencies), Fraction(0))


def band(rubric: RubricShape, role: str) -> Fraction:
    return Fraction(str(rubric.scoring.bands[role]))


def most(rubric: RubricShape) -> Fraction:
    """The largest total the rubric gives: every competency at the top of the scale."""
    return total(rubric, {comp.id: rubric.max_level for comp in rubric.competencies})


def readiness(rubric: RubricShape, ratings: Ratings, role: str) -> float:
    """The share of the rung's minimum total reached, 0-100, rounded down to one decimal: 100 only once it is
    reached, so the rung is met at 100."""
    needed = band(rubric, role)
    if needed == 0:
        return 100.0
    return math.floor(min(Fraction(1), total(rubric, ratings) / needed) * 1000) / 10


def gain(rubric: RubricShape, ratings: Ratings, role: str, comp_id: str, to: int) -> tuple[str, Fraction]:
    comp = rubric.competency(comp_id)
    return role, worth(rubric, comp, to) - worth(rubric, comp, ratings[comp_id])


def aims(rubric: RubricShape, ratings: Ratings, unsure: Collection[str], role: str) -> dict[str, int]:
    """What each competency aims at for `role`: the least level that unblocks a core skill, then the fewest levels
    raised that bring the total to the rung's minimum. An expectation of a competency that is not core counts for
    nothing under points, so it sets no aim."""
    unblocked = _unblocked(rubric, ratings, unsure, role)
    base = dict(ratings) | unblocked
    return unblocked | fewest_raises(rubric, base, band(rubric, role) - total(rubric, base))


def _unblocked(rubric: RubricShape, ratings: Ratings, unsure: Collection[str], role: str) -> dict[str, int]:
    """The core skills of `role` that block it, each at the least level that does not."""
    raised = {}
    for comp in rubric.competencies:
        if rubric.is_core(comp, role):
            least = max(comp.expected[role] - rubric.tolerance(comp, role), rubric.min_level + 1)
            if comp.id in unsure or ratings[comp.id] < least:
                raised[comp.id] = max(ratings[comp.id], least)
    return raised


def fewest_raises(rubric: RubricShape, base: Ratings, deficit: Fraction) -> dict[str, int]:
    """The ratings to raise, with the fewest levels raised in all, that add at least `deficit` points; among those,
    the most points, then the fewest competencies, then the first in rubric order. Exact (dynamic programming over
    levels raised): because a level is worth more the higher it is, raising the largest step first is not."""
    if deficit <= 0:
        return {}
    # levels raised -> (points added, -competencies changed, the changes)
    best: dict[int, tuple[Fraction, int, tuple[tuple[str, int], ...]]] = {0: (Fraction(0), 0, ())}
    for comp in rubric.competencies:
        start = base[comp.id]
        steps = [(k, worth(rubric, comp, start + k) - worth(rubric, comp, start))
                 for k in range(1, rubric.max_level - start + 1)]
        grown = dict(best)
        for used, (added, changed, chosen) in best.items():
            if added >= deficit:
                continue  # already enough: raising more only costs levels
            for k, more in steps:
                candidate = (added + more, changed - 1, (*chosen, (comp.id, start + k)))
                if used + k not in grown or candidate[:2] > grown[used + k][:2]:
                    grown[used + k] = candidate
        best = grown
    enough = [used for used, (added, _, _) in best.items() if added >= deficit]
    used = min(enough) if enough else max(best, key=lambda u: best[u][0])
    return dict(best[used][2])


def area_scores(rubric: RubricShape, ratings: Ratings, role: str) -> dict[str, float]:
    """Each area's points as a share of the most it can give, 0-100."""
    scores = {}
    for area in rubric.areas:
        comps = rubric.competencies_of(area.id)
        top = sum((worth(rubric, comp, rubric.max_level) for comp in comps), Fraction(0))
        if top:
            scores[area.id] = round(float(100 * sum((worth(rubric, c, ratings[c.id]) for c in comps),
                                                    Fraction(0)) / top), 1)
    return scores


def grade(rubric: RubricShape, points: Fraction, placement: str | None, next_role: str | None
          ) -> tuple[Grade | None, Grade | None]:
    """The named level a total reaches within its rung (`placement`), and the next one; a level beyond the next rung's
    minimum is not the person's while that rung is not met."""
    grades = rubric.scoring.grades
    if not grades or placement is None:
        return None, None
    ceiling = band(rubric, next_role) if next_role else None
    inside = [g for g in grades if band(rubric, placement) <= Fraction(str(g.min))
              and (ceiling is None or Fraction(str(g.min)) < ceiling)]
    held = [g for g in inside if Fraction(str(g.min)) <= points]
    after = [g for g in grades if Fraction(str(g.min)) > points]
    return (held[-1] if held else None), (after[0] if after else None)


def check(rubric: RubricShape) -> None:
    """What the points model needs and what it cannot use: points for every level that never fall going up the
    scale (else raising a rating could lower a placement), a minimum total for every rung that never falls going
    up a track and that some ratings reach, grades that each lie within one rung, and no readiness threshold or core
    weight (the total decides, not shares of readiness)."""
    scoring, levels = rubric.scoring, rubric.levels
    for name, default, why in (
            ("threshold", 100, "a rung is met when the total reaches its minimum (scoring.bands)"),
            ("core_weight", 2, "it weighs shares of readiness, and points are summed instead")):
        if getattr(scoring, name) != default:
            raise ValueError(f"scoring.{name}: the points model does not read it: {why}")
    missing = [level for level in levels if level not in scoring.points]
    if missing:
        raise ValueError(f"scoring.points: no points for level {missing[0]} (the points model needs every level's)")
    extra = sorted(set(scoring.points) - set(levels))
    if extra:
        raise ValueError(f"scoring.points: level {extra[0]} is not a level of the scale")
    for lower, upper in zip(levels, levels[1:], strict=False):
        if scoring.points[upper] < scoring.points[lower]:
            raise ValueError(f"scoring.points: level {upper} is worth less than level {lower} "
                             f"({scoring.points[upper]:g} < {scoring.points[lower]:g}), so raising a rating would "
                             "lower the total")
    _check_bands(rubric)
    _check_grades(rubric)


def _check_bands(rubric: RubricShape) -> None:
    bands = rubric.scoring.bands
    rungs = [role.id for role in rubric.ladder]
    for rung in bands:
        if rung not in rungs:
            raise ValueError(f"scoring.bands: unknown role {rung!r}")
    for rung in rungs:
        if rung not in bands:
            raise ValueError(f"scoring.bands: missing role {rung!r} (the points model needs every rung's minimum "
                             "total)")
    for track in rubric.all_tracks:
        for lower, upper in zip(track.rungs, track.rungs[1:], strict=False):
            if bands[upper] < bands[lower]:
                raise ValueError(f"scoring.bands: the minimum falls going up the ladder, {lower} {bands[lower]:g} > "
                                 f"{upper} {bands[upper]:g}")
    top = most(rubric)
    for rung in rungs:
        if band(rubric, rung) > top:
            raise ValueError(f"scoring.bands: {rung} needs {bands[rung]:g}, more than the {float(top):g} points "
                             "every competency at the top of the scale gives, so no one could meet it")


def _check_grades(rubric: RubricShape) -> None:
    grades = rubric.scoring.grades
    if not grades:
        return
    names = [g.name for g in grades]
    twice = next((name for name in names if names.count(name) > 1), None)
    if twice is not None:
        raise ValueError(f"scoring.grades: {twice!r} is named twice")
    for lower, upper in zip(grades, grades[1:], strict=False):
        if upper.min <= lower.min:
            raise ValueError(f"scoring.grades: {upper.name!r} starts at {upper.min:g}, not above {lower.name!r}'s "
                             f"{lower.min:g}; list them lowest first")
    starts = {g.min for g in grades}
    for role in rubric.ladder:
        if rubric.scoring.bands[role.id] not in starts:
            raise ValueError(f"scoring.grades: none starts at {role.id}'s minimum {rubric.scoring.bands[role.id]:g}, "
                             "so a level would straddle two rungs")


def numbers(rubric: RubricShape) -> list[tuple[str, str]]:
    scoring = rubric.scoring
    lines = [("model", "points: each competency's level is worth its points (times its weight and its area's), "
                       "summed over every competency with no cap, so a surplus in one makes up for another; a rung "
                       "is met when the total reaches its minimum"),
             ("points per level", " · ".join(f"{level} {rubric.scale[level]}: {scoring.points[level]:g}"
                                             for level in rubric.levels)),
             ("minimum total", " · ".join(f"{role.title} {scoring.bands[role.id]:g}" for role in rubric.ladder)),
             ("most points", f"{float(most(rubric)):g}")]
    if scoring.grades:
        lines.append(("levels within rungs", " · ".join(f"{g.name} from {g.min:g}" for g in scoring.grades)))
    return lines
