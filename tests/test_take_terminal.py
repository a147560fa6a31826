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


def test_director_rerun_from_the_last_answers_goes_through_the_changed_answers_only(tmp_path, isolated_home):
    """Six months on, Sam reruns the full Director questionnaire: Enter keeps every answer but the few that moved."""
    import re

    from .conftest import ROOT

    rubric = load_rubric("director-ml-engineering")
    example = ROOT / "examples" / "director-ml-engineering" / "mid-career.yaml"
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "COLUMNS": "100", "LINES": "40",
           "ASSESS_HOME": str(isolated_home)}
    first = pexpect.run(f"{sys.executable} -m assess take --answers {example}", env=env, cwd=tmp_path,
                        encoding="utf-8", timeout=60, withexitstatus=True)
    assert first[1] == 0, first[0]
    with Store(isolated_home) as store:
        (last,) = store.runs("example")
    changed = {"ml-strategy": 3, "ml-org-design": 3, "ml-business-impact": 3}  # what moved in six months
    comps = ordered_competencies(rubric)
    keys_sent = []
    child = pexpect.spawn(sys.executable, ["-m", "assess", "take", "--profile", "example"], env=env, cwd=tmp_path,
                          dimensions=(40, 100), encoding="utf-8", timeout=30)
    try:
        child.expect_exact("Start from those answers?")
        child.send("\r")
        child.expect(r"Enter\s+keeps\s+it,\s+so\s+only\s+what\s+changed\s+needs\s+an\s+answer\.")
        child.expect_exact("Your name for the report")
        child.send("\r")
        for fact in rubric.facts:  # Enter keeps each, but for one more half year in ML
            child.expect_exact(fact.title)
            if fact.kind == "choice":
                child.expect_exact(f"Enter keeps {last.answers.facts[fact.id]}")
            child.send("\x7f7.5\r" if fact.id == "years_ml" else "\r")
        asked, reviews = 0, []
        for number, comp in enumerate(comps, start=1):
            area = next(i for i, a in enumerate(rubric.areas, 1) if a.id == comp.area)
            child.expect_exact(f"Area {area}/{len(rubric.areas)} · question {number}/{len(comps)}")
            said = _label(rubric, comp, last.answers.ratings[comp.id])
            child.expect(r"\s+".join(map(re.escape, f"Last time: {said}. Enter keeps it.".split())))
            child.expect_exact("Enter keeps ")  # the prompt's own hint: the level's key
            key = str(changed[comp.id]) if comp.id in changed else ""
            keys_sent.append((comp.id, key))
            asked += 1
            child.send(key + "\r")
            if changed.get(comp.id, last.answers.ratings[comp.id] or 0) >= rubric.evidence_level:
                child.expect_exact("Evidence in one line")
                child.send("\r")  # last time's sentence kept (or none)
            if comp is rubric.competencies_of(comp.area)[-1]:
                child.expect_exact("Your answers for")  # the area's review (what it marks: tests/test_rerun.py)
                reviews.append(comp.area)
                child.send("\r")  # looks right
        child.expect_exact("Write your PDF report")
        child.send("\x1b[B\r")  # not now
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    assert asked == len(comps)
    assert [comp for comp, key in keys_sent if key] == list(changed)  # a digit only where the answer changed
    with Store(isolated_home) as store:
        before, after = store.runs("example")
    assert after.started_from == before.id and after.name == "Sam Rivera"
    assert after.answers.facts == {**before.answers.facts, "years_ml": 7.5}
    assert after.answers.ratings == {**before.answers.ratings, **changed}
    assert after.answers.evidence == before.answers.evidence
    assert reviews == [area.id for area in rubric.areas]


def _label(rubric, comp, rating):
    from assess.core.questions import rating_label

    return rating_label(rubric, comp, rating)
