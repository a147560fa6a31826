"""The parts of the report that look across runs: progress since earlier runs, and how others see the person
beside the self-assessment. Pure, as `view` is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

from markupsafe import Markup

from assess.core.means import others_means, own_means
from assess.core.others import Calibration
from assess.core.progress import Progress, goal_counts
from assess.core.results import Result
from assess.core.rubric import Rubric
from assess.core.wording import GROUP_NOUNS, compared_text, count, goals_text, raters_text
from assess.report import charts

T = TypeVar("T")


SHOWN_RUNS = 12  # rows of the table of runs: a long history is summed up, not printed
CHARTED_RUNS = 8  # points of the chart: each has its date under it, and more would run into each other


def plotted(points: Sequence[T], most: int = CHARTED_RUNS) -> list[T]:
    """At most `most` of `points`, evenly spread from the first to the last, so a chart of a thousand runs still
    shows the whole trend (and stays readable, and quick to render)."""
    if len(points) <= most:
        return list(points)
    picked = sorted({round(i * (len(points) - 1) / (most - 1)) for i in range(most)})
    return [points[i] for i in picked]


def _progress_view(rubric: Rubric, result: Result, progress: Progress, today: date) -> dict[str, Any]:
    charted = plotted(progress.runs)
    dates = [date.fromisoformat(point.finished_at[:10]) for point in charted]
    roles = [result.target]
    if result.next_role and result.next_role != result.target:
        roles.insert(0, result.next_role)
    series = [
        charts.Series(rubric.role(role).title, [p.readiness_by_role.get(role, 0.0) for p in charted])
        for role in roles
    ]
    previous, last = progress.runs[-2], progress.runs[-1]
    area_rows = [
        {
            "title": area.title,
            "before": previous.areas.get(area.id),
            "now": last.areas.get(area.id),
            "delta": progress.area_deltas.get(area.id),
        }
        for area in rubric.areas
    ]
    moves = {status: [m for m in progress.changes if m.status == status] for status in ("up", "down", "new", "removed")}
    comp_ids = {c.id for c in rubric.competencies}
    return {
        "chart": Markup(  # noqa: S704 - built here from escaped parts
            charts.trend(dates, series, threshold=rubric.scoring.threshold)
        ),
        "runs": progress.runs[-SHOWN_RUNS:],
        "earlier": max(0, len(progress.runs) - SHOWN_RUNS),  # runs the table leaves out (`assess progress` lists them)
        "dates": dates,
        "areas": area_rows,
        "moves": moves,
        "goals": progress.goals,
        "goals_said": goals_text(goal_counts(progress.goals)),
        "pace": progress.pace,
        "projection": progress.projection,
        # A report made months after the last run can find the projected day behind it: said as what the pace
        # predicted, for the next run to confirm, not as a day still to come.
        "projection_passed": bool(progress.projection and progress.projection.date < today.isoformat()),
        "no_projection": progress.no_projection,
        "closed": [rubric.competency(c).title if c in comp_ids else c for c in progress.gaps_closed],
        "opened": [rubric.competency(c).title if c in comp_ids else c for c in progress.gaps_opened],
        "readiness_delta": last.readiness - previous.readiness,
        "compared": compared_text([point.rubric_version for point in progress.runs], rubric),
        "previous": previous,
        "last": last,
    }


def _others_view(rubric: Rubric, result: Result, calibration: Calibration,
                 progress: Progress | None) -> dict[str, Any]:
    """The self-assessment beside others' ratings; rater runs appear by group and date only, never by name."""
    blind, hidden = set(calibration.blind_spots), set(calibration.hidden_strengths)
    titles = {comp.id: comp.title for comp in rubric.competencies}
    rows = [{"rating": row, "area": rubric.area(rubric.competency(row.competency).area).title,
             "blind": row.competency in blind, "hidden": row.competency in hidden} for row in calibration.competencies]
    own = own_means(rubric, {row.competency: row.self_ for row in calibration.competencies})
    theirs = others_means(rubric, {row.competency: row.others for row in calibration.competencies})
    bars = [charts.PairedBar(area.title, own[area.id] or 0.0, mean) for area in rubric.areas
            if (mean := theirs[area.id]) is not None]
    return {
        "raters": raters_text(calibration.raters),
        "runs": [{"group": GROUP_NOUNS[run.relation][0], "date": run.taken_on} for run in calibration.runs],
        "rows": rows,
        "blind": [titles[comp_id] for comp_id in calibration.blind_spots],
        "hidden": [titles[comp_id] for comp_id in calibration.hidden_strengths],
        "from_self": [titles[comp_id] for comp_id in calibration.from_self],
        "readiness_self": result.readiness,
        "readiness_others": calibration.readiness_others,
        "placement_self": rubric.role(result.placement).title if result.placement else None,
        "placement_others": rubric.role(calibration.placement_others).title if calibration.placement_others else None,
        "chart": Markup(  # noqa: S704 - built here from escaped parts
            charts.paired_bars(bars, min_level=rubric.min_level, max_level=rubric.max_level, first_label="You",
                               second_label="Others' mean")
        ) if bars else None,
        "difference": f"{rubric.scoring.blind_spot_difference:g}",
        "group_min": rubric.scoring.rater_group_min,
        "window": count(rubric.scoring.rater_window_months, "month"),
        "apart": [(point.finished_at[:10], point.mean_difference) for point in plotted(progress.others_gap)]
        if progress and len(progress.others_gap) >= 2 else [],
    }
