"""The attainment model (the default): a rung's readiness is the weighted attainment of what it expects of every
competency, each capped at its expectation. Pure and exact (fractions), rounded once."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

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


@dataclass(frozen=True)
class Units:
    """Share × attainment of each competency at each level, as whole numbers over one denominator: readiness is
    then a sum of integers, exactly the sum of fractions it stands for, at a fraction of the cost (an import
    scores thousands of runs)."""

    denominator: int
    levels: dict[str, dict[int, int]]  # competency id -> level -> share × attainment × denominator

    def numerator(self, ratings: Ratings) -> int | None:
        """100 × readiness × denominator; None for a rating off the scale (the sum of fractions says what it
        counts for)."""
        try:
            return 100 * sum([levels[ratings[comp_id]] for comp_id, levels in self.levels.items()])
        except KeyError:
            return None


def units(rubric: RubricShape, role: str, weights: Mapping[str, Fraction]) -> Units:
    floor = rubric.min_level
    steps = {comp_id: rubric.competency(comp_id).expected[role] - floor for comp_id in weights}
    denominator = lcm(*((share / steps[comp_id]).denominator for comp_id, share in weights.items()))
    table = {}
    for comp_id, share in weights.items():
        per_step = share / steps[comp_id] * denominator  # a whole number, by the choice of denominator
        expected = rubric.competency(comp_id).expected[role]
        table[comp_id] = {level: int(per_step * (min(level, expected) - floor)) for level in rubric.levels}
    return Units(denominator, table)


def _rounded(rubric: RubricShape, ratings: Ratings, role: str, weights: Mapping[str, Fraction], table: Units) -> float:
    numerator = table.numerator(ratings)
    if numerator is not None:  # int / int is rounded correctly: the float of the exact fraction
        return round(numerator / table.denominator, 1)
    return round(float(exact(rubric, ratings, role, weights)), 1)


def _table(rubric: RubricShape, role: str) -> Units:
    return rubric.memo(("attainment-units", role), lambda: units(rubric, role, shares(rubric, role)))


def readiness(rubric: RubricShape, ratings: Ratings, role: str) -> float:
    weights = shares(rubric, role)
    return _rounded(rubric, ratings, role, weights, _table(rubric, role)) if weights else 100.0


def gain(rubric: RubricShape, ratings: Ratings, role: str, comp_id: str, to: int) -> tuple[str, Fraction]:
    """The readiness points for `role` raising `comp_id` to `to` adds."""
    share = shares(rubric, role).get(comp_id, Fraction(0))
    if not share:
        return role, Fraction(0)
    table = _table(rubric, role)
    levels, rating = table.levels[comp_id], ratings[comp_id]
    if rating in levels and to in levels:
        return role, Fraction(100 * (levels[to] - levels[rating]), table.denominator)
    floor, expected = rubric.min_level, rubric.competency(comp_id).expected[role]
    return role, 100 * share * (attainment(floor, expected, to) - attainment(floor, expected, rating))


def aims(rubric: RubricShape, ratings: Ratings, unsure: Collection[str], role: str) -> dict[str, int]:
    """Every competency below what `role` expects aims at that expectation."""
    return {comp.id: comp.expected[role] for comp in rubric.competencies if ratings[comp.id] < comp.expected[role]}


def area_scores(rubric: RubricShape, ratings: Ratings, role: str) -> dict[str, float]:
    """Each area's attainment for `role`, 0-100, weighted as readiness is; areas expected of nothing are left out."""
    return {area_id: _rounded(rubric, ratings, role, weights, rubric.memo(
                ("attainment-area-units", role, area_id), lambda: units(rubric, role, weights)))  # noqa: B023
            for area_id, weights in rubric.memo(("attainment-area-shares", role),
                                                lambda: _area_shares(rubric, role)).items()}


def _area_shares(rubric: RubricShape, role: str) -> dict[str, dict[str, Fraction]]:
    """Per area, its competencies' shares of the area's score for `role`: their shares of readiness, rescaled."""
    weights = shares(rubric, role)
    found = {}
    for area in rubric.areas:
        inside = {comp.id: weights[comp.id] for comp in rubric.competencies_of(area.id) if comp.id in weights}
        if inside:
            total = sum(inside.values(), Fraction(0))
            found[area.id] = {comp_id: share / total for comp_id, share in inside.items()}
    return found


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
