"""history, progress, export, import and delete through the real entry point."""

from __future__ import annotations

import json
import re
import stat
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from assess.cli import app
from assess.cli import delete as cli_delete
from assess.cli import take as cli_take
from assess.core.answers import Answers
from assess.core.scoring import score
from assess.io.rubric_files import load_rubric, load_rubric_file
from assess.io.store.sqlite import SQLiteStore as Store

from .conftest import MINI, ROOT, write_yaml

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
FIRST = {"x1": 1, "x2": 1, "y1": 1, "y2": None}
SECOND = {"x1": 3, "x2": 2, "y1": 2, "y2": 0}
# Scored against rung c of tests/data/mini.yaml (shares x1 8, x2 2, y1 1, y2 3 of 14; see test_scoring):
# FIRST: (8 * 1/3 + 2 * 1/2 + 1 * 1/4 + 0) / 14 = 28.0, placed a (b: (8 * 1/2 + 2 + 1/2) / 11 = 59.1).
# SECOND: (8 + 2 + 1/2 + 0) / 14 = 75.0, placed b (b: 100).


def add(home, ratings, *, days=0, profile="default", rubric_path=MINI):
    """A run stored by the real command, `assess take --answers`, on the day it is said to be taken."""
    when = T0 + timedelta(days=days, minutes=20)
    answers = write_yaml(home.parent / f"answers-{uuid.uuid4().hex}.yaml", {
        "rubric": str(rubric_path), "profile": profile, "facts": {"degree": "master", "years": 6},
        "ratings": ratings, "evidence": {"x1": "Led the model review board."}})

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return when

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli_take, "datetime", Clock)
        result = CliRunner().invoke(app, ["--home", str(home), "take", "--answers", str(answers)],
                                    catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with Store(home) as store:
        return store.get(re.search(r"Saved as run ([0-9a-f]{12})", result.stdout).group(1))


@pytest.fixture
def two_runs(isolated_home):
    return add(isolated_home, FIRST), add(isolated_home, SECOND, days=61)


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- history -------------------------------------------------------------------------------


def test_history_json_lists_runs_and_drafts(run, two_runs, isolated_home):
    first, second = two_runs
    with Store(isolated_home) as store:
        draft = store.create_draft(answers=Answers(rubric=str(MINI)), rubric=load_rubric_file(MINI),
                                   started_at=T0 + timedelta(days=90))
    assert as_json(run("history", "--format", "json")) == [
        {"id": first.id, "profile": "default", "status": "complete", "started_at": "2026-01-05T09:20:00+00:00",
         "finished_at": "2026-01-05T09:20:00+00:00", "rubric_version": "1", "readiness": 28.0, "placement": "a",
         "rater": None},
        {"id": second.id, "profile": "default", "status": "complete", "started_at": "2026-03-07T09:20:00+00:00",
         "finished_at": "2026-03-07T09:20:00+00:00", "rubric_version": "1", "readiness": 75.0, "placement": "b",
         "rater": None},
        {"id": draft.id, "profile": "default", "status": "draft", "started_at": "2026-04-05T09:00:00+00:00",
         "finished_at": None, "rubric_version": "1", "readiness": None, "placement": None,
         "rater": None},
    ]


def test_history_by_profile_table_and_csv(run, two_runs, isolated_home):
    sam = add(isolated_home, SECOND, profile="sam", days=3)
    table = run("history", "--profile", "sam")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0] == "Stored runs"
    assert lines[1].split() == ["Run", "Profile", "Status", "Taken", "(UTC)", "Rubric", "Readiness", "Placement",
                                "Rater"]
    assert lines[3].split() == [sam.id, "sam", "complete", "2026-01-08", "09:20", "1", "75.0", "Rung", "B", "-"]
    assert len(lines) == 5 and lines[4] == ""
    csv = run("history", "-f", "csv")
    assert csv.stdout.splitlines()[0] == ("id,profile,status,started_at,finished_at,rubric_version,readiness,placement,"
                                          "rater")
    assert csv.stdout.splitlines()[1] == (f"{two_runs[0].id},default,complete,2026-01-05T09:20:00+00:00,"
                                          "2026-01-05T09:20:00+00:00,1,28.0,a,")


def test_history_empty(run):
    result = run("history")
    assert (result.exit_code, result.stdout) == (0, "No runs yet; take one with `assess take`.\n")
    assert as_json(run("history", "-f", "json")) == []
    result = run("history", "-p", "work")
    assert result.stdout == "No runs for profile 'work' yet; take one with `assess take`.\n"


def test_history_lists_every_profile_by_default(run, isolated_home):

    rubric = load_rubric()
    for profile in ("work", "side"):
        answers = Answers(profile=profile, ratings={c.id: 2 for c in rubric.competencies})
        when = datetime(2026, 1, 1, tzinfo=UTC)
        Store(isolated_home).add_complete(answers=answers, rubric=rubric, result=score(rubric, answers),
                                          started_at=when, finished_at=when)
    assert [row["profile"] for row in as_json(run("history", "-f", "json"))] == ["work", "side"]
    progress = run("progress")
    assert progress.stdout == (
        "Profile 'default' has no completed runs; progress needs two. "
        "Take one now with `assess take` and another in a few months.\n"
        "Profiles with runs: side, work (choose one with --profile).\n"
    )


# --- progress ------------------------------------------------------------------------------


def test_progress_json_shows_the_rise_and_what_changed(run, two_runs):
    first, second = two_runs
    data = as_json(run("progress", "--format", "json"))
    assert data["profile"] == "default"
    # areas for c: x = (8 * 1/3 + 2 * 1/2) / 10 = 36.7 then (8 + 2) / 10 = 100; y = (1/4) / 4 = 6.2 then (1/2) / 4
    assert [(r["id"], r["readiness"], r["areas"]) for r in data["runs"]] == [
        (first.id, 28.0, {"x": 36.7, "y": 6.2}),
        (second.id, 75.0, {"x": 100.0, "y": 12.5}),
    ]
    # y2 went from "not sure" to 0: both count as 0, so it did not move.
    assert data["changes"] == [
        {"competency": "x1", "title": "X one", "from": 1, "to": 3, "status": "up"},
        {"competency": "x2", "title": "X two", "from": 1, "to": 2, "status": "up"},
        {"competency": "y1", "title": "Y one", "from": 1, "to": 2, "status": "up"},
    ]
    assert data["area_deltas"] == {"x": 63.3, "y": 6.3}
    # c expects x1 3, x2 2, y1 4, y2 2: the first run falls short on all four, the second on y1, y2.
    assert data["gaps_closed"] == ["x1", "x2"]
    assert data["gaps_opened"] == []
    # First run placed at a, so its plan aimed at b: x1 1 -> 2 (36.4 points) and y1 1 -> 2 (4.5), both within
    # 3 months, so due on 2026-04-05; x2 (E1) already met. 61 days later neither is due, and both are met early.
    assert [(g["competency"], g["horizon"], g["due_on"], g["due"], g["was"], g["from"], g["target"], g["now"],
             g["status"]) for g in data["goals"]] == [("x1", 3, "2026-04-05", False, 1, 1, 2, 3, "met"),
                                                      ("y1", 3, "2026-04-05", False, 1, 1, 2, 2, "met")]
    # 47.0 points in 61 days = 61 / 30.4375 = 2.00411 months: 23.45 a month, shown as 23.5
    assert data["pace"] == 23.5
    # Next rung after b is c: 75.0 now, needs 85: 10 / 23.4518 = 0.4264 months = 12.98 days after 2026-03-07 09:20
    assert data["projection"] == {"role": "c", "readiness_now": 75.0, "threshold": 85.0, "date": "2026-03-20"}


def test_progress_table(run, two_runs):
    result = run("progress")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Progress of profile 'default' towards Rung C\n")
    assert re.search(r"\nRuns\n.*\n.*\n\S+ +2026-01-05 09:20 +1 +28.0 +- +Rung A *\n\S+ +2026-03-07 09:20 +1 +75.0 +\+47.0 +Rung B",
                     out)
    assert re.search(r"\nX one +1 +3 +\+2 *\n", out)
    assert "Gaps closed: X one, X two\n" in out
    assert "Goals of the previous plan (set 2026-01-05)\n" in out
    assert "2 steps of the previous plan: 2 met\n" in out
    assert "Pace: +23.5 readiness points per month\n" in out
    assert out.endswith("At this pace Rung C reaches 85 around 2026-03-20 (now 75.0)\n")


def test_progress_csv(run, two_runs):
    result = run("progress", "-f", "csv")
    assert result.stdout == (
        "id,finished_at,rubric_version,readiness,placement,area:x,area:y\n"
        f"{two_runs[0].id},2026-01-05T09:20:00+00:00,1,28.0,a,36.7,6.2\n"
        f"{two_runs[1].id},2026-03-07T09:20:00+00:00,1,75.0,b,100.0,12.5\n"
    )


def test_progress_with_one_run_says_so(run, isolated_home):
    only = add(isolated_home, FIRST)
    result = run("progress")
    assert (result.exit_code, result.stdout) == (
        0, "Profile 'default' has one completed run; progress needs two. "
        "Run `assess take` again in a few months to see what moved.\n")
    data = as_json(run("progress", "-f", "json"))
    assert [r["id"] for r in data["runs"]] == [only.id]
    assert (data["changes"], data["goals"], data["pace"], data["projection"]) == ([], [], None, None)


def test_progress_with_no_runs(run):
    result = run("progress", "--profile", "nobody")
    assert (result.exit_code, result.stdout) == (
        0, "Profile 'nobody' has no completed runs; progress needs two. "
        "Take one now with `assess take` and another in a few months.\n")
    assert as_json(run("progress", "-p", "nobody", "-f", "json"))["runs"] == []


def test_falling_ratings_give_no_projection(run, isolated_home):
    add(isolated_home, SECOND)
    add(isolated_home, FIRST, days=30)
    data = as_json(run("progress", "-f", "json"))
    assert data["pace"] < 0
    assert data["projection"] is None
    assert data["no_projection"] == "readiness for Rung C is not rising"
    assert {c["competency"]: c["status"] for c in data["changes"]} == {"x1": "down", "x2": "down", "y1": "down"}
    assert data["gaps_opened"] == ["x1", "x2"]


# --- rubric evolution ----------------------------------------------------------------------


def test_older_rubric_versions_renamed_and_removed_competencies(run, isolated_home, tmp_path, mini_data):
    v2 = mini_data
    v2["version"] = "2"
    x2 = next(c for c in v2["competencies"] if c["id"] == "x2")
    x2["id"] = "x2-new"
    v2["competencies"] = [c for c in v2["competencies"] if c["id"] != "y2"]
    v2["renamed"] = {"x2": "x2-new"}
    v2_path = write_yaml(tmp_path / "mini-v2.yaml", v2)
    first = add(isolated_home, {"x1": 1, "x2": 1, "y1": 1, "y2": 2})
    second = add(isolated_home, {"x1": 3, "x2-new": 3, "y1": 2}, days=30, rubric_path=v2_path)
    history = as_json(run("history", "-f", "json"))
    assert [(r["id"], r["rubric_version"]) for r in history] == [(first.id, "1"), (second.id, "2")]
    data = as_json(run("progress", "-f", "json"))
    assert [r["rubric_version"] for r in data["runs"]] == ["1", "2"]
    assert data["changes"] == [
        {"competency": "x1", "title": "X one", "from": 1, "to": 3, "status": "up"},
        {"competency": "x2-new", "title": "X two", "from": 1, "to": 3, "status": "up"},
        {"competency": "y1", "title": "Y one", "from": 1, "to": 2, "status": "up"},
        {"competency": "y2", "title": "y2", "from": 2, "to": None, "status": "removed"},
    ]
    assert data["gaps_closed"] == ["x1", "x2-new"]
    said = ("Runs taken with rubric versions 1 and 2: ratings are compared under version 2's competencies, "
            "following its renamed competencies (x2 → x2-new); a competency only one version has is listed as new "
            "or removed. Each run's readiness is as its own version scored it.")
    assert said in " ".join(run("progress").stdout.split())
    report = tmp_path / "r.md"
    assert run("report", "-f", "md", "-o", report).exit_code == 0
    assert said in report.read_text()
    same = run("--home", tmp_path / "h2", "progress")  # one version: nothing to say
    assert "compared under" not in same.stdout


def test_a_gap_the_new_rubric_no_longer_assesses_is_not_counted_as_closed(run, isolated_home, tmp_path, mini_data):
    v2 = mini_data
    v2["version"] = "2"
    v2["competencies"] = [c for c in v2["competencies"] if c["id"] != "y2"]
    v2_path = write_yaml(tmp_path / "mini-v2.yaml", v2)
    add(isolated_home, {"x1": 2, "x2": 2, "y1": 2, "y2": 0})  # y2 is a gap for c (expects 2)
    add(isolated_home, {"x1": 3, "x2": 2, "y1": 2}, days=30, rubric_path=v2_path)
    data = as_json(run("progress", "-f", "json"))
    assert data["gaps_closed"] == ["x1"]
    assert {c["competency"]: c["status"] for c in data["changes"]}["y2"] == "removed"


# --- export and import ---------------------------------------------------------------------


def test_export_then_import_into_an_empty_home_gives_the_same_history(run, two_runs, isolated_home, tmp_path):
    add(isolated_home, FIRST, profile="sam")
    out = tmp_path / "backup.json"
    result = run("export", "-o", out)
    assert (result.exit_code, result.stdout) == (0, f"Exported 3 runs to {out}\n")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".backup")] == []
    doc = json.loads(out.read_text())
    assert (doc["format"], doc["version"], len(doc["runs"])) == ("assess-history", 3, 3)
    assert len(doc["rubrics"]) == 1  # the rubric the runs were scored against travels with them
    assert doc["runs"][0]["answers"]["evidence"] == {"x1": "Led the model review board."}

    new_home = tmp_path / "new-home"
    before = {p: run("history", "-p", p, "-f", "json").stdout for p in ("default", "sam")}
    progress_before = run("progress", "-f", "json").stdout
    result = run("--home", new_home, "import", out)
    assert (result.exit_code, result.stdout) == (0, f"Imported 3 runs from {out} (0 already present)\n")
    for profile, listing in before.items():
        assert run("--home", new_home, "history", "-p", profile, "-f", "json").stdout == listing
    assert run("--home", new_home, "progress", "-f", "json").stdout == progress_before
    again = run("--home", new_home, "import", out)
    assert again.stdout == f"Imported 0 runs from {out} (3 already present)\n"
    with Store(new_home) as store:
        assert store.runs(status=None) == Store(isolated_home).runs(status=None)


def test_export_one_profile(run, two_runs, isolated_home, tmp_path):
    add(isolated_home, FIRST, profile="sam")
    out = tmp_path / "sam.json"
    assert run("export", "--profile", "sam", "-o", out).stdout == f"Exported 1 run to {out}\n"
    assert [r["profile"] for r in json.loads(out.read_text())["runs"]] == ["sam"]


def test_export_into_a_missing_folder_is_bad_input(run, two_runs, tmp_path):
    result = run("export", "-o", tmp_path / "nope" / "x.json")
    assert (result.exit_code, result.stderr) == (2, f"assess: {tmp_path / 'nope' / 'x.json'}: folder "
                                                    f"{tmp_path / 'nope'} does not exist\n")


@pytest.fixture
def exported(run, two_runs, tmp_path):
    out = tmp_path / "backup.json"
    run("export", "-o", out)
    return out, json.loads(out.read_text())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["runs"][0].update(id="XYZ"),
         "runs[XYZ].id: String should match pattern '^[0-9a-f]{12}$' (got 'XYZ')"),
        (lambda d: d["runs"][1]["answers"]["ratings"].update(x1=7),
         "runs[{1}]: ratings.x1: 7 is not a level of rubric 'mini' (0-4, or n for \"not sure\")"),
        (lambda d: d["runs"][0].update(status="done"),
         "runs[{0}].status: Input should be 'draft' or 'complete' (got 'done')"),
        (lambda d: d["runs"][0].update(finished_at="2026-02-30T09:20:00+00:00"),
         "runs[{0}].finished_at: day is out of range for month (got '2026-02-30T09:20:00+00:00')"),
        (lambda d: d["runs"][0].update(name="x" * 5_000_000),
         "runs[{0}].name: String should have at most 200 characters (got '" + "x" * 22 + "..." + "x" * 23 + "')"),
        (lambda d: d["runs"][0]["answers"]["facts"].update(years=float("nan")),
         "runs[{0}]: facts.years: nan is not a number from 0 to 80"),
        (lambda d: d["runs"][0]["answers"]["evidence"].update(x1="e" * 2001),
         "runs[{0}].answers.evidence.x1: String should have at most 2000 characters (got '" + "e" * 22 + "..." + "e" * 23 + "')"),
        (lambda d: d.update(version=9), "version: 9 is newer than this assess reads (3); upgrade assess"),
        (lambda d: d.update(format="other"), 'not an assess history export (expected "format": "assess-history")'),
        (lambda d: d["runs"].append(d["runs"][0]), "runs[{0}]: id appears twice"),
        (lambda d: d["runs"][0].update(finished_at="9999-12-31T23:59:59+00:00"),
         "runs[{0}].finished_at: is in the future (got '9999-12-31T23:59:59+00:00')"),
    ],
)
def test_import_refuses_a_bad_file_in_one_line(run, exported, tmp_path, change, message):
    path, doc = exported
    ids = [r["id"] for r in doc["runs"]]
    change(doc)
    path.write_text(json.dumps(doc))
    result = run("--home", tmp_path / "other", "import", path)
    assert result.exit_code == 2
    assert result.stderr == f"assess: {path}: {message.replace('{0}', ids[0]).replace('{1}', ids[1])}\n"
    assert run("--home", tmp_path / "other", "history", "-f", "json").stdout == "[]\n"


def test_a_deeply_nested_export_is_refused_in_one_line(run, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"format": "assess-history", "version": 2, "runs": ' + "[" * 100_000 + "]" * 100_000 + "}")
    result = run("import", path)
    assert (result.exit_code, result.stderr) == (2, f"assess: {path}: not JSON this tool reads: nested too deeply\n")


def test_an_edited_result_is_never_taken_on_trust(run, exported, tmp_path):
    path, doc = exported
    for stored in doc["runs"]:
        stored["result"].update(readiness=100.0, placement="c")
        stored["result"]["gaps"] = [stored["result"]["gaps"][0]] * 20_000
    path.write_text(json.dumps(doc))
    assert run("--home", tmp_path / "other", "import", path).exit_code == 0
    listed = as_json(run("--home", tmp_path / "other", "history", "-f", "json"))
    assert [(r["readiness"], r["placement"]) for r in listed] == [(28.0, "a"), (75.0, "b")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "assess-history", "version": 2, "runs": [], "n": 1' + "0" * 5000 + "}",
         "a number 5,001 characters long; no export holds more than 30"),
        ('{"format": "assess-history", "format": "assess-history", "version": 2, "runs": []}',
         "duplicate key 'format'; give each key once"),
        ('{"format": "assess-history", "version": true, "runs": []}', "version: true is not a version number"),
    ],
)
def test_import_refuses_json_no_export_holds(run, tmp_path, text, message):
    path = tmp_path / "x.json"
    path.write_text(text)
    result = run("import", path)
    assert (result.exit_code, result.stderr) == (2, f"assess: {path}: {message}\n")


def test_a_shipped_rubric_carried_in_a_file_is_scored_as_shipped(run, tmp_path):
    example = ROOT / "examples" / "director-ml-engineering" / "mid-career.yaml"
    assert run("take", "--answers", example).exit_code == 0
    path = tmp_path / "backup.json"
    assert run("export", "-o", path).exit_code == 0
    doc = json.loads(path.read_text())
    (carried,) = doc["rubrics"].values()
    carried["scoring"] = {"threshold": 1}  # everyone meets every rung...
    carried["gates"] = []  # ...with no degree or years asked
    path.write_text(json.dumps(doc))
    assert run("--home", tmp_path / "other", "import", path).exit_code == 0
    here, there = (as_json(run(*home, "history", "-f", "json"))[0] for home in ([], ["--home", tmp_path / "other"]))
    assert (there["readiness"], there["placement"]) == (here["readiness"], here["placement"]) != (100.0, "director-ml-eng")


def test_import_refuses_what_is_not_json(run, tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{runs: [")
    result = run("import", path)
    assert (result.exit_code, result.stderr) == (
        2, f"assess: {path}: not JSON: Expecting property name enclosed in double quotes at line 1, column 2\n")
    result = run("import", tmp_path / "missing.json")
    assert (result.exit_code, result.stderr) == (2, f"assess: {tmp_path / 'missing.json'}: no such file\n")


# --- delete --------------------------------------------------------------------------------


def test_delete_without_terminal_needs_yes(run, two_runs, isolated_home):
    first, _ = two_runs
    result = run("delete", first.id[:6])
    assert result.exit_code == 2
    assert result.stderr == (f"assess: delete: no terminal to confirm deleting run {first.id} (profile 'default', "
                             "complete, 2026-01-05T09:20:00+00:00); pass --yes\n")
    assert len(Store(isolated_home).runs()) == 2


def test_delete_one_run_with_yes(run, two_runs, isolated_home):
    first, second = two_runs
    result = run("delete", first.id, "--yes")
    assert (result.exit_code, result.stdout) == (0, "Deleted 1 run.\n")
    assert [r.id for r in Store(isolated_home).runs(status=None)] == [second.id]


def test_delete_profile_asks_first(run, two_runs, isolated_home, monkeypatch):
    monkeypatch.setattr(cli_delete, "has_terminal", lambda: True)
    result = run("delete", "--profile", "default", input="n\n")
    assert result.exit_code == 0
    assert result.stdout.endswith("Nothing deleted.\n")
    assert "Delete all 2 runs of profile 'default'? This cannot be undone [y/N]: " in result.stdout
    assert len(Store(isolated_home).runs()) == 2
    result = run("delete", "--profile", "default", input="y\n")
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (0, "Deleted 2 runs.")
    assert Store(isolated_home).runs(status=None) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "delete: give either a RUN id or --profile, not both or neither"),
        (("abc", "--profile", "default"), "delete: give either a RUN id or --profile, not both or neither"),
        (("--profile", "nobody", "--yes"), "--profile: no runs for profile 'nobody'"),
        (("fffffff", "--yes"), "run 'fffffff': no such run in {db}"),
    ],
)
def test_delete_bad_input(run, two_runs, isolated_home, args, message):
    result = run("delete", *args)
    assert result.exit_code == 2
    assert result.stderr == f"assess: {message.replace('{db}', str(isolated_home / 'assess.sqlite3'))}\n"



def test_progress_table_shows_the_latest_runs_and_csv_all(run, isolated_home):
    for month in range(14):
        add(isolated_home, FIRST if month % 2 else SECOND, days=30 * month)
    table = run("progress").stdout
    assert "(2 earlier runs not shown; --format csv lists them all)\n" in table
    assert len(run("progress", "-f", "csv").stdout.splitlines()) == 15


def test_no_pace_from_runs_taken_the_same_day(run, isolated_home):
    add(isolated_home, FIRST)
    add(isolated_home, SECOND, days=0.01)
    data = as_json(run("progress", "-f", "json"))
    assert (data["pace"], data["projection"]) == (None, None)
    assert "Pace" not in run("progress").stdout
    assert "No projected date: a pace needs two runs at least a day apart\n" in run("progress").stdout


def test_no_projected_date_once_the_top_rung_is_held(run, isolated_home):
    add(isolated_home, FIRST)
    add(isolated_home, {"x1": 3, "x2": 2, "y1": 4, "y2": 2}, days=30)
    data = as_json(run("progress", "-f", "json"))
    assert data["runs"][-1]["placement"] == "c" and data["pace"] > 0
    assert (data["projection"], data["no_projection"]) == (None, "you hold the top rung")


# --- edges found by mutation testing ---------------------------------------------------------------------------

SIX_MONTHS = 6 * 30.4375  # days


def test_goals_due_at_exactly_their_horizon_and_not_sure_counts_as_the_lowest_level(run, isolated_home):
    # Placed a (x1 1 meets a: (8 * 1 + 0) / 9 = 88.9), the plan aims at b: x1 1 -> 2 (36.4 points), x2 0 -> 1
    # (18.2) and y1 0 -> 1 (9.1) within 3 months, y1 1 -> 2 within 6.
    add(isolated_home, {"x1": 1, "x2": 0, "y1": 0, "y2": 0})
    add(isolated_home, {"x1": 2, "x2": None, "y1": 2, "y2": 0}, days=SIX_MONTHS)
    goals = [(g["competency"], g["horizon"], g["due"], g["was"], g["from"], g["target"], g["now"], g["status"])
             for g in as_json(run("progress", "-f", "json"))["goals"]]
    assert goals == [("x1", 3, True, 1, 1, 2, 2, "met"), ("x2", 3, True, 0, 0, 1, 0, "missed"),
                     ("y1", 3, True, 0, 0, 1, 2, "met"), ("y1", 6, True, 0, 1, 2, 2, "met")]


def test_progress_compares_the_last_two_of_three_runs(run, isolated_home):
    add(isolated_home, FIRST)
    add(isolated_home, SECOND, days=30)
    add(isolated_home, {"x1": 3, "x2": 2, "y1": 3, "y2": 0}, days=60)
    data = as_json(run("progress", "-f", "json"))
    # y area for c: (1 * 2/4 + 0) / 4 = 12.5 at the second run, (1 * 3/4) / 4 = 18.75 -> 18.8 at the third.
    assert data["area_deltas"] == {"x": 0.0, "y": 6.3}
    assert [c["competency"] for c in data["changes"]] == ["y1"]
    # c at the third run: (8 + 2 + 3/4) / 14 = 76.8; the projection counts from the newest run.
    assert data["projection"]["readiness_now"] == 76.8


def test_a_competency_new_in_the_later_rubric_is_listed_as_new(run, isolated_home, tmp_path, mini_data):
    v2 = mini_data
    v2["version"] = "2"
    v2["competencies"].append({**v2["competencies"][1], "id": "x3", "title": "X three"})
    v2_path = write_yaml(tmp_path / "mini-v2.yaml", v2)
    add(isolated_home, FIRST)
    add(isolated_home, {**SECOND, "x3": 2}, days=30, rubric_path=v2_path)
    moves = {c["competency"]: (c["from"], c["to"], c["status"]) for c in as_json(run("progress", "-f", "json"))["changes"]}
    assert moves["x3"] == (None, 2, "new")


def test_history_and_progress_fit_100_columns_with_the_directors_long_titles(run, isolated_home, monkeypatch):
    from .conftest import ROOT

    folder = ROOT / "examples" / "director-ml-engineering"
    for days, name in ((0, "mid-career-2025-05.yaml"), (180, "mid-career-2025-11.yaml"), (370, "mid-career.yaml")):
        when = T0 + timedelta(days=days)

        class Clock(datetime):
            @classmethod
            def now(cls, tz=None, when=when):
                return when

        monkeypatch.setattr(cli_take, "datetime", Clock)
        assert run("take", "--answers", folder / name).exit_code == 0
    rater = write_yaml(isolated_home.parent / "mona.yaml", {"rubric": "director-ml-engineering", "profile": "example",
                                                            "rater": {"relation": "manager", "name": "Mona"},
                                                            "ratings": dict.fromkeys(_director_ids(), 2)})
    assert run("take", "--answers", rater).exit_code == 0
    monkeypatch.setenv("COLUMNS", "100")
    for args in (("history",), ("progress", "-p", "example")):
        shown = run(*args).stdout
        assert max(len(line) for line in shown.splitlines()) <= 100, args
        assert "senior-mle" not in shown and "junior-mle" not in shown  # rungs by title
    history = run("history").stdout
    assert "Senior Machine" in history and history.count("manager") == 1
    assert "Readiness" in history and "Placement" in history
    progress = run("progress", "-p", "example").stdout
    for title in ("Runs", "Areas: score for Director of Machine Learning Engineering",
                  "Ratings that moved since the previous run", "Goals of the previous plan (set "):
        assert title in progress, title
    assert re.search(r"\+\d+\.\d", progress)  # signed changes


def _director_ids():
    return [comp.id for comp in load_rubric("director-ml-engineering").competencies]
