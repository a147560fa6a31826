"""Scoring: readiness, placement on every track, gaps in the order to work on them, what it would take.

Pure and deterministic. Arithmetic is exact (fractions) and rounded once, at the end, to one decimal,
so the same answers and rubric give the same numbers to the digit, and a rung is met on the number
the person sees.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from fractions import Fraction

from assess.core.models import (
    Answers,
    AnswerWarning,
    AreaLevels,
    EvidenceCount,
    Gap,
    GateResult,
    NextStep,
    RatingChange,
    Result,
    RoleResult,
    Strength,
    TrackPlacement,
    WhatItTakes,
)
from assess.core.plan import HORIZONS, build_plan
from assess.core.rubric import Competency, Fact, FactValue, Rubric

Ratings = Mapping[str, int]  # every competency's rating, "not sure" counted at the lowest level

STRAIGHT_LINE_MIN_ANSWERS = 10
STRAIGHT_LINE_SHARE = 0.9


def effective_ratings(rubric: Rubric, answers: Answers) -> dict[str, int]:
    """Every competency's rating, with "not sure" and unanswered counted at the lowest level."""
    floor = rubric.min_level
    return {comp.id: _given(answers, comp.id, floor) for comp in rubric.competencies}


def _given(answers: Answers, comp_id: str, floor: int) -> int:
    rating = answers.ratings.get(comp_id)
    return floor if rating is None else rating


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
        inside = {c.id: s for c_id, s in weights.items() if (c := rubric.competency(c_id)).area == area.id}
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
            assumed=role in gate.assumed and bool(alternatives),
        ))
    return results


def _reaches(fact: Fact, actual: FactValue | None, required: FactValue) -> bool:
    return actual is not None and fact.rank(actual) >= fact.rank(required)


def core_short(rubric: Rubric, ratings: Ratings, unsure: Collection[str], role: str) -> list[str]:
    """The rung's core competencies that block it: answered "not sure", more than the tolerance below
    expectation, or at the lowest level. The last matters where a rung expects little: a junior rung
    expecting level 1 of ML foundations cannot rest on none at all, tolerance or not."""
    tolerance, floor = rubric.scoring.critical_tolerance, rubric.min_level
    return [
        comp.id
        for comp in rubric.competencies
        if rubric.is_core(comp, role)
        and (comp.id in unsure or comp.expected[role] - ratings[comp.id] > tolerance or ratings[comp.id] == floor)
    ]


def _meets_scores(rubric: Rubric, ratings: Ratings, unsure: Collection[str], role: str,
                  weights: Mapping[str, Fraction]) -> bool:
    return (readiness(rubric, ratings, role, weights) >= rubric.scoring.threshold
            and not core_short(rubric, ratings, unsure, role))


def ranked_gaps(rubric: Rubric, ratings: Ratings, unsure: Collection[str], role: str) -> list[Gap]:
    """The competencies short of `role`, in the order to work on them. This one order serves the gap table,
    what it would take, the next steps, the plan, and so the goals the next run checks.

    First the core competencies that block the rung (short by more than the tolerance, or not sure), its own
    or those of a rung below it on its track, because no readiness makes up for them: those blocking the lowest
    rung first, as that rung is climbed first. Then by the readiness points closing the gap would add, because
    that is what moves the verdict; ties in rubric order.
    """
    weights = shares(rubric, role)
    blocks: dict[str, str] = {}
    climb = _climb_to(rubric, role)
    for rung in climb:  # lowest first: a gap names the first rung it blocks
        for comp_id in core_short(rubric, ratings, unsure, rung):
            blocks.setdefault(comp_id, rung)
    found = []
    for index, comp in enumerate(rubric.competencies):
        current, expected = ratings[comp.id], comp.expected[role]
        if current >= expected:
            continue
        points = 100 * weights[comp.id] * (1 - _attainment(rubric, comp, current, role))
        gap = Gap(competency=comp.id, title=comp.title, area=comp.area, current=current, expected=expected,
                  priority=round(float(points), 1), core=rubric.is_core(comp, role), blocking=comp.id in blocks,
                  blocks=blocks.get(comp.id), unknown=comp.id in unsure)
        lowest = climb.index(blocks[comp.id]) if comp.id in blocks else len(climb)
        found.append(((lowest, -points, index), gap))
    return [gap for _, gap in sorted(found, key=lambda pair: pair[0])]


def what_it_takes(rubric: Rubric, answers: Answers, ratings: Ratings, unsure: Collection[str],
                  role: str) -> WhatItTakes:
    """What holds the person back from `role`, and the fewest rating changes that would meet it.

    Walk the ranking: blocking core competencies first, then the largest readiness gains, until the
    rung is met. Readiness is a sum of independent per-competency gains, so taking the largest first
    gives the fewest changes; a last pass lowers each raise to the least that still meets the rung.
    """
    weights = shares(rubric, role)
    after = dict(ratings)
    still_unsure = set(unsure)
    chosen: list[str] = []
    for gap in ranked_gaps(rubric, ratings, unsure, role):
        if not gap.blocking and _meets_scores(rubric, after, still_unsure, role, weights):
            break
        after[gap.competency] = gap.expected
        still_unsure.discard(gap.competency)
        chosen.append(gap.competency)
    for comp_id in reversed(chosen):  # lower each raise while the rung stays met; a later raise may make it moot
        while after[comp_id] > ratings[comp_id]:
            after[comp_id] -= 1
            back_to_unsure = after[comp_id] == ratings[comp_id] and comp_id in unsure
            if back_to_unsure:
                still_unsure.add(comp_id)
            if not _meets_scores(rubric, after, still_unsure, role, weights):
                after[comp_id] += 1
                still_unsure.discard(comp_id)
                break
    chosen = [comp_id for comp_id in chosen if after[comp_id] != ratings[comp_id]]
    return WhatItTakes(
        role=role,
        readiness=readiness(rubric, ratings, role, weights),
        threshold=rubric.scoring.threshold,
        points_short=round(max(0.0, rubric.scoring.threshold - readiness(rubric, ratings, role, weights)), 1),
        gates=[gate for gate in gate_results(rubric, answers, role) if not gate.met],
        core=core_short(rubric, ratings, unsure, role),
        changes=[RatingChange(competency=c, title=rubric.competency(c).title, from_=ratings[c], to=after[c])
                 for c in chosen],
        readiness_after=readiness(rubric, after, role, weights),
    )


def _role_result(rubric: Rubric, answers: Answers, ratings: Ratings, unsure: Collection[str],
                 role: str) -> RoleResult:
    ready = readiness(rubric, ratings, role)
    gates_met = all(gate.met for gate in gate_results(rubric, answers, role))
    short = core_short(rubric, ratings, unsure, role)
    return RoleResult(
        id=role,
        title=rubric.role(role).title,
        tracks=rubric.tracks_of(role),
        readiness=ready,
        gates_met=gates_met,
        core_short=short,
        met=ready >= rubric.scoring.threshold and gates_met and not short,
    )


def _climb_to(rubric: Rubric, role: str) -> list[str]:
    """The rungs of `role`'s track up to and including it, lowest first."""
    track = rubric.track(rubric.tracks_of(role)[0])  # tracks branch and never join, so every track holding it agrees
    return track.rungs[:track.rungs.index(role) + 1]


def _climbed(roles: list[RoleResult], rubric: Rubric) -> list[RoleResult]:
    """Each rung met only if it is met on its own and so is every rung below it on its track: someone short of a
    Senior's core skills is not a Director just because a Director's core skills are others."""
    met_alone = {role.id for role in roles if role.met}
    climbed = []
    for role in roles:
        unmet = next((rung for rung in _climb_to(rubric, role.id)[:-1] if rung not in met_alone), None)
        if role.met and unmet is not None:  # met on its own, held back only by a rung below
            role = role.model_copy(update={"unmet_below": unmet, "met": False})
        climbed.append(role)
    return climbed


def placements(rubric: Rubric, answers: Answers, ratings: Ratings, unsure: Collection[str],
               met: Collection[str]) -> list[TrackPlacement]:
    """On every track, the highest rung met, the rung after it, and what that next rung would take."""
    found = []
    for track in rubric.all_tracks:
        held = [rung for rung in track.rungs if rung in met]
        placement = held[-1] if held else None
        index = track.rungs.index(placement) + 1 if placement else 0
        next_role = track.rungs[index] if index < len(track.rungs) else None
        take = what_it_takes(rubric, answers, ratings, unsure, next_role) if next_role else None
        found.append(TrackPlacement(track=track.id, title=track.title, placement=placement, next_role=next_role,
                                    what_it_takes=take))
    return found


def nearer_track(found: list[TrackPlacement]) -> str | None:
    """Of tracks whose next rungs differ, the one whose next rung is nearest: fewest gates short, then fewest
    levels to raise, then the higher readiness."""
    ahead = [p for p in found if p.what_it_takes is not None]
    if len({p.next_role for p in ahead}) < 2:
        return None

    def distance(p: TrackPlacement) -> tuple[int, int, float]:
        take = p.what_it_takes
        assert take is not None
        return len(take.gates), sum(c.to - c.from_ for c in take.changes), -take.readiness

    return min(ahead, key=distance).track


def next_steps(rubric: Rubric, placement: str | None, next_role: str | None, first_steps: list[NextStep]
               ) -> list[NextStep]:
    """The career steps for the move up, then the plan's first actions."""
    steps: list[NextStep] = []
    if next_role is not None:
        for move in rubric.career_steps:
            if move.to == next_role and move.from_ == placement:
                steps += [NextStep(kind="career", text=text, source=move.source) for text in move.steps]
    return steps + first_steps


def quality_warnings(rubric: Rubric, answers: Answers) -> list[AnswerWarning]:
    given = [r for r in answers.ratings.values() if r is not None]
    warnings: list[AnswerWarning] = []
    if len(given) >= STRAIGHT_LINE_MIN_ANSWERS:
        level, count = Counter(given).most_common(1)[0]
        if count / len(given) >= STRAIGHT_LINE_SHARE:
            warnings.append(AnswerWarning(
                kind="straight-lining",
                message=f"{count} of {len(given)} ratings are {level}: check each one against its anchor statement",
            ))
    for comp in rubric.competencies:
        rating = answers.ratings.get(comp.id)
        for check in comp.plausible:
            fact = answers.facts.get(check.fact)
            if rating is None or rating <= check.max_level or isinstance(fact, str):
                continue
            if fact is None or fact < check.min:
                title = rubric.fact(check.fact).title
                stated = "not given" if fact is None else f"{fact:g}"
                warnings.append(AnswerWarning(
                    kind="implausible",
                    competency=comp.id,
                    message=f"{comp.title} rated {rating}, but {title[0].lower()}{title[1:]} is {stated}; "
                    f"level {rating} usually takes at least {check.min:g}",
                ))
                break
    return warnings


def evidence_count(rubric: Rubric, answers: Answers) -> EvidenceCount:
    high = [comp for comp, r in answers.ratings.items() if r is not None and r >= rubric.evidence_level]
    evidenced = sum(1 for comp in high if answers.evidence.get(comp, "").strip())
    return EvidenceCount(claimed=len(high) - evidenced, evidenced=evidenced)


def strengths(rubric: Rubric, ratings: Ratings, role: str) -> list[Strength]:
    """Competencies rated above what the role expects, the widest margin first."""
    above = [comp for comp in rubric.competencies if ratings[comp.id] > comp.expected[role]]
    above.sort(key=lambda c: (-(ratings[c.id] - c.expected[role]) * c.weight, -ratings[c.id]))
    return [Strength(competency=c.id, title=c.title, current=ratings[c.id], expected=c.expected[role]) for c in above]


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
    )
