"""Readiness: each competency's share of a rung, attainment against what the rung expects, gates, and the core
skills that block a rung. Pure and exact (fractions), rounded once, so a rung is met on the number shown."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from fractions import Fraction

from assess.core.answers import Answers
from assess.core.fields import FactValue
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
    """Each competency's share of readiness for `role`; they sum to 1.

    A competency counts at a rung where something is expected of it. Its weight there is its own
    weight times its area's, times `core_weight` where it is core; a core competency is then lifted
    to at least the heaviest non-core one. Area weights multiply rather than being spread over an
    area's competencies, so an area with few competencies expected at a rung does not make each of
    them weigh more there; and whatever the weights, each core competency of a rung carries at least
    the share of any other competency of that rung.
    """
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


def _readiness_exact(rubric: Rubric, ratings: Ratings, role: str, weights: Mapping[str, Fraction]) -> Fraction:
    if not weights:
        return Fraction(100)
    return 100 * sum(
        (share * _attainment(rubric, rubric.competency(comp_id), ratings[comp_id], role)
         for comp_id, share in weights.items()),
        Fraction(0),
    )


def readiness(rubric: Rubric, ratings: Ratings, role: str, weights: Mapping[str, Fraction] | None = None) -> float:
    weights = shares(rubric, role) if weights is None else weights
    return round(float(_readiness_exact(rubric, ratings, role, weights)), 1)


def _area_scores(rubric: Rubric, ratings: Ratings, role: str) -> dict[str, float]:
    """Each area's attainment for `role`, 0-100, weighted as readiness is; areas expected of nothing are left out."""
    weights = shares(rubric, role)
    scores = {}
    for area in rubric.areas:
        inside = {comp.id: weights[comp.id] for comp in rubric.competencies_of(area.id) if comp.id in weights}
        if inside:
            total = sum(inside.values(), Fraction(0))
            scores[area.id] = round(float(_readiness_exact(rubric, ratings, role, {
                comp_id: share / total for comp_id, share in inside.items()})), 1)
    return scores


def gate_results(rubric: Rubric, answers: Answers, role: str) -> list[GateResult]:
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
    return [
        comp.id
        for comp in rubric.competencies
        if rubric.is_core(comp, role)
        and (comp.id in unsure or comp.expected[role] - ratings[comp.id] > rubric.tolerance(comp, role)
             or ratings[comp.id] == floor)
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
