"""Moving history: an export of stored runs, and the runs of an export or a PDF report added to a store.

An import is never trusted: each run's answers are checked against its rubric and its result is computed
anew, whatever the file says it scored: what history lists at once, the rest when the run is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assess import __version__
from assess.app.runs import rubric_of, scored, standing_anew
from assess.core.errors import BadInput, MixesPeople, RubricNotStored
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


def import_history(store: Store, path: Path, profile: str | None = None) -> ImportOutcome:
    """Add the runs of an export, or the run a PDF report carries, to `store`; with `profile`, into that profile
    (a mentee's report into a profile of their own). Runs of one person never join another's profile unasked. A
    rubric the store holds is scored as held: a file that carries another copy under the same id and version (its
    threshold lowered, its gates removed) changes neither these runs' scores nor what that id means to a later
    `take` or `score`."""
    imported = read_archive(path)
    if profile is not None:
        _one_profile([each.run for each in imported.runs], path)
    present = store.present([each.run.id for each in imported.runs])
    fresh = [each if profile is None else replace(each, run=_moved(each.run, profile)) for each in imported.runs
             if each.run.id not in present]
    if profile is None:
        _same_people(store, [each.run for each in fresh], path)
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


def _one_profile(runs: list[StoredRun], path: Path) -> None:
    profiles = sorted({run.profile for run in runs})
    if len(profiles) > 1:
        raise BadInput(f"{path}: holds the runs of {len(profiles)} profiles ({', '.join(profiles)}), which one profile "
                       "cannot take together; export one profile's runs to import them into another")


def _moved(run: StoredRun, profile: str) -> StoredRun:
    return run.model_copy(update={"profile": profile, "answers": run.answers.model_copy(update={"profile": profile})})


def _same_people(store: Store, runs: list[StoredRun], path: Path) -> None:
    """Refuse self-assessments named for someone other than the person whose runs their profile already holds."""
    names: dict[str, dict[str, str]] = {}  # by profile, once each: an import of thousands asks the store a few times
    for run in runs:
        if run.answers.rater is not None or not run.name:
            continue
        if run.profile not in names:
            names[run.profile] = {other.name.casefold(): other.name for other in store.runs(run.profile) if other.name}
        held = names[run.profile]
        if held and run.name.casefold() not in held:
            slug = re.sub(r"[^a-z0-9]+", "-", run.name.casefold()).strip("-")[:64] or None
            raise MixesPeople(path, f"the run of {run.name!r} would join profile {run.profile!r}, which holds the runs "
                                    f"of {sorted(held.values())[0]!r}", slug)
