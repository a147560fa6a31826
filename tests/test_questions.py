"""Building the questionnaire from a rubric: pure, no terminal, no mocks."""

from __future__ import annotations

import pytest

from assess.core.answers import Answers
from assess.core.flow_questions import report_question, resume_question
from assess.core.questions import (
    CONTINUE,
    NO_DEFAULT,
    Anchor,
    Choice,
    duration_minutes,
    evidence_question,
    fact_questions,
    missing,
    name_question,
    parse_number,
    rating_areas,
    rating_question,
    review_question,
    wants_evidence,
    welcome,
)
from assess.io.rubric_files import load_rubric, load_rubric_file

from .conftest import MINI


@pytest.fixture(scope="module")
def mini():
    return load_rubric_file(MINI)


@pytest.fixture(scope="module")
def director():
    return load_rubric("director-ml-engineering")


def test_rating_questions_go_area_by_area_with_their_position(mini):
    areas = rating_areas(mini)
    assert [(a.area.id, a.index) for a in areas] == [("x", 1), ("y", 2)]
    questions = [q for a in areas for q in a.questions]
    assert [q.id for q in questions] == ["ratings.x1", "ratings.x2", "ratings.y1", "ratings.y2"]
    assert [q.position for q in questions] == [
        "Area 1/2 · question 1/4",
        "Area 1/2 · question 2/4",
        "Area 2/2 · question 3/4",
        "Area 2/2 · question 4/4",
    ]
    assert [q.area for q in questions] == ["Area X", "Area X", "Area Y", "Area Y"]


def test_rating_question_carries_description_anchors_and_compact_choices(mini):
    q = rating_question(mini, mini.competency("x1"))
    assert (q.kind, q.prompt, q.heading, q.description) == (
        "select",
        "X one (1/4):",
        "X one  (core for Rung C)",
        "First of X.",
    )
    assert q.anchors[3] == Anchor(3, "Proficient", "x1 three", "")
    assert [a.text for a in q.anchors] == ["x1 zero", "x1 one", "x1 two", "x1 three", "x1 four"]
    assert q.choices == (
        Choice("None", 0, "0"),
        Choice("Learning", 1, "1"),
        Choice("Practitioner", 2, "2"),
        Choice("Proficient", 3, "3"),
        Choice("Expert", 4, "4"),
        Choice("not sure", None, "n"),
    )
    assert q.default is NO_DEFAULT
    assert rating_question(mini, mini.competency("x2")).heading == "X two"


def test_a_not_sure_default_is_not_the_same_as_no_default(mini):
    assert rating_question(mini, mini.competency("x1"), default=None).default is None
    assert rating_question(mini, mini.competency("x1"), default=2).default == 2


def test_director_positions_count_every_competency(director):
    questions = [q for a in rating_areas(director) for q in a.questions]
    assert len(questions) == 43
    assert questions[0].position == "Area 1/9 · question 1/43"
    assert questions[10].position == "Area 3/9 · question 11/43"  # strategy and leadership hold five each
    assert questions[-1].position == "Area 9/9 · question 43/43"


def test_a_competency_with_its_own_level_names_and_a_1_to_5_scale():
    from assess.io.rubric_files import load_rubric_file

    from .conftest import DATA

    tree = load_rubric_file(DATA / "tree.yaml")
    design = rating_question(tree, tree.competency("design"))
    assert [(c.title, c.value, c.key) for c in design.choices] == [
        ("Follows", 1, "1"), ("Shapes", 2, "2"), ("Owns", 3, "3"), ("Evolves", 4, "4"), ("Leads", 5, "5"),
        ("not sure", None, "n")]
    assert design.anchors[0] == Anchor(1, "Follows", "design one", "")
    code = rating_question(tree, tree.competency("code"))
    assert code.anchors[-1] == Anchor(5, "Five", "code five", "code signal")
    assert code.heading == "Code" and rating_question(tree, tree.competency("people")).heading == \
        "People  (core for Manager)"


def test_fact_questions_choice_and_number(mini):
    degree, years = fact_questions(mini)
    assert (degree.id, degree.kind, degree.prompt) == ("facts.degree", "select", "Highest degree:")
    assert [c.value for c in degree.choices] == ["none", "bachelor", "master", "phd"]
    assert (years.id, years.kind) == ("facts.years", "number")
    assert years.prompt == "Years in the field (a number, e.g. 6 or 2.5):"


@pytest.mark.parametrize(
    ("typed", "value"), [("6", 6), (" 2.5 ", 2.5), ("6,5", 6.5), ("0", 0), ("80", 80), ("12.0", 12)]
)
def test_numbers_accepted(typed, value):
    parsed = parse_number(typed, 80)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a number, e.g. 6 or 2.5"),
        ("six", "Enter a number, e.g. 6 or 2.5"),
        ("-1", "Enter a number from 0 to 80"),
        ("80.5", "Enter a number from 0 to 80"),
        ("nan", "Enter a number from 0 to 80"),
        ("inf", "Enter a number from 0 to 80"),
    ],
)
def test_numbers_refused(typed, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        parse_number(typed, 80)


def test_evidence_only_for_three_and_four(mini):
    assert [wants_evidence(mini, r) for r in (None, 0, 1, 2, 3, 4)] == [False, False, False, False, True, True]
    q = evidence_question(mini.competency("x1"), "Led it")
    assert (q.id, q.kind, q.default) == ("evidence.x1", "text", "Led it")
    assert evidence_question(mini.competency("x1")).default == ""


def test_review_lists_the_area_with_current_ratings(mini):
    q = review_question(mini, mini.area("x"), {"x1": 3, "x2": None})
    assert q.prompt == "Your answers for Area X — change one?"
    assert [(c.title, c.value) for c in q.choices] == [
        ("Looks right, continue", CONTINUE),
        ("X one  3 Proficient", "x1"),
        ("X two  not sure", "x2"),
    ]
    assert q.default == CONTINUE


def test_missing_treats_a_null_rating_as_answered(mini):
    answers = Answers(rubric="mini", facts={"degree": None}, ratings={"x1": 2, "x2": None})
    assert missing(mini, answers) == ["facts.years", "ratings.y1", "ratings.y2"]
    ratings = dict.fromkeys(("x1", "x2", "y1", "y2"), 1)
    full = Answers(rubric="mini", facts={"degree": "phd", "years": 3}, ratings=ratings)
    assert missing(mini, full) == []


def test_duration_follows_the_number_of_questions():
    assert duration_minutes(37, 3) == (15, 25)
    assert duration_minutes(4, 2) == (2, 3)
    assert duration_minutes(1) == (1, 2)
    assert duration_minutes(0, 1) == (1, 2)


def test_welcome_for_the_director_rubric(director):
    text = welcome(director, Answers())
    assert text.splitlines()[0] == f"Self-assessment: {director.title}"
    assert "43 competencies in 9 areas" in text
    # 43 ratings and 4 facts: (43 * 24 + 4 * 10) / 60 = 17.9 -> 18; (43 * 40 + 4 * 10) / 60 = 29.3 -> 29
    assert "47 questions to answer: about 18-29 minutes." in text
    assert "Everything stays on this machine." in text
    assert "the same command resumes where you stopped" in text
    assert "(profile work)" in welcome(director, Answers(profile="work")).splitlines()[0]
    almost = Answers(facts={"degree": "phd"}, ratings={c.id: 2 for c in director.competencies[1:]})
    assert "4 questions to answer: about 1-2 minutes." in welcome(director, almost)



def test_control_questions():
    resume = resume_question(5, 40, "2026-11-26T14:06:42+00:00")
    assert resume.prompt == "Unfinished assessment from 2026-11-26 14:06 UTC, 5 of 40 answered:"
    assert [c.value for c in resume.choices] == ["resume", "start-over"]
    assert name_question().default == ""
    report = report_question("assess-report-2026-11-26.pdf")
    assert [c.title for c in report.choices] == ["Yes, to assess-report-2026-11-26.pdf", "Not now"]


def test_a_carried_answer_is_the_default_and_enter_no_longer_skips(mini):
    from assess.core.questions import carried

    name = carried(name_question(), "Jane", "Jane")
    assert (name.default, name.last, name.prompt) == ("Jane", "Jane", "Your name for the report (optional):")
    evidence = carried(evidence_question(mini.competency("x1")), "Led X.", "your sentence of last time")
    assert evidence.prompt == "Evidence in one line, e.g. a project or result:"
    rating = carried(rating_question(mini, mini.competency("x1")), None, "not sure")
    assert (rating.default, rating.last) == (None, "not sure")
    assert rating.prompt == rating_question(mini, mini.competency("x1")).prompt
