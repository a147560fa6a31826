"""The history and progress tables as CSV; the only module that imports pandas."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from assess.core.progress import Progress
from assess.core.runs import DamagedRun, StoredRun

# --- tables -------------------------------------------------------------------------------


def history_frame(runs: Sequence[StoredRun], damaged: Sequence[DamagedRun] = ()) -> pd.DataFrame:
    return pd.DataFrame(
        [history_row(run) for run in runs] + [damaged_row(run) for run in damaged],
        columns=["id", "profile", "status", "started_at", "finished_at", "rubric_version", "readiness", "placement",
                 "rater"],
    )


def damaged_row(run: DamagedRun) -> dict[str, object]:
    return {"id": run.id, "profile": run.profile, "status": "damaged", "started_at": run.started_at,
            "finished_at": None, "rubric_version": None, "readiness": None, "placement": None, "rater": None}


def history_row(run: StoredRun) -> dict[str, object]:
    return {
        "id": run.id,
        "profile": run.profile,
        "status": run.status,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "rubric_version": run.rubric_version,
        "readiness": run.result.readiness if run.result else None,
        # A rater's run is scored without the person's facts: its placement would say nothing.
        "placement": run.result.placement if run.result and not run.answers.rater else None,
        "rater": run.answers.rater.relation if run.answers.rater else None,  # None: the person's own run
    }


def progress_frame(progress: Progress) -> pd.DataFrame:
    """One row per run: readiness for the target, placement and every area's score."""
    rows = []
    for point in progress.runs:
        row: dict[str, object] = {
            "id": point.id,
            "finished_at": point.finished_at,
            "rubric_version": point.rubric_version,
            "readiness": point.readiness,
            "placement": point.placement,
        }
        row.update({f"area:{area}": score for area, score in point.areas.items()})
        rows.append(row)
    return pd.DataFrame(rows, columns=None if rows else ["id", "finished_at", "rubric_version", "readiness",
                                                         "placement"])


def frame_csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")
