"""Stored runs as the app reads them: with the rubric each was taken with, scored, or scored anew.

Three ways a run meets the scorer, kept apart because each trusts something different:
- `scored`: a stored run as it was scored; only a result today's models cannot read is computed again.
- `rescored`: a run from a file (an export, a report): its answers checked strictly against its rubric and
  its result always computed anew, since a file's numbers are never taken on trust.
- `rescore`: a stored run against another version of its rubric; what that version no longer asks about is
  left out and said, rather than refusing the run.
A run imported from a shared report is scored as that report showed it (`share.score_run`), whichever way.
"""

from __future__ import annotations

from dataclasses import dataclass

from assess.core.answers import check_answers
from assess.core.errors import RubricNotStored
from assess.core.rubric import Rubric
from assess.core.runs import StoredRun
from assess.core.share import score_run
from assess.core.snapshot import rubric_snapshot
from assess.io.rubric_files import earlier_rubric
from assess.io.store import Store


def rubric_of(store: Store, run: StoredRun) -> Rubric:
    """The rubric `run` was scored against, as it was then: its stored copy, else the shipped or archived rubric
    of that id and version (runs stored before copies were kept), else the file it was taken from."""
    rubric = store.rubric(run.rubric_hash) or earlier_rubric(run.rubric_id, run.rubric_version, run.answers.rubric)
    if rubric is None:
        raise RubricNotStored(run.id, run.rubric_id, run.rubric_version)
    return rubric


def scored(run: StoredRun, rubric: Rubric) -> StoredRun:
    """`run` with a result: the stored one, or, where an older assess stored one that today's models cannot
    read, the result of its answers against `rubric` (the one it was taken with). Drafts stay drafts."""
    if run.status != "complete" or run.result is not None:
        return run
    answers = check_answers(run.answers, rubric, f"run {run.id}")
    return run.model_copy(update={"result": score_run(rubric, answers, run.shared)})


def rescored(run: StoredRun, rubric: Rubric, where: str) -> StoredRun:
    """`run` from a file with its answers checked against `rubric` and, when complete, its result computed anew."""
    answers = check_answers(run.answers, rubric, where)
    fields = {name: getattr(run, name) for name in StoredRun.model_fields}
    return StoredRun(**fields | {"answers": answers, "result": score_run(rubric, answers, run.shared)
                                 if run.status == "complete" else None, "rubric_id": rubric.id,
                                 "rubric_version": rubric.version, "rubric_hash": rubric_snapshot(rubric)[1]})


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
