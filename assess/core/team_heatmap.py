"""The heatmap (people x competencies, each person's level against what their next rung or the team's needs
expect) and where one action helps several people. Pure.

Against the next rung, a cell expects what the person's next rung on their track expects (at the top of a track,
what their own rung expects; under points, where no rung expects a level, the fewest levels that bring the person's
total to the rung's minimum); against the needs, the highest level a need names for the competency. Columns
are the competencies expected of anyone, the largest team deficit first (levels short, summed over people);
rows the people with the most levels short first, then by name. A cell says why it reads as it does: the level
and its anchor in the rubric, whether a high rating is claimed or evidenced (unknown for a shared input), and
others' mean where the input came with 360° ratings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from assess.core.fields import Frozen
from assess.core.models import model_of
from assess.core.rubric import Rubric
from assess.core.team_members import Member
from assess.core.team_needs import Need

Against = Literal["rung", "needs"]
Evidence = Literal["evidenced", "claimed", "not shared"]


class Cell(Frozen):
    competency: str
    level: int | None  # None: "not sure" or not answered
    expected: int
    short: int  # levels short of `expected` ("not sure" counts at the lowest level)
    evidence: Evidence | None  # for ratings at the rubric's evidence level or above
    others: float | None = None  # others' mean (360°)
    raters: int = 0


class Row(Frozen):
    person: str
    expects: str | None  # the rung whose expectations the cells show; None against the needs
    short: int
    cells: list[Cell]


class Heatmap(Frozen):
    against: Against
    competencies: list[str]
    deficits: dict[str, int]
    rows: list[Row]


class SharedStep(Frozen):
    level: int
    action: str
    people: list[str]


class SharedGap(Frozen):
    competency: str
    title: str
    people: int
    levels: int  # levels short, summed
    steps: list[SharedStep]


def expectations(rubric: Rubric, member: Member, against: Against, needs: Sequence[Need]) -> tuple[str | None,
                                                                                                   dict[str, int]]:
    """The rung a member's cells are read against (None: the needs), and the level each competency expects."""
    if against == "needs":
        wanted: dict[str, int] = {}
        for need in needs:
            if need.kind == "skill" and need.competency is not None and need.level is not None:
                wanted[need.competency] = max(wanted.get(need.competency, need.level), need.level)
        return None, wanted
    rungs = rubric.track(member.track).rungs
    held = [rung for rung in rungs if member.rung(rung).status != "not met"]  # met, or private on all else
    rung = member.on(member.track).next_role or (held[-1] if held else rungs[0])
    expected = {comp.id: comp.expected[rung] for comp in rubric.competencies}
    model = model_of(rubric)
    if model.total is not None:  # where the total decides, a rung expects no level: read the levels that reach it
        ratings = {comp_id: rubric.counted(level) for comp_id, level in member.ratings.items()}
        unsure = [comp_id for comp_id, level in member.ratings.items() if level is None]
        expected |= model.aims(rubric, ratings, unsure, rung)
    return rung, expected


def heatmap(rubric: Rubric, members: Sequence[Member], against: Against, needs: Sequence[Need]) -> Heatmap:
    rows = [_row(rubric, member, against, needs) for member in members]
    expected_of_anyone: set[str] = set()
    deficits: dict[str, int] = {comp.id: 0 for comp in rubric.competencies}
    for row in rows:
        for cell in row.cells:
            deficits[cell.competency] += cell.short
            if cell.expected > rubric.min_level:
                expected_of_anyone.add(cell.competency)
    shown = [comp.id for comp in rubric.competencies if comp.id in expected_of_anyone]
    order = sorted(shown, key=lambda comp: -deficits[comp])  # stable: rubric order on ties
    place = {comp: index for index, comp in enumerate(order)}
    rows = [row.model_copy(update={"cells": sorted((c for c in row.cells if c.competency in place),
                                                   key=lambda c: place[c.competency])}) for row in rows]
    rows.sort(key=lambda row: (-row.short, row.person.casefold()))
    return Heatmap(against=against, competencies=order, deficits={comp: deficits[comp] for comp in order}, rows=rows)


def _row(rubric: Rubric, member: Member, against: Against, needs: Sequence[Need]) -> Row:
    rung, expected = expectations(rubric, member, against, needs)
    others = {mean.competency: mean for mean in member.others}
    cells = []
    for comp_id, wanted in expected.items():
        level = member.ratings.get(comp_id)
        short = max(0, wanted - rubric.counted(level))
        mean = others.get(comp_id)
        # Built from a member's checked fields; validating them again costs a second for a thousand people.
        cells.append(Cell.model_construct(competency=comp_id, level=level, expected=wanted, short=short,
                                          evidence=_evidence(rubric, member, comp_id, level),
                                          others=mean.mean if mean else None, raters=mean.raters if mean else 0))
    return Row(person=member.name, expects=rung, short=sum(cell.short for cell in cells), cells=cells)


def _evidence(rubric: Rubric, member: Member, comp_id: str, level: int | None) -> Evidence | None:
    if level is None or level < rubric.evidence_level:
        return None
    if member.evidenced is None:
        return "not shared"
    return "evidenced" if comp_id in member.evidenced else "claimed"


def shared_gaps(rubric: Rubric, grid: Heatmap, least: int = 2) -> list[SharedGap]:
    """Competencies where at least `least` people are short, each step with the rubric's action for it: one
    workshop, pairing or project for several people. Most people first, then most levels short."""
    short_in: dict[str, list[tuple[str, Cell]]] = {comp_id: [] for comp_id in grid.competencies}
    for row in grid.rows:
        for cell in row.cells:
            if cell.short > 0:
                short_in[cell.competency].append((row.person, cell))
    found = []
    for comp_id in grid.competencies:
        comp = rubric.competency(comp_id)
        short = short_in[comp_id]
        if len(short) < least:
            continue
        by_level: dict[int, list[str]] = {}
        for person, cell in short:
            by_level.setdefault(rubric.counted(cell.level), []).append(person)
        steps = [SharedStep(level=level, action=comp.actions[level], people=sorted(people, key=str.casefold))
                 for level, people in sorted(by_level.items())]
        found.append(SharedGap(competency=comp_id, title=comp.title, people=len(short),
                               levels=sum(cell.short for _, cell in short), steps=steps))
    found.sort(key=lambda gap: (-gap.people, -gap.levels))
    return found
