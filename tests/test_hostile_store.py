"""Histories and files that lie: imports carrying another copy of a rubric or a draft, moments out of the calendar
or out of order, hand-edited results, a damaged stored rubric, a write-ahead log from another history, outputs
naming the history itself. Each is refused in one line or read as it really is; no run is lost."""

from __future__ import annotations

import copy
import json
import os
import shutil
import sqlite3
import stat
from datetime import UTC, datetime

import pytest

from assess.app.runs import fits, scored
from assess.core.answers import check_answers
from assess.core.scoring import score
from assess.io.locations import DB_NAME, Locations
from assess.io.rubric_files import load_rubric, load_rubric_file
from assess.io.store.sqlite import SQLiteStore

from .conftest import MINI, ROOT, write_yaml

EXAMPLES = ROOT / "examples" / "director-ml-engineering"
EXAMPLE = EXAMPLES / "mid-career.yaml"
ANSWERS = {"facts": {"degree": "master", "years": 6}, "ratings": {"x1": 2, "x2": 1, "y1": 1, "y2": 0}}


def one_line(result, code: int = 2) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("assess: "), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr and "pydantic" not in result.stderr
    return result.stderr


def ok(result):
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def history(run, home=None):
    return json.loads(ok(run(*(["--home", home] if home else []), "history", "-f", "json")))


@pytest.fixture
def custom(tmp_path, mini_data):
    """A rubric of one's own, by path, and an answers file for it."""
    mini_data["id"] = "ours"
    rubric = write_yaml(tmp_path / "ours.yaml", mini_data)
    return rubric, write_yaml(tmp_path / "answers.yaml", {"rubric": str(rubric), **ANSWERS})


def rated(run, tmp_path, rubric, relation="peer"):
    """A rater's run of the default profile: ratings only."""
    answers = write_yaml(tmp_path / f"{relation}.yaml", {"rubric": str(rubric), "ratings": ANSWERS["ratings"]})
    ok(run("take", "--answers", answers, "--rater-relation", relation, "--rater-name", relation[0].upper()))


def exported(run, tmp_path, name="x.json", *args):
    path = tmp_path / name
    ok(run("export", "-o", path, *args))
    return json.loads(path.read_text())


def write_json(path, data):
    path.write_text(json.dumps(data))
    return path


# --- an import carrying a doctored rubric ------------------------------------------------------------------------

DOCTORINGS = {
    "threshold of 1": lambda r: r.setdefault("scoring", {}).update(threshold=1),
    "gates removed": lambda r: r.update(gates=[]),
    "tolerance raised": lambda r: r.setdefault("scoring", {}).update(critical_tolerance=100),
    "a title rewritten": lambda r: r.update(title="Yours truly"),
    "weights moved": lambda r: r["competencies"][0].update(weight=100),
}


@pytest.mark.parametrize("doctor", sorted(DOCTORINGS))
def test_an_import_never_replaces_a_rubric_the_history_holds(run, tmp_path, custom, doctor):
    rubric, answers = custom
    ok(run("take", "--answers", answers))
    before = ok(run("rubrics", "show", "ours"))
    scored_before = json.loads(ok(run("score", answers, "-f", "json")))
    document = exported(run, tmp_path)
    (digest, content), = document["rubrics"].items()
    doctored = copy.deepcopy(content)
    DOCTORINGS[doctor](doctored)
    run_data = document["runs"][0]
    run_data["id"], run_data["rubric_hash"] = "0123456789ab", "f" * 64
    document["rubrics"] = {"f" * 64: doctored}
    said = ok(run("import", write_json(tmp_path / "doctored.json", document)))
    assert "differs from the one this history holds" in said and "ours 1" in said
    assert ok(run("rubrics", "show", "ours")) == before  # what the id names did not change
    rubric.unlink()  # by id now, not by path
    by_id = write_yaml(tmp_path / "by-id.yaml", {"rubric": "ours", **ANSWERS})
    assert json.loads(ok(run("score", by_id, "-f", "json")))["readiness"] == scored_before["readiness"]
    with SQLiteStore(tmp_path / "assess-home") as store:
        imported = store.get("0123456789ab")
        assert imported.rubric_hash == digest  # scored against the held copy, the doctored one kept nowhere
        assert "f" * 64 not in [row[0] for row in store._db.execute("SELECT hash FROM rubrics")]


def test_a_doctored_copy_whose_answers_do_not_fit_the_held_one_is_refused_in_one_line(run, tmp_path, custom):
    ok(run("take", "--answers", custom[1]))
    document = exported(run, tmp_path)
    (_, content), = document["rubrics"].items()
    doctored = copy.deepcopy(content)
    doctored["competencies"][0]["id"] = "planted"
    run_data = document["runs"][0]
    run_data["id"], run_data["rubric_hash"] = "0123456789ab", "e" * 64
    run_data["answers"]["ratings"] = {"planted": 2, "x2": 1, "y1": 1, "y2": 0}
    run_data["answers"]["evidence"] = {}
    document["rubrics"] = {"e" * 64: doctored}
    message = one_line(run("import", write_json(tmp_path / "doctored.json", document)))
    assert "ratings.planted" in message and "differs from the one this history holds" in message
    assert len(history(run)) == 1


def test_a_new_rubric_an_import_brings_is_usable_by_id(run, tmp_path, custom):
    ok(run("take", "--answers", custom[1]))
    exported(run, tmp_path)
    ok(run("--home", tmp_path / "elsewhere", "import", tmp_path / "x.json"))
    assert "Mini rubric" in ok(run("--home", tmp_path / "elsewhere", "rubrics", "show", "ours"))


def test_lookups_by_id_keep_the_first_copy_even_of_a_history_doctored_before(run, tmp_path, custom, mini_data):
    ok(run("take", "--answers", custom[1]))
    with SQLiteStore(tmp_path / "assess-home") as store:
        first = store.latest_rubric("ours")
        doctored = first.model_copy(update={"title": "Doctored"})
        store._db.execute("INSERT INTO rubrics (hash, id, version, title, content, stored_at) VALUES (?, ?, ?, ?, ?, ?)",
                          ("d" * 64, "ours", "1", "Doctored", doctored.model_dump_json(), "2999-01-01T00:00:00+00:00"))
        assert store.latest_rubric("ours").title == first.title
        assert store.held_rubric("ours", "1").title == first.title


# --- a PDF that carries what no report carries ---------------------------------------------------------------------


def pdf_carrying(tmp_path, document: dict):
    from assess.report.pdf import render_pdf

    name = "assess-run.json"
    path = tmp_path / "report.pdf"
    from assess.io.locations import data_dir

    path.write_bytes(render_pdf("<html><body><p>A report</p></body></html>", assets=data_dir("reports"),
                                attachment=(name, json.dumps(document).encode())))
    return path


@pytest.mark.slow
@pytest.mark.parametrize("carries", ["a draft", "two runs", "a rater's run"])
def test_a_pdf_carrying_anything_but_one_completed_self_assessment_is_refused(run, tmp_path, custom, carries):
    rubric, answers = custom
    ok(run("take", "--answers", answers))
    rated(run, tmp_path, rubric)
    document = exported(run, tmp_path)
    own = next(r for r in document["runs"] if r["answers"]["rater"] is None)
    rater = next(r for r in document["runs"] if r["answers"]["rater"] is not None)
    draft = copy.deepcopy(own) | {"id": "0123456789ab", "status": "draft", "finished_at": None, "result": None}
    document["runs"] = {"a draft": [draft], "two runs": [own, copy.deepcopy(own) | {"id": "0123456789ac"}],
                        "a rater's run": [rater]}[carries]
    home = tmp_path / "mentor"
    message = one_line(run("--home", home, "import", pdf_carrying(tmp_path, document)))
    assert "a PDF report carries" in message
    assert not (home / DB_NAME).exists() or history(run, home) == []
    assert "Resume" not in run("--home", home, "take", "--answers", answers).stdout


# --- moments ------------------------------------------------------------------------------------------------------

BAD_MOMENTS = {
    "year 1": ("0001-01-01T00:00:00+00:00", "0001-01-01T00:10:00+00:00", "year 1"),
    "year 1 with an offset": ("0001-01-01T00:00:00+05:00", "0001-01-01T00:10:00+05:00", "year 1"),
    "year 1969": ("1969-12-31T23:00:00+00:00", "1969-12-31T23:10:00+00:00", "year 1969"),
    "finished before it started": ("2024-01-02T00:00:00+00:00", "2024-01-01T00:00:00+00:00", "is before started_at"),
    "an hour before, by its offsets": ("2024-01-01T10:00:00+00:00", "2024-01-01T10:30:00+01:00", "is before"),
    "year 9999": ("9999-01-01T00:00:00-12:00", "9999-12-31T23:59:59-12:00", "in the future"),
}


@pytest.mark.parametrize("case", sorted(BAD_MOMENTS))
def test_a_run_out_of_the_calendar_or_out_of_order_is_refused_in_one_line(run, tmp_path, custom, case):
    started, finished, said = BAD_MOMENTS[case]
    ok(run("take", "--answers", custom[1]))
    rated(run, tmp_path, custom[0], "manager")
    document = exported(run, tmp_path)
    moved = document["runs"][0]
    moved.update(id="0123456789ab", started_at=started, finished_at=finished)
    message = one_line(run("import", write_json(tmp_path / "moved.json", document)))
    assert said in message and "https://" not in message
    ok(run("report", "-f", "md", "-o", tmp_path / "r.md"))
    ok(run("progress"))


def test_runs_are_ordered_by_their_moment_not_its_text(run, tmp_path, custom):
    ok(run("take", "--answers", custom[1]))
    document = exported(run, tmp_path)
    older, newer = document["runs"][0], copy.deepcopy(document["runs"][0])
    # 10:00 at +14:00 is 20:00 the day before in UTC; as text it sorts after 09:00 UTC.
    older.update(id="0123456789aa", started_at="2024-03-02T10:00:00+14:00", finished_at="2024-03-02T10:00:00+14:00")
    newer.update(id="0123456789bb", started_at="2024-03-02T09:00:00+00:00", finished_at="2024-03-02T09:00:00+00:00")
    newer["answers"]["ratings"] = {"x1": 4, "x2": 4, "y1": 4, "y2": 4}
    document["runs"] = [newer, older]
    home = tmp_path / "other"
    ok(run("--home", home, "import", write_json(tmp_path / "two.json", document)))
    assert [row["id"] for row in history(run, home)] == ["0123456789aa", "0123456789bb"]
    with SQLiteStore(home) as store:
        assert store.latest("default").id == "0123456789bb"
        assert [r.id for r in store.runs("default", until="2024-03-01T21:00:00+00:00")] == ["0123456789aa"]
        # Stored as an older assess might have: with its offset. Still sorted by the moment.
        store._db.execute("DROP TRIGGER runs_complete_frozen")
        store._db.execute("UPDATE runs SET finished_at = '2024-03-02T10:00:00+14:00' WHERE id = '0123456789aa'")
        assert store.latest("default").id == "0123456789bb"
        assert [p.id for p in store.run_points("default")] == ["0123456789aa", "0123456789bb"]


def test_an_imported_run_keeps_its_moment_in_utc(run, tmp_path, custom):
    ok(run("take", "--answers", custom[1]))
    document = exported(run, tmp_path)
    document["runs"][0].update(id="0123456789ab", started_at="2024-05-01T23:30:00-07:00",
                               finished_at="2024-05-01T23:50:00-07:00")
    ok(run("import", write_json(tmp_path / "tz.json", document)))
    row = next(r for r in history(run) if r["id"] == "0123456789ab")
    assert (row["started_at"], row["finished_at"]) == ("2024-05-02T06:30:00+00:00", "2024-05-02T06:50:00+00:00")


# --- hand-edited stored values ------------------------------------------------------------------------------------

EDITS = {
    "an unknown placement": "json_set(result, '$.placement', 'nosuch')",
    "an unknown next rung": "json_set(result, '$.next_role', 'nosuch')",
    "an unknown target": "json_set(result, '$.target', 'nosuch')",
    "an unknown gap": "json_set(result, '$.gaps[0].competency', 'nosuch')",
    "an unknown area": "json_set(result, '$.areas.nosuch', 50)",
    "readiness as text": "json_set(result, '$.readiness', 'high')",
    "readiness out of range": "json_set(result, '$.readiness', 1e9)",
    "a rung's readiness as text": "json_set(result, '$.readiness_by_role.mle', 'x')",
    "an unknown rung in what it takes": "json_set(result, '$.what_it_takes.role', 'nosuch')",
    "another rubric": "json_set(result, '$.rubric', 'other')",
    "not JSON": "'{'",
}


@pytest.fixture
def three_runs(run, tmp_path):
    for name in ("mid-career-2025-05", "mid-career-2025-11", "mid-career"):
        ok(run("take", "--answers", EXAMPLES / f"{name}.yaml"))
    return tmp_path / "assess-home"


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_hand_edited_results_are_scored_again_not_a_crash(run, tmp_path, three_runs, edit):
    db = sqlite3.connect(three_runs / DB_NAME)
    db.execute("DROP TRIGGER runs_complete_frozen")
    db.execute(f"UPDATE runs SET result = {EDITS[edit]} WHERE rowid IN (2, 3)")  # noqa: S608 - the test's own SQL
    db.execute("UPDATE runs SET readiness = 'high', placement = 'nosuch' WHERE rowid = 1")
    db.commit()
    db.close()
    for args in (["report", "-p", "example", "-f", "md", "-o", tmp_path / "r.md"], ["report", "-p", "example", "-f",
                 "text"], ["progress", "-p", "example"], ["progress", "-p", "example", "-f", "json"], ["history"]):
        ok(run(*args))
    rescored = json.loads(ok(run("report", "-p", "example", "-f", "json", "-o", tmp_path / "r.json")) and
                          (tmp_path / "r.json").read_text())
    assert rescored["rubric"] == "director-ml-engineering" and 0 <= rescored["readiness"] <= 100


def test_a_result_that_names_what_its_rubric_lacks_does_not_fit():
    rubric = load_rubric()
    from assess.io.answers_files import load_answers_file

    result = score(rubric, check_answers(load_answers_file(EXAMPLE), rubric, "x"))
    assert fits(result, rubric)
    for change in ({"placement": "nosuch"}, {"target": "nosuch"}, {"rubric": "other"}, {"readiness": 101.0},
                   {"areas": {"nosuch": 1.0}}, {"unknowns": ["nosuch"]}, {"readiness": float("nan")}):
        assert not fits(result.model_copy(update=change), rubric), change


# --- a damaged stored rubric ----------------------------------------------------------------------------------------


def damage_rubric(home, rubric_id):
    db = sqlite3.connect(home / DB_NAME)
    db.execute("UPDATE rubrics SET content = replace(content, '\"weight\":', '\"weight\":\"x\",\"w\":') "
               "WHERE id = ?", (rubric_id,))
    db.commit()
    db.close()


def test_a_damaged_copy_of_a_shipped_rubric_is_read_from_what_assess_ships(run, tmp_path, three_runs):
    damage_rubric(three_runs, "director-ml-engineering")
    for args in (["report", "-p", "example", "-f", "md", "-o", tmp_path / "r.md"], ["progress", "-p", "example"],
                 ["rubrics", "list"], ["history"]):
        ok(run(*args))
    assert "without the rubric" not in run("export", "-o", tmp_path / "x.json").stderr


def test_a_damaged_copy_of_ones_own_rubric_keeps_the_answers_and_says_what_works(run, tmp_path, custom):
    rubric, answers = custom
    ok(run("take", "--answers", answers))
    ok(run("take", "--answers", EXAMPLE))
    home = tmp_path / "assess-home"
    damage_rubric(home, "ours")
    ok(run("report", "-f", "md", "-o", tmp_path / "r.md"))  # its file is still there, with the same content
    moved = rubric.rename(tmp_path / "moved.yaml")
    message = one_line(run("report", "-f", "md", "-o", tmp_path / "r.md"))
    assert "stored copy of its rubric (ours 1) is damaged" in message and "--rescore" in message
    assert "no longer loads" in one_line(run("rubrics", "show", "ours"))
    assert "`assess export` keeps" in one_line(run("rubrics", "show", "ours"))
    done = run("export", "-o", tmp_path / "x.json")
    assert done.exit_code == 0 and "1 run exported without the rubric" in done.stderr
    document = json.loads((tmp_path / "x.json").read_text())
    assert len(document["runs"]) == 2 and sorted(r["profile"] for r in document["runs"]) == ["default", "example"]
    assert history(run)[0]["readiness"] is not None and len(history(run)) == 2
    ok(run("report", "-p", "example", "-f", "md", "-o", tmp_path / "e.md"))  # the other rubric's runs are untouched
    moved.rename(rubric)
    ok(run("take", "--answers", answers))  # storing the same rubric again puts its content back
    assert "Mini rubric" in ok(run("rubrics", "show", "ours"))
    ok(run("report", "-f", "md", "-o", tmp_path / "r.md"))


# --- the write-ahead log of another history -------------------------------------------------------------------------


def with_open_log(home, rubric, answers):
    """A store that has written and not yet checkpointed: its -wal holds those writes (as after a crash)."""
    store = SQLiteStore(home)
    store._db.execute("PRAGMA wal_autocheckpoint = 0")
    now = datetime.now(UTC)
    store.add_complete(answers=answers, rubric=rubric, result=score(rubric, answers), started_at=now, finished_at=now)
    return store


@pytest.fixture
def mini():
    rubric = load_rubric_file(MINI)
    from assess.core.answers import Answers

    return rubric, check_answers(Answers(rubric=str(MINI), **ANSWERS), rubric, "test")


def test_a_write_ahead_log_of_another_history_is_refused_before_it_replaces_any_run(run, tmp_path, mini):
    rubric, answers = mini
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    with SQLiteStore(ours) as store:
        now = datetime.now(UTC)
        kept = store.add_complete(answers=answers, rubric=rubric, result=score(rubric, answers), started_at=now,
                                  finished_at=now)
    other = with_open_log(theirs, rubric, answers.model_copy(update={"profile": "them"}))
    shutil.copy(theirs / f"{DB_NAME}-wal", ours / f"{DB_NAME}-wal")
    other.close()
    before = (ours / DB_NAME).read_bytes()
    for args in (["history"], ["take", "--answers", write_yaml(tmp_path / "a.yaml", {"rubric": str(MINI), **ANSWERS})],
                 ["progress"], ["export", "-o", tmp_path / "x.json"]):
        message = one_line(run("--home", ours, *args))
        assert "belongs to another history" in message and "move it away" in message
    assert (ours / DB_NAME).read_bytes() == before  # nothing of it was applied
    (ours / f"{DB_NAME}-wal").unlink()
    (ours / f"{DB_NAME}-shm").unlink(missing_ok=True)
    assert [row["id"] for row in history(run, ours)] == [kept.id]


def test_a_write_ahead_log_of_its_own_history_is_kept_as_after_a_crash(run, tmp_path, mini):
    rubric, answers = mini
    home, crashed = tmp_path / "home", tmp_path / "crashed"
    store = with_open_log(home, rubric, answers)
    shutil.copytree(home, crashed)  # the files as a killed process leaves them
    store.close()
    assert os.path.getsize(crashed / f"{DB_NAME}-wal") > 0
    assert len(history(run, crashed)) == 1


# --- outputs that name the history ------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["itself", "a journal", "a link", "a link to a journal", "a hard link", "a long way"])
def test_no_output_is_written_over_the_history(run, tmp_path, how, isolated_home):
    ok(run("take", "--answers", EXAMPLE))
    database = isolated_home / DB_NAME
    (isolated_home / f"{DB_NAME}-wal").touch()
    target = {"itself": database, "a journal": isolated_home / f"{DB_NAME}-wal", "a link": tmp_path / "latest.json",
              "a link to a journal": tmp_path / "wal.md", "a hard link": tmp_path / "hard.md",
              "a long way": isolated_home / ".." / isolated_home.name / "." / DB_NAME}[how]
    if how == "a link":
        target.symlink_to(database)
    if how == "a link to a journal":
        target.symlink_to(isolated_home / f"{DB_NAME}-shm")
    if how == "a hard link":
        os.link(database, target)
    ok(run("export", "-o", tmp_path / "handed-over.json"))
    ok(run("team", "add", "plat", tmp_path / "handed-over.json"))
    before = database.read_bytes()
    for args in (["export", "-o", target], ["report", "-p", "example", "-f", "md", "-o", target],
                 ["team", "report", "plat", "-f", "json", "-o", target],
                 ["report", "-p", "example", "-o", target], ["demo", "-f", "json", "-o", target],
                 ["rubrics", "import", ROOT / "examples" / "spreadsheet" / "skills-matrix.csv", "--rungs",
                  ROOT / "examples" / "spreadsheet" / "skills-matrix-ladder.csv", "-o", target]):
        assert "is the history database" in one_line(run(*args))
    assert database.read_bytes() == before and len(history(run)) == 1


def test_keep_out_names_only_the_history(tmp_path):
    places = Locations(home=tmp_path / "h", cache=tmp_path / "c")
    places.keep_out(tmp_path / "h" / "report.md")
    places.keep_out(tmp_path / "assess.sqlite3")  # the same name elsewhere is another file


# --- what was addressed before, held ----------------------------------------------------------------------------------


def test_a_history_behind_a_link_is_tightened_through_it_once_it_is_ours(run, tmp_path):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    kept = tmp_path / "elsewhere" / "history.sqlite3"
    kept.parent.mkdir()
    kept.touch()
    kept.chmod(0o644)  # empty and world-readable: ours to fill, and to keep private
    (home / DB_NAME).symlink_to(kept)
    ok(run("--home", home, "take", "--answers", EXAMPLE))
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and (home / DB_NAME).is_symlink()
    for journal in ("-wal", "-shm"):
        path = kept.with_name(kept.name + journal)
        assert not path.exists() or stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_stored_result_todays_models_cannot_read_is_scored_again_and_not_written_back(run, tmp_path, three_runs):
    db = sqlite3.connect(three_runs / DB_NAME)
    db.execute("DROP TRIGGER runs_complete_frozen")
    db.execute("UPDATE runs SET result = json_remove(result, '$.plan') WHERE rowid = 3")
    db.commit()
    stored = db.execute("SELECT result FROM runs WHERE rowid = 3").fetchone()
    db.close()
    report = tmp_path / "r.json"
    ok(run("report", "-p", "example", "-f", "json", "-o", report))
    assert json.loads(report.read_text())["plan"]["steps"]
    assert sqlite3.connect(three_runs / DB_NAME).execute("SELECT result FROM runs WHERE rowid = 3").fetchone() == stored
    with SQLiteStore(three_runs) as store:
        run_ = store.latest("example")
        assert run_.result is None
        assert scored(run_, load_rubric()).result is not None


def test_imported_runs_are_scored_in_full_when_read_the_same_as_taken_here(run, tmp_path, three_runs):
    here = tmp_path / "here.json"
    ok(run("report", "-p", "example", "-f", "json", "-o", here))
    ok(run("export", "-o", tmp_path / "x.json"))
    elsewhere = tmp_path / "elsewhere"
    ok(run("--home", elsewhere, "import", tmp_path / "x.json"))
    there = tmp_path / "there.json"
    ok(run("--home", elsewhere, "report", "-p", "example", "-f", "json", "-o", there))
    mine, theirs = json.loads(here.read_text()), json.loads(there.read_text())
    for key in ("readiness", "placement", "placements", "gaps", "plan", "what_it_takes", "progress"):
        assert mine.get(key) == theirs.get(key), key
    assert history(run, elsewhere) == history(run)
    ok(run("--home", elsewhere, "export", "-o", tmp_path / "again.json"))
    again = json.loads((tmp_path / "again.json").read_text())["runs"]
    assert [r["result"] for r in again] == [r["result"] for r in json.loads((tmp_path / "x.json").read_text())["runs"]]
