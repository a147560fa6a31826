"""Scoring invariants over random answers (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assess.models import Answers
from assess.rubrics import load_rubric
from assess.scoring import score

RUBRIC = load_rubric()
IDS = [c.id for c in RUBRIC.competencies]

ratings_st = st.fixed_dictionaries({cid: st.one_of(st.none(), st.integers(0, 4)) for cid in IDS})
facts_st = st.fixed_dictionaries(
    {
        "degree": st.sampled_from(["none", "bachelor", "master", "phd"]),
        "years_ml": st.integers(0, 30),
        "years_leadership": st.integers(0, 20),
    }
)


@settings(max_examples=60, deadline=None)
@given(ratings=ratings_st, facts=facts_st)
def test_readiness_within_bounds(ratings, facts):
    result = score(RUBRIC, Answers(ratings=ratings, facts=facts))
    assert 0 <= result.readiness <= 100
    assert all(0 <= v <= 100 for v in result.readiness_by_role.values())
    assert all(0 <= v <= 100 for v in result.areas.values())


@settings(max_examples=60, deadline=None)
@given(ratings=ratings_st, facts=facts_st, which=st.sampled_from(IDS), data=st.data())
def test_raising_one_rating_never_lowers_any_role(ratings, facts, which, data):
    before = score(RUBRIC, Answers(ratings=ratings, facts=facts))
    current = ratings[which] or 0
    raised = {**ratings, which: data.draw(st.integers(current, 4))}
    after = score(RUBRIC, Answers(ratings=raised, facts=facts))
    for role, value in before.readiness_by_role.items():
        assert after.readiness_by_role[role] >= value
    ladder = RUBRIC.role_ids()
    rank = lambda p: -1 if p is None else ladder.index(p)  # noqa: E731
    assert rank(after.placement) >= rank(before.placement)


@settings(max_examples=30, deadline=None)
@given(ratings=ratings_st, facts=facts_st)
def test_same_input_same_output(ratings, facts):
    a = score(RUBRIC, Answers(ratings=ratings, facts=facts)).model_dump_json()
    b = score(RUBRIC, Answers(ratings=dict(reversed(list(ratings.items()))), facts=facts)).model_dump_json()
    assert a == b


@settings(max_examples=30, deadline=None)
@given(ratings=ratings_st, facts=facts_st)
def test_what_it_takes_really_meets_the_scores(ratings, facts):
    result = score(RUBRIC, Answers(ratings=ratings, facts=facts))
    take = result.what_it_takes
    if take is None:
        return
    raised = {**{k: v or 0 for k, v in ratings.items()}, **{c.competency: c.to for c in take.changes}}
    after = score(RUBRIC, Answers(ratings=raised, facts=facts))
    role = next(r for r in after.roles if r.id == take.role)
    assert role.readiness >= RUBRIC.scoring.threshold
    assert role.critical_short == []
