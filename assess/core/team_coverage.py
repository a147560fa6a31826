"""Coverage of a team's needs, its single points of failure, and its truck factor on skills. Pure.

A skill need is held by a person rated at its level or above ("not sure" holds nothing); a rung need by a person
who meets the rung. The truck factor: remove the most load-bearing person, again and again, until more than half
of the needed skills have nobody left who holds them; it is how many were removed. The most load-bearing person
holds the most needed skills still held; of equals, the one who alone holds the most, then by name.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Literal

from assess.core.fields import Frozen
from assess.core.team_members import Member
from assess.core.team_needs import Need


class Coverage(Frozen):
    need: str
    kind: Literal["skill", "rung"]
    label: str
    people: int  # how many the need asks for
    count: int  # how many hold it
    holders: list[str]
    private: list[str] = []  # rung needs: people whose rung reads "private" (a gate on a fact kept private)
    met: bool
    flag: Literal["uncovered", "single point of failure"] | None


class TruckFactor(Frozen):
    value: int | None  # None: the team needs no skill
    removed: list[str]  # in the order they were taken away
    skills: int  # skill needs counted
    uncovered: int  # of them, uncovered once `removed` are gone


def holds(member: Member, need: Need) -> bool:
    if need.kind == "rung":
        assert need.rung is not None
        return member.holds(need.rung)
    assert need.competency is not None and need.level is not None
    rating = member.ratings.get(need.competency)
    return rating is not None and rating >= need.level


def coverage(needs: Sequence[Need], members: Sequence[Member]) -> list[Coverage]:
    found = []
    for need in needs:
        holders = [member.name for member in members if holds(member, need)]
        private = [member.name for member in members if need.rung and member.rung(need.rung).status == "private"]
        flag: Literal["uncovered", "single point of failure"] | None = None
        if len(holders) == 0:
            flag = "uncovered"
        elif len(holders) == 1:
            flag = "single point of failure"
        found.append(Coverage(need=need.id, kind=need.kind, label=need.label, people=need.people, count=len(holders),
                              holders=holders, private=private, met=len(holders) >= need.people, flag=flag))
    return found


def truck_factor(needs: Sequence[Need], members: Sequence[Member]) -> TruckFactor:
    skills = [need for need in needs if need.kind == "skill"]
    if not skills:
        return TruckFactor(value=None, removed=[], skills=0, uncovered=0)
    held = [{m.key for m in members if holds(m, need)} for need in skills]
    names = {member.key: member.name for member in members}
    # A person's load never changes while they stay: every need they hold is still held, by them.
    load = {key: sum(key in keys for keys in held) for key in names}
    sole = {key: sum(keys == {key} for keys in held) for key in names}
    uncovered = sum(not keys for keys in held)
    removed: list[str] = []
    queue = [(-load[key], -sole[key], names[key].casefold(), key) for key in names]
    heapq.heapify(queue)
    gone: set[str] = set()
    while 2 * uncovered <= len(skills):
        *_, heaviest = heapq.heappop(queue)
        if heaviest in gone:
            continue
        gone.add(heaviest)
        removed.append(names[heaviest])
        for keys in held:
            if heaviest in keys:
                keys.discard(heaviest)
                if not keys:
                    uncovered += 1
                elif len(keys) == 1:  # its last holder now holds it alone: they bear more, and move up the queue
                    last = next(iter(keys))
                    sole[last] += 1
                    heapq.heappush(queue, (-load[last], -sole[last], names[last].casefold(), last))
    return TruckFactor(value=len(removed), removed=removed, skills=len(skills), uncovered=uncovered)
