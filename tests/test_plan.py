"""The development plan: which one-level step goes into which horizon."""

from __future__ import annotations

from assess.answers import check_answers, load_answers_file
from assess.models import Answers
from assess.plan import STEPS_PER_HORIZON, build_plan
from assess.rubrics import load_rubric, load_rubric_file
from assess.scoring import score

from .conftest import MINI, ROOT

EXAMPLE = ROOT / "examples" / "director-ml-engineering" / "mid-career.yaml"


def _example_plan():
    rubric = load_rubric("director-ml-engineering")
    answers = check_answers(load_answers_file(EXAMPLE), rubric, EXAMPLE)
    result = score(rubric, answers)
    return rubric, result, build_plan(rubric, result)


def test_plan_aims_at_the_next_rung_critical_first():
    rubric, result, plan = _example_plan()
    assert plan.role == "ml-team-lead"
    first = [(s.competency, s.from_level, s.to_level) for s in plan.horizon(3)]
    assert first == [("responsible-ai", 1, 2), ("ml-strategy", 2, 3), ("ml-hiring", 2, 3)]
    assert all(s.critical for s in plan.horizon(3))
    assert plan.horizon(3)[0].action == rubric.competency("responsible-ai").actions[1]
    assert [(s.competency, s.from_level) for s in plan.horizon(6)] == [
        ("responsible-ai", 2), ("ml-communication", 2), ("stakeholder-alignment", 2)
    ]


def test_one_level_per_competency_per_horizon_and_never_past_the_rung():
    rubric, result, plan = _example_plan()
    for months in (3, 6, 12):
        steps = plan.horizon(months)
        assert len(steps) <= STEPS_PER_HORIZON[months]
        assert len({s.competency for s in steps}) == len(steps)
    for step in plan.steps:
        assert step.to_level == step.from_level + 1
        assert step.to_level <= rubric.competency(step.competency).expected["ml-team-lead"]
    reached: dict[str, int] = {}
    for step in plan.steps:  # steps of one competency continue where the last horizon stopped
        if step.competency in reached:
            assert step.from_level == reached[step.competency]
        reached[step.competency] = step.to_level


def test_plan_carries_the_career_steps_for_the_move():
    rubric, result, plan = _example_plan()
    move = next(m for m in rubric.career_steps if m.to == "ml-team-lead")
    assert plan.career_steps == tuple(move.steps)
    assert plan.career_source == move.source


def test_no_gaps_means_an_empty_plan():
    rubric = load_rubric_file(MINI)
    answers = Answers(rubric="mini", facts={"years": 9, "degree": "master"},
                      ratings={c.id: 4 for c in rubric.competencies})
    result = score(rubric, check_answers(answers, rubric, "t"))
    assert result.placement == "c"
    plan = build_plan(rubric, result)
    assert plan.role is None
    assert plan.steps == ()
    assert plan.career_steps == ()


def test_a_gate_alone_holds_back_the_rung_plan_has_no_rating_steps():
    rubric = load_rubric_file(MINI)
    answers = Answers(rubric="mini", facts={"years": 9, "degree": "bachelor"},
                      ratings={c.id: 4 for c in rubric.competencies})
    plan = build_plan(rubric, score(rubric, check_answers(answers, rubric, "t")))
    assert plan.role == "c"
    assert plan.steps == ()
    assert plan.career_steps == ("grow from b to c",)


def test_next_steps_and_the_plan_name_the_same_first_things():
    # The next run checks "the last plan's goals" from next_steps; they must be what the plan said first.
    _, result, plan = _example_plan()
    actions = [s.competency for s in result.next_steps if s.kind == "action"]
    assert actions[:3] == [s.competency for s in plan.horizon(3)]


def test_at_the_top_rung_next_steps_still_carry_actions_for_the_remaining_gaps():
    rubric = load_rubric("director-ml-engineering")
    ratings = {c.id: 4 for c in rubric.competencies} | {"ml-strategy": 3, "ml-hiring": 3}
    answers = Answers(ratings=ratings, facts={"degree": "phd", "years_ml": 12, "years_leadership": 6})
    result = score(rubric, answers)
    assert result.placement == "director-ml-eng" and result.next_role is None
    plan = build_plan(rubric, result)
    actions = [s.competency for s in result.next_steps if s.kind == "action"]
    assert actions == ["ml-strategy", "ml-hiring"] == [s.competency for s in plan.horizon(3)]
