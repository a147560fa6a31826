"""Snowflake (points) and the FT competencies (transitions) end to end through the real CLI, as a person uses
them: the template filled in and scored, a take interrupted and resumed, every report format, progress over two
runs, and export and import into another home. The team view of each is in tests/test_team_models.py."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from assess.core.questions import ordered_competencies
from assess.io.rubric_files import load_rubric_file
from assess.io.store.sqlite import SQLiteStore as Store

from . import test_take
from .conftest import ROOT, write_yaml
from .test_take import CONTINUE

script = test_take.script


@dataclass
class Framework:
    path: Path
    first: dict[str, int]  # a person's ratings
    later: dict[str, int]  # the same person a while later
    said: list[str]  # what the summary of `first` says
    later_placement: str


SNOWFLAKE = ROOT / "examples" / "snowflake" / "snowflake.yaml"
FT = ROOT / "examples" / "ft-engineering" / "ft-engineering.yaml"
_SF = [comp.id for comp in load_rubric_file(SNOWFLAKE).competencies]
_FT = load_rubric_file(FT)
# Snowflake's default person (72 points); later three milestones 4 -> 5: 96 points, Principal Engineer.
SF_FIRST = dict(zip(_SF, (1, 2, 3, 2, 4, 1, 1, 4, 3, 2, 0, 4, 2, 2, 3, 0), strict=True))
SF_LATER = SF_FIRST | {"project-management": 5, "initiative": 5, "accomplishment": 5}
# An Engineer (every Engineer statement, none later); later a Senior Engineer 1 as well.
FT_FIRST = {comp.id: int(comp.expected["engineer"] == 1) for comp in _FT.competencies}
FT_LATER = {comp.id: int(comp.expected["senior1"] == 1) for comp in _FT.competencies}

FRAMEWORKS = {
    "snowflake": Framework(SNOWFLAKE, SF_FIRST, SF_LATER, [
        "Total: 72 points; level 4.2, 2 points to 4.3", "Placement: Staff Engineer",
        "18 points (now 72, need 90)"], "principal-engineer"),
    "ft": Framework(FT, FT_FIRST, FT_LATER, [
        "Placement: Engineer", "Next rung: Senior Engineer 1"], "senior1"),
}


@pytest.fixture(params=sorted(FRAMEWORKS))
def framework(request) -> Framework:
    return FRAMEWORKS[request.param]


def ok(result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def filled(run, framework: Framework, ratings: dict[str, int], name: str = "Kim Lee") -> str:
    """`assess template` filled in as a person would: only the values."""
    text = ok(run("template", "--rubric", framework.path))
    for comp_id, level in ratings.items():
        text = text.replace(f"\n  {comp_id}:\n", f"\n  {comp_id}: {level}\n")
    return text.replace("\nname:\n", f"\nname: {name}\n")


def test_the_filled_template_scores_as_the_framework_places(run, framework, tmp_path):
    answers = tmp_path / "me.yaml"
    answers.write_text(filled(run, framework, framework.first))
    shown = flat(ok(run("score", answers)))
    for said in framework.said:
        assert said in shown
    data = json.loads(ok(run("score", answers, "-f", "json")))
    assert data["rubric"] == load_rubric_file(framework.path).id


def test_take_interrupted_then_resumed_asks_evidence_only_of_a_claim(run, framework, script, tmp_path, isolated_home):
    """The last three questions typed: the lowest level, the top and "not sure"; Ctrl-C first, then a resume. The
    evidence prompt follows the top rating only: no one is asked to prove the lowest level."""
    rubric = load_rubric_file(framework.path)
    left = ordered_competencies(rubric)[-3:]
    partial = write_yaml(tmp_path / "partial.yaml", {
        "rubric": str(framework.path), "profile": "kim", "name": "Kim Lee",
        "ratings": {comp: level for comp, level in framework.first.items() if comp not in {c.id for c in left}}})
    fake = script(KeyboardInterrupt)
    stopped = run("take", "--answers", partial)
    assert stopped.exit_code == 130
    assert stopped.stderr == f"\nSaved {len(rubric.competencies) - 3} answers — run `assess take --answers " \
                             f"{partial}` to resume\n"
    assert fake.asked[0].id == f"ratings.{left[0].id}"
    fake = script(
        ("control.resume", "resume"),
        (f"ratings.{left[0].id}", rubric.min_level),
        (f"ratings.{left[1].id}", rubric.max_level),
        (f"evidence.{left[1].id}", "Shipped it and wrote it up."),
        (f"ratings.{left[2].id}", None),
        (f"control.review-{left[2].area}", CONTINUE),
        ("control.report", "skip"),
    )
    resumed = run("take", "--profile", "kim")
    assert resumed.exit_code == 0, resumed.stderr
    assert fake.steps == []
    assert f"evidence.{left[0].id}" not in [question.id for question in fake.asked]
    with Store(isolated_home) as store:
        (stored,) = store.runs("kim")
    assert [stored.answers.ratings[c.id] for c in left] == [rubric.min_level, rubric.max_level, None]
    assert stored.answers.evidence == {left[1].id: "Shipped it and wrote it up."}
    assert stored.result is not None and stored.result.unknowns == [left[2].id]


@pytest.fixture
def two_runs(run, framework, tmp_path):
    first = tmp_path / "first.yaml"
    first.write_text(filled(run, framework, framework.first))
    ok(run("take", "--answers", first))
    later = write_yaml(tmp_path / "later.yaml", {"rubric": str(framework.path), "name": "Kim Lee",
                                                 "ratings": framework.later})
    ok(run("take", "--answers", later))
    return framework


def test_progress_and_every_text_report_after_two_runs(run, two_runs, tmp_path):
    data = json.loads(ok(run("progress", "-f", "json")))
    assert len(data["runs"]) == 2
    moved = {(c["competency"], c["from"], c["to"]) for c in data["changes"]}
    assert moved == {(comp, two_runs.first[comp], level) for comp, level in two_runs.later.items()
                     if level != two_runs.first[comp]}
    ok(run("report", "-f", "json", "-o", tmp_path / "r.json"))
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["placement"] == two_runs.later_placement
    assert len(report["progress"]["runs"]) == 2
    for fmt in ("md", "html"):
        ok(run("report", "-f", fmt, "-o", tmp_path / f"r.{fmt}"))
        text = (tmp_path / f"r.{fmt}").read_text()
        assert "Kim Lee" in text and "machine learning" not in text.lower()  # no other rubric's words


@pytest.mark.slow  # renders a PDF
def test_the_pdf_carries_the_run_and_imports_into_another_home(run, two_runs, tmp_path):
    pdf = tmp_path / "r.pdf"
    ok(run("report", "-o", pdf))
    text = flat("\n".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert "Kim Lee" in text and "Progress since earlier runs" in text
    other = tmp_path / "other-home"
    ok(run("--home", other, "import", pdf))
    (imported,) = json.loads(ok(run("--home", other, "history", "-f", "json")))
    latest = json.loads(ok(run("progress", "-f", "json")))["runs"][-1]
    assert (imported["id"], imported["readiness"]) == (latest["id"], latest["readiness"])


def test_export_and_import_move_both_runs_with_their_rubric(run, two_runs, tmp_path):
    out = tmp_path / "history.json"
    ok(run("export", "-o", out))
    other = tmp_path / "other-home"
    ok(run("--home", other, "import", out))
    mine = json.loads(ok(run("history", "-f", "json")))
    theirs = json.loads(ok(run("--home", other, "history", "-f", "json")))
    assert [(r["readiness"], r["status"]) for r in theirs] == [(r["readiness"], r["status"]) for r in mine]
    progress = json.loads(ok(run("--home", other, "progress", "-f", "json")))
    assert [r["readiness"] for r in progress["runs"]] == [r["readiness"] for r in
                                                           json.loads(ok(run("progress", "-f", "json")))["runs"]]
