"""The team view under the points and transitions models, through the real entry point: each person takes a run
and exports it, the lead adds the exports to a team. Numbers worked out by hand from Snowflake's milestone points
(0, 1, 3, 6, 12, 20; Engineer II from 17, Principal from 90) and FT's steps (Principal asks nothing of its own)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assess.io.rubric_files import load_rubric_file
from tests.conftest import write_yaml

ROOT = Path(__file__).parent.parent
SNOWFLAKE = ROOT / "examples" / "snowflake" / "snowflake.yaml"
FT = ROOT / "examples" / "ft-engineering" / "ft-engineering.yaml"
TRACKS = [comp.id for comp in load_rubric_file(SNOWFLAKE).competencies]
DEFAULT_STATE = dict(zip(TRACKS, (1, 2, 3, 2, 4, 1, 1, 4, 3, 2, 0, 4, 2, 2, 3, 0), strict=True))  # 72 points


def build(run, tmp_path: Path, rubric: Path, people: dict[str, dict[str, int]]) -> dict:
    """Each person's run exported from their own home, the exports added to team "t", its views as JSON."""
    files = []
    for name, ratings in people.items():
        home = tmp_path / name
        given = write_yaml(tmp_path / f"{name}.yaml", {"rubric": str(rubric), "profile": name.lower(), "name": name,
                                                       "ratings": ratings})
        assert run("--home", home, "take", "--answers", given).exit_code == 0
        files.append(tmp_path / f"{name}.json")
        assert run("--home", home, "export", "-o", files[-1]).exit_code == 0
    lead = tmp_path / "lead"
    assert run("--home", lead, "team", "add", "t", *files).exit_code == 0
    shown = run("--home", lead, "team", "show", "t")
    assert shown.exit_code == 0, shown.stderr
    return json.loads(run("--home", lead, "team", "show", "t", "-f", "json").stdout)


@pytest.fixture
def snowflake_team(run, tmp_path):
    return build(run, tmp_path, SNOWFLAKE, {
        "Ann": DEFAULT_STATE,  # 72: Staff / Senior Group Lead; Principal needs 18 more
        "Bo": dict.fromkeys(TRACKS, 5),  # 320: Principal and Director
        "Cy": dict.fromkeys(TRACKS, 1),  # 16: Engineer I, one point short of Engineer II
        "Di": DEFAULT_STATE | {"project-management": 5, "initiative": 5, "wellbeing": 1},  # 89: one point short
    })


def rows(views: dict) -> dict[str, dict]:
    return {row["person"]: row for row in views["heatmap"]["rows"]}


def test_under_points_the_heatmap_reads_the_fewest_levels_that_reach_the_next_rungs_total(snowflake_team):
    by_person = rows(snowflake_team)
    assert {person: (row["expects"], row["short"]) for person, row in by_person.items()} == {
        "Ann": ("principal-engineer", 3), "Bo": ("principal-engineer", 0), "Cy": ("engineer-2", 1),
        "Di": ("principal-engineer", 1)}
    # Ann: 18 points in the fewest levels is three milestones 4 to 5 (8 points each); one level nowhere gives 18.
    ann = {cell["competency"]: (cell["level"], cell["expected"]) for cell in by_person["Ann"]["cells"]
           if cell["short"]}
    assert ann == {"project-management": (4, 5), "initiative": (4, 5), "accomplishment": (4, 5)}
    # Cy: one point short; one level anywhere (1 to 2: 2 points) closes it, the first track in rubric order.
    cy = [cell for cell in by_person["Cy"]["cells"] if cell["short"]]
    assert [(c["competency"], c["level"], c["expected"]) for c in cy] == [("mobile", 1, 2)]
    assert snowflake_team["heatmap"]["deficits"]["accomplishment"] == 2


def test_under_points_succession_names_who_is_there_and_the_nearest_by_levels(snowflake_team):
    succession = {row["rung"]: row for row in snowflake_team["succession"]}
    principal = succession["principal-engineer"]
    assert principal["ready_now"] == ["Bo"]
    assert [(c["person"], c["levels"], c["changes"]) for c in principal["nearest"]] == [
        ("Di", 1, ["Accomplishment from 4 to 5"]),
        ("Ann", 3, ["Project management from 4 to 5", "Initiative from 4 to 5", "Accomplishment from 4 to 5"])]
    assert succession["staff-engineer"]["ready_now"] == ["Ann", "Bo", "Di"]
    assert [c["person"] for c in succession["engineer-2"]["nearest"]] == ["Cy"]


@pytest.fixture
def ft_team(run, tmp_path):
    rubric = load_rubric_file(FT)
    engineer = {comp.id: int(comp.expected["engineer"] == 1) for comp in rubric.competencies}
    return build(run, tmp_path, FT, {"Sue": {comp.id: 1 for comp in rubric.competencies}, "Eli": engineer})


def test_under_transitions_a_rung_that_asks_nothing_has_nobody_near_it(ft_team):
    succession = {row["rung"]: row for row in ft_team["succession"]}
    assert succession["senior2"]["ready_now"] == ["Sue"]
    assert succession["principal"]["ready_now"] == [] and succession["principal"]["nearest"] == []
    # Eli meets Engineer's 32 statements and none of Senior Engineer 1's 31: 27 of them reach 85%.
    eli = succession["senior1"]["nearest"]
    assert [(c["person"], c["levels"]) for c in eli] == [("Eli", 27)]
    assert rows(ft_team)["Eli"]["expects"] == "senior1" and rows(ft_team)["Eli"]["short"] == 31
