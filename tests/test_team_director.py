"""A team on the Director rubric as it ships (3.0.0), from runs taken through the real entry point: what the team
says of each person is what `assess score` says of them, and a run taken with the archived 2.0.0 is listed as
another version, never mixed in."""

from __future__ import annotations

import json

import pytest
import yaml

from .conftest import ROOT

EXAMPLES = ROOT / "examples" / "director-ml-engineering"
ARCHIVED = ROOT / "rubrics" / "archive" / "director-ml-engineering-2.0.0.yaml"


def took(run, home, answers) -> None:
    result = run("--home", home, "take", "--answers", answers)
    assert result.exit_code == 0, result.output


def older(tmp_path):
    """Sam's answers under another name, taken with version 2.0.0 (without what 3.0.0 added)."""
    kept = {comp["id"] for comp in yaml.safe_load(ARCHIVED.read_text())["competencies"]}
    data = yaml.safe_load((EXAMPLES / "mid-career.yaml").read_text())
    data |= {"rubric": str(ARCHIVED), "name": "Lee Old", "profile": "lee",
             "ratings": {comp: level for comp, level in data["ratings"].items() if comp in kept},
             "evidence": {comp: text for comp, text in (data.get("evidence") or {}).items() if comp in kept}}
    path = tmp_path / "lee.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.fixture
def exports(run, tmp_path):
    found = []
    for index, answers in enumerate([EXAMPLES / "mid-career.yaml", EXAMPLES / "staff-engineer.yaml", older(tmp_path)]):
        home = tmp_path / f"person-{index}"
        took(run, home, answers)
        out = tmp_path / f"export-{index}.json"
        assert run("--home", home, "export", "-o", out).exit_code == 0
        found.append(out)
    return found


def scored(run, answers) -> dict:
    return json.loads(run("score", answers, "-f", "json").stdout)


def test_the_director_rubric_as_it_ships_and_an_archived_version_listed_apart(run, tmp_path, exports):
    assert run("--home", tmp_path / "lead", "team", "add", "d", *exports).exit_code == 0
    views = json.loads(run("--home", tmp_path / "lead", "team", "show", "d", "-f", "json").stdout)
    assert (views["rubric"], views["rubric_version"], views["people"]) == ("director-ml-engineering", "3.0.0", 2)
    assert {row["person"]: (row["version"], row["status"]) for row in views["inputs"]} == {
        "Sam Rivera": ("3.0.0", "counted"), "Kim Park": ("3.0.0", "counted"), "Lee Old": ("2.0.0", "other version")}
    sam, kim = scored(run, EXAMPLES / "mid-career.yaml"), scored(run, EXAMPLES / "staff-engineer.yaml")
    # Each is read against their next rung on the nearer track, as `assess score` places them.
    rows = {row["person"]: row["expects"] for row in views["heatmap"]["rows"]}
    nearer = {track["track"]: track["next_role"] for track in sam["placements"]}
    assert rows == {"Sam Rivera": nearer[sam["nearer_track"]],
                    "Kim Park": next(t["next_role"] for t in kim["placements"] if t["track"] == kim["nearer_track"])}
    succession = {row["rung"]: row for row in views["succession"]}
    assert succession["senior-mle"]["ready_now"] == ["Kim Park", "Sam Rivera"]
    assert succession["staff-mle"]["ready_now"] == ["Kim Park"]
    nearest = {c["person"]: c["readiness"] for c in succession["ml-team-lead"]["nearest"]}
    assert nearest == {"Sam Rivera": sam["readiness_by_role"]["ml-team-lead"],
                       "Kim Park": kim["readiness_by_role"]["ml-team-lead"]}
    (staff,) = succession["staff-mle"]["nearest"]
    assert (staff["person"], staff["readiness"]) == ("Sam Rivera", sam["readiness_by_role"]["staff-mle"])
    # What holds Sam back is the engine's smallest "what it would take", word for word.
    takes = next(t for t in sam["placements"] if t["next_role"] == "staff-mle")["what_it_takes"]
    assert staff["changes"] == [f"{c['title']} from {c['from']} to {c['to']}" for c in takes["changes"]]
    assert staff["core"] == ["Technical leadership and influence"] and staff["points_short"] == takes["points_short"]


@pytest.mark.slow
def test_a_shared_report_made_with_the_director_rubric_is_an_input(run, tmp_path):
    home = tmp_path / "sam"
    took(run, home, EXAMPLES / "mid-career.yaml")
    pdf = tmp_path / "sam-shared.pdf"
    assert run("--home", home, "report", "-p", "example", "--share", "--private", "years_leadership",
               "-o", pdf).exit_code == 0
    added = run("--home", tmp_path / "lead", "team", "add", "d", pdf)
    assert added.stdout == "Team d: 1 person; 1 new input from 1 file, 1 of them shared\n"
    views = json.loads(run("--home", tmp_path / "lead", "team", "show", "d", "-f", "json").stdout)
    (row,) = views["inputs"]
    assert (row["person"], row["version"], row["shared"], row["status"]) == ("Sam Rivera", "3.0.0", True, "counted")
    evidence = yaml.safe_load((EXAMPLES / "mid-career.yaml").read_text()).get("evidence") or {}
    shown = json.dumps(views)
    assert evidence and not [text for text in evidence.values() if text in shown]
