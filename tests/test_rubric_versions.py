"""Runs taken with the Director rubric 2.0.0 stay readable and comparable after 3.0.0: their report shows them as
2.0.0 scored them, progress compares them under 3.0.0, and a result stored before 3.0.0's fields existed is
scored again against the run's own rubric."""

from __future__ import annotations

import json
import sqlite3

import pytest
import yaml

from assess.core.answers import Answers
from assess.core.scoring import score
from assess.io.locations import DB_NAME
from assess.io.rubric_files import load_rubric, load_rubric_file

from .conftest import ROOT, write_yaml

ARCHIVED = ROOT / "rubrics" / "archive" / "director-ml-engineering-2.0.0.yaml"
EXAMPLES = ROOT / "examples" / "director-ml-engineering"
NEW_IN_3 = ("technical-influence", "ml-modernisation", "relationship-building")


@pytest.fixture
def two_versions(run, tmp_path):
    """Sam Rivera's November run taken with 2.0.0 (by the archived file), then the current run with 3.0.0."""
    older = yaml.safe_load((EXAMPLES / "mid-career-2025-11.yaml").read_text())
    for comp_id in NEW_IN_3:
        del older["ratings"][comp_id]  # 2.0.0 does not know them
    older["rubric"] = str(ARCHIVED)
    assert run("take", "--answers", write_yaml(tmp_path / "older.yaml", older)).exit_code == 0
    assert run("take", "--answers", EXAMPLES / "mid-career.yaml").exit_code == 0
    history = json.loads(run("history", "-p", "example", "-f", "json").stdout)
    return [entry["id"] for entry in history], older


def report(run, tmp_path, *args, fmt="json"):
    out = tmp_path / f"r.{fmt}"
    result = run("report", "-p", "example", *args, "-f", fmt, "-o", out)
    assert result.exit_code == 0, result.stderr
    return json.loads(out.read_text()) if fmt == "json" else out.read_text()


def test_a_2_0_0_run_reports_as_2_0_0_scored_it(run, tmp_path, two_versions):
    (older_id, _), older = two_versions
    data = report(run, tmp_path, older_id)
    expected = score(load_rubric_file(ARCHIVED), Answers.model_validate({**older, "rubric": "director-ml-engineering"}))
    assert (data["rubric_version"], data["readiness"]) == ("2.0.0", expected.readiness) == ("2.0.0", 52.9)
    assert data["furthest"] == {"track": "management", "title": "Management", "placement": "senior-mle"}
    md = report(run, tmp_path, older_id, fmt="md")
    assert "Rubric director-ml-engineering 2.0.0" in md and "Technical leadership and influence" not in md


def test_progress_compares_a_2_0_0_run_under_3_0_0(run, tmp_path, two_versions):
    progress = json.loads(run("progress", "-p", "example", "-f", "json").stdout)
    assert [(r["rubric_version"], r["readiness"]) for r in progress["runs"]] == [("2.0.0", 52.9), ("3.0.0", 63.4)]
    new = sorted(change["competency"] for change in progress["changes"] if change["status"] == "new")
    assert new == sorted(NEW_IN_3)
    assert {"competency": "ml-org-design", "title": "Org design and scaling ML teams", "from": 0, "to": 2,
            "status": "up"} in progress["changes"]
    md = report(run, tmp_path, fmt="md")
    assert "Runs taken with rubric versions 2.0.0 and 3.0.0: ratings are compared under version 3.0.0" in md


def test_a_2_0_0_run_rescored_against_3_0_0_leaves_the_new_competencies_unknown(run, tmp_path, two_versions):
    (older_id, _), older = two_versions
    data = report(run, tmp_path, older_id, "--rescore", "--rubric", "director-ml-engineering")
    answers = Answers.model_validate({**older, "rubric": "director-ml-engineering"})
    assert (data["rubric_version"], data["readiness"]) == ("3.0.0", score(load_rubric(), answers).readiness)
    assert set(NEW_IN_3) <= set(data["unknowns"])


def test_a_result_stored_before_3_0_0s_fields_is_scored_again_with_its_own_rubric(run, tmp_path, two_versions,
                                                                                   isolated_home):
    (older_id, newer_id), _ = two_versions
    db = sqlite3.connect(isolated_home / DB_NAME)
    with db:  # completed runs cannot change: lift the guard to write what an older version wrote, then put it back
        (guard,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'runs_complete_frozen'").fetchone()
        db.execute("DROP TRIGGER runs_complete_frozen")
        for run_id in (older_id, newer_id):
            (stored,) = db.execute("SELECT result FROM runs WHERE id = ?", (run_id,)).fetchone()
            old = json.loads(stored)
            del old["furthest"]  # as an assess before this version wrote it
            for role in old["roles"]:
                del role["advisory_unmet"]
            for gate in old["gates"]:
                del gate["advisory"]
            db.execute("UPDATE runs SET result = ? WHERE id = ?", (json.dumps(old), run_id))
        db.execute(guard)
    db.close()
    assert report(run, tmp_path, older_id)["readiness"] == 52.9
    assert report(run, tmp_path, newer_id)["furthest"]["placement"] == "senior-mle"
    assert run("progress", "-p", "example").exit_code == 0
