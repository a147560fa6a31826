"""The development plan: one ranking, one level per competency per horizon, stored with the run."""

from __future__ import annotations

from assess.core.answers import Answers, check_answers
from assess.core.placement import ranked_gaps
from assess.core.plan import STEPS_PER_HORIZON
from assess.core.scoring import score
from assess.io.answers_files import load_answers_file
from assess.io.rubric_files import load_rubric, load_rubric_file

from .conftest import MINI, ROOT

EXAMPLE = ROOT / "examples" / "director-ml-engineering" / "mid-career.yaml"


def _example():
    rubric = load_rubric("director-ml-engineering")
    answers = check_answers(load_answers_file(EXAMPLE), rubric, EXAMPLE)
    return rubric, answers, score(rubric, answers)


def test_plan_on_mini_follows_the_ranking_one_level_per_horizon():
    rubric = load_rubric_file(MINI)
    answers = Answers(rubric="mini", facts={"degree": "master", "years": 5},
                      ratings={"x1": 2, "x2": 2, "y1": 1, "y2": None})
    plan = score(rubric, answers).plan
    # Ranking for c (see test_scoring): y2 (21.4 points), x1 (19.0), y1 (5.4); 3 steps in the 3-month horizon,
    # then the rest: y2 1 -> 2 and y1 2 -> 3 at 6 months, y1 3 -> 4 at 12.
    assert plan.role == "c"
    assert [(s.horizon, s.competency, s.from_, s.to) for s in plan.steps] == [
        (3, "y2", 0, 1), (3, "x1", 2, 3), (3, "y1", 1, 2),
        (6, "y2", 1, 2), (6, "y1", 2, 3),
        (12, "y1", 3, 4),
    ]
    assert plan.steps[0].action == "y2 to one" and plan.steps[1].action == "x1 to three"
    assert plan.career_steps == ["grow from b to c"] and plan.career_source == "S > Steps"


def test_plan_aims_at_the_next_rung_in_the_order_of_its_gaps():
    rubric, answers, result = _example()
    plan = result.plan
    assert plan.role == result.next_role == "ml-team-lead"
    ratings = {c.id: answers.ratings.get(c.id) or 0 for c in rubric.competencies}
    order = [g.competency for g in ranked_gaps(rubric, ratings, set(result.unknowns), "ml-team-lead")]
    first = [s.competency for s in plan.horizon(3)]
    assert first == order[:3]


def test_what_it_would_take_starts_where_the_plan_starts():
    _, _, result = _example()
    take = [c.competency for c in result.what_it_takes.changes]
    first = [s.competency for s in result.plan.horizon(3)]
    assert take[:len(first)] == first[:len(take)]


def test_one_level_per_competency_per_horizon_and_never_past_the_rung():
    rubric, _, result = _example()
    plan = result.plan
    for months in (3, 6, 12):
        steps = plan.horizon(months)
        assert len(steps) <= STEPS_PER_HORIZON[months]
        assert len({s.competency for s in steps}) == len(steps)
    reached: dict[str, int] = {}
    for step in plan.steps:
        assert step.to == step.from_ + 1
        assert step.to <= rubric.competency(step.competency).expected["ml-team-lead"]
        if step.competency in reached:  # steps of one competency continue where the last horizon stopped
            assert step.from_ == reached[step.competency]
        reached[step.competency] = step.to


def test_plan_carries_the_career_steps_for_the_move():
    rubric, _, result = _example()
    move = next(m for m in rubric.career_steps if m.to == "ml-team-lead")
    assert result.plan.career_steps == move.steps
    assert result.plan.career_source == move.source


def test_no_gaps_means_an_empty_plan():
    rubric = load_rubric_file(MINI)
    answers = Answers(rubric="mini", facts={"years": 9, "degree": "master"},
                      ratings={c.id: 4 for c in rubric.competencies})
    result = score(rubric, check_answers(answers, rubric, "t"))
    assert result.placement == "c"
    assert result.plan.role is None
    assert result.plan.steps == []
    assert result.plan.career_steps == []


def test_a_gate_alone_holds_back_the_rung_plan_has_no_rating_steps():
    rubric = load_rubric_file(MINI)
    answers = Answers(rubric="mini", facts={"years": 9, "degree": "bachelor"},
                      ratings={c.id: 4 for c in rubric.competencies})
    plan = score(rubric, check_answers(answers, rubric, "t")).plan
    assert plan.role == "c"
    assert plan.steps == []
    assert plan.career_steps == ["grow from b to c"]


def test_next_steps_name_the_plans_first_horizon():
    _, _, result = _example()
    actions = [s.competency for s in result.next_steps if s.kind == "action"]
    assert actions == [s.competency for s in result.plan.horizon(3)]


def test_at_the_top_rung_the_plan_closes_the_remaining_gaps_for_the_target():
    rubric = load_rubric("director-ml-engineering")
    # One level short on two core skills the Director does not need in full: within the tolerance.
    ratings = {c.id: 4 for c in rubric.competencies} | {"ml-team-coaching": 3, "stakeholder-alignment": 3}
    answers = Answers(ratings=ratings, facts={"degree": "phd", "years_ml": 12, "years_leadership": 6,
                                              "publications": 0})
    result = score(rubric, answers)
    assert result.placement == "director-ml-eng" and result.next_role is None
    actions = [s.competency for s in result.next_steps if s.kind == "action"]
    assert sorted(actions) == ["ml-team-coaching", "stakeholder-alignment"] == sorted(
        s.competency for s in result.plan.horizon(3))
