"""The Snowflake example places people exactly as Snowflake does. Snowflake's rule is written out here from its own
numbers (constants.js: milestoneToPoints, pointsToLevels, titles, eligibleTitles; PointSummaries.js: points to the
next level), independently of the rubric file, and compared on every edge and over random people."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.core.answers import Answers
from assess.core.scoring import score
from assess.io.rubric_files import load_rubric_file

ROOT = Path(__file__).parent.parent
RUBRIC = load_rubric_file(ROOT / "examples" / "snowflake" / "snowflake.yaml")

# --- Snowflake's rule, from constants.js ------------------------------------------------------------------------
TRACKS = ["MOBILE", "WEB_CLIENT", "FOUNDATIONS", "SERVERS", "PROJECT_MANAGEMENT", "COMMUNICATION", "CRAFT",
          "INITIATIVE", "CAREER_DEVELOPMENT", "ORG_DESIGN", "WELLBEING", "ACCOMPLISHMENT", "MENTORSHIP", "EVANGELISM",
          "RECRUITING", "COMMUNITY"]
MILESTONE_TO_POINTS = {0: 0, 1: 1, 2: 3, 3: 6, 4: 12, 5: 20}
POINTS_TO_LEVELS = {0: "1.1", 5: "1.2", 11: "1.3", 17: "2.1", 23: "2.2", 29: "2.3", 36: "3.1", 43: "3.2", 50: "3.3",
                    58: "4.1", 66: "4.2", 74: "4.3", 90: "5.1", 110: "5.2", 135: "5.3"}
TITLES = [("Engineer I", 0, 16), ("Engineer II", 17, 35), ("Senior Engineer", 36, 57), ("Group Lead", 36, 57),
          ("Staff Engineer", 58, 89), ("Senior Group Lead", 58, 89), ("Principal Engineer", 90, None),
          ("Director of Engineering", 90, None)]
DEFAULT_STATE = {"MOBILE": 1, "WEB_CLIENT": 2, "FOUNDATIONS": 3, "SERVERS": 2, "PROJECT_MANAGEMENT": 4,
                 "COMMUNICATION": 1, "CRAFT": 1, "INITIATIVE": 4, "CAREER_DEVELOPMENT": 3, "ORG_DESIGN": 2,
                 "WELLBEING": 0, "ACCOMPLISHMENT": 4, "MENTORSHIP": 2, "EVANGELISM": 2, "RECRUITING": 3, "COMMUNITY": 0}


def total_points(milestones: dict[str, int]) -> int:
    return sum(MILESTONE_TO_POINTS[milestones[track]] for track in TRACKS)


def eligible_titles(milestones: dict[str, int]) -> set[str]:
    total = total_points(milestones)
    return {label for label, low, high in TITLES if total >= low and (high is None or total <= high)}


def current_level(milestones: dict[str, int]) -> str:
    """PointSummaries.js: the level of the highest key at or below the total."""
    total = total_points(milestones)
    while total not in POINTS_TO_LEVELS:
        total -= 1
    return POINTS_TO_LEVELS[total]


def points_to_next_level(milestones: dict[str, int]) -> int | None:
    """PointSummaries.js: how many points until the next key; 'N/A' (None) past the last."""
    total = total_points(milestones)
    ahead = [points for points in POINTS_TO_LEVELS if points > total]
    return min(ahead) - total if ahead else None


# --- the same person through the rubric ---------------------------------------------------------------------------


def ours(milestones: dict[str, int]):
    ratings = {track.lower().replace("_", "-"): level for track, level in milestones.items()}
    return score(RUBRIC, Answers(rubric="snowflake", ratings=ratings))


def placed_titles(result) -> set[str]:
    return {RUBRIC.role(p.placement).title for p in result.placements if p.placement is not None}


def assert_same(milestones: dict[str, int]) -> None:
    result = ours(milestones)
    assert result.points is not None
    assert result.points.total == total_points(milestones)
    assert placed_titles(result) == eligible_titles(milestones), milestones
    assert result.points.grade == current_level(milestones)
    assert result.points.to_next_grade == points_to_next_level(milestones)


def with_total(total: int, spread: str = "flat") -> dict[str, int]:
    """A person whose milestones sum to exactly `total` points: as evenly over the tracks as it goes (flat: the
    highest milestone as low as possible), or on as few tracks as it goes (spiky)."""
    for limit in range(len(TRACKS) + 1) if spread == "spiky" else range(6):
        tracks = TRACKS[:limit] if spread == "spiky" else TRACKS
        levels = range(1, 6) if spread == "spiky" else range(limit + 1)
        found = _reach(total, len(tracks), levels)
        if found is not None:
            return dict.fromkeys(TRACKS, 0) | dict(zip(tracks, found, strict=True))
    raise AssertionError(f"no person has {total} points")


def _reach(total: int, slots: int, levels: range) -> list[int] | None:
    """Milestones from `levels` for `slots` tracks summing to `total` points, by dynamic programming."""
    reached: dict[int, list[int]] = {0: []}
    for _ in range(slots):
        reached = {points + MILESTONE_TO_POINTS[level]: chosen + [level]
                   for points, chosen in reached.items() for level in levels}
    return reached.get(total)


def test_the_apps_default_state_is_a_staff_engineer_or_senior_group_lead_at_72_points():
    assert total_points(DEFAULT_STATE) == 72
    result = ours(DEFAULT_STATE)
    assert result.points.total == 72
    assert placed_titles(result) == {"Staff Engineer", "Senior Group Lead"} == eligible_titles(DEFAULT_STATE)
    assert (result.points.grade, result.points.next_grade, result.points.to_next_grade) == ("4.2", "4.3", 2)
    assert_same(DEFAULT_STATE)


@pytest.mark.parametrize("bound", sorted({low for _, low, _ in TITLES} | set(POINTS_TO_LEVELS)))
@pytest.mark.parametrize("spread", ["flat", "spiky"])
def test_every_lower_bound_and_the_point_below_it(bound, spread):
    for total in {bound, max(bound - 1, 0)}:
        assert_same(with_total(total, spread))


@pytest.mark.parametrize("level", range(6))
def test_everyone_at_one_milestone(level):
    assert_same(dict.fromkeys(TRACKS, level))


def test_all_0_and_all_5():
    nobody, everything = dict.fromkeys(TRACKS, 0), dict.fromkeys(TRACKS, 5)
    assert placed_titles(ours(nobody)) == {"Engineer I"}
    assert placed_titles(ours(everything)) == {"Principal Engineer", "Director of Engineering"}
    assert ours(everything).points.total == 320
    assert ours(everything).points.to_next_grade is None
    assert_same(nobody)
    assert_same(everything)


def test_a_surplus_in_one_track_makes_up_for_another():
    """Four tracks at milestone 5 (80 points) and nothing else: a Staff Engineer, as in Snowflake, though twelve
    tracks are at 0; capped at any expectation, the same person would be nowhere."""
    spiky = dict.fromkeys(TRACKS, 0) | dict.fromkeys(TRACKS[:4], 5)
    assert placed_titles(ours(spiky)) == {"Staff Engineer", "Senior Group Lead"} == eligible_titles(spiky)


def test_what_it_would_take_is_the_fewest_milestones_to_the_next_title():
    """From the default state (72), Principal needs 18 more: three tracks from 4 to 5 (8 each) is the fewest
    milestones; no two milestones anywhere add 18."""
    take = ours(DEFAULT_STATE).what_it_takes
    assert take.role == "principal-engineer"
    assert (take.points, take.points_needed, take.points_after) == (72, 90, 96)
    assert sum(change.to - change.from_ for change in take.changes) == 3
    def gain(level: int, steps: int) -> int:
        return MILESTONE_TO_POINTS[level + steps] - MILESTONE_TO_POINTS[level] if level + steps <= 5 else -1000

    now = list(DEFAULT_STATE.values())
    one_each = max(gain(a, 1) + gain(b, 1) for i, a in enumerate(now) for b in now[i + 1:])
    both_on_one = max(gain(level, 2) for level in now)
    assert max(one_each, both_on_one) < 18


milestones_st = st.fixed_dictionaries({track: st.integers(0, 5) for track in TRACKS})


@settings(max_examples=150, deadline=None)
@given(milestones=milestones_st)
def test_random_people_are_placed_as_snowflake_places_them(milestones):
    assert_same(milestones)
