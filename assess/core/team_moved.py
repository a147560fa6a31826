"""What moved in a team between two of its builds (say, last quarter's inputs and this quarter's). Pure.

Both views are read against their own inputs; people and levels are compared only when both were read against
the same rubric version, so two versions' numbers are never set side by side as if they were one.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from assess.core.fields import Frozen
from assess.core.rubric import Rubric
from assess.core.team import TeamView
from assess.core.team_members import Member


class PersonMove(Frozen):
    person: str
    placement_from: str | None
    placement_to: str | None
    readiness_from: float  # for the rubric's target
    readiness_to: float
    raised: list[str]  # "Title 1 to 2"
    lowered: list[str]


class Count(Frozen):
    what: str
    from_: int | None = Field(serialization_alias="from")
    to: int | None


class Moved(Frozen):
    since: str  # the day the earlier build was read for
    comparable: bool  # both read against the same rubric version
    earlier_version: str
    joined: list[str]
    left: list[str]
    people: list[PersonMove]
    needs: list[Count]
    ready_now: list[Count]  # per rung, how many meet it
    truck_factor: Count


def moved(rubric: Rubric, before: TeamView, before_members: Sequence[Member], after: TeamView,
          after_members: Sequence[Member]) -> Moved:
    old = {m.key: m for m in before_members}
    new = {m.key: m for m in after_members}
    comparable = before.rubric_hash == after.rubric_hash
    people = [_person(rubric, old[key], new[key]) for key in sorted(new, key=lambda k: new[k].name.casefold())
              if key in old] if comparable else []
    counts = {row.need: row for row in before.coverage}
    needs = [Count(what=row.label, from_=counts[row.need].count if row.need in counts else None, to=row.count)
             for row in after.coverage] if comparable else []
    earlier_ready = {row.rung: len(row.ready_now) for row in before.succession}
    ready = [Count(what=row.title, from_=earlier_ready.get(row.rung), to=len(row.ready_now))
             for row in after.succession] if comparable else []
    return Moved(
        since=before.as_of, comparable=comparable, earlier_version=before.rubric_version,
        joined=sorted((new[k].name for k in new if k not in old), key=str.casefold),
        left=sorted((old[k].name for k in old if k not in new), key=str.casefold),
        people=[move for move in people if move.raised or move.lowered or move.placement_from != move.placement_to
                or move.readiness_from != move.readiness_to],
        needs=needs, ready_now=ready,
        truck_factor=Count(what="truck factor", from_=before.truck_factor.value, to=after.truck_factor.value))


def _person(rubric: Rubric, before: Member, after: Member) -> PersonMove:
    raised: list[str] = []
    lowered: list[str] = []
    for comp in rubric.competencies:
        was, now = before.ratings.get(comp.id), after.ratings.get(comp.id)
        if rubric.counted(was) == rubric.counted(now):
            continue
        said = f"{comp.title} {_level(was)} to {_level(now)}"
        (raised if rubric.counted(now) > rubric.counted(was) else lowered).append(said)
    return PersonMove(person=after.name, placement_from=_placement(before), placement_to=_placement(after),
                      readiness_from=before.rung(rubric.target).readiness,
                      readiness_to=after.rung(rubric.target).readiness, raised=raised, lowered=lowered)


def _placement(member: Member) -> str | None:
    return member.on(member.track).placement


def _level(value: int | None) -> str:
    return "not sure" if value is None else str(value)
