"""What a team needs, as a lead writes it in a needs file: people at a level in a competency, people who meet a
rung. The format is in rubrics/FORMAT.md ("A team's needs"); without a file a team needs one person one level
below the top of the scale in every competency, so coverage and the truck factor always have something to count.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictInt

from assess.core.errors import BadInput
from assess.core.fields import Frozen, Id, Level, Strict, Text
from assess.core.rubric import Rubric
from assess.core.text import field_name
from assess.core.wording import count

People = Annotated[StrictInt, Field(ge=1, le=100_000)]


class SkillNeed(Strict):
    competency: Id
    level: Level
    people: People = 1


class RungNeed(Strict):
    rung: Id
    people: People = 1


class NeedsFile(Strict):
    """A needs file as written; `check_needs` turns it into the `Need`s of one rubric."""

    rubric: Annotated[Text, Field(max_length=4096)]
    skills: Annotated[list[SkillNeed], Field(max_length=500)] = []
    rungs: Annotated[list[RungNeed], Field(max_length=100)] = []


class Need(Frozen):
    """One thing the team needs: `people` people at `level` or above in `competency`, or who meet `rung`."""

    id: str  # skill:COMPETENCY@LEVEL or rung:RUNG
    kind: Literal["skill", "rung"]
    competency: str | None = None
    level: int | None = None
    rung: str | None = None
    people: int
    label: str


def skill_need(rubric: Rubric, competency: str, level: int, people: int) -> Need:
    title = rubric.competency(competency).title
    return Need(id=f"skill:{competency}@{level}", kind="skill", competency=competency, level=level, people=people,
                label=f"{count(people, 'person', 'people')} at level {level} or above in {title}")


def rung_need(rubric: Rubric, rung: str, people: int) -> Need:
    return Need(id=f"rung:{rung}", kind="rung", rung=rung, people=people,
                label=f"{count(people, 'person', 'people')} who {'meets' if people == 1 else 'meet'} "
                f"{rubric.role(rung).title}")


def default_needs(rubric: Rubric) -> list[Need]:
    """One person one level below the top of the scale in every competency: someone who leads it."""
    level = max(rubric.min_level, rubric.max_level - 1)
    return [skill_need(rubric, comp.id, level, 1) for comp in rubric.competencies]


def check_needs(needs: NeedsFile, rubric: Rubric, where: str) -> list[Need]:
    """The needs of a file against `rubric` (renamed competencies followed); unknown ids, levels off the scale and
    a need written twice are refused, naming the file, the field and the value."""
    found: list[Need] = []
    comp_ids = {comp.id for comp in rubric.competencies}
    for index, skill in enumerate(needs.skills):
        comp_id = rubric.current_id(skill.competency)
        if comp_id not in comp_ids:
            raise BadInput(f"{where}: skills[{index}].competency: {field_name(skill.competency)!r} is not a "
                           f"competency of rubric {rubric.id!r}")
        if skill.level not in rubric.scale:
            raise BadInput(f"{where}: skills[{index}].level: {skill.level} is not a level of rubric {rubric.id!r} "
                           f"({rubric.min_level}-{rubric.max_level})")
        _add(found, skill_need(rubric, comp_id, skill.level, skill.people), f"{where}: skills[{index}]")
    rungs = set(rubric.role_ids())
    for index, rung in enumerate(needs.rungs):
        if rung.rung not in rungs:
            raise BadInput(f"{where}: rungs[{index}].rung: {rung.rung!r} is not a rung of rubric {rubric.id!r}; "
                           f"rungs are {', '.join(rubric.role_ids())}")
        _add(found, rung_need(rubric, rung.rung, rung.people), f"{where}: rungs[{index}]")
    if not found:
        raise BadInput(f"{where}: names no need; give skills or rungs (see rubrics/FORMAT.md)")
    return found


def _add(found: list[Need], need: Need, where: str) -> None:
    if any(other.id == need.id for other in found):
        what = f"{need.competency} at level {need.level}" if need.kind == "skill" else need.rung
        raise BadInput(f"{where}: {what} is needed twice; give each need once, with the people it takes")
    found.append(need)
