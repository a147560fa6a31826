"""Moving history: an export of stored runs, and the runs of an export or a PDF report added to a store.

An import is never trusted: each run's answers are checked against its rubric and its result is computed
anew, whatever the file says it scored: what history lists at once, the rest when the run is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assess import __version__
from assess.app.runs import rubric_of, scored, standing_anew
from assess.core.errors import BadInput, RubricNotStored
from assess.core.rubric import Rubric
from assess.core.runs import StoredRun, iso
from assess.core.snapshot import rubric_hash
from assess.io.export import ImportedRun, SharedMark, export_document, read_archive
from assess.io.store import Store


@dataclass(frozen=True)
class Export:
    document: dict[str, Any]
    runs: int
    damaged: int  # runs that no longer load, left out
    without_rubric: int = 0  # runs exported without the rubric they were taken with (its stored copy is damaged)


def export_history(store: Store, profile: str | None = None) -> Export:
    """Every run of `profile` (of every profile: None), drafts and rater runs included, with their rubrics."""
    runs = store.runs(profile, status=None, who="all")
    rubrics: dict[str, Rubric | None] = {}
    for run in runs:
        if run.rubric_hash not in rubrics:
            rubrics[run.rubric_hash] = _taken_with(store, run)
    # A run an import stored with its standing is exported with its whole result, as any other, where its rubric
    # can still score it; an export keeps every run's answers whatever became of its rubric.
    runs = [scored(run, rubric) if run.result is None and (rubric := rubrics[run.rubric_hash]) is not None else run
            for run in runs]
    document = export_document(runs, [rubric for rubric in rubrics.values() if rubric is not None],
                               exported_at=iso(datetime.now(UTC)), tool_version=__version__)
    without = sum(rubrics[run.rubric_hash] is None for run in runs)
    return Export(document, len(runs), len(store.damaged(profile)), without)


def _taken_with(store: Store, run: StoredRun) -> Rubric | None:
    """The rubric `run` was taken with, or None when its stored copy is damaged and no other copy is found."""
    try:
        return rubric_of(store, run)
    except RubricNotStored:
        return None


@dataclass(frozen=True)
class ImportOutcome:
    added: int
    present: int  # runs the store already had
    shared: SharedMark | None  # the runs come from a shared report
    # "id version" of each rubric the file carried a copy of that differs from the one the store holds: its runs
    # were scored against the store's, and the file's copy was left out
    held: list[str] = field(default_factory=list)


def import_history(store: Store, path: Path) -> ImportOutcome:
    """Add the runs of an export, or the run a PDF report carries, to `store`. A rubric the store holds is scored
    as held: a file that carries another copy under the same id and version (its threshold lowered, its gates
    removed) changes neither these runs' scores nor what that id means to a later `take` or `score`."""
    imported = read_archive(path)
    present = store.present([each.run.id for each in imported.runs])
    fresh = [each for each in imported.runs if each.run.id not in present]
    held: dict[tuple[str, str], Rubric | None] = {}
    runs, differing = [], []
    for each in fresh:
        named = (each.rubric.id, each.rubric.version)
        if named not in held:
            held[named] = store.held_rubric(*named)
        ours = held[named]
        rubric = each.rubric
        if ours is not None and rubric_hash(ours) != rubric_hash(rubric):
            rubric = ours
            differing.append(f"{named[0]} {named[1]}")
        runs.append((_scored_with(each, rubric, each.rubric is not rubric), rubric))
    added = store.import_runs(runs)
    return ImportOutcome(len(added), len(imported.runs) - len(added), imported.shared, sorted(set(differing)))


def _scored_with(each: ImportedRun, rubric: Rubric, held: bool) -> StoredRun:
    try:
        return standing_anew(each.run, rubric, each.where)
    except BadInput as err:
        if not held:
            raise
        raise BadInput(f"{err}; the file carries its own copy of rubric {rubric.id} {rubric.version}, which differs "
                       "from the one this history holds (a changed rubric needs a new version)") from None
