"""The history and progress tables for the terminal and CSV; the only module that imports pandas."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from assess.core.progress import Progress, competency_title
from assess.core.rubric import Rubric
from assess.core.runs import DamagedRun, StoredRun
from assess.core.wording import compared_text

SHOWN_RUNS = 12  # a terminal view; csv and json carry every run


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
    scored = run.result or run.standing  # a run an import stored with its standing is scored in full when read
    return {
        "id": run.id,
        "profile": run.profile,
        "status": run.status,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "rubric_version": run.rubric_version,
        "readiness": scored.readiness if scored else None,
        "placement": scored.placement if scored else None,
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


def frame_text(frame: pd.DataFrame) -> str:
    return frame.to_string(index=False, na_rep="-", float_format=lambda value: f"{value:.1f}")


# A spreadsheet opening the CSV evaluates a cell that starts with one of these as a formula (`=HYPERLINK(...)`,
# `@SUM(...)`, `-2+3`); text from a rubric, a profile or an imported report could start so.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: object) -> object:
    """A text cell a spreadsheet shows rather than runs: one that would start a formula gets a leading `'`, the
    mark spreadsheets themselves use for "this is text". Numbers stay numbers."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def frame_csv(frame: pd.DataFrame) -> str:
    shown = frame.map(inert_cell)
    shown.columns = [inert_cell(str(column)) for column in frame.columns]
    return shown.to_csv(index=False, lineterminator="\n")


def progress_text(progress: Progress, rubric: Rubric) -> str:
    """The progress view for a terminal: runs, trends, what moved, the last plan's goals, pace."""
    role_title = {role.id: role.title for role in rubric.ladder}
    runs = progress_frame(progress)[["id", "finished_at", "rubric_version", "readiness", "placement"]]
    runs = runs.assign(placement=runs["placement"].map(lambda p: role_title.get(p, p) if p else "-"))
    parts = [f"Progress of profile {progress.profile!r} towards {role_title.get(rubric.target, rubric.target)}", "",
             frame_text(runs.tail(SHOWN_RUNS))]
    if len(runs) > SHOWN_RUNS:
        parts.append(f"({len(runs) - SHOWN_RUNS} earlier runs not shown; --format csv lists them all)")
    compared = compared_text([point.rubric_version for point in progress.runs], rubric)
    if compared:
        parts += ["", compared]
    first, last = progress.runs[0], progress.runs[-1]
    trend = pd.DataFrame(
        [
            {
                "area": area.title,
                "first": first.areas.get(area.id),
                "previous": progress.runs[-2].areas.get(area.id),
                "latest": last.areas.get(area.id),
                "change": progress.area_deltas.get(area.id),
            }
            for area in rubric.areas
        ]
    )
    parts += ["", "Areas (score for the target role)", frame_text(trend)]
    if progress.changes:
        moves = pd.DataFrame(
            [{"competency": m.title, "from": _level(m.from_), "to": _level(m.to), "change": m.status}
             for m in progress.changes]
        )
        parts += ["", "Ratings that moved since the previous run", frame_text(moves)]
    else:
        parts += ["", "No rating moved since the previous run."]
    if progress.gaps_closed:
        parts += ["", "Gaps closed: " + ", ".join(competency_title(rubric, c) for c in progress.gaps_closed)]
    if progress.gaps_opened:
        parts += ["", "Gaps opened: " + ", ".join(competency_title(rubric, c) for c in progress.gaps_opened)]
    if progress.goals:
        parts += ["", *_goals_text(progress)]
    if progress.others_gap:
        gaps = pd.DataFrame([{"self-assessment": point.id, "finished_at": point.finished_at, "raters": point.raters,
                              "mean difference": point.mean_difference} for point in progress.others_gap])
        parts += ["", "Self and others: mean difference in levels between your ratings and others' mean",
                  frame_text(gaps)]
    if progress.pace is not None:
        parts += ["", f"Pace: {progress.pace:+.1f} readiness points per month"]
    if progress.projection is not None:
        p = progress.projection
        parts.append(f"At this pace {role_title.get(p.role, p.role)} reaches {p.threshold:g} around {p.date} "
                     f"(now {p.readiness_now:.1f})")
    elif progress.no_projection and len(progress.runs) >= 2:
        if progress.pace is None:
            parts.append("")  # the pace line, had there been one, opens this paragraph
        parts.append(f"No projected date: {progress.no_projection}")
    return "\n".join(parts) + "\n"


def _goals_text(progress: Progress) -> list[str]:
    goals = pd.DataFrame(
        [{"goal": f"{g.title} to {g.target}", "within": f"{g.horizon} months", "now": _level(g.now),
          "met": "yes" if g.met else ("no" if g.due else "not due yet")}
         for g in progress.goals]
    )
    due = [goal for goal in progress.goals if goal.due]
    met = sum(goal.met for goal in due)
    return [f"Goals of the previous plan: {met} of {len(due)} due met", frame_text(goals)]


def _level(value: int | None) -> str:
    return "-" if value is None else str(value)
