"""Succession and promotion readiness: per rung, who meets it now, who is nearest and what holds them back, and
when each would reach it at their own pace. Pure.

"Ready now" is a person who meets the rung: readiness, every gate and every core skill, and every rung below it on
its track. Nearest are those for whom it is the next rung on a track, by the engine's distance. A projected date
needs the person's own history: two or more runs of the same rubric at least a day apart. The pace is the
least-squares slope of their readiness for the rung per month; with three runs or more the projection is an
interval, the pace give or take its standard error (the later end open when that pace is not rising); with two
it is one date. Dates count from the person's latest run.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from datetime import datetime, timedelta

from assess.core.fields import Frozen
from assess.core.progress import ALREADY_THERE, DAYS_PER_MONTH, MAX_PROJECTION_MONTHS, NOT_RISING, TOO_FAR, TOO_FEW
from assess.core.rubric import Rubric
from assess.core.team_members import Member, Point

SHOWN = 5  # nearest candidates per rung


class Interval(Frozen):
    pace: float  # readiness points per month, least squares
    error: float | None  # its standard error; None with two runs
    runs: int
    earliest: str
    latest: str | None  # None: no later bound (the slower pace does not rise)


class Candidate(Frozen):
    person: str
    track: str
    readiness: float
    points_short: float
    levels: int  # levels to raise, per the engine's smallest set of changes
    changes: list[str]  # "X from 1 to 2"
    core: list[str]  # core competencies short (titles)
    gates: list[str]  # gates not met that may be shown (titles)
    private: bool = False  # met on all that can be seen; a gate on a private fact is unknown
    projection: Interval | None = None
    no_projection: str | None = None


class RungSuccession(Frozen):
    rung: str
    title: str
    tracks: list[str]
    ready_now: list[str]
    private: list[str]
    nearest: list[Candidate]


def succession(rubric: Rubric, members: Sequence[Member]) -> list[RungSuccession]:
    ordered = sorted(members, key=lambda m: (m.name.casefold(), m.key))
    found = []
    for role in rubric.ladder:
        candidates = [c for member in ordered if (c := _candidate(rubric, member, role.id)) is not None]
        candidates.sort(key=lambda c: (not c.private, len(c.gates), c.levels, -c.readiness, c.person.casefold()))
        found.append(RungSuccession(
            rung=role.id, title=role.title, tracks=rubric.tracks_of(role.id),
            ready_now=[m.name for m in ordered if m.holds(role.id)],
            private=[m.name for m in ordered if m.rung(role.id).status == "private"],
            nearest=candidates[:SHOWN]))
    return found


def _candidate(rubric: Rubric, member: Member, rung: str) -> Candidate | None:
    standing = member.rung(rung)
    if standing.status == "met":
        return None
    if standing.status == "private":
        return Candidate(person=member.name, track=rubric.tracks_of(rung)[0], readiness=standing.readiness,
                         points_short=0.0, levels=0, changes=[], core=[], gates=[], private=True)
    track = next((t for t in member.tracks if t.next_role == rung and t.take is not None), None)
    if track is None or track.take is None:
        return None
    take = track.take
    if not take.reachable:  # a rung that asks nothing of its own: no ratings make anyone nearer to it
        return None
    found = projected(member.history, rung, take.readiness, take.threshold, member.taken_at)
    return Candidate(
        person=member.name, track=track.track, readiness=take.readiness, points_short=take.points_short,
        levels=sum(c.to - c.from_ for c in take.changes), changes=[f"{c.title} from {c.from_} to {c.to}"
                                                                   for c in take.changes],
        core=[rubric.competency(c).title for c in take.core], gates=[g.title for g in take.gates],
        projection=found if isinstance(found, Interval) else None,
        no_projection=None if isinstance(found, Interval) else found)


def projected(history: Sequence[Point], rung: str, now: float, threshold: float, latest: str) -> Interval | str:
    """When readiness for `rung` reaches `threshold` at the person's pace, or why there is no date."""
    pairs = _months(history, rung)
    if len(pairs) < 2 or max(m for m, _ in pairs) - min(m for m, _ in pairs) < 1 / DAYS_PER_MONTH:
        return TOO_FEW
    if now >= threshold:
        return ALREADY_THERE
    months, values = [m for m, _ in pairs], [v for _, v in pairs]
    pace = statistics.linear_regression(months, values).slope
    error = _slope_error(months, values, pace) if len(pairs) >= 3 else None
    if pace <= 0:
        return NOT_RISING
    fast = pace + (error or 0.0)
    slow = pace - (error or 0.0)
    if (threshold - now) / fast > MAX_PROJECTION_MONTHS:
        return TOO_FAR
    start = datetime.fromisoformat(latest)
    latest_date = None
    if slow > 0 and (threshold - now) / slow <= MAX_PROJECTION_MONTHS:
        latest_date = _after(start, (threshold - now) / slow)
    return Interval(pace=round(pace, 2), error=None if error is None else round(error, 2), runs=len(pairs),
                    earliest=_after(start, (threshold - now) / fast), latest=latest_date)


def _months(history: Sequence[Point], rung: str) -> list[tuple[float, float]]:
    points = [point for point in history if rung in point.readiness_by_role]
    if not points:
        return []
    first = datetime.fromisoformat(points[0].finished_at)
    return [((datetime.fromisoformat(p.finished_at) - first).total_seconds() / 86400 / DAYS_PER_MONTH,
             p.readiness_by_role[rung]) for p in points]


def _slope_error(months: list[float], values: list[float], pace: float) -> float:
    mean_m, mean_v = statistics.fmean(months), statistics.fmean(values)
    intercept = mean_v - pace * mean_m
    residual = sum((v - intercept - pace * m) ** 2 for m, v in zip(months, values, strict=True))
    spread = sum((m - mean_m) ** 2 for m in months)
    return math.sqrt(residual / (len(months) - 2) / spread)


def _after(start: datetime, months: float) -> str:
    return (start + timedelta(days=months * DAYS_PER_MONTH)).date().isoformat()
