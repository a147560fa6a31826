"""Aggregates above a named team: a department roll-up across teams, and a team's view without names. Pure.

Privacy as the best programmes keep it: an aggregate over fewer than `k` people prints nothing (k is 5 unless
chosen, never below 3). Suppression is complementary: a department shows its total beside its teams, so when a
team is suppressed, more are, the smallest first, until the suppressed teams are at least two and hold at least
k people together; no team can then be had as the department minus the others. A department of fewer than k
prints nothing at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assess.core.fields import Frozen
from assess.core.rubric import Rubric
from assess.core.team_members import Member

DEFAULT_K = 5
MIN_K = 3


def checked_k(k: int) -> int:
    if k < MIN_K:
        raise ValueError(f"k is at least {MIN_K}; {k} would print groups of fewer people")
    return k


def suppressed(sizes: Mapping[str, int], parent: int, k: int) -> tuple[set[str], bool]:
    """The groups whose figures are not printed, and whether the parent's are not printed either."""
    checked_k(k)
    if parent < k:
        return set(sizes), True
    hidden = {group for group, size in sizes.items() if size < k}
    while hidden and (len(hidden) < 2 or sum(sizes[group] for group in hidden) < k):
        rest = sorted((group for group in sizes if group not in hidden), key=lambda group: (sizes[group], group))
        if not rest:
            return set(sizes), True
        hidden.add(rest[0])
    return hidden, False


class Figures(Frozen):
    """What a roll-up prints of one group; every figure None when the group is suppressed."""

    group: str
    people: int | None
    rungs: dict[str, int] | None  # how many meet each rung
    skills: dict[str, int] | None  # how many are at `Rollup.level` or above, per competency
    suppressed: bool


class Rollup(Frozen):
    name: str
    k: int
    level: int
    teams: list[Figures]
    total: Figures
    left_out: list[str]  # teams not counted, and why


def figures(rubric: Rubric, group: str, members: Sequence[Member], level: int, hide: bool) -> Figures:
    if hide:
        return Figures(group=group, people=None, rungs=None, skills=None, suppressed=True)
    return Figures(
        group=group, people=len(members),
        rungs={role.id: sum(m.holds(role.id) for m in members) for role in rubric.ladder},
        skills={comp.id: sum(1 for m in members if (rating := m.ratings.get(comp.id)) is not None and rating >= level)
                for comp in rubric.competencies},
        suppressed=False)


def rollup(rubric: Rubric, name: str, teams: Mapping[str, Sequence[Member]], k: int,
           left_out: Sequence[str] = ()) -> Rollup:
    """The department `name` over `teams` (a person in several teams counts once in its total)."""
    level = max(rubric.min_level, rubric.max_level - 1)
    everyone = {member.key: member for members in teams.values() for member in members}
    hidden, parent_hidden = suppressed({team: len(members) for team, members in teams.items()}, len(everyone), k)
    rows = [figures(rubric, team, members, level, team in hidden) for team, members in teams.items()]
    total = figures(rubric, name, list(everyone.values()), level, parent_hidden)
    return Rollup(name=name, k=k, level=level, teams=rows, total=total, left_out=list(left_out))


class Distribution(Frozen):
    competency: str
    title: str
    levels: dict[int, int]  # how many people rated themselves at each level
    not_sure: int


class Anonymous(Frozen):
    """A team without names: distributions and counts only, nothing at all under k people."""

    team: str
    k: int
    people: int | None
    distributions: list[Distribution]
    needs: dict[str, int]  # need label -> how many hold it
    rungs: dict[str, int]  # rung -> how many meet it
    truck_factor: int | None


def anonymous(rubric: Rubric, team: str, members: Sequence[Member], k: int, needs: Mapping[str, int],
              truck: int | None) -> Anonymous:
    checked_k(k)
    if len(members) < k:
        return Anonymous(team=team, k=k, people=None, distributions=[], needs={}, rungs={}, truck_factor=None)
    rows = []
    for comp in rubric.competencies:
        levels = {level: sum(m.ratings.get(comp.id) == level for m in members) for level in rubric.levels}
        rows.append(Distribution(competency=comp.id, title=comp.title, levels=levels,
                                 not_sure=sum(m.ratings.get(comp.id) is None for m in members)))
    return Anonymous(team=team, k=k, people=len(members), distributions=rows, needs=dict(needs),
                     rungs={role.id: sum(m.holds(role.id) for m in members) for role in rubric.ladder},
                     truck_factor=truck)
