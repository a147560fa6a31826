"""A rubric no one here wrote, end to end through the real CLI: Engineering Ladders (examples/engineering-ladders),
used by path from another folder - template, score, take with an interrupt and a resume, every report format,
progress, export and import - and again after its file has moved, from what each run keeps of it."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime

import pytest
import yaml
from pypdf import PdfReader

from assess.io.rubric_files import load_rubric_file
from assess.io.store.sqlite import SQLiteStore as Store

from . import test_take
from .conftest import ROOT, write_yaml
from .test_take import CONTINUE

LADDERS = ROOT / "examples" / "engineering-ladders" / "engineering-ladders.yaml"
ALEX = {"technology": 3, "system": 3, "people": 4, "process": 4, "influence": 2}
# Against Engineering Manager 5 (expects 3, 3, 5, 4, 2; People core, so 2/6 of readiness): People 4 of 5 attains
# (4 - 1) / (5 - 1) = 3/4, the rest all: 100 - 33.3 / 4 = 91.7. Met: placed EM5, next EM6.
LATER = {"technology": 3, "system": 4, "people": 5, "process": 5, "influence": 2}
script = test_take.script  # the prompt seam (assess.cli.prompts.ask), scripted as test_take scripts it
# Words that would mean another rubric's text leaked in, and counts that read wrong.
FOREIGN = re.compile(r"Director|\bML\b|machine learning|0 to 4|0-4|level 3 or 4|\bcritical\b", re.IGNORECASE)
MISCOUNTED = re.compile(r"\b1 (levels|competencies|areas|rungs|tracks|answers|questions|runs|gates|steps|are)\b|"
                        r"\b(0|[2-9]|\d\d+) (level|competency|area|rung|track|answer|question|run|gate|step)\b")


@pytest.fixture
def places(tmp_path, monkeypatch):
    """The rubric copied into a folder of its own; commands run from another one."""
    (tmp_path / "ladders").mkdir()
    rubric = tmp_path / "ladders" / "engineering-ladders.yaml"
    shutil.copy(LADDERS, rubric)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return rubric, work


def ok(result):
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def read_right(text, where=""):
    """No other rubric's words, and every count agrees with its noun."""
    flat = " ".join(text.split())
    assert not FOREIGN.search(flat), (where, FOREIGN.search(flat))
    assert not MISCOUNTED.search(flat), (where, MISCOUNTED.search(flat))
    return text


def filled_template(run, rubric, ratings, name="Alex Kim"):
    """`assess template` for the rubric, filled in the way a person would: only the values, nothing else touched."""
    text = ok(run("template", "--rubric", rubric))
    for comp_id, level in ratings.items():
        text = text.replace(f"\n  {comp_id}:\n", f"\n  {comp_id}: {level}\n")
    return text.replace("\nname:\n", f"\nname: {name}\n")


# --- template and score ----------------------------------------------------------------------------------


def test_the_template_names_the_rubric_file_and_its_own_levels(run, places):
    rubric, _ = places
    text = read_right(ok(run("template", "--rubric", "../ladders/engineering-ladders.yaml")), "template")
    assert f"\nrubric: {rubric}\n" in text  # absolute: the file scores from any folder
    assert "# Ratings: 1 to 5, each competency naming its own levels. Leave a rating empty for \"not sure\".\n" in text
    assert "  # People [core for Engineering Manager 5]: Relationship with the team and the people in it.\n" in text
    for named in ("# 1 Adopts: ", "# 5 Creates: ", "# 3 Owns: ", "# 4 Coordinates: ", "# 2 Enforces: ",
                  "# 3 Multiple Teams: "):
        assert named in text
    assert "facts: {}\n" in text
    assert "# For each rating of 4 or 5, one sentence of proof" in text
    assert yaml.safe_load(text)["rubric"] == str(rubric)


def test_a_filled_template_scores_without_editing_its_rubric_line(run, places, tmp_path):
    rubric, work = places
    answers = work / "me.yaml"
    answers.write_text(filled_template(run, rubric, ALEX))
    shown = read_right(ok(run("score", answers)), "score")
    assert "Readiness for Engineering Manager 5: 91.7 / 100" in shown
    assert "Placement: Engineering Manager 5   Next rung: Engineering Manager 6" in shown
    row = next(line for line in shown.splitlines() if line.startswith("│ Engineering Manager (path)"))
    assert [cell.strip() for cell in row.split("│")[1:-1]] == [
        "Engineering Manager (path)", "Engineering Manager 5", "Engineering Manager 6", "81.9",
        "1 level to raise across 1 competency"]
    data = json.loads(ok(run("score", answers, "--format", "json")))
    assert (data["rubric"], data["target"], data["readiness"], data["placement"]) == (
        "engineering-ladders", "em5", 91.7, "em5")
    assert [p["track"] for p in data["placements"]] == ["developer", "tech-lead", "engineering-manager",
                                                        "program-manager"]
    # From another folder again, the same file scores the same.
    (tmp_path / "elsewhere").mkdir()
    assert json.loads(ok(run("score", answers, "-f", "json")))["readiness"] == 91.7


def test_a_relative_rubric_path_is_read_from_the_answers_files_folder_and_stored_absolute(run, places, isolated_home):
    rubric, work = places
    answers = write_yaml(work / "me.yaml", {"rubric": "../ladders/engineering-ladders.yaml", "ratings": ALEX})
    assert "91.7 / 100" in ok(run("score", answers))
    ok(run("take", "--answers", answers))
    (stored,) = Store(isolated_home).runs("default")
    assert stored.answers.rubric == str(rubric)


# --- take, interrupted and resumed -----------------------------------------------------------------------


@pytest.mark.slow  # ends by writing the PDF it offers
def test_take_partial_answers_interrupt_then_plain_take_resumes_this_rubric(run, places, script, isolated_home):
    rubric, work = places
    partial = write_yaml(work / "partial.yaml", {"rubric": str(rubric), "profile": "sam", "name": "Alex Kim",
                                                 "ratings": {"technology": 3, "system": 3}})
    fake = script(KeyboardInterrupt)
    stopped = run("take", "--answers", partial)
    assert stopped.exit_code == 130
    assert stopped.stderr == f"\nSaved 2 answers — run `assess take --answers {partial}` to resume\n"
    asked = fake.asked[0]
    assert (asked.id, asked.position, asked.area) == ("ratings.people", "Area 1/2 · question 3/5",
                                                      "Technology, system, people and process")
    assert [c.title for c in asked.choices] == ["Learns", "Supports", "Mentors", "Coordinates", "Manages", "not sure"]
    assert [a.label for a in asked.anchors] == ["Learns", "Supports", "Mentors", "Coordinates", "Manages"]
    assert "Self-assessment: Engineering Ladders (profile sam)\n" in stopped.stdout
    assert "5 competencies in 2 areas against the expectations for Engineering Manager 5" in stopped.stdout
    assert "3 questions to answer" in read_right(stopped.stdout, "take")

    # Plain `take --profile sam`: no --rubric, no file; it resumes the unfinished Engineering Ladders run.
    fake = script(
        ("control.resume", "resume"),
        ("ratings.people", 4),
        ("evidence.people", "Coordinated the five engineers of the payments team for a year."),
        ("ratings.process", 4),
        ("evidence.process", ""),
        ("control.review-axes", "technology"),
        ("ratings.technology", 3),
        ("control.review-axes", CONTINUE),
        ("ratings.influence", 2),
        ("control.review-reach", CONTINUE),
        ("control.report", "write"),
    )
    resumed = run("take", "--profile", "sam")
    assert resumed.exit_code == 0, resumed.stderr
    assert fake.steps == []
    assert fake.asked[0].prompt.endswith("2 of 5 answered:")
    review = next(q for q in fake.asked if q.id == "control.review-axes")
    assert [c.title.split("  ")[-1].strip() for c in review.choices[1:]] == ["3 Evangelizes", "3 Owns", "4 Coordinates",
                                                                    "4 Adjusts"]
    out = read_right(resumed.stdout, "take resumed")
    assert "Readiness for Engineering Manager 5: 91.7 / 100" in out
    report = work / f"assess-report-alex-kim-{datetime.now(UTC).date().isoformat()}.pdf"
    assert out.endswith(f"Report written to {report}\n")
    text = "\n".join(page.extract_text() for page in PdfReader(report).pages)
    assert "Engineering Manager 5" in text and "Coordinates" in text
    history = json.loads(ok(run("history", "-f", "json")))
    assert [(h["profile"], h["status"], h["readiness"]) for h in history] == [("sam", "complete", 91.7)]


def test_plain_take_starts_the_embedded_rubric_only_without_an_unfinished_run(run, places, script):
    rubric, _ = places
    script(KeyboardInterrupt)
    assert run("take", "--rubric", rubric, "--profile", "p").exit_code == 130  # stopped before any answer: no draft
    fake = script(KeyboardInterrupt)
    run("take", "--profile", "p")
    assert fake.asked[0].id == "name.name"
    fake = script(("name.name", "P"), KeyboardInterrupt)
    run("take", "--profile", "p")
    assert fake.asked[1].id == "facts.degree"  # the embedded rubric asks facts first; this one has none


# --- reports, progress, export and import, then the file moves ----------------------------------------------


@pytest.fixture
def two_runs(run, places, tmp_path):
    """Two complete runs taken with the rubric by path, a month apart in what they rate."""
    rubric, work = places
    first = work / "first.yaml"
    first.write_text(filled_template(run, rubric, ALEX))
    ok(run("take", "--answers", first))
    second = write_yaml(work / "second.yaml", {"rubric": str(rubric), "name": "Alex Kim", "ratings": LATER,
                                               "evidence": {"people": "Manage four engineers' careers."}})
    ok(run("take", "--answers", second))
    return rubric, work, first


def reports(run, folder, *args):
    """The latest run's report in every format; the PDF as its extracted text."""
    texts = {}
    for fmt in ("md", "json", "html", "pdf"):
        out = folder / f"r.{fmt}"
        ok(run("report", *args, "-f", fmt, "-o", out))
        texts[fmt] = ("\n".join(p.extract_text() for p in PdfReader(out).pages) if fmt == "pdf"
                      else out.read_text())
    return texts


@pytest.mark.slow
def test_every_report_format_speaks_this_rubric(run, two_runs):
    _, work, _ = two_runs
    texts = reports(run, work)
    for fmt, text in texts.items():
        read_right(text if fmt != "html" else re.sub(r"<[^>]+>", "", text), fmt)
    data = json.loads(texts["json"])
    assert (data["readiness"], data["placement"], data["next_role"]) == (100.0, "em7", None)  # top of its track
    assert [p["readiness"] for p in data["progress"]["runs"]] == [91.7, 100.0]
    pdf = texts["pdf"]
    for name in ("Evangelizes", "Evolves", "Manages", "Defines", "Team"):  # the framework's own level names
        assert name in pdf
    assert "About this rubric" in pdf and "Apache License 2.0" in pdf
    assert "Market context" not in pdf and "Gate checklist" not in pdf  # it has neither
    assert "This rubric sets no gates" in " ".join(pdf.split())  # wherever the line breaks
    md = texts["md"]
    assert "- Technology: 3 Evangelizes\n" in md and "- People: 5 Manages — Manage four engineers' careers.\n" in md
    assert "1 to 5, each competency naming its own levels" in texts["html"]
    assert "Progress since earlier runs" in pdf


def test_progress_after_a_second_run(run, two_runs):
    out = read_right(ok(run("progress")), "progress")
    assert out.startswith("Progress of profile 'default' towards Engineering Manager 5\n")
    data = json.loads(ok(run("progress", "-f", "json")))
    assert [r["readiness"] for r in data["runs"]] == [91.7, 100.0]
    assert [(c["competency"], c["from"], c["to"]) for c in data["changes"]] == [
        ("system", 3, 4), ("people", 4, 5), ("process", 4, 5)]


def test_after_the_file_moves_everything_works_from_what_the_runs_keep(run, two_runs, tmp_path, monkeypatch):
    rubric, work, first = two_runs
    ok(run("report", "-f", "md", "-o", work / "before.md"))
    md_before = (work / "before.md").read_text()
    moved = tmp_path / "moved" / "ladder.yaml"
    moved.parent.mkdir()
    rubric.rename(moved)

    ok(run("report", "-f", "md", "-o", work / "after.md"))
    assert (work / "after.md").read_text() == md_before  # the same report, from the stored snapshot
    assert "towards Engineering Manager 5" in ok(run("progress"))
    assert len(json.loads(ok(run("history", "-f", "json")))) == 2
    listed = next(line for line in ok(run("rubrics", "list")).splitlines() if "engineering-ladders" in line)
    competencies = len(load_rubric_file(moved).competencies)
    assert f" {competencies} " in listed and "history (2 runs)" in listed

    # The old answers file says in one line where the rubric went missing and how to give its new place.
    result = run("score", first)
    assert (result.exit_code, result.stderr) == (
        2, f"assess: {first}: rubric: {rubric} does not exist (moved?); give its new place with --rubric PATH\n")
    assert "91.7 / 100" in ok(run("score", first, "--rubric", moved))

    # By id, known from history: a new run takes the rubric as stored.
    again = write_yaml(work / "again.yaml", {"rubric": "engineering-ladders", "ratings": ALEX})
    assert "91.7 / 100" in ok(run("take", "--rubric", "engineering-ladders", "--answers", again))

    # Export, then import into an empty home: reports and progress still need no rubric file.
    exported = work / "history.json"
    ok(run("export", "-o", exported))
    moved.unlink()
    monkeypatch.setenv("ASSESS_HOME", str(tmp_path / "empty-home"))
    assert ok(run("import", exported)).startswith("Imported 3 runs")
    ok(run("report", "-f", "md", "-o", work / "imported.md"))
    assert (work / "imported.md").read_text().startswith("# Gap analysis for default: Engineering Manager 5\n")
    assert json.loads(ok(run("progress", "-f", "json")))["runs"][-1]["readiness"] == 91.7
    assert "91.7 / 100" in ok(run("take", "--rubric", "engineering-ladders", "--answers", again))


def test_a_file_named_like_a_rubric_id_is_never_loaded_in_its_place(run, two_runs):
    _, work, _ = two_runs
    (work / "engineering-ladders").write_text("id: impostor\n")
    (work / "director-ml-engineering").write_text("id: impostor\n")
    shown = ok(run("rubrics", "show", "engineering-ladders"))
    assert shown.startswith("Engineering Ladders  (engineering-ladders 1.0.0)\n")
    assert ok(run("template", "--rubric", "director-ml-engineering")).startswith(
        "# Answers for Director of Machine Learning Engineering")
    assert "\nrubric: engineering-ladders\n" in ok(run("template", "--rubric", "engineering-ladders"))


def test_unknown_answers_and_counts_read_right(run, places):
    rubric, work = places
    unsure = write_yaml(work / "unsure.yaml", {"rubric": str(rubric), "ratings": {**ALEX, "influence": None}})
    out = read_right(ok(run("score", unsure)), "score with an unknown")
    assert "1 competency answered \"not sure\" or left out" in out
    ok(run("take", "--answers", unsure))
    md = work / "r.md"
    ok(run("report", "-f", "md", "-o", md))
    text = read_right(md.read_text(), "report with an unknown")
    assert "each counts as the lowest level (1) in readiness" in text
    assert "- Influence: not sure\n" in text


def test_plan_and_radar_name_the_levels_of_this_framework(run, two_runs):
    _, work, _ = two_runs
    first = json.loads(ok(run("history", "-f", "json")))[0]["id"]
    ok(run("report", first, "-f", "html", "-o", work / "first.html"))
    html = (work / "first.html").read_text()
    assert '<span class="what">People: 4 Coordinates → 5 Manages</span>' in html
    assert "(4 Coordinates → 5 Manages, core): Take on one or two direct reports" in html
    assert ">Coordinates → Manages</text>" in html and ">Evangelizes</text>" in html  # under the radar's axes
    assert "The chart shows each competency: its rated level (1 to 5)" in html


def test_the_scale_is_named_per_competency_only_when_every_competency_names_every_level():
    from assess.core.wording import scale_text
    from assess.io.rubric_files import load_rubric_file

    from .conftest import DATA

    assert scale_text(load_rubric_file(LADDERS)) == "1 to 5, each competency naming its own levels"
    assert scale_text(load_rubric_file(DATA / "tree.yaml")) == "1 One · 2 Two · 3 Three · 4 Four · 5 Five"


def test_a_rung_held_back_by_a_gate_alone_says_which_gate_everywhere(run, tmp_path):
    """Principal (IC) is met but for its years gate; Manager (the path) is short of a core skill and a gate. The
    nearer rung is Principal (one gate each, no level to raise), and every view names the gate that holds it."""
    tree = ROOT / "tests" / "data" / "tree.yaml"
    answers = write_yaml(tmp_path / "a.yaml", {"rubric": str(tree), "name": "Pat", "facts":
                                               {"degree": "bachelor", "years": 4, "papers": 4},
                                               "ratings": {"code": 5, "design": 4, "people": 2}})
    shown = run("score", answers).stdout  # 200 columns in tests: a row is one line
    assert "0 levels" not in shown and "0 competencies" not in shown
    row = next(line for line in shown.splitlines() if line.startswith("│ Individual contributor"))
    assert [cell.strip() for cell in row.split("│")[1:-1]] == [
        "Individual contributor", "Senior", "Principal", "100.0", "gate Experience: need at least 6; have 4"]
    assert ("Nearer: Principal on the individual contributor track; what holds it back: Experience: need at least "
            "6; have 4") in [line.rstrip() for line in shown.splitlines()]
    assert run("take", "--answers", answers).exit_code == 0
    html = tmp_path / "r.html"
    assert run("report", "-f", "html", "-o", html).exit_code == 0
    page = html.read_text()
    assert "<td>gate Experience: need at least 6; have 4</td>" in page
    assert "What holds it back: Experience: need at least 6; have 4." in page
    assert "<h3>Nearer, on the individual contributor track: Principal</h3>" in page
    assert "Gate <em>Experience</em>: need at least 6; have 4." in page
    md = tmp_path / "r.md"
    assert run("report", "-f", "md", "-o", md).exit_code == 0
    assert ("Nearer next step: Principal on the individual contributor track. What holds it back: Experience: need "
            "at least 6; have 4. The target stays") in md.read_text()


def test_rubrics_show_names_each_rungs_gates_and_core_skills_and_the_rubrics_notes(run, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    shown = run("rubrics", "show", ROOT / "tests" / "data" / "tree.yaml").stdout
    assert max(len(line) for line in shown.splitlines()) <= 100
    rungs = shown.split("What each rung requires")[1]
    assert "3 Manager\n  core, within 1 level: people\n  gate: Experience: at least 5\n" in rungs
    assert "4 Principal\n  core, within 1 level: code, design\n" in rungs
    ladders = run("rubrics", "show", ROOT / "examples" / "engineering-ladders" / "engineering-ladders.yaml").stdout
    assert "About this rubric" in ladders and "How to read the levels." in ladders
    director = run("rubrics", "show", "director-ml-engineering").stdout
    assert "About this rubric" in director  # its reasoning and changelog live here, not in a candidate's report
