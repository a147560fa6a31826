"""Placement beyond readiness: the one order to work on gaps, what it would take to meet a rung, the placement on
every track, and which next rung is nearer. Pure."""

from __future__ import annotations

from collections.abc import Collection

from assess.core.answers import Answers
from assess.core.models import model_of
from assess.core.readiness import Ratings, _meets_scores, core_short, gate_results, readiness
from assess.core.results import Furthest, Gap, NextStep, RatingChange, TrackPlacement, WhatItTakes
from assess.core.rubric import Rubric


def ranked_gaps(rubric: Rubric, ratings: Ratings, unsure: Collection[str], role: str) -> list[Gap]:
    """The competencies short of `role`, in the order to work on them. This one order serves the gap table,
    what it would take, the next steps, the plan, and so the goals the next run checks.

    First the core competencies that block the rung (short by more than the tolerance, or not sure), its own
    or those of a rung below it on its track, because nothing else makes up for them: those blocking the lowest
    rung first, as that rung is climbed first. Then, under a model that judges each rung on its own asks, the gaps
    of the lowest rung not yet met; then by what closing the gap would add to the score (readiness points, or
    points), because that is what moves the verdict; ties in rubric order. What each gap aims at is the model's:
    the expected level, or under points also the levels that would bring the total to the rung's minimum.
    """
    model = model_of(rubric)
    blocks: dict[str, str] = {}
    climb = _climb_to(rubric, role)
    for rung in climb:  # lowest first: a gap names the first rung it blocks
        for comp_id in core_short(rubric, ratings, unsure, rung):
            blocks.setdefault(comp_id, rung)
    aims = model.aims(rubric, ratings, unsure, role)
    found = []
    for index, comp in enumerate(rubric.competencies):
        if comp.id not in aims:
            continue
        home, points = model.gain(rubric, ratings, role, comp.id, aims[comp.id])
        gap = Gap(competency=comp.id, title=comp.title, area=comp.area, current=ratings[comp.id],
                  expected=aims[comp.id], priority=round(float(points), 1), core=rubric.is_core(comp, role),
                  blocking=comp.id in blocks, blocks=blocks.get(comp.id), unknown=comp.id in unsure)
        lowest = climb.index(blocks[comp.id]) if comp.id in blocks else len(climb)
        found.append(((lowest, climb.index(home), -points, index), gap))
    return [gap for _, gap in sorted(found, key=lambda pair: pair[0])]


def what_it_takes(rubric: Rubric, answers: Answers, ratings: Ratings, unsure: Collection[str],
                  role: str) -> WhatItTakes:
    """What holds the person back from `role`, and the fewest rating changes that would meet it.

    Walk the ranking: blocking core competencies first, then the largest gains, until the rung is met; a last pass
    lowers each raise to the least that still meets the rung. Under attainment readiness is a sum of independent
    per-competency gains, so taking the largest first gives the fewest changes; under points the gaps already aim
    at the fewest levels that reach the rung's minimum. A rung no ratings can meet (under transitions, one that asks
    nothing of its own) says so, with no changes.
    """
    after = dict(ratings)
    still_unsure = set(unsure)
    chosen: list[str] = []
    for gap in ranked_gaps(rubric, ratings, unsure, role):
        if not gap.blocking and _meets_scores(rubric, after, still_unsure, role):
            break
        after[gap.competency] = gap.expected
        still_unsure.discard(gap.competency)
        chosen.append(gap.competency)
    reachable = _meets_scores(rubric, after, still_unsure, role)
    if reachable:
        _lower_each(rubric, ratings, unsure, role, after, still_unsure, chosen)
    else:
        after = dict(ratings)
    chosen = [comp_id for comp_id in chosen if after[comp_id] != ratings[comp_id]]
    unmet = [gate for gate in gate_results(rubric, answers, role) if not gate.met]
    now = readiness(rubric, ratings, role)
    total = model_of(rubric).total
    return WhatItTakes(
        role=role,
        readiness=now,
        threshold=rubric.scoring.threshold,
        points_short=round(max(0.0, rubric.scoring.threshold - now), 1),
        gates=[gate for gate in unmet if not gate.advisory],
        advisory=[gate for gate in unmet if gate.advisory],
        core=core_short(rubric, ratings, unsure, role),
        changes=[RatingChange(competency=c, title=rubric.competency(c).title, from_=ratings[c], to=after[c])
                 for c in chosen],
        readiness_after=readiness(rubric, after, role),
        reachable=reachable,
        points=None if total is None else float(total(rubric, ratings)),
        points_needed=None if total is None else rubric.scoring.bands[role],
        points_after=None if total is None else float(total(rubric, after)),
    )


def _lower_each(rubric: Rubric, ratings: Ratings, unsure: Collection[str], role: str, after: dict[str, int],
                still_unsure: set[str], chosen: list[str]) -> None:
    """Lower each raise in `after` while the rung stays met, the last chosen first: a later raise may make an
    earlier one moot."""
    for comp_id in reversed(chosen):
        while after[comp_id] > ratings[comp_id]:
            after[comp_id] -= 1
            back_to_unsure = after[comp_id] == ratings[comp_id] and comp_id in unsure
            if back_to_unsure:
                still_unsure.add(comp_id)
            if not _meets_scores(rubric, after, still_unsure, role):
                after[comp_id] += 1
                still_unsure.discard(comp_id)
                break


def _climb_to(rubric: Rubric, role: str) -> list[str]:
    """The rungs of `role`'s track up to and including it, lowest first."""
    track = rubric.track(rubric.tracks_of(role)[0])  # tracks branch and never join, so every track holding it agrees
    return track.rungs[:track.rungs.index(role) + 1]


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


def furthest(rubric: Rubric, found: list[TrackPlacement]) -> Furthest | None:
    """The highest rung met on any track, by how far up its track it is; between tracks as far up, the target's
    path (the person is placed as far on it), then the track listed first."""
    placed = [p for p in found if p.placement is not None]
    if not placed:
        return None

    def height(p: TrackPlacement) -> tuple[int, bool]:
        assert p.placement is not None
        return rubric.track(p.track).rungs.index(p.placement), p.track == rubric.path.id

    best = max(placed, key=height)  # max keeps the first of equals: the file order of tracks
    assert best.placement is not None
    return Furthest(track=best.track, title=best.title, placement=best.placement)


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
