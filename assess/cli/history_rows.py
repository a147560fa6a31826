"""A stored run as one row of `assess history`, for JSON and CSV alike; apart from the CSV tables, so that
listing the history as JSON or in the terminal does not load pandas."""

from __future__ import annotations

from assess.core.runs import DamagedRun, StoredRun


def damaged_row(run: DamagedRun) -> dict[str, object]:
    return {"id": run.id, "profile": run.profile, "status": "damaged", "started_at": run.started_at,
            "finished_at": None, "rubric_version": None, "readiness": None, "placement": None, "rater": None}


def history_row(run: StoredRun) -> dict[str, object]:
    scored = run.result or run.standing  # a run an import stored with its standing is scored in full when read
    return {
        "id": run.id,
        "profile": run.profile,
        "status": run.status,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "rubric_version": run.rubric_version,
        "readiness": scored.readiness if scored else None,
        # A rater's run is scored without the person's facts: its placement would say nothing.
        "placement": scored.placement if scored and not run.answers.rater else None,
        "rater": run.answers.rater.relation if run.answers.rater else None,  # None: the person's own run
    }
