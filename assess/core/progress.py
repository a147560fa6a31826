"""Progress between stored runs: what moved, the last plan's goals, pace and a projected date.

Pure: it reads only the runs and the rubric it is given (no clock, no files, no pandas, so a
report with history pays nothing extra to import). Runs taken with an older rubric version take
part: competency ids follow the rubric's `renamed` map, and competencies the rubric no longer has
are reported as removed.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal

from pydantic import Field

from assess.core.fields import Frozen
from assess.core.months import due_on, reached
from assess.core.others import OthersGap
from assess.core.rubric import Rubric
from assess.core.runs import RunPoint, StoredRun


class RatingMove(Frozen):
    competency: str
    title: str
    from_: int | None = Field(serialization_alias="from")
    to: int | None
    status: Literal["up", "down", "new", "removed"]


GoalStatus = Literal["met", "partly met", "missed", "not due yet"]
GOAL_STATUSES: tuple[GoalStatus, ...] = ("met", "partly met", "missed", "not due yet")


class Goal(Frozen):
    """One step of the plan the previous run set (one level up within a horizon), checked by the run after it.

    `was` is the level at the run that set it, so a 6-month step 3 -> 4 planned from 2 reads "was 2, goal 4".
    Met: now at the goal, due or not. Once due: partly met when now is above `was` but short of the goal,
    missed when not above it. Before its due day a step not met yet is "not due yet".
    """

    competency: str
    title: str
    horizon: int  # calendar months from the run that set it
    due_on: str  # that run's day plus the horizon: the step is due from this day on
    due: bool
    from_: int = Field(serialization_alias="from")  # the step as the plan set it: from this level ...
    target: int  # ... to this one
    was: int  # the level at the run that set it ("not sure" counts as the lowest)
    now: int | None  # None: the later run no longer rates it
    status: GoalStatus
    met: bool


class Projection(Frozen):
    role: str
    readiness_now: float
    threshold: float
    date: str


class Progress(Frozen):
    profile: str
    runs: list[RunPoint]
    changes: list[RatingMove]
    area_deltas: dict[str, float]
    gaps_closed: list[str]
    gaps_opened: list[str]
    goals: list[Goal]
    pace: float | None
    projection: Projection | None
    no_projection: str | None = None  # why there is no projection, after "No projected date: "
    others_gap: list[OthersGap] = []  # per self-assessment with others' ratings, oldest first

    @classmethod
    def empty(cls, profile: str) -> Progress:
        """The progress of a profile with no completed run."""
        return cls(profile=profile, runs=[], changes=[], area_deltas={}, gaps_closed=[], gaps_opened=[], goals=[],
                   pace=None, projection=None)


DAYS_PER_MONTH = 365.25 / 12
MIN_SPAN_DAYS = 1  # runs minutes apart would give a pace of thousands of points per month
MAX_PROJECTION_MONTHS = 120  # further out than ten years a straight line says nothing useful


def compute_progress(runs: Sequence[StoredRun], rubric: Rubric, profile: str | None = None, *,
                     points: Sequence[RunPoint] | None = None) -> Progress:
    """Progress of one profile's complete runs (oldest first) as seen with today's `rubric`.

    With a long history, pass every run's `points` (`Store.run_points`) and only the newest runs
    in `runs`: what moved is read from the last two full runs, trends and pace from the points.
    """
    profile = profile if profile is not None else (runs[0].profile if runs else "default")
    if points is None:
        points = [RunPoint.of(run) for run in runs]
    elif runs and (not points or points[-1].id != runs[-1].id):
        raise ValueError("points must end with the newest of runs")
    points = list(points)
    pace = _slope(points, rubric.target)
    changes: list[RatingMove] = []
    area_deltas: dict[str, float] = {}
    closed: list[str] = []
    opened: list[str] = []
    goals: list[Goal] = []
    if len(runs) >= 2 and len(points) >= 2:
        before, after = runs[-2], runs[-1]
        changes = _changes(before, after, rubric)
        area_deltas = _area_deltas(points[-2], points[-1])
        closed, opened = _gap_moves(before, after, rubric)
        goals = _goals(before, after, rubric)
    found = _projection(points, runs[-1], rubric, pace) if runs else TOO_FEW
    return Progress(
        profile=profile,
        runs=points,
        changes=changes,
        area_deltas=area_deltas,
        gaps_closed=closed,
        gaps_opened=opened,
        goals=goals,
        pace=None if pace is None else round(pace, 1),  # as shown: rounded once
        projection=found if isinstance(found, Projection) else None,
        no_projection=None if isinstance(found, Projection) else found,
    )


def _months(points: Sequence[RunPoint]) -> list[float]:
    """Months since the first run, per run."""
    stamps = [datetime.fromisoformat(p.finished_at) for p in points]
    return [(stamp - stamps[0]).total_seconds() / 86400 / DAYS_PER_MONTH for stamp in stamps]


def _slope(points: Sequence[RunPoint], role: str) -> float | None:
    """Least-squares readiness points per month; None with fewer than two runs or under a day between them."""
    pairs = [(month, p.readiness_by_role[role]) for month, p in zip(_months(points), points, strict=True)
             if role in p.readiness_by_role]
    if len(pairs) < 2:
        return None
    months = [month for month, _ in pairs]
    if max(months) - min(months) < MIN_SPAN_DAYS / DAYS_PER_MONTH:
        return None
    return statistics.linear_regression(months, [value for _, value in pairs]).slope


# Why there is no projected date: each reads after "No projected date: ".
TOO_FEW = "a pace needs two runs at least a day apart"
NOT_RISING = "readiness is not rising"
ALREADY_THERE = "readiness is already there; a gate or a core skill holds the rung back"
TOO_FAR = "at this pace it is more than ten years away"


def _projection(points: Sequence[RunPoint], latest: StoredRun, rubric: Rubric, pace: float | None
                ) -> Projection | str:
    """The date the next rung on the path would be reached, or why there is none, in words."""
    assert latest.result is not None and latest.finished_at is not None
    role = latest.result.next_role
    if role is None:
        return "you hold the top rung"
    if pace is None:
        return TOO_FEW
    if pace <= 0:
        return f"readiness for {rubric.role(rubric.target).title} is not rising"
    found = projection(points, role, latest.result.readiness_by_role.get(role), rubric.scoring.threshold,
                       datetime.fromisoformat(latest.finished_at))
    return found if isinstance(found, Projection) else f"{rubric.role(role).title}: {found}"


def projection(points: Sequence[RunPoint], role: str, now: float | None, threshold: float,
               finished: datetime) -> Projection | str:
    """When readiness for `role` would reach `threshold` at the pace of `points`, counted from `finished`; or,
    when that says nothing, why: too few runs, not rising, already there (something else holds the rung back), or
    over ten years away."""
    pace = _slope(points, role)
    if pace is None or now is None:
        return TOO_FEW
    if now >= threshold:
        return ALREADY_THERE
    if pace <= 0:
        return NOT_RISING
    months = (threshold - now) / pace
    if months > MAX_PROJECTION_MONTHS:
        return TOO_FAR
    date = (finished + timedelta(days=months * DAYS_PER_MONTH)).date().isoformat()
    return Projection(role=role, readiness_now=now, threshold=threshold, date=date)


def _ratings(run: StoredRun, rubric: Rubric) -> dict[str, int | None]:
    """The run's ratings under today's competency ids."""
    return {rubric.current_id(comp_id): value for comp_id, value in run.answers.ratings.items()}


def competency_title(rubric: Rubric, comp_id: str) -> str:
    known = {comp.id: comp.title for comp in rubric.competencies}
    return known.get(comp_id, comp_id)


def _changes(before: StoredRun, after: StoredRun, rubric: Rubric) -> list[RatingMove]:
    old, new = _ratings(before, rubric), _ratings(after, rubric)
    moves = []
    for comp in rubric.competencies:
        if comp.id not in new and comp.id not in old:
            continue
        if comp.id not in old:
            moves.append(RatingMove(competency=comp.id, title=comp.title, from_=None, to=new[comp.id], status="new"))
            continue
        # "Not sure" counts as the lowest level, as in scoring; the move shows what was answered.
        was, now = rubric.counted(old[comp.id]), rubric.counted(new.get(comp.id))
        if was != now:
            moves.append(RatingMove(competency=comp.id, title=comp.title, from_=old[comp.id], to=new.get(comp.id),
                                    status="up" if now > was else "down"))
    current = {comp.id for comp in rubric.competencies}
    for comp_id in sorted((set(old) | set(new)) - current):
        moves.append(RatingMove(competency=comp_id, title=comp_id, from_=old.get(comp_id), to=new.get(comp_id),
                                status="removed"))
    return moves


def _area_deltas(before: RunPoint, after: RunPoint) -> dict[str, float]:
    return {area: round(score - before.areas[area], 1) for area, score in after.areas.items() if area in before.areas}


def _gap_moves(before: StoredRun, after: StoredRun, rubric: Rubric) -> tuple[list[str], list[str]]:
    assert before.result is not None and after.result is not None
    old = [rubric.current_id(gap.competency) for gap in before.result.gaps]
    new = [rubric.current_id(gap.competency) for gap in after.result.gaps]
    still_assessed = set(_ratings(after, rubric))
    closed = [comp for comp in old if comp not in new and comp in still_assessed]
    opened = [comp for comp in new if comp not in old]
    return closed, opened


def _goals(before: StoredRun, after: StoredRun, rubric: Rubric) -> list[Goal]:
    """Each step of the plan the person was shown with the earlier run, in the plan's order, as its own goal,
    checked against the later run. A competency planned over two horizons (2 -> 3 in 3 months, 3 -> 4 in 6)
    gives two goals, so a met 3-month step is credited whatever became of the 6-month one."""
    assert before.result is not None and before.finished_at is not None and after.finished_at is not None
    old, new = _ratings(before, rubric), _ratings(after, rubric)
    goals = []
    for step in before.result.plan.steps:
        comp_id = rubric.current_id(step.competency)
        was = rubric.counted(old.get(comp_id))
        now = rubric.counted(new[comp_id]) if comp_id in new else None
        due = reached(before.finished_at, step.horizon, after.finished_at)
        goals.append(Goal(competency=comp_id, title=competency_title(rubric, comp_id), horizon=step.horizon,
                          due_on=due_on(before.finished_at, step.horizon).isoformat(), due=due, from_=step.from_,
                          target=step.to, was=was, now=now, status=_status(was, now, step.to, due),
                          met=now is not None and now >= step.to))
    return goals


def _status(was: int, now: int | None, target: int, due: bool) -> GoalStatus:
    if now is not None and now >= target:
        return "met"
    if not due:
        return "not due yet"
    return "partly met" if now is not None and now > was else "missed"


def goal_counts(goals: Sequence[Goal]) -> dict[GoalStatus, int]:
    """How many goals are in each status, every status named (0 where none are)."""
    return {status: sum(1 for goal in goals if goal.status == status) for status in GOAL_STATUSES}
