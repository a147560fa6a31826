"""Scoring against small rubrics, with every number worked out by hand in the comments.

tests/data/mini.yaml: one track a -> b -> c, scale 0-4, x1 core everywhere, core_weight 2.
tests/data/tree.yaml: tracks j -> s -> m and j -> s -> p, scale 1-5, core skills per rung, a gate with
alternatives.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from assess.core.answers import Answers
from assess.core.readiness import gate_results, shares
from assess.core.rubric import Rubric
from assess.core.scoring import score
from assess.io.rubric_files import load_rubric_file

from .conftest import DATA, MINI


@pytest.fixture(scope="module")
def mini():
    return load_rubric_file(MINI)


@pytest.fixture(scope="module")
def tree():
    return load_rubric_file(DATA / "tree.yaml")


def answers(**kw) -> Answers:
    kw.setdefault("facts", {"degree": "bachelor", "years": 3})
    return Answers(rubric="mini", **kw)


# Weights: competency weight x area weight, x2 where core. x1: 2*2*2 = 8; x2: 1*2 = 2; y1: 1*1 = 1; y2: 3*1 = 3.
# c counts all four (14); b leaves out y2, expected 0 there (11); a counts x1 and y1 (9).
# x1=2, x2=2, y1=1, y2 not sure (counted as 0).
SAMPLE = {"x1": 2, "x2": 2, "y1": 1, "y2": None}


def test_shares_are_weight_times_area_weight_doubled_where_core(mini):
    assert shares(mini, "c") == {"x1": Fraction(8, 14), "x2": Fraction(2, 14), "y1": Fraction(1, 14),
                                 "y2": Fraction(3, 14)}
    assert shares(mini, "a") == {"x1": Fraction(8, 9), "y1": Fraction(1, 9)}


def test_readiness_per_role_hand_computed(mini):
    result = score(mini, answers(ratings=SAMPLE))
    # c: (8 * 2/3 + 2 * 1 + 1 * 1/4 + 3 * 0) / 14 = (91/12) / 14 = 0.5417 -> 54.2
    # b: (8 * 1 + 2 * 1 + 1 * 1/2) / 11 = 10.5 / 11 = 0.9545 -> 95.5
    # a: (8 * 1 + 1 * 1) / 9 -> 100
    assert result.readiness_by_role == {"a": 100.0, "b": 95.5, "c": 54.2}
    assert result.readiness == 54.2
    # areas for c: x = (8 * 2/3 + 2) / 10 = 73.3; y = (1/4 + 0) / 4 = 6.25 -> 6.2
    assert result.areas == {"x": 73.3, "y": 6.2}


def test_placement_and_next_role(mini):
    result = score(mini, answers(ratings=SAMPLE))
    assert [r.met for r in result.roles] == [True, True, False]
    assert (result.placement, result.next_role) == ("b", "c")
    assert [(p.track, p.placement, p.next_role) for p in result.placements] == [("ladder", "b", "c")]
    assert result.nearer_track is None


def test_readiness_exactly_at_the_threshold_meets_the_rung(mini):
    # b with x2 at 0 and y1 at 2: (8 + 0 + 1) / 11 = 81.8; threshold set to that number meets, a hair above fails.
    ratings = {"x1": 2, "x2": 0, "y1": 2, "y2": 0}
    at = mini.model_copy(update={"scoring": mini.scoring.model_copy(update={"threshold": 81.8})})
    assert score(at, answers(ratings=ratings)).roles[1].met
    above = mini.model_copy(update={"scoring": mini.scoring.model_copy(update={"threshold": 81.9})})
    assert not score(above, answers(ratings=ratings)).roles[1].met


def test_gaps_ranked_by_readiness_points(mini):
    result = score(mini, answers(ratings=SAMPLE))
    # points for c = 100 * share * (1 - attainment): y2 3/14 * 1 = 21.4; x1 8/14 * 1/3 = 19.0; y1 1/14 * 3/4 = 5.4.
    assert [(g.competency, g.priority) for g in result.gaps] == [("y2", 21.4), ("x1", 19.0), ("y1", 5.4)]
    assert [g.unknown for g in result.gaps] == [True, False, False]
    assert [g.blocking for g in result.gaps] == [False, False, False]  # x1 is 1 short: within the tolerance


def test_a_blocking_core_gap_ranks_first_whatever_its_points(mini):
    result = score(mini, answers(ratings={"x1": 1, "x2": 0, "y1": 0, "y2": 0}))
    # x1 is 2 short of c's 3: it blocks c. Its points (8/14 * 2/3 = 38.1) are the largest anyway, so make it small:
    light = mini.model_copy(update={"scoring": mini.scoring.model_copy(update={"core_weight": 1})})
    ranked = score(light, answers(ratings={"x1": 1, "x2": 0, "y1": 0, "y2": 0})).gaps
    # core_weight 1: x1 4 (lifted to y2's 3? no: 4 > 3), x2 2, y1 1, y2 3 -> total 10.
    # points: x1 4/10 * 2/3 = 26.7, y2 3/10 = 30, x2 2/10 = 20, y1 1/10 = 10; x1 first because it blocks.
    assert [(g.competency, g.priority, g.blocking) for g in ranked] == [
        ("x1", 26.7, True), ("y2", 30.0, False), ("x2", 20.0, False), ("y1", 10.0, False)]
    assert result.gaps[0].competency == "x1"


def test_unknowns_are_listed_and_count_at_the_lowest_level(mini):
    result = score(mini, answers(ratings=SAMPLE))
    assert result.unknowns == ["y2"]
    missing = score(mini, answers(ratings={"x1": 2, "x2": 2, "y1": 1}))
    assert missing.unknowns == ["y2"]
    assert missing.readiness == result.readiness


def test_gate_results_for_target(mini):
    result = score(mini, answers(ratings=SAMPLE))
    gates = {g.id: (g.required, g.actual, g.met) for g in result.gates}
    assert gates == {"degree": ([{"degree": "master"}], {"degree": "bachelor"}, False),
                     "years": ([{"years": 5}], {"years": 3}, False)}


def test_a_number_gate_is_met_at_exactly_its_minimum(mini):
    result = score(mini, answers(ratings=SAMPLE, facts={"degree": "master", "years": 5}))
    assert all(gate.met for gate in result.gates)
    result = score(mini, answers(ratings=SAMPLE, facts={"degree": "master", "years": 4.9}))
    assert [gate.id for gate in result.gates if not gate.met] == ["years"]


def test_what_it_takes_walks_the_ranking_then_lowers_each_raise(mini):
    result = score(mini, answers(ratings=SAMPLE, facts={"degree": "master", "years": 5}))
    take = result.what_it_takes
    # c needs 85 from 54.2: y2 0 -> 2 adds 21.4 (75.6), x1 2 -> 3 adds 19.0 (94.6) and meets; y2 back to 1 would
    # give 83.9, so it stays at 2.
    assert take.role == "c"
    assert take.points_short == 30.8
    assert [(c.competency, c.from_, c.to) for c in take.changes] == [("y2", 0, 2), ("x1", 2, 3)]
    assert take.readiness_after == 94.6
    assert take.gates == [] and take.core == []


def test_core_competency_more_than_the_tolerance_short_blocks_a_rung(mini):
    ratings = {"x1": 0, "x2": 4, "y1": 4, "y2": 4}
    result = score(mini, answers(ratings=ratings, facts={"degree": "master", "years": 9}))
    # a: (8 * 0 + 1) / 9 = 11.1, and x1 expects 1 there: 1 short is within the tolerance, but 0 is none at all.
    assert result.readiness_by_role["a"] == 11.1
    assert result.roles[0].core_short == ["x1"]
    assert result.placement is None and result.next_role == "a"
    # b: x1 is 2 short of 2: it blocks b whatever the readiness.
    assert result.roles[1].core_short == ["x1"]
    take = result.what_it_takes
    assert [(c.competency, c.to) for c in take.changes] == [("x1", 1)]


def test_a_core_skill_at_the_lowest_level_blocks_even_within_the_tolerance(mini):
    lax = mini.model_copy(update={"scoring": mini.scoring.model_copy(update={"threshold": 10})})
    facts = {"degree": "master", "years": 9}
    assert score(lax, answers(ratings={"x1": 1, "x2": 0, "y1": 0, "y2": 0}, facts=facts)).roles[0].met
    none = score(lax, answers(ratings={"x1": 0, "x2": 4, "y1": 4, "y2": 4}, facts=facts))
    assert not none.roles[0].met and none.roles[0].core_short == ["x1"]


def test_core_not_sure_blocks_a_rung_even_within_the_tolerance(mini):
    ratings = {"x1": None, "x2": 4, "y1": 4, "y2": 4}
    result = score(mini, answers(ratings=ratings, facts={"degree": "master", "years": 9}))
    assert result.roles[0].core_short == ["x1"]  # a expects x1 at 1: a 0 would pass, "not sure" does not


def test_tolerance_and_threshold_come_from_the_rubric(mini):
    strict = mini.model_copy(update={"scoring": mini.scoring.model_copy(update={"critical_tolerance": 0})})
    ratings = {"x1": 0, "x2": 4, "y1": 4, "y2": 4}
    assert score(strict, answers(ratings=ratings)).roles[0].core_short == ["x1"]
    qualified = {"degree": "master", "years": 5}
    assert score(mini, answers(ratings=SAMPLE, facts=qualified)).placement == "b"  # c: 54.2
    lax = mini.model_copy(update={"scoring": mini.scoring.model_copy(update={"threshold": 50})})
    assert score(lax, answers(ratings=SAMPLE, facts=qualified)).placement == "c"


def test_strengths_are_ratings_above_expectation(mini):
    result = score(mini, answers(ratings={"x1": 4, "x2": 3, "y1": 4, "y2": 2}))
    # margins for c: x1 +1 (w2) -> 2, x2 +1 (w1) -> 1; y1 and y2 meet exactly.
    assert [s.competency for s in result.strengths] == ["x1", "x2"]
    assert result.readiness == 100.0


def test_next_steps_are_the_career_steps_then_the_plans_first_actions(mini):
    result = score(mini, answers(ratings=SAMPLE))
    assert [s.text for s in result.next_steps if s.kind == "career"] == ["grow from b to c"]
    # the plan aims at c and follows the ranking: y2, x1, y1, one level each in the first horizon.
    assert [s.text for s in result.next_steps if s.kind == "action"] == ["y2 to one", "x1 to three", "y1 to two"]
    assert [(s.competency, s.horizon) for s in result.plan.steps[:3]] == [("y2", 3), ("x1", 3), ("y1", 3)]


def test_evidence_claimed_vs_evidenced(mini):
    result = score(mini, answers(ratings={"x1": 3, "x2": 4, "y1": 1}, evidence={"x1": "Led the thing."}))
    assert (result.evidence.claimed, result.evidence.evidenced) == (1, 1)
    below = score(mini, answers(ratings={"x1": 2}, evidence={"x1": "Led the thing."}))
    assert (below.evidence.claimed, below.evidence.evidenced) == (0, 0)


def test_implausible_rating_for_facts_is_flagged(mini):
    result = score(mini, answers(ratings={"y1": 3}, facts={"years": 1}))
    assert [(w.kind, w.competency) for w in result.warnings] == [("implausible", "y1")]
    assert score(mini, answers(ratings={"y1": 3}, facts={"years": 2})).warnings == []
    assert score(mini, answers(ratings={"y1": 2}, facts={"years": 1})).warnings == []


def test_straight_lining_is_flagged_at_nine_in_ten(mini):
    data = mini.model_dump(by_alias=True)
    base = data["competencies"][0]
    data["competencies"] = [{**base, "id": f"c{i}"} for i in range(10)]
    data["areas"] = data["areas"][:1]
    many = type(mini).model_validate(data)
    nine = {f"c{i}": 2 for i in range(9)} | {"c9": 3}
    assert [w.kind for w in score(many, Answers(rubric="mini", ratings=nine)).warnings] == ["straight-lining"]
    eight = {f"c{i}": 2 for i in range(8)} | {"c8": 3, "c9": 3}
    assert score(many, Answers(rubric="mini", ratings=eight)).warnings == []
    few = {f"c{i}": 2 for i in range(9)}  # nine answers: too few to call it straight-lining
    assert score(many, Answers(rubric="mini", ratings=few)).warnings == []


# --- two tracks, scale 1-5, core per rung, gate alternatives -------------------------------------------------
# Weights: code core at j, s, p; design core at p; people core at m. x2 where core, then lifted to the heaviest
# non-core weight. p: code 2, design 2, people 1 (5). m: code 1, design 1, people 2 (4). s: code 2, design 1
# (people expects the floor, 1) (3). j: code only.
IC = {"code": 5, "design": 4, "people": 2}
IC_FACTS = {"degree": "bachelor", "years": 8, "papers": 4}


def tree_answers(ratings, facts=IC_FACTS):
    return Answers(rubric="tree", ratings=ratings, facts=facts)


def test_attainment_counts_from_the_lowest_level_of_the_scale(tree):
    result = score(tree, tree_answers(IC))
    # p: code (5-1)/(5-1) = 1, design (4-1)/(4-1) = 1, people (2-1)/(2-1) = 1 -> 100
    # m: code 1, design 1, people (2-1)/(4-1) = 1/3 -> (1 + 1 + 2/3) / 4 = 66.7
    assert result.readiness_by_role == {"j": 100.0, "s": 100.0, "m": 66.7, "p": 100.0}


def test_each_track_has_its_placement_and_the_path_is_the_targets(tree):
    result = score(tree, tree_answers(IC))
    assert [(p.track, p.placement, p.next_role) for p in result.placements] == [
        ("manage", "s", "m"), ("ic", "p", None)]
    assert (result.placement, result.next_role) == ("s", "m")
    assert result.roles[2].core_short == ["people"]  # 2 against m's 4: 2 short
    assert result.nearer_track is None  # only one track has a next rung


def test_a_gate_is_met_by_any_one_alternative_and_says_which(tree):
    def edu(facts):
        return next(g for g in gate_results(tree, tree_answers(IC, facts), "p") if g.id == "edu")

    bachelor_and_papers = edu(IC_FACTS)
    assert (bachelor_and_papers.met, bachelor_and_papers.met_by) == (True, 1)
    assert bachelor_and_papers.actual == {"degree": "bachelor", "papers": 4}
    assert (edu(IC_FACTS | {"papers": 3}).met, edu(IC_FACTS | {"papers": 2}).met) == (True, False)
    assert edu(IC_FACTS | {"papers": 2}).met_by is None
    assert edu(IC_FACTS | {"degree": "master", "papers": 0}).met_by == 0
    assert not edu(IC_FACTS | {"degree": "none"}).met
    assert score(tree, tree_answers(IC)).roles[3].met


def test_assumed_requirements_are_marked(tree):
    exp = {g.id: g for g in gate_results(tree, tree_answers(IC), "m")}["exp"]
    assert exp.assumed and exp.required == [{"years": 5}]
    assert not {g.id: g for g in gate_results(tree, tree_answers(IC), "p")}["exp"].assumed


def test_nearer_track_has_the_fewest_levels_to_raise(tree):
    # m: code 1, design (2-1)/(3-1), people (3-1)/(4-1) -> (1 + 1/2 + 2 * 2/3) / 4 = 70.8; people 3 -> 4 adds 16.7
    # and meets it: 1 level. p: code and design are core and 2 short; design first (2/5 * 2/3 = 26.7 points
    # against code's 2/5 * 1/2 = 20), both raised, then lowered: code to 4 still meets (90.0), design to 3 not
    # (76.7): 3 levels.
    result = score(tree, tree_answers({"code": 3, "design": 2, "people": 3}))
    by_track = {p.track: p for p in result.placements}
    assert (by_track["manage"].next_role, by_track["ic"].next_role) == ("m", "p")
    changes = {t: [(c.competency, c.from_, c.to) for c in p.what_it_takes.changes] for t, p in by_track.items()}
    assert changes == {"manage": [("people", 3, 4)], "ic": [("design", 2, 4), ("code", 3, 4)]}
    assert result.nearer_track == "manage"




# --- edges found by mutation testing (see README, Development) -------------------------------------------------


def test_all_core_competencies_keep_their_own_weights(mini):
    # At rung a only x1 (core) and y1 (not core) count; make y1 core too: with no non-core competency left, nothing
    # is lifted, so the shares stay 8 : 2 (x1 2*2*2, y1 1*1*2), not equal.
    data = mini.model_dump(by_alias=True, exclude_unset=True)
    for comp in data["competencies"]:
        if comp["id"] == "y1":
            comp["critical"] = True
    both = type(mini).model_validate(data)
    assert shares(both, "a") == {"x1": Fraction(8, 10), "y1": Fraction(2, 10)}
    small = {**data, "areas": [{**area, "weight": area["weight"] / 10} for area in data["areas"]]}  # 0.8 and 0.2
    assert shares(type(mini).model_validate(small), "a") == {"x1": Fraction(8, 10), "y1": Fraction(2, 10)}


def test_a_rung_that_expects_nothing_is_met_on_readiness(mini):
    data = mini.model_dump(by_alias=True, exclude_unset=True)
    for comp in data["competencies"]:
        comp["expected"]["a"] = 0
        comp["critical"] = False
    empty = type(mini).model_validate(data)
    result = score(empty, answers(ratings={"x1": 0, "x2": 0, "y1": 0, "y2": 0}))
    assert result.readiness_by_role["a"] == 100.0 and result.roles[0].met


def test_what_it_takes_names_the_gate_and_no_points_when_the_score_is_there(mini):
    result = score(mini, answers(ratings={"x1": 4, "x2": 4, "y1": 4, "y2": 4}, facts={"degree": "bachelor",
                                                                                       "years": 9}))
    take = result.what_it_takes
    assert (take.role, take.points_short, take.changes) == ("c", 0.0, [])
    assert [gate.id for gate in take.gates] == ["degree"]


def test_what_it_takes_answers_a_core_not_sure_with_the_least_level_that_meets(mini):
    # x1 not sure blocks a and b. For a (x1 expects 1; y1 at 1 meets), x1 at 1 gives (8 + 1) / 9 = 100.
    result = score(mini, answers(ratings={"x1": None, "x2": 1, "y1": 1, "y2": 0}))
    assert (result.placement, result.next_role) == (None, "a")
    assert [(c.competency, c.from_, c.to) for c in result.what_it_takes.changes] == [("x1", 0, 1)]
    assert result.what_it_takes.core == ["x1"]


def test_what_it_takes_drops_a_raise_a_later_one_made_unneeded(tree):
    # Every change it lists must be a raise, and removing any one of them must leave the rung unmet.
    answers_ = tree_answers({"code": 3, "design": 2, "people": 3})
    for placed in score(tree, answers_).placements:
        take = placed.what_it_takes
        assert all(change.to > change.from_ for change in take.changes)
        for dropped in take.changes:
            kept = {c.competency: c.to for c in take.changes if c is not dropped}
            after = score(tree, tree_answers({"code": 3, "design": 2, "people": 3} | kept))
            assert not next(r for r in after.roles if r.id == take.role).met


def test_roles_name_their_tracks_and_career_steps_are_the_move_on_the_path(tree):
    result = score(tree, tree_answers({"code": 3, "design": 2, "people": 3}))
    assert {r.id: r.tracks for r in result.roles} == {"j": ["manage", "ic"], "s": ["manage", "ic"], "m": ["manage"],
                                                      "p": ["ic"]}
    career = [(s.text, s.source) for s in result.next_steps if s.kind == "career"]
    assert career == [("lead a team", "S > Steps")]  # not the s -> p move, though it starts at s too


def test_nearer_counts_levels_not_the_levels_themselves():
    from assess.core.placement import nearer_track
    from assess.core.results import RatingChange, TrackPlacement, WhatItTakes

    def placed(track, role, changes):
        take = WhatItTakes(role=role, readiness=70, threshold=85, points_short=15, gates=[], advisory=[], core=[],
                           readiness_after=90, changes=[RatingChange(competency=f"c{i}", title="t", from_=a, to=b)
                                                        for i, (a, b) in enumerate(changes)])
        return TrackPlacement(track=track, title=track, placement="s", next_role=role, what_it_takes=take)

    one_high = placed("one", "m", [(3, 4)])  # one level, from a high rating
    two_low = placed("two", "p", [(0, 1), (0, 1)])  # two levels, from low ratings
    assert nearer_track([one_high, two_low]) == "one"


def test_strengths_rank_by_the_margin_above_expectation(mini):
    data = mini.model_dump(by_alias=True, exclude_unset=True)
    data["target"] = "b"
    at_b = type(mini).model_validate(data)
    # b expects x1 2 (w2) and y2 0 (w3): x1 at 3 is 1 above (1 * 2 = 2), y2 at 2 is 2 above (2 * 3 = 6).
    result = score(at_b, answers(ratings={"x1": 3, "x2": 1, "y1": 2, "y2": 2}))
    assert [s.competency for s in result.strengths] == ["y2", "x1"]


def test_a_second_plausibility_check_is_still_made_after_a_first_that_passes(mini):
    data = mini.model_dump(by_alias=True, exclude_unset=True)
    y1 = next(c for c in data["competencies"] if c["id"] == "y1")
    y1["plausible"] = [{"fact": "years", "min": 1, "max_level": 2}, {"fact": "years", "min": 5, "max_level": 2}]
    checked = type(mini).model_validate(data)
    result = score(checked, answers(ratings={"y1": 3}, facts={"years": 1}))
    assert [w.message for w in result.warnings] == [
        "Y one rated 3, but years in the field is 1; level 3 usually takes at least 5"]
    unstated = score(checked, answers(ratings={"y1": 3}, facts={}))
    assert unstated.warnings[0].message == (
        "Y one rated 3, but years in the field is not given; level 3 usually takes at least 1")


def test_area_levels_are_means_to_two_decimals(mini):
    result = score(mini, answers(ratings={"x1": 1, "x2": 0, "y1": 2, "y2": 0}))
    # x: ratings 1, 0 -> 0.5; expected 3, 2 -> 2.5. y: ratings 2, 0 -> 1.0; expected 4, 2 -> 3.0
    assert {k: (v.current, v.expected) for k, v in result.area_levels.items()} == {"x": (0.5, 2.5), "y": (1.0, 3.0)}
    thirds = mini.model_dump(by_alias=True, exclude_unset=True)
    thirds["competencies"].append({**thirds["competencies"][0], "id": "x3", "critical": False})
    result = score(type(mini).model_validate(thirds), Answers(rubric="mini", ratings={"x1": 1, "x2": 0, "x3": 0}))
    assert result.area_levels["x"].current == 0.33 and result.area_levels["x"].expected == 2.67


def test_what_it_takes_stops_at_exactly_the_threshold(mini_data):
    mini_data["scoring"] = {"threshold": 75}
    rubric = Rubric.model_validate(mini_data)
    ratings = {"x1": 3, "x2": 1, "y1": 0, "y2": 0}  # c: (8 + 2 * 1/2 + 0 + 0) / 14 = 64.3
    result = score(rubric, Answers(rubric="mini", ratings=ratings, facts={"degree": "phd", "years": 9}))
    take = result.what_it_takes
    assert (result.placement, take.role) == ("b", "c")
    # y2 to 1 adds 3 * 1/2: (8 + 1 + 1.5) / 14 = 75.0, the threshold itself, which meets the rung; nothing more.
    assert [(change.competency, change.to) for change in take.changes] == [("y2", 1)]
    assert take.readiness_after == 75.0
