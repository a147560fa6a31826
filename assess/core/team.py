"""A team: the inputs people handed over, which of them count, and every view of them. Pure.

Inputs are keyed by person; the latest run per person counts. The team is read against one rubric version (its
content hash): the one most current inputs were taken with, the latest of them on a tie. An input older than the
window (months before the day the view is for), or taken with another rubric or another version of it, is listed
as such and counted in no view, so numbers are never mixed silently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Literal

from assess.core.fields import Frozen
from assess.core.others import shift_months
from assess.core.rubric import Rubric
from assess.core.team_coverage import Coverage, TruckFactor, coverage, truck_factor
from assess.core.team_heatmap import Against, Heatmap, SharedGap, heatmap, shared_gaps
from assess.core.team_members import Member
from assess.core.team_needs import Need
from assess.core.team_succession import RungSuccession, succession
from assess.core.team_whatif import WhatIf, what_if

DEFAULT_WINDOW_MONTHS = 6
InputStatus = Literal["counted", "older", "other version", "other rubric", "earlier run"]


class Source(Frozen):
    """Where an input came from: the file's name and the SHA-256 of its bytes."""

    file: str
    sha256: str


class TeamInput(Frozen):
    source: Source
    member: Member


class InputRow(Frozen):
    person: str
    file: str
    sha256: str
    taken_on: str
    rubric: str
    version: str
    shared: bool
    status: InputStatus


class TeamView(Frozen):
    team: str
    as_of: str
    window_months: int
    rubric: str
    rubric_title: str
    rubric_version: str
    rubric_hash: str
    inputs: list[InputRow]
    people: int
    needs: list[Need]
    needs_given: bool  # False: the default (one person a level below the top in every competency)
    heatmap: Heatmap
    coverage: list[Coverage]
    truck_factor: TruckFactor
    what_if: list[WhatIf]
    succession: list[RungSuccession]
    shared_gaps: list[SharedGap]


def counted(inputs: Sequence[TeamInput], rubric_id: str | None, as_of: date, window: int
            ) -> tuple[str | None, list[TeamInput], list[InputRow]]:
    """The rubric hash the team is read against, the inputs that count, and every input with its status."""
    when = {id(each): _when(each) for each in inputs}
    latest: dict[str, TeamInput] = {}
    for each in inputs:
        key = each.member.key
        if key not in latest or when[id(each)] > when[id(latest[key])]:
            latest[key] = each
    since = shift_months(datetime(as_of.year, as_of.month, as_of.day), -window).date()
    recent = [each for each in latest.values() if _day(each) >= since]
    rubric_id = rubric_id or _most(each.member.rubric_id for each in recent)
    ours = [each for each in recent if each.member.rubric_id == rubric_id]
    chosen = _most(each.member.rubric_hash for each in sorted(ours, key=lambda i: when[id(i)], reverse=True))
    rows = []
    for each in sorted(inputs, key=lambda i: (i.member.name.casefold(), when[id(i)])):
        member = each.member
        status: InputStatus = "counted"
        if latest[member.key] is not each:
            status = "earlier run"
        elif member.rubric_id != rubric_id:
            status = "other rubric"
        elif _day(each) < since:
            status = "older"
        elif member.rubric_hash != chosen:
            status = "other version"
        rows.append(InputRow(person=member.name, file=each.source.file, sha256=each.source.sha256,
                             taken_on=member.taken_at[:10], rubric=member.rubric_id, version=member.rubric_version,
                             shared=member.shared, status=status))
    kept = [each for each in ours if each.member.rubric_hash == chosen]
    return chosen, sorted(kept, key=lambda i: (i.member.name.casefold(), i.member.key)), rows


def _most(values: Iterable[str]) -> str | None:
    """The most frequent value; on a tie, the one seen first."""
    seen = list(values)
    if not seen:
        return None
    tally = Counter(seen)
    top = max(tally.values())
    return next(value for value in seen if tally[value] == top)


def _when(each: TeamInput) -> tuple[str, str]:
    return datetime.fromisoformat(each.member.taken_at).isoformat(), each.member.run_id


def _day(each: TeamInput) -> date:
    return datetime.fromisoformat(each.member.taken_at).date()


def team_view(team: str, rubric: Rubric, rubric_hash: str, members: Sequence[Member], rows: Sequence[InputRow],
              needs: Sequence[Need], needs_given: bool, *, as_of: date, window: int, against: Against = "rung",
              leaves: str | None = None) -> TeamView:
    """Every view of `members` (those that count, all read against `rubric`)."""
    covered = coverage(needs, members)
    grid = heatmap(rubric, members, against, needs)
    return TeamView(
        team=team, as_of=as_of.isoformat(), window_months=window, rubric=rubric.id, rubric_title=rubric.title,
        rubric_version=rubric.version, rubric_hash=rubric_hash, inputs=list(rows), people=len(members),
        needs=list(needs), needs_given=needs_given, heatmap=grid, coverage=covered,
        truck_factor=truck_factor(needs, members),
        what_if=[found for found in what_if(rubric, needs, members, covered, leaves) if found.lost or leaves],
        succession=succession(rubric, members), shared_gaps=shared_gaps(rubric, grid))
