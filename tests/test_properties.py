"""Scoring invariants over random answers and random rubrics (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assess.core.answers import Answers
from assess.core.readiness import shares
from assess.core.rubric import Rubric
from assess.core.scoring import score
from assess.io.rubric_files import load_rubric

RUBRIC = load_rubric()
IDS = [c.id for c in RUBRIC.competencies]

ratings_st = st.fixed_dictionaries({cid: st.one_of(st.none(), st.integers(0, 4)) for cid in IDS})
facts_st = st.fixed_dictionaries(
    {
        "degree": st.sampled_from(["none", "bachelor", "master", "phd"]),
        "years_ml": st.integers(0, 30),
        "years_leadership": st.integers(0, 20),
        "publications": st.integers(0, 6),
    }
)


def _rank(rubric: Rubric, track: str, rung: str | None) -> int:
    return -1 if rung is None else rubric.track(track).rungs.index(rung)


@settings(max_examples=60, deadline=None)
@given(ratings=ratings_st, facts=facts_st)
def test_readiness_within_bounds(ratings, facts):
    result = score(RUBRIC, Answers(ratings=ratings, facts=facts))
    assert 0 <= result.readiness <= 100
    assert all(0 <= v <= 100 for v in result.readiness_by_role.values())
    assert all(0 <= v <= 100 for v in result.areas.values())


@settings(max_examples=60, deadline=None)
@given(ratings=ratings_st, facts=facts_st, which=st.sampled_from(IDS), data=st.data())
def test_raising_one_rating_never_lowers_any_rung_or_placement(ratings, facts, which, data):
    before = score(RUBRIC, Answers(ratings=ratings, facts=facts))
    current = ratings[which] or 0
    raised = {**ratings, which: data.draw(st.integers(max(current, 1), 4))}
    after = score(RUBRIC, Answers(ratings=raised, facts=facts))
    for role, value in before.readiness_by_role.items():
        assert after.readiness_by_role[role] >= value
    for old, new in zip(before.placements, after.placements, strict=True):
        assert _rank(RUBRIC, new.track, new.placement) >= _rank(RUBRIC, old.track, old.placement)


# A rung's expected levels with a few changed: near the bars, where a rung above can pass while one below fails.
near_a_rung_st = st.builds(
    lambda rung, changes: {c.id: c.expected[rung] for c in RUBRIC.competencies} | changes,
    st.sampled_from(RUBRIC.role_ids()),
    st.dictionaries(st.sampled_from(IDS), st.one_of(st.none(), st.integers(0, 4)), max_size=3),
)


@settings(max_examples=150, deadline=None)
@given(ratings=st.one_of(ratings_st, near_a_rung_st),
       facts=st.one_of(facts_st, st.just({"degree": "phd", "years_ml": 20, "years_leadership": 10, "publications": 5})))
def test_a_track_is_climbed_rung_by_rung(ratings, facts):
    """The rungs met on a track are the ones up to its placement: never one above a rung not met."""
    result = score(RUBRIC, Answers(ratings=ratings, facts=facts))
    met = {role.id for role in result.roles if role.met}
    for placed in result.placements:
        rungs = RUBRIC.track(placed.track).rungs
        held = _rank(RUBRIC, placed.track, placed.placement)
        assert [rung in met for rung in rungs] == [i <= held for i in range(len(rungs))]
    for role in result.roles:
        assert role.unmet_below is None or not role.met


@settings(max_examples=30, deadline=None)
@given(ratings=ratings_st, facts=facts_st)
def test_same_input_same_output(ratings, facts):
    a = score(RUBRIC, Answers(ratings=ratings, facts=facts)).model_dump_json()
    b = score(RUBRIC, Answers(ratings=dict(reversed(list(ratings.items()))), facts=facts)).model_dump_json()
    assert a == b


@settings(max_examples=40, deadline=None)
@given(ratings=ratings_st, facts=facts_st)
def test_what_it_takes_really_meets_the_scores_on_every_track(ratings, facts):
    result = score(RUBRIC, Answers(ratings=ratings, facts=facts))
    for placed in result.placements:
        take = placed.what_it_takes
        if take is None:
            continue
        raised = {**ratings, **{c.competency: c.to for c in take.changes}}
        after = score(RUBRIC, Answers(ratings=raised, facts=facts))
        role = next(r for r in after.roles if r.id == take.role)
        assert role.readiness >= RUBRIC.scoring.threshold
        assert role.core_short == []
        assert role.met == (take.gates == [])


@settings(max_examples=80, deadline=None)
@given(ratings=st.one_of(ratings_st, near_a_rung_st), facts=facts_st)
def test_what_it_takes_asks_no_level_more_than_it_needs(ratings, facts):
    """Each change is the least that still meets the rung's scores, given the others: one level less of any of
    them and the rung's readiness or its core skills fall short again (readiness only grows with a rating)."""
    result = score(RUBRIC, Answers(ratings=ratings, facts=facts))
    for placed in result.placements:
        take = placed.what_it_takes
        if take is None or not take.reachable:
            continue
        raised = {**ratings, **{c.competency: c.to for c in take.changes}}
        for change in take.changes:
            assert change.to > change.from_
            lowered = score(RUBRIC, Answers(ratings={**raised, change.competency: change.to - 1}, facts=facts))
            role = next(r for r in lowered.roles if r.id == take.role)
            assert role.readiness < RUBRIC.scoring.threshold or role.core_short, change


@settings(max_examples=40, deadline=None)
@given(ratings=ratings_st, facts=facts_st)
def test_the_plan_starts_with_what_it_would_take(ratings, facts):
    result = score(RUBRIC, Answers(ratings=ratings, facts=facts))
    if result.what_it_takes is None:
        return
    take = [c.competency for c in result.what_it_takes.changes]
    first = [s.competency for s in result.plan.horizon(3)]
    assert take[:len(first)] == first[:len(take)]


# --- any rubric: core skills weigh at least any other competency, at every rung ---------------------------------

weights_st = st.floats(0.1, 50, allow_nan=False, allow_infinity=False)


@st.composite
def rubrics(draw) -> Rubric:
    n_areas = draw(st.integers(1, 3))
    n_comps = draw(st.integers(1, 8))
    rungs = ["r0", "r1", "r2"]
    comps = []
    for i in range(n_comps):
        levels = sorted(draw(st.lists(st.integers(0, 4), min_size=3, max_size=3)))
        expected = dict(zip(rungs, levels, strict=True))
        core_at = [r for r in rungs if expected[r] > 0 and draw(st.booleans())]
        comps.append({
            "id": f"c{i}", "area": f"a{i % n_areas}", "title": f"C{i}", "description": "d", "source": ["s"],
            "weight": draw(weights_st), "critical": core_at, "expected": expected,
            "anchors": {lvl: f"c{i} at {lvl}" for lvl in range(5)},
            "actions": {lvl: f"c{i} up from {lvl}" for lvl in range(4)},
        })
    areas = [{"id": f"a{j}", "title": f"A{j}", "weight": draw(weights_st)} for j in range(min(n_areas, n_comps))]
    return Rubric.model_validate({
        "id": "random", "title": "Random", "version": "1", "source": "s", "target": "r2",
        "scale": {lvl: f"L{lvl}" for lvl in range(5)}, "ladder": [{"id": r, "title": r} for r in rungs],
        "scoring": {"core_weight": draw(st.floats(1, 5))}, "areas": areas, "competencies": comps,
    })


@settings(max_examples=150, deadline=None)
@given(rubric=rubrics())
def test_core_competencies_weigh_at_least_any_other_and_shares_sum_to_one(rubric):
    for rung in rubric.role_ids():
        weights = shares(rubric, rung)
        if not weights:
            continue
        assert sum(weights.values()) == 1
        core = [weights[c.id] for c in rubric.competencies if rubric.is_core(c, rung)]
        other = [weights[c.id] for c in rubric.competencies if c.id in weights and not rubric.is_core(c, rung)]
        if core and other:
            assert min(core) >= max(other)


# --- people management buys no IC rung, and depth beyond a track's asks buys nothing on it ----------------------

IC_RUNGS = RUBRIC.track("ic").rungs
# Competencies no rung of the IC track expects anything of: the people-management ones.
MANAGEMENT = [c.id for c in RUBRIC.competencies if all(c.expected[r] == RUBRIC.min_level for r in IC_RUNGS)]


def test_people_management_is_expected_of_no_ic_rung():
    assert set(MANAGEMENT) == {"ml-hiring", "ml-team-coaching", "ml-org-design", "performance-retention"}
    for rung in IC_RUNGS:
        assert not any(RUBRIC.is_core(RUBRIC.competency(c), rung) for c in MANAGEMENT)


@settings(max_examples=150, deadline=None)
@given(ratings=st.one_of(ratings_st, near_a_rung_st), facts=facts_st, which=st.sampled_from(MANAGEMENT),
       data=st.data())
def test_raising_a_management_competency_never_raises_an_ic_placement(ratings, facts, which, data):
    before = score(RUBRIC, Answers(ratings=ratings, facts=facts))
    raised = {**ratings, which: data.draw(st.integers((ratings[which] or 0) + 1, 4)) if (ratings[which] or 0) < 4
              else 4}
    after = score(RUBRIC, Answers(ratings=raised, facts=facts))
    ic = [p for p in before.placements if p.track == "ic"]
    assert ic == [p for p in after.placements if p.track == "ic"]
    for rung in IC_RUNGS:
        assert after.readiness_by_role[rung] == before.readiness_by_role[rung]


@settings(max_examples=150, deadline=None)
@given(ratings=st.one_of(ratings_st, near_a_rung_st), facts=facts_st, which=st.sampled_from(IDS),
       track=st.sampled_from([t.id for t in RUBRIC.all_tracks]))
def test_a_rating_beyond_what_a_track_asks_buys_nothing_on_it(ratings, facts, which, track):
    """The converse: depth a track never asks for - an IC's specialisation beyond what managers need, a manager's
    people skills beyond what the IC track needs - moves no placement on that track."""
    top = max(RUBRIC.competency(which).expected[r] for r in RUBRIC.track(track).rungs)
    base = {**ratings, which: top}
    before = score(RUBRIC, Answers(ratings=base, facts=facts))
    after = score(RUBRIC, Answers(ratings={**base, which: 4}, facts=facts))
    assert [p for p in before.placements if p.track == track] == [p for p in after.placements if p.track == track]
