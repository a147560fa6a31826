"""Moving history: an export of stored runs, and the runs of an export or a PDF report added to a store.

An import is never trusted: each run's answers are checked against its rubric and its result is computed
anew, whatever the file says it scored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assess import __version__
from assess.app.runs import rescored
from assess.core.errors import BadInput, MixesPeople
from assess.core.rubric import Rubric
from assess.core.runs import StoredRun, iso
from assess.io.export import SharedMark, export_document, read_archive
from assess.io.store import Store


@dataclass(frozen=True)
class Export:
    document: dict[str, Any]
    runs: int
    damaged: int  # runs that no longer load, left out


def export_history(store: Store, profile: str | None = None) -> Export:
    """Every run of `profile` (of every profile: None), drafts and rater runs included, with their rubrics."""
    runs = store.runs(profile, status=None, who="all")
    rubrics = {run.rubric_hash: store.rubric(run.rubric_hash) for run in runs}
    document = export_document(runs, [rubric for rubric in rubrics.values() if rubric is not None],
                               exported_at=iso(datetime.now(UTC)), tool_version=__version__)
    return Export(document, len(runs), len(store.damaged(profile)))


@dataclass(frozen=True)
class ImportOutcome:
    added: int
    present: int  # runs the store already had
    shared: SharedMark | None  # the runs come from a shared report


def import_history(store: Store, path: Path, profile: str | None = None) -> ImportOutcome:
    """Add the runs of an export, or the run a PDF report carries, to `store`; with `profile`, into that profile
    (a mentee's report into a profile of their own). Runs of one person never join another's profile unasked."""
    imported = read_archive(path)
    runs = [(rescored(each.run, each.rubric, each.where), each.rubric) for each in imported.runs]
    if profile is not None:
        runs = [(_moved(run, profile), rubric) for run, rubric in _one_profile(runs, path)]
    else:
        _same_people(store, [run for run, _ in runs], path)
    added = store.import_runs(runs)
    return ImportOutcome(len(added), len(runs) - len(added), imported.shared)


def _one_profile(runs: list[tuple[StoredRun, Rubric]], path: Path) -> list[tuple[StoredRun, Rubric]]:
    profiles = sorted({run.profile for run, _ in runs})
    if len(profiles) > 1:
        raise BadInput(f"{path}: holds the runs of {len(profiles)} profiles ({', '.join(profiles)}), which one profile "
                       "cannot take together; export one profile's runs to import them into another")
    return runs


def _moved(run: StoredRun, profile: str) -> StoredRun:
    return run.model_copy(update={"profile": profile, "answers": run.answers.model_copy(update={"profile": profile})})


def _same_people(store: Store, runs: list[StoredRun], path: Path) -> None:
    """Refuse self-assessments named for someone other than the person whose runs their profile already holds."""
    for run in runs:
        if run.answers.rater is not None or not run.name:
            continue
        held = {other.name.casefold(): other.name for other in store.runs(run.profile) if other.name}
        if held and run.name.casefold() not in held:
            slug = re.sub(r"[^a-z0-9]+", "-", run.name.casefold()).strip("-")[:64] or None
            raise MixesPeople(path, f"the run of {run.name!r} would join profile {run.profile!r}, which holds the runs "
                                    f"of {sorted(held.values())[0]!r}", slug)
