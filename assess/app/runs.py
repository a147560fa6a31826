"""Stored runs as the app reads them: with the rubric each was taken with, scored, or scored anew.

Three ways a run meets the scorer, kept apart because each trusts something different:
- `scored`: a stored run as it was scored; only a result today's models cannot read is computed again.
- `rescored`: a run from a file (an export, a report): its answers checked strictly against its rubric and
  its result always computed anew, since a file's numbers are never taken on trust; `standing_anew`, the
  same for an import of many, with only what history lists computed now and the rest when it is read.
- `rescore`: a stored run against another version of its rubric; what that version no longer asks about is
  left out and said, rather than refusing the run.
A run imported from a shared report is scored as that report showed it (`share.score_run`), whichever way.
"""

from __future__ import annotations

from dataclasses import dataclass

from assess.core.answers import Answers, check_answers
from assess.core.errors import RubricDamaged, RubricNotStored, StoredRubricDamaged
from assess.core.results import Result
from assess.core.rubric import Rubric
from assess.core.runs import Standing, StoredRun
from assess.core.share import score_run, standing_run
from assess.core.snapshot import rubric_hash, rubric_snapshot
from assess.io.rubric_files import earlier_rubric
from assess.io.store import Store


def rubric_of(store: Store, run: StoredRun) -> Rubric:
    """The rubric `run` was scored against, as it was then: its stored copy, else the shipped or archived rubric
    of that id and version (runs stored before copies were kept), else the file it was taken from."""
    try:
        rubric = store.rubric(run.rubric_hash)
    except StoredRubricDamaged:  # the same content, shipped or in its file, is the same rubric: its hash says so
        found = earlier_rubric(run.rubric_id, run.rubric_version, run.answers.rubric)
        if found is None or rubric_hash(found) != run.rubric_hash:
            raise RubricDamaged(run.id, run.rubric_id, run.rubric_version) from None
        return found
    rubric = rubric or earlier_rubric(run.rubric_id, run.rubric_version, run.answers.rubric)
    if rubric is None:
        raise RubricNotStored(run.id, run.rubric_id, run.rubric_version)
    return rubric


def scored(run: StoredRun, rubric: Rubric) -> StoredRun:
    """`run` with a result: the stored one, or, where an older assess stored one that today's models cannot
    read, or one that does not fit `rubric` (the one it was taken with; a hand edit naming a rung it does not
    have, say), the result of its answers against `rubric`. Drafts stay drafts."""
    if run.status != "complete" or run.result is not None and fits(run.result, rubric):
        return run
    answers = check_answers(run.answers, rubric, f"run {run.id}")
    return run.model_copy(update={"result": score_run(rubric, answers, run.shared), "standing": None})


def fits(result: Result, rubric: Rubric) -> bool:
    """Whether a stored `result` speaks of `rubric`: every rung, track, area, gate and competency it names is the
    rubric's, and every readiness is a number from 0 to 100. What the report and progress look up in the rubric
    is then there to find."""
    rungs, comps = set(rubric.role_ids()), {comp.id for comp in rubric.competencies}
    takes = [take for take in (result.what_it_takes, *(placed.what_it_takes for placed in result.placements)) if take]
    named_rungs = {result.target, result.placement, result.next_role, result.plan.role, *result.readiness_by_role,
                   *(role.id for role in result.roles), *(role.unmet_below for role in result.roles),
                   *(gap.blocks for gap in result.gaps), *(take.role for take in takes),
                   *(rung for placed in result.placements for rung in (placed.placement, placed.next_role))} - {None}
    named_comps = {*(gap.competency for gap in result.gaps), *(strength.competency for strength in result.strengths),
                   *result.unknowns, *(step.competency for step in result.plan.steps),
                   *(change.competency for take in takes for change in take.changes)}
    readiness = [result.readiness, *result.readiness_by_role.values(), *result.areas.values(),
                 *(role.readiness for role in result.roles)]
    return (result.rubric == rubric.id and named_rungs <= rungs and named_comps <= comps
            and set(result.areas) <= {area.id for area in rubric.areas}
            and {gate.id for gate in result.gates} <= {gate.id for gate in rubric.gates}
            and {placed.track for placed in result.placements} <= {track.id for track in rubric.all_tracks}
            and all(0 <= value <= 100 for value in readiness))


def rescored(run: StoredRun, rubric: Rubric, where: str) -> StoredRun:
    """`run` from a file with its answers checked against `rubric` and, when complete, its result computed anew."""
    answers = check_answers(run.answers, rubric, where)
    return _taken_with(run, rubric, answers, result=score_run(rubric, answers, run.shared)
                       if run.status == "complete" else None)


def standing_anew(run: StoredRun, rubric: Rubric, where: str) -> StoredRun:
    """`run` from a file with its answers checked against `rubric` and, when complete, its standing computed anew:
    what an import stores, so thousands of runs take seconds. Its full result is computed when it is read
    (`scored`), from the same answers, rubric and shared mark."""
    answers = check_answers(run.answers, rubric, where)
    return _taken_with(run, rubric, answers, standing=standing_run(rubric, answers, run.shared)
                       if run.status == "complete" else None)


def _taken_with(run: StoredRun, rubric: Rubric, answers: Answers, *, result: Result | None = None,
                standing: Standing | None = None) -> StoredRun:
    # Every other field was checked when `run` was read, and what replaces them is ours: no need to check again.
    return run.model_copy(update={"answers": answers, "result": result, "standing": standing,
                                  "rubric_id": rubric.id, "rubric_version": rubric.version,
                                  "rubric_hash": rubric_snapshot(rubric)[1]})


@dataclass(frozen=True)
class Rescored:
    run: StoredRun  # scored against the other version
    dropped: list[str]  # competency ids the run rated that this version no longer has (after its renames)


def rescore(run: StoredRun, rubric: Rubric) -> Rescored:
    """Stored `run` scored against `rubric`, another version of the one it was taken with."""
    known = {comp.id for comp in rubric.competencies}
    ratings = {rubric.current_id(comp_id): value for comp_id, value in run.answers.ratings.items()}
    evidence = {rubric.current_id(comp_id): text for comp_id, text in run.answers.evidence.items()}
    facts = {fact.id for fact in rubric.facts}
    dropped = sorted(comp_id for comp_id in ratings if comp_id not in known)
    answers = run.answers.model_copy(update={
        "ratings": {comp_id: value for comp_id, value in ratings.items() if comp_id in known},
        "evidence": {comp_id: text for comp_id, text in evidence.items() if comp_id in known},
        "facts": {fact_id: value for fact_id, value in run.answers.facts.items() if fact_id in facts},
        "private": [fact_id for fact_id in run.answers.private if fact_id in facts],
    })
    return Rescored(rescored(run.model_copy(update={"answers": answers}), rubric, f"run {run.id}"), dropped)
