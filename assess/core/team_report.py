"""A team's views with what they were made from: the members counted, the rubric, and what moved since the build
before; what every renderer (terminal, pages, tables, JSON) is given."""

from __future__ import annotations

from dataclasses import dataclass

from assess.core.rubric import Rubric
from assess.core.team import TeamView
from assess.core.team_members import Member
from assess.core.team_moved import Moved


@dataclass(frozen=True)
class TeamReport:
    view: TeamView
    members: list[Member]
    rubric: Rubric
    moved: Moved | None = None
