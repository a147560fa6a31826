"""Scoring models as rubric data: points (a total against a minimum per rung) and transitions (a rung judged on what
it newly asks), with gates, core skills and tracks; and the combinations validation refuses."""

from __future__ import annotations

import copy
import itertools

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from assess.core.answers import Answers
from assess.core.rubric import Rubric
from assess.core.scoring import score
from tests.conftest import DATA

TREE = yaml.safe_load((DATA / "tree.yaml").read_text())
POINTS = {1: 0, 2: 2, 3: 5, 4: 9, 5: 14}  # superlinear: a level is worth more the higher it is
BANDS = {"j": 0, "s": 8, "m": 20, "p": 25}


def points_rubric(**scoring) -> Rubric:
    data = copy.deepcopy(TREE)
    data["scoring"] = {"model": "points", "points": POINTS, "bands": BANDS} | scoring
    return Rubric.model_validate(data)


def without_core(data: dict) -> dict:
    for comp in data["competencies"]:
        comp.pop("critical", None)
    return data


def placed(result, track: str) -> str | None:
    return next(p.placement for p in result.placements if p.track == track)


MET = {"degree": "master", "years": 10, "papers": 0}


# --- points -----------------------------------------------------------------------------------------------------


def test_points_are_summed_without_a_cap_and_a_rung_is_met_at_its_minimum():
    """code 5, design 1, people 1 is 14 + 0 + 0 = 14 points: Senior (8) but not Manager (20); nothing caps code at
    what any rung expects of it."""
    rubric = points_rubric()
    result = score(rubric, Answers(ratings={"code": 5, "design": 1, "people": 2}, facts=MET))
    assert result.points.total == 16
    assert result.readiness_by_role == {"j": 100.0, "s": 100.0, "m": 80.0, "p": 64.0}
    assert (placed(result, "manage"), placed(result, "ic")) == ("s", "s")


def test_readiness_under_points_rounds_down_so_100_means_met():
    rubric = points_rubric(bands={"j": 0, "s": 8, "m": 20, "p": 2999 / 100})  # 29.99: 29 points is 96.69...%
    data = rubric.model_dump(by_alias=True, exclude_unset=True)
    data["scoring"]["bands"]["p"] = 28.01
    near = Rubric.model_validate(data)
    result = score(near, Answers(ratings={"code": 5, "design": 4, "people": 4}, facts=MET))  # 14 + 9 + 9 = 32
    assert result.readiness_by_role["p"] == 100.0
    result = score(near, Answers(ratings={"code": 5, "design": 4, "people": 3}, facts=MET))  # 28 < 28.01
    assert result.readiness_by_role["p"] == 99.9
    assert not next(role for role in result.roles if role.id == "p").met


def test_gates_and_core_skills_still_hold_a_rung_under_points():
    """33 points would be a Principal; without the master's degree (or a bachelor's and 3 papers) it is not, and with
    design (core at Principal, expected 4) at 2 it is not either."""
    rubric = points_rubric()
    rich = {"code": 5, "design": 5, "people": 3}
    assert placed(score(rubric, Answers(ratings=rich, facts=MET)), "ic") == "p"
    assert placed(score(rubric, Answers(ratings=rich, facts=MET | {"degree": "bachelor"})), "ic") == "s"
    short = score(rubric, Answers(ratings={"code": 5, "design": 2, "people": 5}, facts=MET))  # 14 + 2 + 14 = 30
    assert short.points.total >= BANDS["p"]
    assert placed(short, "ic") == "s"
    assert next(role for role in short.roles if role.id == "p").core_short == ["design"]


def test_what_it_would_take_under_points_counts_points_to_the_next_rung():
    rubric = points_rubric()
    result = score(rubric, Answers(ratings={"code": 3, "design": 2, "people": 2}, facts=MET))  # 5 + 2 + 2 = 9
    manager = next(p for p in result.placements if p.track == "manage").what_it_takes
    assert (manager.role, manager.points, manager.points_needed) == ("m", 9, 20)
    assert manager.points_after >= 20
    assert manager.readiness_after == 100.0
    # people is core at Manager (expected 4, tolerance 1): at least 3 for the rung, then the fewest levels to 20
    assert {c.competency: c.to for c in manager.changes}["people"] >= 3


def test_the_gap_table_under_points_aims_at_what_would_reach_the_target():
    rubric = Rubric.model_validate(without_core(copy.deepcopy(TREE)) | {
        "scoring": {"model": "points", "points": POINTS, "bands": BANDS}})
    result = score(rubric, Answers(ratings={"code": 4, "design": 1, "people": 1}, facts=MET))  # 9 points
    # Manager needs 11 more: no three levels add 11 (people 1 -> 4 adds 9, code 4 -> 5 only 5); of the ways with
    # four, design 1 -> 5 adds the most (14), and in one competency
    aims = {gap.competency: (gap.current, gap.expected, gap.priority) for gap in result.gaps}
    assert aims == {"design": (1, 5, 14.0)}
    assert [step.competency for step in result.plan.steps] == ["design"] * 3  # a level a horizon


def test_grades_are_placed_within_the_rung_the_path_holds():
    grades = [{"name": "J1", "min": 0}, {"name": "S1", "min": 8}, {"name": "S2", "min": 14},
              {"name": "M1", "min": 20}, {"name": "P1", "min": 25}]
    rubric = points_rubric(grades=grades)
    result = score(rubric, Answers(ratings={"code": 5, "design": 2, "people": 2}, facts=MET))  # 18
    assert (result.points.grade, result.points.next_grade, result.points.to_next_grade) == ("S2", "M1", 2)
    held = score(rubric, Answers(ratings={"code": 5, "design": 3, "people": 3}, facts=MET | {"years": 4}))  # 24
    assert placed(held, "manage") == "s"  # 5 years are needed at Manager
    assert held.points.grade == "S2"  # 24 points would be M1, but M1 is within a rung not held


def fewest_levels(rubric: Rubric, ratings: dict[str, int], needed: int) -> int:
    """Brute force: the fewest levels raised in all that bring the total to `needed`."""
    comps = [c.id for c in rubric.competencies]
    best = None
    for raised in itertools.product(*(range(ratings[c], 6) for c in comps)):
        if sum(POINTS[level] for level in raised) >= needed:
            steps = sum(level - ratings[c] for level, c in zip(raised, comps, strict=True))
            best = steps if best is None else min(best, steps)
    assert best is not None
    return best


@settings(max_examples=60, deadline=None)
@given(ratings=st.fixed_dictionaries({c: st.integers(1, 5) for c in ("code", "design", "people")}))
def test_what_it_would_take_is_the_fewest_levels_to_the_next_band(ratings):
    rubric = Rubric.model_validate(without_core(copy.deepcopy(TREE)) | {
        "scoring": {"model": "points", "points": POINTS, "bands": BANDS}})
    result = score(rubric, Answers(ratings=ratings, facts=MET))
    for track in result.placements:
        take = track.what_it_takes
        if take is not None:
            raised = sum(change.to - change.from_ for change in take.changes)
            assert raised == fewest_levels(rubric, ratings, BANDS[take.role])
            assert take.points_after >= BANDS[take.role]


ratings_st = st.fixed_dictionaries({c: st.integers(1, 5) for c in ("code", "design", "people")})
facts_st = st.fixed_dictionaries({"degree": st.sampled_from(["none", "bachelor", "master"]),
                                  "years": st.integers(0, 8), "papers": st.integers(0, 4)})


@settings(max_examples=80, deadline=None)
@given(ratings=ratings_st, facts=facts_st, which=st.sampled_from(["code", "design", "people"]), data=st.data())
def test_under_points_raising_a_rating_never_lowers_a_placement(ratings, facts, which, data):
    rubric = points_rubric()
    before = score(rubric, Answers(ratings=ratings, facts=facts))
    after = score(rubric, Answers(ratings=ratings | {which: data.draw(st.integers(ratings[which], 5))}, facts=facts))
    for old, new in zip(before.placements, after.placements, strict=True):
        rungs = rubric.track(old.track).rungs
        assert (rungs.index(new.placement) if new.placement else -1) >= (
            rungs.index(old.placement) if old.placement else -1)


@settings(max_examples=80, deadline=None)
@given(ratings=ratings_st)
def test_under_points_with_gates_met_the_placement_is_the_highest_band_the_total_reaches(ratings):
    rubric = Rubric.model_validate(without_core(copy.deepcopy(TREE)) | {
        "scoring": {"model": "points", "points": POINTS, "bands": BANDS}})
    result = score(rubric, Answers(ratings=ratings, facts=MET))
    total = sum(POINTS[level] for level in ratings.values())
    for track in result.placements:
        reached = [rung for rung in rubric.track(track.track).rungs if BANDS[rung] <= total]
        assert track.placement == reached[-1]


# --- transitions --------------------------------------------------------------------------------------------------


def transitions_rubric(**changes) -> Rubric:
    data = without_core(copy.deepcopy(TREE)) | {"scoring": {"model": "transitions"}} | changes
    return Rubric.model_validate(data)


def test_a_rung_is_judged_on_what_it_newly_asks():
    """At Senior code rises 2 -> 3 and design 1 -> 2; people stays 1. Code 2 and design 2 is half of what Senior
    newly asks (attainment against expected would say 75 %: code 2 counts half of the way from 1 to 3)."""
    rubric = transitions_rubric()
    result = score(rubric, Answers(ratings={"code": 2, "design": 2, "people": 1}, facts=MET))
    assert result.readiness_by_role["s"] == 50.0
    assert result.readiness_by_role["j"] == 100.0  # Junior newly asks code 2 (from the floor, 1)


def test_a_rung_that_asks_nothing_new_is_never_met_but_the_first_rung_that_asks_nothing_is_where_all_start():
    data = without_core(copy.deepcopy(TREE))
    for comp in data["competencies"]:
        comp["expected"] = {"j": 1, "s": comp["expected"]["s"], "m": comp["expected"]["m"],
                            "p": comp["expected"]["m"]}
    for comp in data["competencies"]:
        comp["expected"]["p"] = comp["expected"]["s"]  # Principal asks nothing Senior did not
    rubric = Rubric.model_validate(data | {"scoring": {"model": "transitions"}})
    top = {"code": 5, "design": 5, "people": 5}
    result = score(rubric, Answers(ratings=top, facts=MET))
    assert result.readiness_by_role["j"] == 100.0
    assert result.readiness_by_role["p"] == 0.0
    assert placed(result, "ic") == "s"
    take = next(p for p in result.placements if p.track == "ic").what_it_takes
    assert (take.role, take.reachable, take.changes) == ("p", False, [])
    assert placed(score(rubric, Answers(ratings={"code": 1, "design": 1, "people": 1}, facts=MET)), "ic") == "j"


def test_under_transitions_earlier_asks_still_count_by_the_climb():
    """Manager newly asks design 3 and people 4; someone with both, but code short of Senior's 3, is not a Manager."""
    rubric = transitions_rubric()
    result = score(rubric, Answers(ratings={"code": 2, "design": 3, "people": 4}, facts=MET))
    manager = next(role for role in result.roles if role.id == "m")
    assert manager.readiness >= 85 and not manager.met
    assert manager.unmet_below == "s"


def test_under_transitions_the_gaps_of_the_lowest_rung_not_met_come_first():
    rubric = transitions_rubric()
    result = score(rubric, Answers(ratings={"code": 2, "design": 1, "people": 1}, facts=MET))
    assert [gap.competency for gap in result.gaps][:2] == ["code", "design"]  # Senior's, before Manager's people
    assert result.plan.steps[0].competency in ("code", "design")


# --- what validation refuses ------------------------------------------------------------------------------------


def refused(scoring: dict, data: dict | None = None) -> str:
    data = copy.deepcopy(data or TREE) | {"scoring": scoring}
    with pytest.raises(ValidationError) as err:
        Rubric.model_validate(data)
    return str(err.value)


@pytest.mark.parametrize(("scoring", "said"), [
    ({"points": POINTS}, "scoring.points: only the points model reads it"),
    ({"model": "transitions", "bands": BANDS}, "scoring.bands: only the points model reads it"),
    ({"model": "points", "points": POINTS, "bands": BANDS, "threshold": 85}, "scoring.threshold: the points model "
     "does not read it"),
    ({"model": "points", "points": POINTS, "bands": BANDS, "core_weight": 3}, "scoring.core_weight: the points "
     "model does not read it"),
    ({"model": "points", "points": {1: 0, 2: 2, 3: 5, 4: 9}, "bands": BANDS}, "no points for level 5"),
    ({"model": "points", "points": POINTS | {6: 20}, "bands": BANDS}, "level 6 is not a level of the scale"),
    ({"model": "points", "points": POINTS | {4: 4}, "bands": BANDS}, "level 4 is worth less than level 3"),
    ({"model": "points", "points": POINTS, "bands": {"j": 0, "s": 8, "m": 20}}, "missing role 'p'"),
    ({"model": "points", "points": POINTS, "bands": BANDS | {"x": 3}}, "unknown role 'x'"),
    ({"model": "points", "points": POINTS, "bands": BANDS | {"m": 5}}, "the minimum falls going up the ladder, s 8 > m 5"),
    ({"model": "points", "points": POINTS, "bands": BANDS | {"p": 43}}, "more than the 42 points"),
    ({"model": "points", "points": POINTS, "bands": BANDS, "grades": [{"name": "a", "min": 0}, {"name": "a", "min": 8}]},
     "'a' is named twice"),
    ({"model": "points", "points": POINTS, "bands": BANDS, "grades": [{"name": "a", "min": 8}, {"name": "b", "min": 0}]},
     "list them lowest first"),
    ({"model": "points", "points": POINTS, "bands": BANDS, "grades": [{"name": "a", "min": 0}, {"name": "b", "min": 8},
                                                                      {"name": "c", "min": 25}]},
     "none starts at m's minimum 20"),
    ({"model": "nonsense"}, "Input should be 'attainment', 'points' or 'transitions'"),
    ({"evidence_level": 1}, "1 is the lowest level; no one gives proof of having none"),
])
def test_validation_refuses_what_makes_no_sense(scoring, said):
    assert said in refused(scoring)


def test_the_most_points_bound_is_the_top_of_the_scale_everywhere():
    """42 = 3 competencies at level 5 (14 each): a band of exactly 42 can be met."""
    rubric = points_rubric(bands=BANDS | {"p": 42})
    assert placed(score(rubric, Answers(ratings={"code": 5, "design": 5, "people": 5}, facts=MET)), "ic") == "p"


def test_a_points_rubric_keeps_only_what_its_file_says_in_its_snapshot():
    from assess.core.snapshot import rubric_snapshot

    rubric = points_rubric()
    assert rubric.scoring.threshold == 100
    assert '"threshold"' not in rubric_snapshot(rubric)[0]
    again = Rubric.model_validate(rubric.model_dump(by_alias=True, exclude_unset=True))
    assert rubric_snapshot(again) == rubric_snapshot(rubric)
