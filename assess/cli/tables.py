"""The history and progress tables as CSV; the only module that imports pandas."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from assess.cli.history_rows import damaged_row, history_row
from assess.core.progress import Progress
from assess.core.runs import DamagedRun, StoredRun
from assess.core.text import inert_cell

# --- tables -------------------------------------------------------------------------------


def history_frame(runs: Sequence[StoredRun], damaged: Sequence[DamagedRun] = ()) -> pd.DataFrame:
    return pd.DataFrame(
        [history_row(run) for run in runs] + [damaged_row(run) for run in damaged],
        columns=["id", "profile", "status", "started_at", "finished_at", "rubric_version", "readiness", "placement",
                 "rater"],
    )


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
    shown = frame.map(inert_cell)
    shown.columns = [inert_cell(str(column)) for column in frame.columns]
    return shown.to_csv(index=False, lineterminator="\n")
