"""Others' view, the pure core: which rater runs count, anonymity groups, blind spots and hidden strengths by hand."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from pydantic import ValidationError

from assess.core.answers import Answers, Rater
from assess.core.others import calibrate, counted_rater_runs, one_decimal, others_gap, shift_months, shown_raters
from assess.core.rubric_parts import ScoringSettings
from assess.core.runs import StoredRun
from assess.core.scoring import score
from assess.io.rubric_files import load_rubric_file

from .conftest import MINI

RUBRIC = load_rubric_file(MINI)
T = datetime(2026, 5, 19, 10, 0, tzinfo=UTC)
FACTS = {"degree": "master", "years": 6}
_ids = itertools.count(1)


def stored(ratings, when=T, *, relation=None, name=None, profile="jane", rubric_id="mini") -> StoredRun:
    rater = Rater(relation=relation, name=name or relation) if relation else None
    answers = Answers(rubric="mini", profile=profile, rater=rater, facts={} if rater else FACTS, ratings=ratings)
    return StoredRun(id=f"{next(_ids):012x}", profile=profile, name=None, rubric_id=rubric_id, rubric_version="1",
                     rubric_hash="0" * 64, tool_version="test", started_at=when.isoformat(),
                     finished_at=when.isoformat(), status="complete", answers=answers, result=score(RUBRIC, answers))


def rater(relation, name=None, when=T, **ratings):
    return stored(ratings or {"x1": 2}, when, relation=relation, name=name)


def counted(self_run, raters, selves=None, window=12):
    return counted_rater_runs(self_run, selves or [self_run], raters, window)


# --- which runs count ---------------------------------------------------------------------


def test_shift_months_keeps_the_day_or_takes_the_months_last():
    assert shift_months(T, -12) == datetime(2025, 5, 19, 10, 0, tzinfo=UTC)
    assert shift_months(datetime(2024, 3, 31, tzinfo=UTC), -1) == datetime(2024, 2, 29, tzinfo=UTC)
    assert shift_months(datetime(2025, 1, 31, tzinfo=UTC), 1) == datetime(2025, 2, 28, tzinfo=UTC)
    assert shift_months(datetime(2025, 12, 15, tzinfo=UTC), 1) == datetime(2026, 1, 15, tzinfo=UTC)


def test_the_window_is_twelve_months_either_side_to_the_second():
    me = stored({"x1": 3})
    second = timedelta(seconds=1)
    edge_before = rater("peer", "a", datetime(2025, 5, 19, 10, 0, tzinfo=UTC))
    too_early = rater("peer", "b", datetime(2025, 5, 19, 10, 0, tzinfo=UTC) - second)
    edge_after = rater("peer", "c", datetime(2027, 5, 19, 10, 0, tzinfo=UTC))
    too_late = rater("peer", "d", datetime(2027, 5, 19, 10, 0, tzinfo=UTC) + second)
    assert counted(me, [too_early, edge_before, edge_after, too_late]) == [edge_before, edge_after]
    # the window is the rubric's setting
    assert counted(me, [edge_before, edge_after], window=11) == []


def test_the_next_self_assessment_takes_the_later_ratings():
    first = stored({"x1": 3})
    second = stored({"x1": 3}, T + timedelta(days=90))
    just_before = rater("manager", "m", T + timedelta(days=90, seconds=-1))
    at_the_next = rater("peer", "p", T + timedelta(days=90))
    selves = [first, second]
    assert counted(first, [just_before, at_the_next], selves) == [just_before]
    assert counted(second, [just_before, at_the_next], selves) == [just_before, at_the_next]


def test_the_latest_run_of_each_rater_counts():
    older = rater("manager", "Mona Lee", T - timedelta(days=60))
    newer = rater("manager", "mona lee", T - timedelta(days=30))  # the same rater, however written
    her_as_peer = rater("peer", "Mona Lee", T - timedelta(days=90))
    elsewhere = stored({"x1": 1}, relation="peer", name="x", profile="sam")
    other_rubric = stored({"x1": 1}, relation="peer", name="y", rubric_id="other")
    assert counted(stored({"x1": 3}), [older, her_as_peer, newer, elsewhere, other_rubric]) == [her_as_peer, newer]


# --- anonymity ----------------------------------------------------------------------------


@pytest.mark.parametrize("relations, shown", [
    # a manager is shown by relation; two peers are too few to be a group, so they are merged into others
    (["manager", "peer", "peer"], [("manager", 1), ("others", 2)]),
    # exactly the minimum of peers is a group
    (["manager", "peer", "peer", "peer"], [("manager", 1), ("peer", 3)]),
    # groups too small for themselves are merged as others
    (["peer", "peer", "direct-report"], [("others", 3)]),
    # a pool smaller than the minimum beside a group takes every anonymous rater with it
    (["peer", "peer", "peer", "direct-report"], [("others", 4)]),
    # a pool of exactly the minimum stands beside a full group
    (["peer", "peer", "peer", "direct-report", "direct-report", "other"], [("peer", 3), ("others", 3)]),
    (["direct-report"] * 3 + ["peer"] * 3, [("peer", 3), ("direct-report", 3)]),
    (["mentor", "other", "manager"], [("manager", 1), ("mentor", 1), ("others", 1)]),
])
def test_groups_as_360_programmes_keep_them(relations, shown):
    runs = [rater(relation, f"r{i}") for i, relation in enumerate(relations)]
    pairs = shown_raters(runs, 3)
    labels = [label for label, _ in pairs]
    groups = [(label, labels.count(label)) for label in dict.fromkeys(labels)]
    assert groups == shown
    assert sorted(id(run) for _, run in pairs) == sorted(id(run) for run in runs)  # every rater counts


def test_the_group_minimum_is_the_rubrics_setting():
    runs = [rater("manager", "m"), rater("peer", "a"), rater("peer", "b")]
    assert [label for label, _ in shown_raters(runs, 2)] == ["manager", "peer", "peer"]
    assert [label for label, _ in shown_raters(runs, 3)] == ["manager", "others", "others"]


# --- blind spots and hidden strengths ---------------------------------------------------------


ME = {"x1": 4, "x2": 1, "y1": 3, "y2": 0}
# Four raters (a manager and three peers). Others' mean to one decimal, halves up; difference = self - mean:
#   x1: 2 2 2 2 -> 2.0; 4 - 2.0 = +2.0 -> blind spot (exactly the setting, 2)
#   x2: 3 3 3 4 -> 3.25 -> 3.3; 1 - 3.3 = -2.3 -> hidden strength
#   y1: 1 2 1 1 -> 1.25 -> 1.3; 3 - 1.3 = +1.7 -> neither
#   y2: 2 2 2 - -> 2.0 (one "not sure"); 0 - 2.0 = -2.0 -> hidden strength (exactly the setting)
THEM = [("manager", {"x1": 2, "x2": 3, "y1": 1, "y2": 2}), ("peer", {"x1": 2, "x2": 3, "y1": 2, "y2": 2}),
        ("peer", {"x1": 2, "x2": 3, "y1": 1, "y2": 2}), ("peer", {"x1": 2, "x2": 4, "y1": 1, "y2": None})]


def four_raters():
    return [stored(ratings, relation=relation, name=f"r{i}") for i, (relation, ratings) in enumerate(THEM)]


def test_blind_spots_and_hidden_strengths_by_hand():
    me = stored(ME)
    found = calibrate(RUBRIC, me.answers, four_raters())
    rows = {row.competency: (row.self_, row.others, row.low, row.high, row.raters, row.difference)
            for row in found.competencies}
    assert rows == {"x1": (4, 2.0, 2, 2, 4, 2.0), "x2": (1, 3.3, 3, 4, 4, -2.3), "y1": (3, 1.3, 1, 2, 4, 1.7),
                    "y2": (0, 2.0, 2, 2, 3, -2.0)}
    assert found.blind_spots == ["x1"]
    assert found.hidden_strengths == ["x2", "y2"]  # widest first
    assert [(g.relation, g.count) for g in found.raters] == [("manager", 1), ("peer", 3)]
    assert [r.relation for r in found.runs] == ["manager", "peer", "peer", "peer"]
    assert found.runs[0].taken_on == "2026-05-19"
    # Others' readiness scores their means rounded to levels: x1 2, x2 3, y1 1, y2 2 (mini shares at c: 8, 2, 1, 3
    # of 14; expected 3, 2, 4, 2): (8 * 2/3 + 2 * 1 + 1 * 1/4 + 3 * 1) / 14 = 75.6, short of c's 85. Rung b
    # (shares 8, 2, 1 of 11; expected 2, 1, 2): (8 + 2 + 1 * 1/2) / 11 = 95.5, core x1 at 2 of 2, and the
    # person's own facts meet its gate: placed at b.
    assert (found.readiness_others, found.placement_others) == (75.6, "b")
    assert found.from_self == []


def test_the_difference_setting_moves_both_lines():
    wider = RUBRIC.model_copy(update={"scoring": ScoringSettings(blind_spot_difference=2.1)})
    found = calibrate(wider, stored(ME).answers, four_raters())
    assert (found.blind_spots, found.hidden_strengths) == ([], ["x2"])
    narrower = RUBRIC.model_copy(update={"scoring": ScoringSettings(blind_spot_difference=1.7)})
    found = calibrate(narrower, stored(ME).answers, four_raters())
    assert (found.blind_spots, found.hidden_strengths) == (["x1", "y1"], ["x2", "y2"])


def test_not_sure_on_either_side_is_never_a_difference():
    me = stored({**ME, "x1": None})
    found = calibrate(RUBRIC, me.answers, four_raters())
    row = found.competencies[0]
    assert (row.self_, row.others, row.difference) == (None, 2.0, None)
    assert "x1" not in found.blind_spots


def test_others_mean_rounds_half_up_to_a_level_for_readiness():
    # x1 rated 2, 2, 3, 3 by others: mean 2.5, counted as level 3 (not 2) in others' readiness.
    me = stored({"x1": 2, "x2": 2, "y1": 2, "y2": 2})
    them = [stored({"x1": level}, relation="peer", name=f"p{i}") for i, level in enumerate((2, 2, 3, 3))]
    found = calibrate(RUBRIC, me.answers, them)
    assert found.competencies[0].others == 2.5
    as_three = score(RUBRIC, me.answers.model_copy(update={"ratings": {**me.answers.ratings, "x1": 3}}))
    assert found.readiness_others == as_three.readiness != me.result.readiness
    # What no rater rated, the self rating stands in for
    assert found.from_self == ["x2", "y1", "y2"]


def test_one_decimal_rounds_halves_away_from_zero():
    assert one_decimal(Fraction(9, 4)) == Fraction(23, 10)
    assert one_decimal(Fraction(-9, 4)) == Fraction(-23, 10)
    assert one_decimal(Fraction(224, 100)) == Fraction(22, 10)
    assert one_decimal(Fraction(2, 3)) == Fraction(7, 10)


def test_no_counted_raters_no_calibration_and_two_peers_count_as_others():
    me = stored(ME)
    assert calibrate(RUBRIC, me.answers, []) is None
    two = calibrate(RUBRIC, me.answers, [stored({"x1": 1}, relation="peer", name="a"),
                                         stored({"x1": 2}, relation="peer", name="b")])
    assert [(group.relation, group.count) for group in two.raters] == [("others", 2)]
    x1 = two.competencies[0]
    assert (x1.competency, x1.others, x1.low, x1.high, x1.raters, x1.difference) == ("x1", 1.5, 1, 2, 2, 2.5)
    assert two.blind_spots == ["x1"]


def test_no_rater_name_reaches_the_result():
    me = stored(ME)
    them = [stored({"x1": 1}, relation="peer", name=f"Secret Person {i}") for i in range(3)]
    found = calibrate(RUBRIC, me.answers, them)
    assert "Secret" not in found.model_dump_json()


def test_the_gap_between_self_and_others_per_self_assessment():
    first = stored(ME, T)
    second = stored({"x1": 3, "x2": 2, "y1": 2, "y2": 1}, T + timedelta(days=120))
    them = four_raters()  # taken at T: they count for both (within 12 months before the second)
    # first: |2.0| + |-2.3| + |1.7| + |-2.0| = 8.0 over 4 -> 2.0
    # second: 3 - 2.0, 2 - 3.3, 2 - 1.3, 1 - 2.0 -> 1.0 + 1.3 + 0.7 + 1.0 = 4.0 over 4 -> 1.0
    points = others_gap(RUBRIC, [first, second], them)
    assert [(p.id, p.raters, p.mean_difference) for p in points] == [(first.id, 4, 2.0), (second.id, 4, 1.0)]
    # With the manager and two peers (merged into others, and counted): means 2.0, 3.0, 1.3 (1 2 1), 2.0. Against
    # the first, 2.0 + 2.0 + 1.7 + 2.0 = 7.7 over 4 = 1.925 -> 1.9; the second, 1 + 1 + 0.7 + 1 = 3.7 over 4 -> 0.9
    fewer = others_gap(RUBRIC, [first, second], them[:3])
    assert [(p.raters, p.mean_difference) for p in fewer] == [(3, 1.9), (3, 0.9)]
    assert others_gap(RUBRIC, [first, second], []) == []


@pytest.mark.parametrize("setting, value", [("rater_window_months", 0), ("blind_spot_difference", 0),
                                            ("rater_group_min", 0), ("rater_group_min", 2.5)])
def test_settings_out_of_range_are_refused(setting, value):
    with pytest.raises(ValidationError):
        ScoringSettings.model_validate({setting: value})


def test_relations_are_one_list():
    from typing import get_args

    from assess.core.relations import NAMED, RELATIONS, Relation

    assert get_args(Relation) == RELATIONS and set(NAMED) < set(RELATIONS)


@pytest.mark.parametrize("relation, head, shown", [
    ("mentor", "Rating Jane: Mini rubric (you rate as their mentor)", "as their mentor,"),
    ("direct-report", "Rating Jane: Mini rubric (you rate as their direct report)",
     'within a group: direct reports when there are 3 or more, else "others",'),
    ("other", "Rating Jane: Mini rubric\n", 'within the group "others",'),
])
def test_the_welcome_speaks_to_the_rater(relation, head, shown):
    from assess.core.questions import welcome

    text = welcome(RUBRIC, Answers(rubric="mini", name="Jane", rater=Rater(relation=relation, name="R")))
    assert text.startswith(head) and shown in text
    assert "4 questions to answer" in text  # no facts for a rater


def test_raters_older_than_the_window_are_expired_and_a_newer_rating_of_theirs_is_not():
    from assess.core.others import expired_raters

    me = stored({"x1": 3})
    on_the_edge = rater("manager", when=shift_months(T, -12))  # exactly 12 months before: still counts
    just_before = rater("mentor", when=shift_months(T, -12) - timedelta(seconds=1))
    peers = [rater("peer", name=f"p{n}", when=T - timedelta(days=400 + n)) for n in range(2)]
    came_back = [rater("peer", name="p9", when=T - timedelta(days=500)), rater("peer", name="p9", when=T)]
    other_profile = stored({"x1": 2}, T - timedelta(days=900), relation="peer", name="x", profile="sam")
    found = expired_raters(me, [on_the_edge, just_before, *peers, *came_back, other_profile], 12)
    assert [(group.relation, group.count, group.latest) for group in found] == [
        ("mentor", 1, "2025-05-19"), ("peer", 2, (T - timedelta(days=400)).date().isoformat())]
    assert on_the_edge in counted(me, [on_the_edge, just_before])
