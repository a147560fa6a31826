"""Scoring: readiness, placement, gaps and what it would take. Pure and deterministic.

Arithmetic is exact (fractions) and rounded once, at the end, to one decimal, so the same answers
and rubric give the same numbers to the digit, and a role is met on the number the person sees.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from fractions import Fraction

from .models import (
    Answers,
    AnswerWarning,
    AreaLevels,
    Competency,
    EvidenceCount,
    Gap,
    GateResult,
    NextStep,
    RatingChange,
    Result,
    RoleResult,
    Rubric,
    Strength,
    WhatItTakes,
)

Ratings = dict[str, int]

STRAIGHT_LINE_MIN_ANSWERS = 10
STRAIGHT_LINE_SHARE = 0.9
TOP_GAP_ACTIONS = 5


def effective_ratings(rubric: Rubric, answers: Answers) -> Ratings:
    """Every competency's rating, with "not sure" and unanswered counted as 0."""
    return {comp.id: answers.ratings.get(comp.id) or 0 for comp in rubric.competencies}


def unknowns(rubric: Rubric, answers: Answers) -> list[str]:
    return [comp.id for comp in rubric.competencies if answers.ratings.get(comp.id) is None]


Shares = dict[str, tuple[Fraction, int]]


def _shares(rubric: Rubric, role: str) -> Shares:
    """Each counted competency's share of readiness for `role`, with its expected level.

    Readiness = sum of share x attainment: the area-weighted mean of the areas' weighted means,
    written out per competency so a change to one rating costs one term, not a rescoring.
    """
    area_totals: dict[str, Fraction] = {}
    for comp in rubric.competencies:
        if comp.expected[role]:
            area_totals[comp.area] = area_totals.get(comp.area, Fraction(0)) + Fraction(comp.weight)
    area_weights = {area.id: Fraction(area.weight) for area in rubric.areas if area.id in area_totals}
    total = sum(area_weights.values(), Fraction(0))
    return {
        comp.id: (area_weights[comp.area] / total * Fraction(comp.weight) / area_totals[comp.area], comp.expected[role])
        for comp in rubric.competencies
        if comp.expected[role]
    }


def _readiness_exact(rubric: Rubric, ratings: Ratings, role: str, shares: Shares | None = None) -> Fraction:
    shares = _shares(rubric, role) if shares is None else shares
    if not shares:
        return Fraction(100)
    return 100 * sum(
        (share * Fraction(min(ratings[comp_id], expected), expected) for comp_id, (share, expected) in shares.items()),
        Fraction(0),
    )


def _area_exact(rubric: Rubric, ratings: Ratings, role: str, area_id: str) -> Fraction | None:
    """Weight-averaged attainment of the area's competencies expected for `role`; None if none are."""
    attained = Fraction(0)
    weight = Fraction(0)
    for comp in rubric.competencies:
        expected = comp.expected[role]
        if comp.area != area_id or expected == 0:
            continue
        attained += Fraction(comp.weight) * Fraction(min(ratings[comp.id], expected), expected)
        weight += Fraction(comp.weight)
    return attained / weight if weight else None


def readiness(rubric: Rubric, ratings: Ratings, role: str, shares: Shares | None = None) -> float:
    return round(float(_readiness_exact(rubric, ratings, role, shares)), 1)


def gate_results(rubric: Rubric, answers: Answers, role: str) -> list[GateResult]:
    results = []
    for gate in rubric.gates:
        required = gate.required.get(role)
        actual = answers.facts.get(gate.id)
        met = required is None or (actual is not None and gate.rank(actual) >= gate.rank(required))
        results.append(GateResult(id=gate.id, title=gate.title, required=required, actual=actual, met=met))
    return results


def critical_short(rubric: Rubric, ratings: Ratings, role: str) -> list[str]:
    """Critical competencies more than the tolerated number of levels below expectation."""
    tolerance = rubric.scoring.critical_tolerance
    return [
        comp.id
        for comp in rubric.competencies
        if comp.critical and comp.expected[role] - ratings[comp.id] > tolerance
    ]


def _role_result(rubric: Rubric, answers: Answers, ratings: Ratings, role: str) -> RoleResult:
    ready = readiness(rubric, ratings, role)
    gates_met = all(gate.met for gate in gate_results(rubric, answers, role))
    short = critical_short(rubric, ratings, role)
    return RoleResult(
        id=role,
        title=rubric.role(role).title,
        readiness=ready,
        gates_met=gates_met,
        critical_short=short,
        met=ready >= rubric.scoring.threshold and gates_met and not short,
    )


def gap_priority(comp: Competency, current: int, expected: int) -> float:
    return comp.weight * (expected - current) * (2 if comp.critical else 1)


def gaps(rubric: Rubric, answers: Answers, ratings: Ratings, role: str) -> list[Gap]:
    area_weight = {area.id: area.weight for area in rubric.areas}
    order = {comp.id: i for i, comp in enumerate(rubric.competencies)}
    found = [
        Gap(
            competency=comp.id,
            title=comp.title,
            area=comp.area,
            current=ratings[comp.id],
            expected=comp.expected[role],
            priority=round(gap_priority(comp, ratings[comp.id], comp.expected[role]), 2),
            critical=comp.critical,
            unknown=answers.ratings.get(comp.id) is None,
        )
        for comp in rubric.competencies
        if ratings[comp.id] < comp.expected[role]
    ]
    return sorted(found, key=lambda g: (-g.priority, -area_weight[g.area], order[g.competency]))


def strengths(rubric: Rubric, ratings: Ratings, role: str) -> list[Strength]:
    """Competencies rated above what the role expects, the widest margin first."""
    above = [comp for comp in rubric.competencies if ratings[comp.id] > comp.expected[role]]
    above.sort(key=lambda c: (-(ratings[c.id] - c.expected[role]) * c.weight, -ratings[c.id]))
    return [
        Strength(competency=c.id, title=c.title, current=ratings[c.id], expected=c.expected[role]) for c in above
    ]


def _meets_scores(rubric: Rubric, ratings: Ratings, role: str, shares: Shares) -> bool:
    return (
        readiness(rubric, ratings, role, shares) >= rubric.scoring.threshold
        and not critical_short(rubric, ratings, role)
    )


def what_it_takes(rubric: Rubric, answers: Answers, ratings: Ratings, role: str) -> WhatItTakes:
    """What holds the person back from `role`, and the fewest rating changes that would meet it.

    Readiness is a weighted sum of independent per-competency gains, so taking the largest gains
    first gives the fewest changes; a last pass lowers each raise to the least that still meets.
    """
    shares = _shares(rubric, role)
    ready = readiness(rubric, ratings, role, shares)
    after = dict(ratings)
    chosen: list[str] = []
    for comp_id in critical_short(rubric, ratings, role):
        after[comp_id] = rubric.competency(comp_id).expected[role]
        chosen.append(comp_id)
    candidates = [
        comp
        for comp in rubric.competencies
        if comp.id not in chosen and after[comp.id] < comp.expected[role]
    ]
    candidates.sort(key=lambda c: -_gain(shares, after, c.id))
    for comp in candidates:
        if _meets_scores(rubric, after, role, shares):
            break
        after[comp.id] = comp.expected[role]
        chosen.append(comp.id)
    for comp_id in reversed(chosen):
        while after[comp_id] > ratings[comp_id] + 1:
            after[comp_id] -= 1
            if not _meets_scores(rubric, after, role, shares):
                after[comp_id] += 1
                break
    changes = [
        RatingChange(competency=c, title=rubric.competency(c).title, from_=ratings[c], to=after[c]) for c in chosen
    ]
    gates = gate_results(rubric, answers, role)
    return WhatItTakes(
        role=role,
        readiness=ready,
        threshold=rubric.scoring.threshold,
        points_short=round(max(0.0, rubric.scoring.threshold - ready), 1),
        gates=[gate for gate in gates if not gate.met],
        critical=critical_short(rubric, ratings, role),
        changes=changes,
        readiness_after=readiness(rubric, after, role, shares),
    )


def _gain(shares: Shares, ratings: Ratings, comp_id: str) -> Fraction:
    """Share of readiness gained by raising `comp_id` to its expected level."""
    share, expected = shares.get(comp_id, (Fraction(0), 1))
    return share * (1 - Fraction(min(ratings[comp_id], expected), expected))


def development_order(rubric: Rubric, current: Mapping[str, int], role: str) -> list[Competency]:
    """The competencies in `current` that fall short of `role`, in the order to work on them.

    Critical ones first, then by gap priority, area weight and rubric order. The next steps, the
    report's plan and the next run's check of "the last plan's goals" all follow this one order.
    """
    area_weight = {area.id: area.weight for area in rubric.areas}
    order = {comp.id: i for i, comp in enumerate(rubric.competencies)}
    short = [c for c in rubric.competencies if c.id in current and current[c.id] < c.expected[role]]
    return sorted(
        short,
        key=lambda c: (
            not c.critical,
            -gap_priority(c, current[c.id], c.expected[role]),
            -area_weight[c.area],
            order[c.id],
        ),
    )


def next_steps(rubric: Rubric, placement: str | None, next_role: str | None, ratings: Ratings) -> list[NextStep]:
    """The career steps for the move up, then an action for each of the first competencies to work on.

    The actions aim at the next rung, or at the target itself once the top rung is held.
    """
    steps: list[NextStep] = []
    if next_role is not None:
        for move in rubric.career_steps:
            if move.to == next_role and move.from_ == placement:
                steps += [NextStep(kind="career", text=text, source=move.source) for text in move.steps]
    for comp in development_order(rubric, ratings, next_role or rubric.target)[:TOP_GAP_ACTIONS]:
        steps.append(NextStep(kind="action", text=comp.actions[ratings[comp.id]], competency=comp.id))
    return steps


def quality_warnings(rubric: Rubric, answers: Answers) -> list[AnswerWarning]:
    given = [r for r in answers.ratings.values() if r is not None]
    warnings: list[AnswerWarning] = []
    if len(given) >= STRAIGHT_LINE_MIN_ANSWERS:
        level, count = Counter(given).most_common(1)[0]
        if count / len(given) >= STRAIGHT_LINE_SHARE:
            warnings.append(
                AnswerWarning(
                    kind="straight-lining",
                    message=f"{count} of {len(given)} ratings are {level}: "
                    "check each one against its anchor statement",
                )
            )
    for comp in rubric.competencies:
        rating = answers.ratings.get(comp.id)
        for check in comp.plausible:
            fact = answers.facts.get(check.fact)
            if rating is None or rating <= check.max_level or isinstance(fact, str):
                continue
            if fact is None or fact < check.min:
                title = rubric.gate(check.fact).title
                stated = "not given" if fact is None else f"{fact:g}"
                warnings.append(
                    AnswerWarning(
                        kind="implausible",
                        competency=comp.id,
                        message=f"{comp.title} rated {rating}, but {title[0].lower()}{title[1:]} is {stated}; "
                        f"level {rating} usually takes at least {check.min:g}",
                    )
                )
                break
    return warnings


def evidence_count(answers: Answers) -> EvidenceCount:
    high = [comp for comp, r in answers.ratings.items() if r is not None and r >= 3]
    evidenced = sum(1 for comp in high if answers.evidence.get(comp, "").strip())
    return EvidenceCount(claimed=len(high) - evidenced, evidenced=evidenced)


def area_levels(rubric: Rubric, ratings: Ratings, role: str) -> dict[str, AreaLevels]:
    """Mean rated and mean expected level per area, for the radar chart."""
    levels = {}
    for area in rubric.areas:
        comps = [c for c in rubric.competencies if c.area == area.id]
        levels[area.id] = AreaLevels(
            current=round(sum(ratings[c.id] for c in comps) / len(comps), 2),
            expected=round(sum(c.expected[role] for c in comps) / len(comps), 2),
        )
    return levels


def score(rubric: Rubric, answers: Answers) -> Result:
    """Score checked answers (see `answers.check_answers`) against their rubric."""
    ratings = effective_ratings(rubric, answers)
    roles = [_role_result(rubric, answers, ratings, role) for role in rubric.role_ids()]
    met = [role.id for role in roles if role.met]
    placement = met[-1] if met else None
    ladder = rubric.role_ids()
    next_index = ladder.index(placement) + 1 if placement else 0
    next_role = ladder[next_index] if next_index < len(ladder) else None
    target = rubric.target
    target_gaps = gaps(rubric, answers, ratings, target)
    area_scores = {}
    for area in rubric.areas:
        exact = _area_exact(rubric, ratings, target, area.id)
        if exact is not None:
            area_scores[area.id] = round(float(exact) * 100, 1)
    return Result(
        rubric=rubric.id,
        rubric_version=rubric.version,
        target=target,
        readiness=readiness(rubric, ratings, target),
        readiness_by_role={role.id: role.readiness for role in roles},
        roles=roles,
        placement=placement,
        next_role=next_role,
        areas=area_scores,
        area_levels=area_levels(rubric, ratings, target),
        gates=gate_results(rubric, answers, target),
        gaps=target_gaps,
        strengths=strengths(rubric, ratings, target),
        unknowns=unknowns(rubric, answers),
        what_it_takes=what_it_takes(rubric, answers, ratings, next_role) if next_role else None,
        next_steps=next_steps(rubric, placement, next_role, ratings),
        evidence=evidence_count(answers),
        warnings=quality_warnings(rubric, answers),
    )
