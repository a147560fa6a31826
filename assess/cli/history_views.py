"""`history` and `progress` in the terminal (rich): titled tables that fit 100 columns, rungs by title, changes
signed. CSV and JSON come from `tables` and the models; this is only what a person reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from assess.core.progress import Progress, competency_title, goal_counts
from assess.core.rubric import Rubric
from assess.core.runs import DamagedRun, StoredRun
from assess.core.wording import NOT_SURE, compared_text, goals_text, signed

SHOWN_RUNS = 12  # a terminal view; csv and json carry every run
NONE = "-"


class Titled(Table):
    """A table with its title on a line of its own, as wide as it needs, over the table (rich would wrap a title
    to the table's width)."""

    def __init__(self, heading: str, *columns: tuple[str, str]) -> None:
        super().__init__(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        self.heading = heading
        for name, justify in columns:
            self.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]

    def __rich_console__(self, console, options):  # type: ignore[no-untyped-def]
        yield Text(self.heading, style="bold")
        yield from super().__rich_console__(console, options)
        if self.note:
            yield Text(self.note)
        yield Text("")

    note = ""


def when(stamp: str | None) -> str:
    """ "2026-05-19 09:12": a stored moment (UTC) to the minute."""
    return NONE if stamp is None else stamp[:16].replace("T", " ")


def history_table(runs: Sequence[StoredRun], damaged: Sequence[DamagedRun], placements: Mapping[str, str | None]
                  ) -> Titled:
    """The stored runs, oldest first. `placements`: each self-assessment's placement by rung title; a rater's run
    has none, as it is scored without the person's facts."""
    table = Titled("Stored runs", ("Run", "left"), ("Profile", "left"), ("Status", "left"), ("Taken (UTC)", "left"),
                   ("Rubric", "left"), ("Readiness", "right"), ("Placement", "left"), ("Rater", "left"))
    for run in runs:
        rater = run.answers.rater
        readiness = f"{run.result.readiness:.1f}" if run.result is not None and rater is None else NONE
        table.add_row(run.id, run.profile, run.status, when(run.finished_at or run.started_at), run.rubric_version,
                      readiness, placements.get(run.id) or NONE, rater.relation if rater else NONE)
    for broken in damaged:
        table.add_row(broken.id, broken.profile, "damaged", when(broken.started_at), NONE, NONE, NONE, NONE)
    return table


def progress_view(progress: Progress, rubric: Rubric) -> Group:
    """Runs, area trends, what moved, the last plan's goals, self against others, pace."""
    titles = {role.id: role.title for role in rubric.ladder}
    parts: list[RenderableType] = [Text(f"Progress of profile {progress.profile!r} towards "
                                        f"{titles.get(rubric.target, rubric.target)}", style="bold")]
    parts.append(_runs(progress, titles))
    compared = compared_text([point.rubric_version for point in progress.runs], rubric)
    if compared:
        parts.append(Text(compared + "\n"))
    parts.append(_areas(progress, rubric))
    parts.append(_moves(progress) if progress.changes else Text("No rating moved since the previous run.\n"))
    moved = [(label, ids) for label, ids in (("Gaps closed", progress.gaps_closed),
                                             ("Gaps opened", progress.gaps_opened)) if ids]
    for label, ids in moved:
        parts.append(Text(f"{label}: " + ", ".join(competency_title(rubric, c) for c in ids)))
    if moved:
        parts.append(Text(""))
    if progress.goals:
        parts += [_goals(progress), Text(goals_text(goal_counts(progress.goals)) + "\n")]
    if progress.others_gap:
        parts.append(_others(progress))
    parts.append(Text("\n".join(_pace(progress, titles))))
    return Group(*parts)


def _runs(progress: Progress, titles: Mapping[str, str]) -> Titled:
    shown = progress.runs[-SHOWN_RUNS:]
    hidden = len(progress.runs) - len(shown)
    table = Titled("Runs", ("Run", "left"), ("Taken (UTC)", "left"), ("Rubric", "left"), ("Readiness", "right"),
                   ("Change", "right"), ("Placement", "left"))
    if hidden:
        table.note = f"({hidden} earlier runs not shown; --format csv lists them all)"
    before = progress.runs[hidden - 1] if hidden else None
    for point in shown:
        change = signed(point.readiness - before.readiness) if before is not None else NONE
        table.add_row(point.id, when(point.finished_at), point.rubric_version, f"{point.readiness:.1f}", change,
                      titles.get(point.placement, point.placement) if point.placement else "not placed")
        before = point
    return table


def _areas(progress: Progress, rubric: Rubric) -> Titled:
    # The first run, when it is not the previous one, then the last two.
    shown = [progress.runs[0]] if len(progress.runs) > 2 else []
    shown += progress.runs[-2:]
    table = Titled(f"Areas: score for {rubric.role(rubric.target).title}", ("Area", "left"),
                   *((point.finished_at[:10], "right") for point in shown), ("Change", "right"))
    for area in rubric.areas:
        delta = progress.area_deltas.get(area.id)
        table.add_row(area.title, *(_one(point.areas.get(area.id)) for point in shown),
                      NONE if delta is None else signed(delta))
    return table


def _moves(progress: Progress) -> Titled:
    table = Titled("Ratings that moved since the previous run", ("Competency", "left"), ("From", "right"),
                   ("To", "right"), ("Change", "right"))
    for move in progress.changes:
        # A move to or from "not sure" (counted as the lowest level) says only its direction.
        both = move.status in ("up", "down") and move.from_ is not None and move.to is not None
        change = f"{move.to - move.from_:+d}" if both else move.status  # type: ignore[operator]
        table.add_row(move.title, _level(move.from_, move.status == "new"), _level(move.to, move.status == "removed"),
                      change)
    return table


def _goals(progress: Progress) -> Titled:
    set_on = progress.runs[-2].finished_at[:10]
    table = Titled(f"Goals of the previous plan (set {set_on})", ("Step", "left"), ("Within", "right"),
                   ("Due", "left"), ("Was", "right"), ("Goal", "right"), ("Now", "right"), ("Status", "left"))
    for goal in progress.goals:
        table.add_row(goal.title, f"{goal.horizon} months", goal.due_on, str(goal.was), str(goal.target),
                      NONE if goal.now is None else str(goal.now), goal.status)
    return table


def _others(progress: Progress) -> Titled:
    table = Titled("Self and others: mean difference in levels between your ratings and others' mean",
                   ("Self-assessment", "left"), ("Taken (UTC)", "left"), ("Raters", "right"),
                   ("Mean difference", "right"))
    for point in progress.others_gap:
        table.add_row(point.id, when(point.finished_at), str(point.raters), f"{point.mean_difference:.1f}")
    return table


def _pace(progress: Progress, titles: Mapping[str, str]) -> list[str]:
    lines = []
    if progress.pace is not None:
        lines.append(f"Pace: {progress.pace:+.1f} readiness points per month")
    if progress.projection is not None:
        p = progress.projection
        lines.append(f"At this pace {titles.get(p.role, p.role)} reaches {p.threshold:g} around {p.date} "
                     f"(now {p.readiness_now:.1f})")
    elif progress.no_projection:
        lines.append(f"No projected date: {progress.no_projection}")
    return lines


def _one(value: float | None) -> str:
    return NONE if value is None else f"{value:.1f}"


def _level(value: int | None, absent: bool = False) -> str:
    if absent:
        return NONE
    return NOT_SURE if value is None else str(value)
