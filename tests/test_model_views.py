"""What people read under each scoring model: `rubrics show` prints the model's numbers, the terminal summary and
the reports say points where the total decides and that a rung asking nothing of its own is never met, and the
Markdown report says where the rubric's notes are, as the HTML one does. Through the real entry point."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from assess.io.rubric_files import load_rubric_file
from tests.conftest import write_yaml

ROOT = Path(__file__).parent.parent
SNOWFLAKE = ROOT / "examples" / "snowflake" / "snowflake.yaml"
FT = ROOT / "examples" / "ft-engineering" / "ft-engineering.yaml"
DIRECTOR = ROOT / "rubrics" / "director-ml-engineering.yaml"
# Snowflake's own default state (constants.js): 72 points, level 4.2, Staff Engineer / Senior Group Lead.
DEFAULT_STATE = {"mobile": 1, "web-client": 2, "foundations": 3, "servers": 2, "project-management": 4,
                 "communication": 1, "craft": 1, "initiative": 4, "career-development": 3, "org-design": 2,
                 "wellbeing": 0, "accomplishment": 4, "mentorship": 2, "evangelism": 2, "recruiting": 3,
                 "community": 0}


def flat(text: str) -> str:
    """The words of terminal output, whatever the width rich wrapped it at."""
    return " ".join(text.split())


def answers(tmp_path: Path, rubric: Path, ratings: dict[str, int], profile: str) -> Path:
    return write_yaml(tmp_path / f"{profile}.yaml", {"rubric": str(rubric), "profile": profile, "ratings": ratings})


def test_rubrics_show_prints_the_points_models_numbers(run):
    result = run("rubrics", "show", SNOWFLAKE)
    assert result.exit_code == 0, result.stderr
    out = flat(result.stdout)
    assert ("points per level: 0 No milestone yet: 0 · 1 Milestone 1: 1 · 2 Milestone 2: 3 · 3 Milestone 3: 6 · "
            "4 Milestone 4: 12 · 5 Milestone 5: 20") in out
    assert ("minimum total: Engineer I 0 · Engineer II 17 · Senior Engineer 36 · Group Lead 36 · Staff Engineer 58 · "
            "Senior Group Lead 58 · Principal Engineer 90 · Director of Engineering 90") in out
    assert "most points: 320" in out
    assert "levels within rungs: 1.1 from 0 · 1.2 from 5 ·" in out and "· 5.3 from 135" in out
    assert "under points the total decides, not shares" in out


def test_rubrics_show_prints_what_each_rung_newly_asks_under_transitions(run):
    result = run("rubrics", "show", FT)
    assert result.exit_code == 0, result.stderr
    out = flat(result.stdout)
    assert ("new at each rung: Junior Engineer 0 · Engineer 32 · Senior Engineer 1 31 · Senior Engineer 2 16 · "
            "Principal Engineer 0") in out
    assert "never met from ratings: Principal Engineer (asks nothing of its own)" in out
    assert "met at: readiness 85, every blocking gate met, no core skill short" in out


def test_rubrics_show_prints_the_default_models_threshold_and_core_weight(run):
    out = flat(run("rubrics", "show", DIRECTOR).stdout)
    assert "model: attainment against expected" in out
    assert "met at: readiness 85" in out
    assert "then its % of that rung's readiness" in out


def test_the_summary_under_points_gives_the_total_its_level_and_points_to_the_next_rung(run, tmp_path):
    result = run("score", answers(tmp_path, SNOWFLAKE, DEFAULT_STATE, "sf"))
    assert result.exit_code == 0, result.stderr
    out = flat(result.stdout)
    assert "Total: 72 points; level 4.2, 2 points to 4.3" in out
    assert "Placement: Staff Engineer" in out
    assert "18 points (now 72, need 90)" in out
    assert "readiness points" not in out
    assert "┃ Now ┃ To reach ┃ Points ┃" in out  # the gap table's columns: the level the total needs, no expectation
    assert "Points needed" in out and "│ Principal Engineer │ 80.0 │ 90 │ ok │ ok │ no │" in out


def test_one_point_short_is_said_in_the_singular_and_a_total_at_the_minimum_is_no_shortfall(run, tmp_path):
    # 89 points: one short of Principal; at 90 it is met and "what it would take" moves up to nothing.
    short = DEFAULT_STATE | {"project-management": 5, "initiative": 5, "wellbeing": 1}
    out = flat(run("score", answers(tmp_path, SNOWFLAKE, short, "short")).stdout)
    assert "Total: 89 points; level 4.3, 1 point to 5.1" in out
    assert "1 point (now 89, need 90)" in out
    met = flat(run("score", answers(tmp_path, SNOWFLAKE, short | {"community": 1}, "met")).stdout)
    assert "Total: 90 points; level 5.1, 20 points to 5.2" in met
    assert "Placement: Principal Engineer" in met
    assert "(now 90, need 90)" not in met


def test_the_markdown_report_says_where_the_rubrics_notes_are_as_the_html_report_does(run, tmp_path):
    """The notes are the rubric author's reasoning and changelog: `rubrics show` prints them, and every format of a
    candidate's report says so in the same words, so the Markdown report drops nothing the HTML one has."""
    assert run("take", "--answers", answers(tmp_path, SNOWFLAKE, DEFAULT_STATE, "sf")).exit_code == 0
    md, html = tmp_path / "r.md", tmp_path / "r.html"
    assert run("report", "-p", "sf", "-f", "md", "-o", md).exit_code == 0
    assert run("report", "-p", "sf", "-f", "html", "-o", html).exit_code == 0
    text = md.read_text()
    about = text.split("## About this rubric\n\n", 1)[1].split("\n\n## Appendix", 1)[0]
    assert about == ("Medium engineering growth framework (Snowflake), version 1.0.0, built from Medium/snowflake "
                     "constants.js (Apache-2.0), commit 38859c6. The reasoning behind its expectations and how they "
                     "changed between versions are the rubric's own notes: `assess rubrics show snowflake` prints "
                     "them.")
    assert about.replace("`", "") in flat(unescape(re.sub(r"<[^>]+>", "", html.read_text())))
    shown = flat(run("rubrics", "show", SNOWFLAKE).stdout)
    for paragraph in load_rubric_file(SNOWFLAKE).notes.split("\n\n"):
        assert flat(paragraph) in shown
    assert "- Total: 72 points; level 4.2, 2 points to 4.3\n" in text
    assert "Next rung: **Principal Engineer**. Principal Engineer needs 90 points; the total is 72. " \
           "That is 18 points short.\n" in text
    assert "| # | Competency | Now → to reach | Points |" in text
    assert "### Top strengths\n\n1. Project management (4: 12 points)\n2. Initiative (4: 12 points)\n" in text


def test_a_rubric_without_notes_points_to_none(run, tmp_path):
    data = load_rubric_file(SNOWFLAKE).model_dump(mode="json", exclude_none=True, exclude_unset=True)
    data.pop("notes")
    rubric = write_yaml(tmp_path / "no-notes.yaml", data)
    assert run("take", "--answers", answers(tmp_path, rubric, DEFAULT_STATE, "plain")).exit_code == 0
    out = tmp_path / "r.md"
    assert run("report", "-p", "plain", "-f", "md", "-o", out).exit_code == 0
    assert "rubrics show" not in out.read_text()


def test_the_html_report_under_points_counts_points_to_the_next_rung(run, tmp_path):
    assert run("take", "--answers", answers(tmp_path, SNOWFLAKE, DEFAULT_STATE, "sf")).exit_code == 0
    out = tmp_path / "r.html"
    assert run("report", "-p", "sf", "-f", "html", "-o", out).exit_code == 0
    html = out.read_text()
    assert '<div class="sub">72 of 90 points</div>' in html
    assert "<p>Principal Engineer needs 90 points; the total is 72. That is 18 points short.</p>" in html
    assert "With those rating changes the total would be 96 points." in html
    assert "Readiness is the share of a rung&#39;s minimum total of points reached" in html
    assert "readiness points" not in html
    # Nothing is expected of a level where the total decides: the strengths are the most points.
    assert "<p class=\"small muted\">The most points towards the total.</p>" in html
    assert "<li>Project management <span class=\"muted nowrap\">(4; 12 points)</span></li>" in html
    assert "expected 0" not in html
    assert "<th>The level to reach looks like</th>" in html  # the gap table: no expectation under points
    assert '<th class="num">Expected</th>' not in html  # the area table: no expected mean of 0


@pytest.fixture
def senior2(tmp_path):
    """An engineer who meets every statement of the framework: Senior Engineer 2, with Principal next."""
    return answers(tmp_path, FT, {c.id: 1 for c in load_rubric_file(FT).competencies}, "s2")


def test_a_rung_that_asks_nothing_of_its_own_is_said_to_be_out_of_reach_of_ratings(run, tmp_path, senior2):
    out = flat(run("score", senior2).stdout)
    assert "Placement: Senior Engineer 2" in out
    assert "What it would take to reach Principal Engineer: no ratings meet it: it asks nothing of its own" in out
    assert "nothing: already met" not in out
    assert run("take", "--answers", senior2).exit_code == 0
    md, html = tmp_path / "r.md", tmp_path / "r.html"
    assert run("report", "-p", "s2", "-f", "md", "-o", md).exit_code == 0
    assert run("report", "-p", "s2", "-f", "html", "-o", html).exit_code == 0
    assert "Next rung: **Principal Engineer**. No ratings meet Principal Engineer: it asks nothing of its own.\n" \
        in md.read_text()
    text = html.read_text()
    assert '<div class="sub">no ratings meet it: it asks nothing of its own</div>' in text
    assert "<p>No ratings meet Principal Engineer: it asks nothing of its own.</p>" in text
