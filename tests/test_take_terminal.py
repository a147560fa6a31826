"""`assess take` in a real pseudo-terminal (pexpect): the Director flow from a partial answers file."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

from assess.core.questions import ordered_competencies
from assess.io.rubric_files import load_rubric
from assess.io.store.sqlite import SQLiteStore as Store

from .conftest import write_yaml

pytestmark = pytest.mark.slow


def test_director_run_from_partial_answers_in_a_terminal(tmp_path, isolated_home):
    rubric = load_rubric("director-ml-engineering")
    comps = ordered_competencies(rubric)
    given, left = comps[:-3], comps[-3:]
    partial = write_yaml(tmp_path / "partial.yaml", {
        "rubric": rubric.id,
        "name": "Alex Kim",
        "facts": {"degree": "master", "years_ml": 9, "years_leadership": 5, "publications": 0},
        "ratings": {comp.id: 2 for comp in given},
    })
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "COLUMNS": "100", "LINES": "40",
           "ASSESS_HOME": str(isolated_home)}
    child = pexpect.spawn(sys.executable, ["-m", "assess", "take", "--answers", str(partial)], env=env,
                          cwd=tmp_path, dimensions=(40, 100), encoding="utf-8", timeout=20)
    try:
        child.expect("3 questions to answer: about 1-2 minutes.")
        total = len(comps)
        for number, (comp, key) in enumerate(zip(left, ["3", "1", "n"], strict=True), start=total - 2):
            child.expect_exact(f"Area 9/9 · question {number}/{total}")
            child.expect_exact(f"{comp.title} ({number}/{total}):")
            child.send(key + "\r")
            if key == "3":
                child.expect_exact("Evidence in one line")
                child.send("Ran the 2025 planning offsite\r")
        child.expect_exact("change one?")
        child.send("\r")
        child.expect_exact("Readiness for Director of Machine Learning Engineering")
        child.expect_exact("Write your PDF report now?")
        child.send("\x1b[B\r")  # Not now
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    with Store(isolated_home) as store:
        (run,) = store.runs("default")
    assert run.name == "Alex Kim"
    assert run.answers.facts == {"degree": "master", "years_ml": 9, "years_leadership": 5, "publications": 0}
    assert [run.answers.ratings[comp.id] for comp in left] == [3, 1, None]
    assert run.answers.evidence == {left[0].id: "Ran the 2025 planning offsite"}
    assert len(run.answers.ratings) == len(comps)
    assert run.result is not None and run.result.unknowns == [left[2].id]
    assert not list(tmp_path.glob("*.pdf"))
