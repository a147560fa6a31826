"""`assess report --rescore`: a stored run scored anew against today's version of its rubric, only when asked."""

from __future__ import annotations

import json

import pytest

from .conftest import write_yaml

RATINGS = {"x1": 3, "x2": 2, "y1": 2, "y2": 2}
# Against rung c of tests/data/mini.yaml (shares x1 8, x2 2, y1 1, y2 3 of 14): (8 + 2 + 1/2 + 3) / 14 = 96.4.
# Version 2 expects y1 at 2 for c, so y1 is no gap and readiness is 100.


@pytest.fixture
def taken(run, tmp_path, mini_data):
    """One run taken with a rubric file by path, and the file then edited into version 2."""
    (tmp_path / "rubric").mkdir()
    path = write_yaml(tmp_path / "rubric" / "mini.yaml", mini_data)
    answers = write_yaml(tmp_path / "me.yaml", {"rubric": str(path), "facts": {"degree": "master", "years": 6},
                                                "ratings": RATINGS})
    assert run("take", "--answers", answers).exit_code == 0
    mini_data["version"] = "2"
    y1 = next(c for c in mini_data["competencies"] if c["id"] == "y1")
    y1["expected"]["c"] = 2
    write_yaml(path, mini_data)
    return path


def written(run, tmp_path, *args, fmt="json"):
    out = tmp_path / f"r.{fmt}"
    result = run("report", *args, "-f", fmt, "-o", out)
    assert result.exit_code == 0, result.stderr
    return out.read_text()


def test_a_report_shows_the_run_as_it_was_scored(run, taken, tmp_path):
    assert json.loads(written(run, tmp_path))["readiness"] == 96.4
    assert "scored anew" not in written(run, tmp_path, fmt="md")


def test_rescore_scores_against_the_file_as_it_is_today_and_says_so(run, taken, tmp_path):
    assert json.loads(written(run, tmp_path, "--rescore"))["readiness"] == 100.0
    md = written(run, tmp_path, "--rescore", fmt="md")
    assert "Rubric mini 2 · assess" in md
    assert "scored anew against this version; the run was taken with version 1" in md
    html = written(run, tmp_path, "--rescore", fmt="html")
    assert "<strong>Scored anew</strong> against this version; the run was taken with version 1" in html
    # Rescoring is never stored: the plain report still shows the run as it was scored.
    assert json.loads(written(run, tmp_path))["readiness"] == 96.4


def test_rescore_with_a_rubric_given_by_path(run, taken, tmp_path):
    moved = taken.rename(tmp_path / "moved.yaml")
    assert json.loads(written(run, tmp_path, "latest", "--rescore", "--rubric", moved))["readiness"] == 100.0


def test_rescore_without_the_file_uses_the_newest_version_known_by_id(run, taken, tmp_path):
    taken.unlink()
    assert json.loads(written(run, tmp_path, "--rescore"))["readiness"] == 96.4  # only version 1 was ever stored


def test_rubric_without_rescore_is_refused(run, taken, tmp_path):
    result = run("report", "--rubric", taken, "-o", tmp_path / "r.md")
    assert (result.exit_code, result.stderr) == (2, f"assess: --rubric: '{taken}' is only used with --rescore\n")
    assert not (tmp_path / "r.md").exists()


def test_rescore_against_another_rubric_is_refused(run, taken, tmp_path):
    (stored,) = json.loads(run("history", "-f", "json").stdout)
    result = run("report", "--rescore", "--rubric", "director-ml-engineering", "-o", tmp_path / "r.md")
    assert (result.exit_code, result.stderr) == (
        2, f"assess: --rubric: director-ml-engineering is rubric 'director-ml-engineering'; run {stored['id']} was "
           "taken with 'mini'\n")


def test_rescore_against_a_version_that_dropped_a_rated_competency_names_it(run, taken, tmp_path, mini_data):
    # As progress does with the same history: the competency is reported as gone, the run is scored without it.
    mini_data["competencies"] = [c for c in mini_data["competencies"] if c["id"] != "y2"]
    write_yaml(taken, mini_data)
    result = run("report", "--rescore", "-f", "md", "-o", tmp_path / "r.md")
    assert (result.exit_code, result.stderr) == (0, "")
    cover = next(line for line in (tmp_path / "r.md").read_text().splitlines() if line.startswith("Rubric "))
    assert "scored anew" in cover and "this version no longer has y2, which the run rated, so it is left out" in cover
    data = json.loads(written(run, tmp_path, "--rescore"))
    assert "y2" not in {gap["competency"] for gap in data["gaps"]} and "y2" not in data["unknowns"]
