"""Readiness, gates, and the core skills that block a rung: what every scoring model shares. What readiness is
(shares and attainment, points, transitions) is the rubric's model's (`assess.core.models`). Pure."""

from __future__ import annotations

from collections.abc import Collection
from fractions import Fraction

from assess.core.answers import Answers
from assess.core.fields import FactValue
from assess.core.memo import derived
from assess.core.model_base import Ratings
from assess.core.models import model_of
from assess.core.results import AreaLevels, GateResult, Strength
from assess.core.rubric import Rubric
from assess.core.rubric_parts import Fact


def effective_ratings(rubric: Rubric, answers: Answers) -> dict[str, int]:
    """Every competency's rating, with "not sure" and unanswered counted at the lowest level."""
    return {comp.id: rubric.counted(answers.ratings.get(comp.id)) for comp in rubric.competencies}


def unknowns(rubric: Rubric, answers: Answers) -> list[str]:
    return [comp.id for comp in rubric.competencies if answers.ratings.get(comp.id) is None]


def shares(rubric: Rubric, role: str) -> dict[str, Fraction]:
    """Each competency's share of readiness for `role` under the rubric's model (they sum to 1; {} where readiness
    is not made of shares, as under points)."""
    return model_of(rubric).shares(rubric, role)


def readiness(rubric: Rubric, ratings: Ratings, role: str) -> float:
    """Readiness for `role`, 0-100, as the rubric's model computes it, rounded once: a rung is met on the number
    shown."""
    return model_of(rubric).readiness(rubric, ratings, role)


def _area_scores(rubric: Rubric, ratings: Ratings, role: str) -> dict[str, float]:
    return model_of(rubric).area_scores(rubric, ratings, role)


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


def _meets_scores(rubric: Rubric, ratings: Ratings, unsure: Collection[str], role: str) -> bool:
    """Whether the ratings meet `role`, gates aside: its readiness reaches the threshold and no core skill is short."""
    return (readiness(rubric, ratings, role) >= rubric.scoring.threshold
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
