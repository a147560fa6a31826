"""Readiness: each competency's share of a rung, attainment against what the rung expects, gates, and the core
skills that block a rung. Pure and exact (fractions), rounded once, so a rung is met on the number shown."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from assess.core.answers import Answers
from assess.core.fields import FactValue
from assess.core.memo import derived
from assess.core.results import AreaLevels, GateResult, Strength
from assess.core.rubric import Rubric
from assess.core.rubric_parts import Competency, Fact

Ratings = Mapping[str, int]  # every competency's rating, "not sure" counted at the lowest level


def effective_ratings(rubric: Rubric, answers: Answers) -> dict[str, int]:
    """Every competency's rating, with "not sure" and unanswered counted at the lowest level."""
    return {comp.id: rubric.counted(answers.ratings.get(comp.id)) for comp in rubric.competencies}


def unknowns(rubric: Rubric, answers: Answers) -> list[str]:
    return [comp.id for comp in rubric.competencies if answers.ratings.get(comp.id) is None]


def shares(rubric: Rubric, role: str) -> dict[str, Fraction]:
    """Each competency's share of readiness for `role`; they sum to 1 (worked out once per rubric: do not change
    the mapping returned).

    A competency counts at a rung where something is expected of it. Its weight there is its own
    weight times its area's, times `core_weight` where it is core; a core competency is then lifted
    to at least the heaviest non-core one. Area weights multiply rather than being spread over an
    area's competencies, so an area with few competencies expected at a rung does not make each of
    them weigh more there; and whatever the weights, each core competency of a rung carries at least
    the share of any other competency of that rung.
    """
    return derived(rubric, ("shares", role), lambda: _shares(rubric, role))


def _shares(rubric: Rubric, role: str) -> dict[str, Fraction]:
    area_weight = {area.id: Fraction(area.weight) for area in rubric.areas}
    counted = [comp for comp in rubric.competencies if comp.expected[role] > rubric.min_level]
    core_factor = Fraction(rubric.scoring.core_weight)
    weight = {}
    for comp in counted:
        base = Fraction(comp.weight) * area_weight[comp.area]
        weight[comp.id] = base * core_factor if rubric.is_core(comp, role) else base
    heaviest_other = max((weight[c.id] for c in counted if not rubric.is_core(c, role)), default=Fraction(0))
    for comp in counted:
        if rubric.is_core(comp, role):
            weight[comp.id] = max(weight[comp.id], heaviest_other)
    total = sum(weight.values(), Fraction(0))
    return {comp_id: w / total for comp_id, w in weight.items()}


def _attainment(rubric: Rubric, comp: Competency, rating: int, role: str) -> Fraction:
    """How much of the expected level is reached: 0 at the scale's floor, 1 at or above expectation."""
    floor, expected = rubric.min_level, comp.expected[role]
    return Fraction(min(rating, expected) - floor, expected - floor)


@dataclass(frozen=True)
class _Units:
    """Share × attainment of each competency at each level, as whole numbers over one denominator: readiness is
    then a sum of integers, exactly the sum of fractions it stands for, at a fraction of the cost."""

    denominator: int
    units: tuple[tuple[str, dict[int, int]], ...]  # (competency id, level -> share × attainment × denominator)

    @property
    def by_competency(self) -> dict[str, dict[int, int]]:
        return dict(self.units)

    def numerator(self, ratings: Ratings) -> int | None:
        """100 × readiness × denominator; None for a rating off the scale (the sum of fractions says what it
        counts for)."""
        try:
            return 100 * sum([levels[ratings[comp_id]] for comp_id, levels in self.units])
        except KeyError:
            return None


def _units(rubric: Rubric, role: str, weights: Mapping[str, Fraction]) -> _Units:
    floor = rubric.min_level
    steps = {comp_id: rubric.competency(comp_id).expected[role] - floor for comp_id in weights}
    denominator = lcm(*((share / steps[comp_id]).denominator for comp_id, share in weights.items()))
    units = []
    for comp_id, share in weights.items():
        per_step = share / steps[comp_id] * denominator  # a whole number, by the choice of denominator
        expected = rubric.competency(comp_id).expected[role]
        units.append((comp_id, {level: int(per_step * (min(level, expected) - floor)) for level in rubric.levels}))
    return _Units(denominator, tuple(units))


def _table(rubric: Rubric, role: str) -> _Units:
    return derived(rubric, ("units", role), lambda: _units(rubric, role, shares(rubric, role)))


def _readiness_exact(rubric: Rubric, ratings: Ratings, role: str, weights: Mapping[str, Fraction]) -> Fraction:
    if not weights:
        return Fraction(100)
    if weights is shares(rubric, role):
        table = _table(rubric, role)
        numerator = table.numerator(ratings)
        if numerator is not None:
            return Fraction(numerator, table.denominator)
    return 100 * sum(
        (share * _attainment(rubric, rubric.competency(comp_id), ratings[comp_id], role)
         for comp_id, share in weights.items()),
        Fraction(0),
    )


def gap_points(rubric: Rubric, comp: Competency, rating: int, role: str) -> Fraction:
    """The readiness points for `role` that raising `comp` from `rating` to the expected level would add."""
    table = derived(rubric, ("units by competency", role), lambda: _table(rubric, role).by_competency)
    levels = table.get(comp.id)
    if levels is None or rating not in levels:
        return 100 * shares(rubric, role).get(comp.id, Fraction(0)) * (1 - _attainment(rubric, comp, rating, role))
    return Fraction(100 * (levels[comp.expected[role]] - levels[rating]), _table(rubric, role).denominator)


def readiness(rubric: Rubric, ratings: Ratings, role: str, weights: Mapping[str, Fraction] | None = None) -> float:
    weights = shares(rubric, role) if weights is None else weights
    if weights and weights is shares(rubric, role):
        table = _table(rubric, role)
        numerator = table.numerator(ratings)
        if numerator is not None:  # int / int is rounded correctly: the float of the exact fraction
            return round(numerator / table.denominator, 1)
    return round(float(_readiness_exact(rubric, ratings, role, weights)), 1)


def _area_scores(rubric: Rubric, ratings: Ratings, role: str) -> dict[str, float]:
    """Each area's attainment for `role`, 0-100, weighted as readiness is; areas expected of nothing are left out."""
    scores = {}
    for area_id, weights in derived(rubric, ("area shares", role), lambda: _area_shares(rubric, role)).items():
        table = derived(rubric, ("area units", role, area_id), lambda: _units(rubric, role, weights))  # noqa: B023
        numerator = table.numerator(ratings)
        scores[area_id] = round(numerator / table.denominator if numerator is not None
                                else float(_readiness_exact(rubric, ratings, role, weights)), 1)
    return scores


def _area_shares(rubric: Rubric, role: str) -> dict[str, dict[str, Fraction]]:
    """Per area, its competencies' shares of the area's score for `role`: their shares of readiness, rescaled."""
    weights = shares(rubric, role)
    found = {}
    for area in rubric.areas:
        inside = {comp.id: weights[comp.id] for comp in rubric.competencies_of(area.id) if comp.id in weights}
        if inside:
            total = sum(inside.values(), Fraction(0))
            found[area.id] = {comp_id: share / total for comp_id, share in inside.items()}
    return found


def gate_results(rubric: Rubric, answers: Answers, role: str) -> list[GateResult]:
    # A gate asks only about facts, which most of a person's runs share: an import of thousands of runs works
    # each rung's gates out once per set of facts.
    memo: dict[object, list[GateResult]] = derived(rubric, "gates by facts", dict)
    key = (role, tuple((fact, type(value).__name__, value) for fact, value in sorted(answers.facts.items())))
    if key not in memo:
        if len(memo) >= GATE_MEMO:
            memo.clear()
        memo[key] = _gate_results(rubric, answers, role)
    return list(memo[key])


GATE_MEMO = 4096  # sets of facts and rungs remembered per rubric


def _gate_results(rubric: Rubric, answers: Answers, role: str) -> list[GateResult]:
    results = []
    for gate in rubric.gates:
        alternatives = gate.required.get(role, [])
        named = list(dict.fromkeys(fact for alternative in alternatives for fact in alternative))
        met_by = next((i for i, alternative in enumerate(alternatives)
                       if all(_reaches(rubric.fact(fact), answers.facts.get(fact), value)
                              for fact, value in alternative.items())), None)
        results.append(GateResult(
            id=gate.id,
            title=gate.title,
            required=[dict(alternative) for alternative in alternatives],
            actual={fact: answers.facts.get(fact) for fact in named},
            met=not alternatives or met_by is not None,
            met_by=met_by,
            assumed=(role in gate.assumed or role in gate.advisory) and bool(alternatives),
            advisory=role in gate.advisory and bool(alternatives),
        ))
    return results


def gates_met(gates: list[GateResult]) -> bool:
    """Whether nothing of `gates` blocks: every gate met, or only advising."""
    return all(gate.met or gate.advisory for gate in gates)


def _reaches(fact: Fact, actual: FactValue | None, required: FactValue) -> bool:
    return actual is not None and fact.rank(actual) >= fact.rank(required)


def core_short(rubric: Rubric, ratings: Ratings, unsure: Collection[str], role: str) -> list[str]:
    """The rung's core competencies that block it: answered "not sure", more than their tolerance below
    expectation (none for those the rung requires in full), or at the lowest level. The last matters where a
    rung expects little: a junior rung expecting level 1 of ML foundations cannot rest on none at all, tolerance
    or not."""
    floor = rubric.min_level
    core = derived(rubric, ("core", role), lambda: [(comp.id, comp.expected[role], rubric.tolerance(comp, role))
                                                    for comp in rubric.competencies if rubric.is_core(comp, role)])
    return [
        comp_id
        for comp_id, expected, tolerance in core
        if comp_id in unsure or expected - ratings[comp_id] > tolerance or ratings[comp_id] == floor
    ]


def _meets_scores(rubric: Rubric, ratings: Ratings, unsure: Collection[str], role: str,
                  weights: Mapping[str, Fraction]) -> bool:
    return (readiness(rubric, ratings, role, weights) >= rubric.scoring.threshold
            and not core_short(rubric, ratings, unsure, role))


def strengths(rubric: Rubric, ratings: Ratings, role: str) -> list[Strength]:
    """Competencies rated above what the role expects, the widest margin first."""
    above = [comp for comp in rubric.competencies if ratings[comp.id] > comp.expected[role]]
    above.sort(key=lambda c: (-(ratings[c.id] - c.expected[role]) * c.weight, -ratings[c.id]))
    return [Strength(competency=c.id, title=c.title, current=ratings[c.id], expected=c.expected[role]) for c in above]


def area_levels(rubric: Rubric, ratings: Ratings, role: str) -> dict[str, AreaLevels]:
    """Mean rated and mean expected level per area, for the radar chart."""
    levels = {}
    for area in rubric.areas:
        comps = rubric.competencies_of(area.id)
        levels[area.id] = AreaLevels(
            current=round(sum(ratings[c.id] for c in comps) / len(comps), 2),
            expected=round(sum(c.expected[role] for c in comps) / len(comps), 2),
        )
    return levels
