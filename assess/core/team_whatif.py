"""What if a person leaves: the needs the team meets now and would not without them, and who is nearest to
covering each, with what it would take. Pure.

Nearest to a skill need: the fewest levels to raise (a "not sure" counts at the lowest level), then by name; what it
would take is that raise, with the rubric's action for each level. Nearest to a rung need: people for whom it is
the next rung on a track, by the engine's own distance (fewest gates short, then fewest levels to raise, then the
higher readiness), with the engine's smallest set of changes; a person whose rung reads "private" (met on all
that can be seen, a gate on a private fact unknown) comes first.
"""

from __future__ import annotations

from collections.abc import Sequence

from assess.core.fields import Frozen
from assess.core.results import WhatItTakes
from assess.core.rubric import Rubric
from assess.core.team_coverage import Coverage, holds
from assess.core.team_members import Member
from assess.core.team_needs import Need
from assess.core.wording import distance_text

NEAREST = 3  # candidates named per need


class Nearest(Frozen):
    person: str
    levels: int  # levels to raise in all
    gates: list[str] = []  # gate titles short (only those that may be shown)
    private: bool = False  # met on all that can be seen; a gate asks about a fact kept private
    points_short: float | None = None  # readiness points short of the rung's threshold
    steps: list[str]  # what it would take, in words


class Lost(Frozen):
    need: str
    label: str
    count_now: int
    count_after: int
    nearest: list[Nearest]


class WhatIf(Frozen):
    person: str
    lost: list[Lost]


def nearest(rubric: Rubric, need: Need, members: Sequence[Member], limit: int | None = NEAREST) -> list[Nearest]:
    """Who, not holding `need`, is nearest to it, nearest first."""
    distance = _skill_distance if need.kind == "skill" else _rung_distance
    ranked = [(key, member) for member in members if not holds(member, need)
              if (key := distance(rubric, need, member)) is not None]
    ranked.sort(key=lambda pair: pair[0])
    return [_nearest(rubric, need, member) for _, member in ranked[:limit]]


def _skill_distance(rubric: Rubric, need: Need, member: Member) -> tuple[object, ...]:
    assert need.competency is not None and need.level is not None
    return need.level - rubric.counted(member.ratings.get(need.competency)), member.name.casefold(), member.key


def _rung_distance(rubric: Rubric, need: Need, member: Member) -> tuple[object, ...] | None:
    assert need.rung is not None
    standing = member.rung(need.rung)
    if standing.status == "private":
        return 0, 0, 0, -standing.readiness, member.name.casefold(), member.key
    take = _take(member, need.rung)
    if take is None:
        return None
    levels = sum(change.to - change.from_ for change in take.changes)
    return 1, len(take.gates), levels, -take.readiness, member.name.casefold(), member.key


def _take(member: Member, rung: str) -> WhatItTakes | None:
    return next((track.take for track in member.tracks if track.next_role == rung and track.take), None)


def _nearest(rubric: Rubric, need: Need, member: Member) -> Nearest:
    if need.kind == "skill":
        assert need.competency is not None and need.level is not None
        comp = rubric.competency(need.competency)
        now = rubric.counted(member.ratings.get(comp.id))
        steps = [f"raise {comp.title} from {now} to {need.level}", *(comp.actions[n] for n in range(now, need.level))]
        return Nearest(person=member.name, levels=need.level - now, steps=steps)
    assert need.rung is not None
    take = _take(member, need.rung)
    if member.rung(need.rung).status == "private" or take is None:
        return Nearest(person=member.name, levels=0, private=True,
                       steps=["met on all that can be seen; a gate asks about a fact kept private"])
    gates = [gate.title for gate in take.gates]
    steps = [f"raise {change.title} from {change.from_} to {change.to}" for change in take.changes]
    steps += [f"meet the gate {title}" for title in gates]
    return Nearest(person=member.name, levels=sum(change.to - change.from_ for change in take.changes), gates=gates,
                   points_short=take.points_short, steps=steps or [distance_text(rubric, take)])


def what_if(rubric: Rubric, needs: Sequence[Need], members: Sequence[Member], covered: Sequence[Coverage],
            only: str | None = None) -> list[WhatIf]:
    """For each member (or the one whose key is `only`), the needs met now that their leaving would leave short."""
    counts = {row.need: row.count for row in covered}
    ranked = {need.id: nearest(rubric, need, members) for need in needs}
    found = []
    for member in sorted(members, key=lambda m: (m.name.casefold(), m.key)):
        if only is not None and member.key != only:
            continue
        lost = [Lost(need=need.id, label=need.label, count_now=counts[need.id], count_after=counts[need.id] - 1,
                     nearest=ranked[need.id])
                for need in needs
                if holds(member, need) and counts[need.id] >= need.people > counts[need.id] - 1]
        found.append(WhatIf(person=member.name, lost=lost))
    return found
