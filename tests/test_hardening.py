"""Across every command: bad input leaves history alone, Ctrl-C exits 130 leaving nothing half
written, and many processes storing runs at once all land."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from assess.io.store.sqlite import SQLiteStore as Store

from .conftest import ROOT
from .test_bad_input import CASES

EXAMPLE = ROOT / "examples" / "director-ml-engineering" / "mid-career.yaml"


def stored_runs(home: Path) -> int:
    if not (home / "assess.sqlite3").exists():
        return 0
    return len(Store(home).runs(status=None))


@pytest.fixture
def one_run(run, isolated_home):
    result = run("take", "--answers", EXAMPLE, "--profile", "default")
    assert result.exit_code == 0, result.stderr
    return isolated_home


@pytest.mark.parametrize("case", sorted(CASES))
def test_take_with_bad_answers_changes_no_history(run, one_run, tmp_path, case):
    content, message = CASES[case]
    path = tmp_path / "answers.yaml"
    path.write_bytes(content)
    before = (one_run / "assess.sqlite3").read_bytes()
    result = run("take", "--answers", path)
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert stored_runs(one_run) == 1
    assert (one_run / "assess.sqlite3").read_bytes() == before


def interrupt(*_args, **_kwargs):
    raise KeyboardInterrupt


# (command args, dotted target raising KeyboardInterrupt), named where it is looked up: a command module's own
# name for what it imported at its top. Writers are interrupted inside the atomic write itself, after the temp
# file exists and before the rename.
INTERRUPTS = {
    "score": (["score", EXAMPLE], "assess.core.scoring.score"),
    "template": (["template"], "assess.io.answers_template.answers_template"),
    "rubrics list": (["rubrics", "list"], "assess.app.rubrics.load_rubric_file"),
    "rubrics show": (["rubrics", "show", "director-ml-engineering"], "assess.io.rubric_files.load_rubric_file"),
    "rubrics validate": (["rubrics", "validate", ROOT / "rubrics" / "director-ml-engineering.yaml"],
                         "assess.io.rubric_files.load_rubric_file"),
    "rubrics import": (["rubrics", "import", ROOT / "examples" / "spreadsheet" / "skills-matrix.csv", "--rungs",
                        ROOT / "examples" / "spreadsheet" / "skills-matrix-ladder.csv", "-o", "OUT/rubric.yaml"],
                       "assess.io.files.os.fsync"),
    "take": (["take", "--answers", EXAMPLE], "assess.app.take.score"),
    "history": (["history"], "assess.io.store.sqlite.SQLiteStore.runs"),
    "progress": (["progress"], "assess.io.store.sqlite.SQLiteStore.runs"),
    "export": (["export", "-o", "OUT/history.json"], "assess.io.files.os.fsync"),
    "import": (["import", "OUT/../history.json"], "assess.io.store.sqlite.SQLiteStore.import_runs"),
    "delete": (["delete", "--profile", "default", "--yes"], "assess.io.store.sqlite.SQLiteStore.delete_profile"),
    "report": (["report", "-o", "OUT/report.html", "--format", "html"], "assess.io.files.os.fsync"),
    "report pdf": (["report", "-o", "OUT/report.pdf"], "assess.report.pdf.render_pdf"),
    "demo": (["demo", "-o", "OUT/demo.md", "--format", "md"], "assess.io.files.os.fsync"),
    "team needs": (["team", "needs"], "assess.cli.team.needs_template"),
    "team add": (["team", "add", "t", "OUT/../history.json"], "assess.io.files.os.fsync"),
    "team show": (["team", "show", "t"], "assess.app.team.load_roster"),
    "team report": (["team", "report", "t", "-o", "OUT/t.pdf"], "assess.app.team.load_roster"),
    "team list": (["team", "list"], "assess.io.team_rosters.roster_names"),
    "team remove": (["team", "remove", "t", "x"], "assess.app.team.load_roster"),
    "team delete": (["team", "delete", "t", "--yes"], "assess.app.team.load_roster"),
    "team rollup": (["team", "rollup", "d", "t"], "assess.app.team.load_roster"),
    # The organisation's commands, interrupted before they reach a store (tests/test_org_journey.py interrupts
    # a write in a real one).
    "share": (["share", "--to-org"], "assess.app.org.org_store"),
    "unshare": (["unshare"], "assess.app.org.org_store"),
    "org": (["org", "whoami"], "assess.app.org.org_store"),
    "org whoami": (["org", "whoami"], "assess.app.org.org_store"),
    "org reports": (["org", "reports"], "assess.app.org.org_store"),
    "org summary": (["org", "summary", "--manager", "m", "--rubric", "r"], "assess.app.org.org_store"),
    "org init": (["--store", "postgresql://nobody@127.0.0.1:9/none", "org", "init"], "assess.app.org.init_org"),
    "org add-person": (["--store", "postgresql://nobody@127.0.0.1:9/none", "org", "add-person", "--login", "x"],
                       "assess.app.org.add_person"),
}


def test_every_command_is_covered():
    from .conftest import all_commands

    names = {" ".join(words) for words in all_commands() if words not in (("rubrics",), ("team",))}
    assert names <= {key.split(" pdf")[0] for key in INTERRUPTS}


@pytest.mark.parametrize("name", sorted(INTERRUPTS))
def test_ctrl_c_exits_130_and_leaves_nothing_half_written(run, one_run, tmp_path, monkeypatch, name):
    args, target = INTERRUPTS[name]
    out = tmp_path / "out"
    out.mkdir()
    exported = run("export", "-o", tmp_path / "history.json")
    assert exported.exit_code == 0
    db_before = sqlite3.connect(one_run / "assess.sqlite3").execute("select count(*) from runs").fetchone()
    module_name, _, attr = target.rpartition(".")
    import importlib

    from assess.cli import COMMANDS

    for command in COMMANDS:  # loaded now, so none binds the stand-in below by importing it while it is in place
        importlib.import_module(f"assess.cli.{command.module}")
    try:
        owner = importlib.import_module(module_name)
    except ModuleNotFoundError:  # a class attribute: module.Class.method
        module_name, _, cls = module_name.rpartition(".")
        owner = getattr(importlib.import_module(module_name), cls)
    monkeypatch.setattr(owner, attr, interrupt)
    result = run(*[str(a).replace("OUT", str(out)) for a in args])
    assert result.exit_code == 130, (result.stdout, result.stderr)
    assert result.stderr.endswith("assess: interrupted\n")
    assert "Traceback" not in result.stderr
    assert list(out.iterdir()) == []
    assert sqlite3.connect(one_run / "assess.sqlite3").execute("select count(*) from runs").fetchone() == db_before


WRITER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from assess.cli import app
app(["take", "--answers", sys.argv[1], "--profile", f"p{sys.argv[2]}"], prog_name="assess")
"""


@pytest.mark.slow
def test_eight_processes_storing_runs_at_once_all_land(isolated_home, tmp_path):
    env = {**os.environ, "ASSESS_HOME": str(isolated_home)}
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(EXAMPLE), str(i)], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(8)
    ]
    outcomes = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert outcomes == [(0, "")] * 8
    with sqlite3.connect(isolated_home / "assess.sqlite3") as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    runs = Store(isolated_home).runs(status=None)
    assert sorted(r.profile for r in runs) == [f"p{i}" for i in range(8)]
    assert all(r.status == "complete" and r.result is not None for r in runs)
