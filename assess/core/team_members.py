"""A person of a team as the team views need them: what the engine made of their run, without what they kept back.

A member is derived once from a run the engine has scored (`member_of`); every team view reads members only. A
member holds ratings, the standing on every rung and track and the runs that give a pace; never evidence text
and never a fact's value. From a shared input, a gate that asks about a fact kept private is neither met nor
unmet: the rungs it stands on read "private" when nothing else that can be seen holds them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Literal

from assess.core.fields import Frozen
from assess.core.others import Calibration
from assess.core.placement import _climb_to, what_it_takes
from assess.core.readiness import effective_ratings, gate_results
from assess.core.results import Result, WhatItTakes
from assess.core.rubric import Rubric
from assess.core.runs import StoredRun
from assess.core.share import Sharing

Status = Literal["met", "not met", "private"]


class RungStanding(Frozen):
    rung: str
    readiness: float
    status: Status
    core_short: list[str]  # core competencies that block it
    gates_short: list[str]  # gates not met that may be shown (none that asks about a private fact)


class TrackStanding(Frozen):
    track: str
    placement: str | None  # highest rung met
    next_role: str | None  # lowest rung not met; a rung whose gates are private is not "not met"
    take: WhatItTakes | None  # for `next_role`; without gates that ask about a private fact


class OthersMean(Frozen):
    competency: str
    mean: float
    raters: int


class Point(Frozen):
    """One run of the person's, for their pace."""

    run_id: str
    finished_at: str
    readiness_by_role: dict[str, float]


class Member(Frozen):
    key: str  # who the person is across inputs: the name, case and spacing aside
    name: str
    run_id: str
    taken_at: str
    rubric_id: str
    rubric_version: str
    rubric_hash: str
    shared: bool
    ratings: dict[str, int | None]  # every competency; None: "not sure" or not answered
    evidenced: list[str] | None  # ratings at the evidence level or above with a sentence; None: not shared
    others: list[OthersMean] = []  # others' mean where 360° ratings came with the input
    rungs: list[RungStanding]
    tracks: list[TrackStanding]
    track: str  # the track the person's next rung is on: the nearer one, else the path to the target
    history: list[Point]  # the person's runs of this rubric, oldest first, this one last

    def rung(self, rung_id: str) -> RungStanding:
        return self._rungs[rung_id]

    @cached_property
    def _rungs(self) -> dict[str, RungStanding]:
        return {standing.rung: standing for standing in self.rungs}

    def on(self, track_id: str) -> TrackStanding:
        return next(standing for standing in self.tracks if standing.track == track_id)

    def holds(self, rung_id: str) -> bool:
        return self.rung(rung_id).status == "met"


def person_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def evidenced_of(run: StoredRun, rubric: Rubric) -> list[str]:
    """The competencies rated at the evidence level or above with a sentence of proof (the sentences stay out)."""
    return sorted(comp for comp, text in run.answers.evidence.items()
                  if text.strip() and rubric.counted(run.answers.ratings.get(comp)) >= rubric.evidence_level)


def others_of(calibration: Calibration | None) -> list[OthersMean]:
    if calibration is None:
        return []
    return [OthersMean(competency=row.competency, mean=row.others, raters=row.raters)
            for row in calibration.competencies if row.others is not None]


def member_of(run: StoredRun, rubric: Rubric, rubric_hash: str, shared: Sharing | None, *,
              evidenced: list[str] | None, history: Sequence[Point] = (), others: Sequence[OthersMean] = ()
              ) -> Member:
    """The member of complete `run`, scored by the engine against `rubric`; `shared` when it came from a shared
    report (its private facts are not in its answers, its evidence is unknown: `evidenced` None). `history` holds
    the person's other runs of the rubric."""
    result = run.result
    if result is None or run.finished_at is None:
        raise ValueError(f"run {run.id} is not scored")
    name = run.answers.name or run.profile
    rungs = _standings(rubric, run, result, shared)
    own = Point(run_id=run.id, finished_at=run.finished_at, readiness_by_role=result.readiness_by_role)
    points = {point.run_id: point for point in [*history, own]}
    return Member(
        key=person_key(name), name=name, run_id=run.id, taken_at=run.finished_at, rubric_id=rubric.id,
        rubric_version=rubric.version, rubric_hash=rubric_hash, shared=shared is not None,
        ratings={comp.id: run.answers.ratings.get(comp.id) for comp in rubric.competencies},
        evidenced=None if shared is not None else evidenced, others=list(others), rungs=list(rungs.values()),
        tracks=_tracks(rubric, run, result, rungs, shared), track=result.nearer_track or rubric.path.id,
        history=sorted(points.values(), key=lambda point: (point.finished_at, point.run_id)),
    )


def _standings(rubric: Rubric, run: StoredRun, result: Result, shared: Sharing | None) -> dict[str, RungStanding]:
    """Each rung's standing. A rung is "private" when it is not met, yet on the way up to it every rung's readiness
    and core skills hold and every gate that can be seen is met: only a gate on a private fact is unknown."""
    roles = {role.id: role for role in result.roles}
    sharing = shared or Sharing()
    visible_ok: dict[str, bool] = {}
    shown_short: dict[str, list[str]] = {}
    for role in result.roles:
        gates = gate_results(rubric, run.answers, role.id)
        shown_short[role.id] = [gate.id for gate in gates if not gate.met and not sharing.hides(gate)]
        skills = role.readiness >= rubric.scoring.threshold and not role.core_short
        visible_ok[role.id] = skills and not shown_short[role.id]
    standings = {}
    for role in result.roles:
        climb = _climb_to(rubric, role.id)
        if role.met:
            status: Status = "met"
        elif shared is not None and all(visible_ok[rung] for rung in climb):
            status = "private"
        else:
            status = "not met"
        standings[role.id] = RungStanding(rung=role.id, readiness=roles[role.id].readiness, status=status,
                                          core_short=list(role.core_short), gates_short=shown_short[role.id])
    return standings


def _tracks(rubric: Rubric, run: StoredRun, result: Result, rungs: dict[str, RungStanding],
            shared: Sharing | None) -> list[TrackStanding]:
    found = []
    for placed in result.placements:
        track = rubric.track(placed.track)
        next_role = next((rung for rung in track.rungs if rungs[rung].status == "not met"), None)
        take = placed.what_it_takes if next_role == placed.next_role else None
        if take is None and next_role is not None:
            ratings = effective_ratings(rubric, run.answers)
            take = what_it_takes(rubric, run.answers, ratings, set(result.unknowns), next_role)
        if take is not None and shared is not None:
            take = take.model_copy(update={"gates": [gate for gate in take.gates if not shared.hides(gate)]})
        found.append(TrackStanding(track=placed.track, placement=placed.placement, next_role=next_role, take=take))
    return found
