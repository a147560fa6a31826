"""A team's views as data: the JSON `assess team show --format json` prints and the pages are made from."""

from __future__ import annotations

from typing import Any

from assess.core.rubric import Rubric
from assess.core.team import TeamView
from assess.core.team_members import Member
from assess.core.team_report import TeamReport
from assess.core.team_rollup import Anonymous, anonymous


def anchors(rubric: Rubric, competencies: list[str]) -> dict[str, dict[str, str]]:
    """What each level of each shown competency means: the anchor a heatmap cell is explained by."""
    return {comp_id: {str(level): f"{rubric.level_label(comp, level)}: {anchor.behaviour}"
                      for level, anchor in sorted(comp.anchors.items())}
            for comp_id in competencies for comp in [rubric.competency(comp_id)]}


def team_data(found: TeamReport) -> dict[str, Any]:
    data = found.view.model_dump(mode="json", by_alias=True)
    data["moved"] = found.moved.model_dump(mode="json", by_alias=True) if found.moved else None
    data["anchors"] = anchors(found.rubric, found.view.heatmap.competencies)
    return data


def anonymous_view(view: TeamView, rubric: Rubric, members: list[Member], k: int) -> Anonymous:
    return anonymous(rubric, view.team, members, k, {row.label: row.count for row in view.coverage},
                     view.truck_factor.value)


def anonymous_data(found: TeamReport, k: int) -> dict[str, Any]:
    shown = anonymous_view(found.view, found.rubric, found.members, k)
    data = shown.model_dump(mode="json")
    data.update({"as_of": found.view.as_of, "rubric": found.view.rubric, "rubric_version": found.view.rubric_version})
    if shown.people is None:
        data["suppressed"] = f"fewer than {k} people are counted: an anonymous view shows nothing"
    return data
