"""Moving history: an export of stored runs, and the runs of an export or a PDF report added to a store.

An import is never trusted: each run's answers are checked against its rubric and its result is computed
anew, whatever the file says it scored: what history lists at once, the rest when the run is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assess import __version__
from assess.app.runs import rubric_of, scored, standing_anew
from assess.core.runs import iso
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
    # A run an import stored with its standing is exported with its whole result, as any other.
    runs = [scored(run, rubrics[run.rubric_hash] or rubric_of(store, run)) if run.result is None else run
            for run in runs]
    document = export_document(runs, [rubric for rubric in rubrics.values() if rubric is not None],
                               exported_at=iso(datetime.now(UTC)), tool_version=__version__)
    return Export(document, len(runs), len(store.damaged(profile)))


@dataclass(frozen=True)
class ImportOutcome:
    added: int
    present: int  # runs the store already had
    shared: SharedMark | None  # the runs come from a shared report


def import_history(store: Store, path: Path) -> ImportOutcome:
    """Add the runs of an export, or the run a PDF report carries, to `store`."""
    imported = read_archive(path)
    present = store.present([each.run.id for each in imported.runs])
    runs = [(standing_anew(each.run, each.rubric, each.where), each.rubric) for each in imported.runs
            if each.run.id not in present]
    added = store.import_runs(runs)
    return ImportOutcome(len(added), len(imported.runs) - len(added), imported.shared)
