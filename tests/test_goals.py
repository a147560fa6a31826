"""The last plan's goals: every step its own goal, "was" the level at the run that set it, due by calendar months.

Runs are months apart by the moments they are stored with (the take flow's clock), never by waiting.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from click.testing import CliRunner

from assess.app.take import take
from assess.cli import app
from assess.core.answers import Answers, check_answers
from assess.core.months import due_on, reached, shift_months
from assess.core.progress import compute_progress, goal_counts
from assess.core.runs import StoredRun
from assess.core.scoring import score
from assess.core.wording import goals_text
from assess.io.rubric_files import load_rubric_file
from assess.io.store.sqlite import SQLiteStore as Store

from .conftest import MINI

FACTS = {"degree": "master", "years": 6}
# tests/data/mini.yaml, target c. Run 1 (x1 1, x2 0, y1 1, y2 0) is placed at a, so its plan aims at b, three
# steps within 3 months: x1 1 -> 2, x2 0 -> 1, y1 1 -> 2.
FIRST = {"x1": 1, "x2": 0, "y1": 1, "y2": 0}
# Run 2 (x1 2, x2 1, y1 1, y2 0) is placed at b; its plan aims at c: within 3 months y2 0 -> 1, x1 2 -> 3,
# x2 1 -> 2; within 6 y2 1 -> 2 and y1 1 -> 2; within 12 y1 2 -> 3.
SECOND = {"x1": 2, "x2": 1, "y1": 1, "y2": 0}
# Run 3: y2 1 (its 3-month step met, its 6-month step partly), x1 3 (met), x2 1 (missed), y1 2 (the 6-month
# step met, the 12-month one not due yet).
THIRD = {"x1": 3, "x2": 1, "y1": 2, "y2": 1}


@pytest.fixture(scope="module")
def mini():
    return load_rubric_file(MINI)


def stored(rubric, ratings, finished_at: str, number: int) -> StoredRun:
    answers = check_answers(Answers(rubric=str(MINI), facts=FACTS, ratings=ratings), rubric, "test")
    return StoredRun(id=f"{number:012x}", profile="default", name=None, rubric_id="mini", rubric_version="1",
                     rubric_hash="h", tool_version="t", started_at=finished_at, finished_at=finished_at,
                     status="complete", answers=answers, result=score(rubric, answers))


def goals_of(rubric, *runs):
    return compute_progress(list(runs), rubric).goals


def rows(goals):
    return [(g.competency, g.horizon, g.due_on, g.was, g.from_, g.target, g.now, g.status) for g in goals]


def test_the_plans_of_the_hand_checked_runs(mini):
    first = stored(mini, FIRST, "2026-01-31T10:00:00+00:00", 1)
    second = stored(mini, SECOND, "2026-04-30T23:30:00+00:00", 2)
    assert (first.result.placement, second.result.placement) == ("a", "b")
    assert [(s.horizon, s.competency, s.from_, s.to) for s in first.result.plan.steps] == [
        (3, "x1", 1, 2), (3, "x2", 0, 1), (3, "y1", 1, 2)]
    assert [(s.horizon, s.competency, s.from_, s.to) for s in second.result.plan.steps] == [
        (3, "y2", 0, 1), (3, "x1", 2, 3), (3, "x2", 1, 2), (6, "y2", 1, 2), (6, "y1", 1, 2), (12, "y1", 2, 3)]


def test_three_runs_months_apart_checked_by_hand(mini):
    # 31 January + 3 calendar months is 30 April (April has no 31st): the second run, that evening, is on the
    # due day, so all three steps are due. x1 and x2 moved up a level: met; y1 stayed at 1: missed.
    first = stored(mini, FIRST, "2026-01-31T10:00:00+00:00", 1)
    second = stored(mini, SECOND, "2026-04-30T23:30:00+00:00", 2)
    assert rows(goals_of(mini, first, second)) == [
        ("x1", 3, "2026-04-30", 1, 1, 2, 2, "met"),
        ("x2", 3, "2026-04-30", 0, 0, 1, 1, "met"),
        ("y1", 3, "2026-04-30", 1, 1, 2, 1, "missed"),
    ]
    # The third run is exactly six calendar months after the second, just after midnight: the 6-month steps are
    # due that day, the 12-month one is not. y2 planned 0 -> 1 (3 months) then 1 -> 2 (6 months), now 1: the
    # first step is met and the second, from "was 0", partly met; neither is lost in the other.
    third = stored(mini, THIRD, "2026-10-30T00:10:00+00:00", 3)
    goals = goals_of(mini, first, second, third)
    assert rows(goals) == [
        ("y2", 3, "2026-07-30", 0, 0, 1, 1, "met"),
        ("x1", 3, "2026-07-30", 2, 2, 3, 3, "met"),
        ("x2", 3, "2026-07-30", 1, 1, 2, 1, "missed"),
        ("y2", 6, "2026-10-30", 0, 1, 2, 1, "partly met"),
        ("y1", 6, "2026-10-30", 1, 1, 2, 2, "met"),
        ("y1", 12, "2027-04-30", 1, 2, 3, 2, "not due yet"),
    ]
    assert [g.due for g in goals] == [True, True, True, True, True, False]
    assert goal_counts(goals) == {"met": 3, "partly met": 1, "missed": 1, "not due yet": 1}
    assert goals_text(goal_counts(goals)) == "6 steps of the previous plan: 3 met, 1 partly met, 1 missed, 1 not due yet"


def test_the_day_before_a_horizon_its_steps_are_not_due(mini):
    second = stored(mini, SECOND, "2026-04-30T23:30:00+00:00", 2)
    day_before = stored(mini, THIRD, "2026-10-29T23:59:59+00:00", 3)
    statuses = {(g.competency, g.horizon): g.status for g in goals_of(mini, second, day_before)}
    # y2's 6-month step (1 -> 2, now 1) is not yet due; y1's (now 2) is met ahead of time.
    assert statuses[("y2", 6)] == "not due yet" and statuses[("y1", 6)] == "met"
    assert statuses[("x2", 3)] == "missed"


def test_a_step_met_early_counts_as_met_and_one_not_moved_before_it_is_due_is_not_missed(mini):
    first = stored(mini, FIRST, "2026-01-31T10:00:00+00:00", 1)
    a_month_later = stored(mini, {**FIRST, "x1": 2}, "2026-02-28T10:00:00+00:00", 2)
    assert [(g.competency, g.due, g.status) for g in goals_of(mini, first, a_month_later)] == [
        ("x1", False, "met"), ("x2", False, "not due yet"), ("y1", False, "not due yet")]


def test_a_rating_that_fell_misses_its_goal_and_not_sure_counts_as_the_lowest_level(mini):
    first = stored(mini, FIRST, "2026-01-31T10:00:00+00:00", 1)
    later = stored(mini, {"x1": 0, "x2": None, "y1": 1, "y2": 0}, "2026-06-01T10:00:00+00:00", 2)
    assert [(g.competency, g.now, g.status) for g in goals_of(mini, first, later)] == [
        ("x1", 0, "missed"), ("x2", 0, "missed"), ("y1", 1, "missed")]


def test_the_calendar_rule():
    assert due_on("2026-01-31T10:00:00+00:00", 1) == datetime(2026, 2, 28).date()
    assert due_on("2028-01-31T10:00:00+00:00", 1) == datetime(2028, 2, 29).date()
    assert due_on("2026-11-15T10:00:00+00:00", 3) == datetime(2027, 2, 15).date()
    # The day is the UTC day the run is stored on, whatever offset it was written with.
    assert due_on("2026-01-31T23:30:00-05:00", 3) == datetime(2026, 5, 1).date()
    assert reached("2026-05-19T09:00:00+00:00", 6, "2026-11-19T00:00:00+00:00")
    assert not reached("2026-05-19T09:00:00+00:00", 6, "2026-11-18T23:59:59+00:00")
    assert shift_months(datetime(2026, 3, 31), -1) == datetime(2026, 2, 28)


# --- through the command line, the run's moment given by the take flow's clock -------------------------------


def take_with_clock(home, ratings, moment: str):
    rubric = load_rubric_file(MINI)
    answers = check_answers(Answers(rubric=str(MINI), facts=FACTS, ratings=ratings), rubric, "test")
    with Store(home) as store:
        done = take(rubric, store, given=answers, ask_name=False, clock=lambda: datetime.fromisoformat(moment),
                    ask=lambda question: pytest.fail(f"asked {question.id}"))
    return done.run


def test_progress_json_table_and_report_agree_on_the_three_runs(run, isolated_home, tmp_path):
    take_with_clock(isolated_home, FIRST, "2026-01-31T10:00:00+00:00")
    take_with_clock(isolated_home, SECOND, "2026-04-30T23:30:00+00:00")
    take_with_clock(isolated_home, THIRD, "2026-10-30T00:10:00+00:00")
    data = json.loads(run("progress", "-f", "json").stdout)
    assert [(g["competency"], g["horizon"], g["due_on"], g["was"], g["from"], g["target"], g["now"], g["status"])
            for g in data["goals"]][3] == ("y2", 6, "2026-10-30", 0, 1, 2, 1, "partly met")
    table = run("progress").stdout
    assert "Goals of the previous plan (set 2026-04-30)" in table
    assert "6 steps of the previous plan: 3 met, 1 partly met, 1 missed, 1 not due yet" in table
    assert re.search(r"Y two\s+6 months\s+2026-10-30\s+0\s+2\s+1\s+partly met", table)
    report = run("report", "-f", "html", "-o", tmp_path / "r.html")
    assert report.exit_code == 0, report.output
    html = (tmp_path / "r.html").read_text()
    assert "6 steps of the previous plan: 3 met, 1 partly met, 1 missed, 1 not due yet." in html
    assert "◐ partly met" in html and "✗ missed" in html


def test_goals_in_markdown(run, isolated_home, tmp_path):
    take_with_clock(isolated_home, FIRST, "2026-01-31T10:00:00+00:00")
    take_with_clock(isolated_home, SECOND, "2026-04-30T23:30:00+00:00")
    result = CliRunner().invoke(app, ["report", "-f", "md", "-o", str(tmp_path / "r.md")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "r.md").read_text()
    assert "- [ ] Y one: to 2 within 3 months (due 2026-04-30; was 1, now 1): missed" in text


def test_no_projection_at_a_pace_of_exactly_zero_names_the_target(mini):
    # The same ratings a month apart: the pace is 0, which is not rising, said of the target.
    first, second = stored(mini, FIRST, "2026-01-01T00:00:00+00:00", 1), stored(mini, FIRST,
                                                                               "2026-02-01T00:00:00+00:00", 2)
    found = compute_progress([first, second], mini)
    assert (found.pace, found.projection) == (0, None)
    assert found.no_projection == "readiness for Rung C is not rising"


def test_a_next_rung_reached_on_readiness_alone_says_which_rung_holds_back(mini):
    # Readiness for the target rises, and the next rung (b) is past the threshold on readiness, yet not met (a
    # core skill at the lowest level, no years): the reason names that rung, as the report prints it.
    def run(ratings, moment, number):
        answers = check_answers(Answers(rubric=str(MINI), facts={"degree": "master", "years": 0}, ratings=ratings),
                                mini, "test")
        return stored(mini, FIRST, moment, number).model_copy(update={"answers": answers,
                                                                      "result": score(mini, answers)})

    first = run({"x1": 1, "x2": 0, "y1": 0, "y2": 0}, "2026-01-01T00:00:00+00:00", 1)
    second = run({"x1": 2, "x2": 1, "y1": 0, "y2": 0}, "2026-03-01T00:00:00+00:00", 2)
    assert (second.result.placement, second.result.next_role) == ("a", "b")
    assert second.result.readiness_by_role["b"] >= mini.scoring.threshold
    found = compute_progress([first, second], mini)
    assert found.pace is not None and found.pace > 0 and found.projection is None
    assert found.no_projection == "Rung B: readiness is already there; a gate or a core skill holds the rung back"
