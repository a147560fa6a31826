"""The attainment model (the default): a rung's readiness is the weighted attainment of what it expects of every
competency, each capped at its expectation. Pure and exact (fractions), rounded once."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from fractions import Fraction

from assess.core.model_base import Ratings, RubricShape
from assess.core.rubric_parts import Competency

POINTS_ONLY = ("points", "bands", "grades")  # settings only the points model reads


def counted(rubric: RubricShape, role: str) -> list[Competency]:
    """The competencies that count at `role`: those it expects something of."""
    return [comp for comp in rubric.competencies if comp.expected[role] > rubric.min_level]


def weigh(rubric: RubricShape, role: str, comps: Iterable[Competency]) -> dict[str, Fraction]:
    """Each of `comps`' share of `role`; they sum to 1.

    A competency's weight is its own weight times its area's, times `core_weight` where it is core; a core
    competency is then lifted to at least the heaviest non-core one. Area weights multiply rather than being spread
    over an area's competencies, so an area with few competencies expected at a rung does not make each of them
    weigh more there; and whatever the weights, each core competency of a rung carries at least the share of any
    other competency of that rung.
    """
    comps = list(comps)
    area_weight = {area.id: Fraction(area.weight) for area in rubric.areas}
    core_factor = Fraction(rubric.scoring.core_weight)
    weight = {}
    for comp in comps:
        base = Fraction(comp.weight) * area_weight[comp.area]
        weight[comp.id] = base * core_factor if rubric.is_core(comp, role) else base
    heaviest_other = max((weight[c.id] for c in comps if not rubric.is_core(c, role)), default=Fraction(0))
    for comp in comps:
        if rubric.is_core(comp, role):
            weight[comp.id] = max(weight[comp.id], heaviest_other)
    total = sum(weight.values(), Fraction(0))
    return {comp_id: w / total for comp_id, w in weight.items()}


def shares(rubric: RubricShape, role: str) -> dict[str, Fraction]:
    return rubric.memo(("attainment-shares", role), lambda: weigh(rubric, role, counted(rubric, role)))


def attainment(low: int, expected: int, rating: int) -> Fraction:
    """How much of the way from `low` to `expected` a rating goes: 0 at or below `low`, 1 at or above expected."""
    return Fraction(max(min(rating, expected), low) - low, expected - low)


def exact(rubric: RubricShape, ratings: Ratings, role: str, weights: Mapping[str, Fraction]) -> Fraction:
    """Readiness, exactly: the sum of share × attainment counted from the scale's floor."""
    floor = rubric.min_level
    return 100 * sum((share * attainment(floor, rubric.competency(comp_id).expected[role], ratings[comp_id])
                      for comp_id, share in weights.items()), Fraction(0))


def readiness(rubric: RubricShape, ratings: Ratings, role: str) -> float:
    weights = shares(rubric, role)
    return round(float(exact(rubric, ratings, role, weights)), 1) if weights else 100.0


def gain(rubric: RubricShape, ratings: Ratings, role: str, comp_id: str, to: int) -> tuple[str, Fraction]:
    """The readiness points for `role` raising `comp_id` to `to` adds."""
    share = shares(rubric, role).get(comp_id, Fraction(0))
    floor, expected = rubric.min_level, rubric.competency(comp_id).expected[role]
    if not share:
        return role, Fraction(0)
    return role, 100 * share * (attainment(floor, expected, to) - attainment(floor, expected, ratings[comp_id]))


def aims(rubric: RubricShape, ratings: Ratings, unsure: Collection[str], role: str) -> dict[str, int]:
    """Every competency below what `role` expects aims at that expectation."""
    return {comp.id: comp.expected[role] for comp in rubric.competencies if ratings[comp.id] < comp.expected[role]}


def area_scores(rubric: RubricShape, ratings: Ratings, role: str) -> dict[str, float]:
    """Each area's attainment for `role`, 0-100, weighted as readiness is; areas expected of nothing are left out."""
    weights = shares(rubric, role)
    scores = {}
    for area in rubric.areas:
        inside = {comp.id: weights[comp.id] for comp in rubric.competencies_of(area.id) if comp.id in weights}
        if inside:
            total = sum(inside.values(), Fraction(0))
            scores[area.id] = round(float(exact(rubric, ratings, role, {
                comp_id: share / total for comp_id, share in inside.items()})), 1)
    return scores


def check(rubric: RubricShape) -> None:
    refuse_points_settings(rubric)


def refuse_points_settings(rubric: RubricShape) -> None:
    given = [name for name in POINTS_ONLY if getattr(rubric.scoring, name)]
    if given:
        raise ValueError(f"scoring.{given[0]}: only the points model reads it (scoring.model is "
                         f"{rubric.scoring.model!r}); set `model: points`, or leave it out")


def numbers(rubric: RubricShape) -> list[tuple[str, str]]:
    return [("model", "attainment against expected: a rung's readiness is the weighted attainment of what it "
                      "expects of each competency, capped at the expectation"), *common_numbers(rubric)]


def common_numbers(rubric: RubricShape) -> list[tuple[str, str]]:
    scoring = rubric.scoring
    return [("met at", f"readiness {scoring.threshold:g}, every blocking gate met, no core skill short"),
            ("core skills", f"weigh {scoring.core_weight:g}× where core; may be {scoring.critical_tolerance} "
                            f"level{'' if scoring.critical_tolerance == 1 else 's'} short unless a rung says "
                            "otherwise")]
