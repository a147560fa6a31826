"""Scoring against tests/data/mini.yaml, with numbers worked out by hand in the comments."""

from __future__ import annotations

import pytest

from assess.models import Answers
from assess.rubrics import load_rubric, load_rubric_file
from assess.scoring import score

from .conftest import MINI


@pytest.fixture(scope="module")
def mini():
    return load_rubric_file(MINI)


def answers(**kw) -> Answers:
    kw.setdefault("facts", {"degree": "bachelor", "years": 3})
    return Answers(rubric="mini", **kw)


# x1=2 (E a1 b2 c3, w2, critical), x2=2 (E 0/1/2, w1), y1=1 (E 1/2/4, w1), y2 not sure (E 0/0/2, w3)
SAMPLE = {"x1": 2, "x2": 2, "y1": 1, "y2": None}


def test_readiness_per_role_hand_computed(mini):
    result = score(mini, answers(ratings=SAMPLE))
    # c: area x = (2*2/3 + 1*2/2)/3 = 7/9; area y = (1*1/4 + 3*0)/4 = 1/16
    #    readiness = (2*7/9 + 1/16)/3 = 0.53935 -> 53.9
    # b: x = (2*1 + 1*1)/3 = 1; y = y1 only (y2 expects 0) = 1/2; (2*1 + 0.5)/3 -> 83.3
    # a: x = x1 only = 1; y = y1 only = 1 -> 100
    assert result.readiness_by_role == {"a": 100.0, "b": 83.3, "c": 53.9}
    assert result.readiness == 53.9
    assert result.areas == {"x": 77.8, "y": 6.2}


def test_placement_and_next_role(mini):
    result = score(mini, answers(ratings=SAMPLE))
    assert [r.met for r in result.roles] == [True, False, False]
    assert result.placement == "a"
    assert result.next_role == "b"


def test_gaps_ordered_by_priority(mini):
    result = score(mini, answers(ratings=SAMPLE))
    # y2: 3 * (2-0) = 6; x1: 2 * (3-2) * 2 = 4; y1: 1 * (4-1) = 3; x2 meets its expectation.
    assert [(g.competency, g.priority) for g in result.gaps] == [("y2", 6), ("x1", 4), ("y1", 3)]
    assert result.gaps[0].unknown and not result.gaps[1].unknown


def test_unknowns_are_listed_and_count_as_zero(mini):
    result = score(mini, answers(ratings=SAMPLE))
    assert result.unknowns == ["y2"]
    missing = score(mini, answers(ratings={"x1": 2, "x2": 2, "y1": 1}))
    assert missing.unknowns == ["y2"]
    assert missing.readiness == result.readiness


def test_gate_results_for_target(mini):
    result = score(mini, answers(ratings=SAMPLE))
    gates = {g.id: (g.required, g.actual, g.met) for g in result.gates}
    assert gates == {"degree": ("master", "bachelor", False), "years": (5, 3, False)}


def test_what_it_takes_for_next_rung(mini):
    take = score(mini, answers(ratings=SAMPLE)).what_it_takes
    # b needs 85; raising y1 from 1 to 2 lifts area y to 1 and readiness to 100.
    assert take.role == "b"
    assert take.points_short == 1.7
    assert [(c.competency, c.from_, c.to) for c in take.changes] == [("y1", 1, 2)]
    assert take.readiness_after == 100.0
    assert take.gates == [] and take.critical == []


def test_critical_competency_blocks_a_role_and_is_named(mini):
    ratings = {"x1": 0, "x2": 4, "y1": 4, "y2": 4}
    result = score(mini, answers(ratings=ratings, facts={"degree": "phd", "years": 9}))
    # b: x = (2*0 + 1*1)/3 = 1/3, y = 1 -> (2/3 + 1)/3 = 55.6; x1 is 2 below b's 2 -> blocks.
    assert result.placement is None  # a: x1 expects 1, rated 0: within tolerance, but x = 0 -> 33.3
    assert result.readiness_by_role["a"] == 33.3
    take = result.what_it_takes
    assert take.role == "a"
    assert [(c.competency, c.to) for c in take.changes] == [("x1", 1)]


def test_critical_tolerance_and_threshold_come_from_the_rubric(mini):
    strict = mini.model_copy(update={"scoring": mini.scoring.model_copy(update={"critical_tolerance": 0})})
    ratings = {"x1": 0, "x2": 4, "y1": 4, "y2": 4}
    assert score(strict, answers(ratings=ratings)).roles[0].critical_short == ["x1"]
    lax = mini.model_copy(update={"scoring": mini.scoring.model_copy(update={"threshold": 50})})
    assert score(lax, answers(ratings=SAMPLE)).placement == "b"


def test_strengths_are_ratings_above_expectation(mini):
    result = score(mini, answers(ratings={"x1": 4, "x2": 3, "y1": 4, "y2": 2}))
    # margins for c: x1 +1 (w2) -> 2, x2 +1 (w1) -> 1; y1 and y2 meet exactly.
    assert [s.competency for s in result.strengths] == ["x1", "x2"]
    assert result.readiness == 100.0


def test_next_steps_follow_the_move_and_the_top_gaps(mini):
    result = score(mini, answers(ratings=SAMPLE))
    assert [s.text for s in result.next_steps if s.kind == "career"] == ["grow from a to b"]
    assert [s.text for s in result.next_steps if s.kind == "action"] == ["y1 to two"]


def test_evidence_claimed_vs_evidenced(mini):
    result = score(mini, answers(ratings={"x1": 3, "x2": 4, "y1": 1}, evidence={"x1": "Led the thing."}))
    assert (result.evidence.claimed, result.evidence.evidenced) == (1, 1)


def test_implausible_rating_for_facts_is_flagged(mini):
    result = score(mini, answers(ratings={"y1": 4}, facts={"years": 1}))
    assert [(w.kind, w.competency) for w in result.warnings] == [("implausible", "y1")]
    assert score(mini, answers(ratings={"y1": 4}, facts={"years": 2})).warnings == []


def test_straight_lining_is_flagged():
    rubric = load_rubric()
    ratings = {c.id: 2 for c in rubric.competencies}
    result = score(rubric, Answers(ratings=ratings))
    assert [w.kind for w in result.warnings] == ["straight-lining"]


# The acceptance points, on the shipped Director rubric.
DIRECTOR_FACTS = {"degree": "phd", "years_ml": 12, "years_leadership": 6}


def test_director_all_four_is_ready_and_placed():
    rubric = load_rubric()
    result = score(rubric, Answers(ratings={c.id: 4 for c in rubric.competencies}, facts=DIRECTOR_FACTS))
    assert result.readiness == 100.0
    assert result.placement == "director-ml-eng"
    assert result.next_role is None


def test_director_all_zero_is_zero():
    rubric = load_rubric()
    result = score(rubric, Answers(ratings={c.id: 0 for c in rubric.competencies}, facts=DIRECTOR_FACTS))
    assert result.readiness == 0.0
    assert result.placement is None


def test_director_without_leadership_years_is_not_placed_and_gate_named():
    rubric = load_rubric()
    facts = {**DIRECTOR_FACTS, "years_leadership": 0}
    result = score(rubric, Answers(ratings={c.id: 4 for c in rubric.competencies}, facts=facts))
    assert result.readiness == 100.0
    assert result.placement != "director-ml-eng"
    assert [g.id for g in result.gates if not g.met] == ["years_leadership"]
    assert result.what_it_takes is not None
    assert [g.id for g in result.what_it_takes.gates] == ["years_leadership"]


def test_same_answers_same_result():
    rubric = load_rubric()
    ans = Answers(ratings={c.id: i % 5 for i, c in enumerate(rubric.competencies)}, facts=DIRECTOR_FACTS)
    assert score(rubric, ans).model_dump_json() == score(rubric, ans).model_dump_json()
