"""`assess team` through the real entry point: a team of eight built from shared inputs over two quarters, every
number in its views worked out by hand from tests/team_people.py and the mini rubric (tests/data/mini.yaml).

The mini rubric's shares (rubrics/FORMAT.md, "How a rubric scores"): x1 weighs 2 x area 2 x core 2 = 8, x2 2, y1
1, y2 3. Rung a counts x1 and y1 (8/9, 1/9); b x1, x2, y1 (8/11, 2/11, 1/11); c all four (8/14, 2/14, 1/14,
3/14). Attainment is min(rating, expected) / expected. Gates: b needs 2 years; c a master's and 5 years.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from .team_people import Q2, Q2_BUILD, make_quarters

DAYS_PER_MONTH = 365.25 / 12


@pytest.fixture(scope="session", params=["export", pytest.param("pdf", marks=pytest.mark.slow)])
def views(request, tmp_path_factory) -> dict:
    """The second quarter's views, built from shared export documents, or from shared PDFs (slow: 15 renders)."""
    return make_quarters(tmp_path_factory.mktemp(f"team-{request.param}"), request.param).built()


def by(rows: list[dict], key: str) -> dict:
    return {row[key]: row for row in rows}


def test_the_inputs_are_listed_with_their_status_and_only_the_current_ones_count(views):
    # Ivy handed over a report on 2026-03-02 only: by 2026-09-07 it is more than six months old.
    assert views["people"] == 8
    status = {(row["person"], row["taken_on"]): row["status"] for row in views["inputs"]}
    assert status == {("Ivy", "2026-03-02"): "older", **{(name, "2026-06-01"): "counted" for name in
                                                        ("Ada", "Ben", "Cai", "Dee", "Eve", "Fay", "Gus", "Hal")}}
    assert all(row["shared"] and len(row["sha256"]) == 64 for row in views["inputs"])
    assert {row["version"] for row in views["inputs"]} == {"1"}


@pytest.mark.parametrize(("need", "count", "holders", "met", "flag"), [
    # x1 at 3 or more: Ada 4, Ben 3, Dee 3, Fay 3.
    ("skill:x1@3", 4, ["Ada", "Ben", "Dee", "Fay"], True, None),
    ("skill:y1@3", 3, ["Ada", "Ben", "Fay"], True, None),
    ("skill:y2@2", 3, ["Ada", "Ben", "Fay"], True, None),
    # x2 at 3: Ada alone, now that Ivy's input no longer counts.
    ("skill:x2@3", 1, ["Ada"], True, "single point of failure"),
    # c: readiness 100 and a master's with 9 years. Ben (98.2) has a bachelor's; Fay's years are private.
    ("rung:c", 1, ["Ada"], True, "single point of failure"),
    # b (2 years): Ada, Ben, Cai (4), Dee (2), Gus (3, readiness (8 + 2 + 0.5) / 11 = 95.5); Eve has 0 years, Hal
    # is not sure of x1, core at every rung.
    ("rung:b", 5, ["Ada", "Ben", "Cai", "Dee", "Gus"], True, None),
])
def test_coverage_and_single_points_of_failure(views, need, count, holders, met, flag):
    row = by(views["coverage"], "need")[need]
    assert (row["count"], row["holders"], row["met"], row["flag"]) == (count, holders, met, flag)


def test_a_rung_whose_gate_asks_about_a_private_fact_is_neither_met_nor_unmet(views):
    assert by(views["coverage"], "need")["rung:c"]["private"] == ["Fay"]
    assert by(views["coverage"], "need")["rung:b"]["private"] == ["Fay"]
    c = by(views["succession"], "rung")["c"]
    assert "Fay" not in c["ready_now"] and c["private"] == ["Fay"]


def test_the_truck_factor_removes_the_most_load_bearing_person_until_over_half_the_skills_have_nobody(views):
    # Ada holds all 4 needed skills: gone, x2 has nobody (1 of 4). Ben and Fay hold 3 each, alone in none: Ben
    # goes by name; then Fay, alone in y1 and y2: 3 of 4 have nobody, more than half.
    assert views["truck_factor"] == {"value": 3, "removed": ["Ada", "Ben", "Fay"], "skills": 4, "uncovered": 3}


def test_what_if_ada_leaves(views):
    # Only Ada's leaving leaves a need that is met now short: x2 at 3 (1 to 0) and the successor for c (1 to 0).
    assert [found["person"] for found in views["what_if"]] == ["Ada"]
    lost = by(views["what_if"][0]["lost"], "need")
    assert list(lost) == ["skill:x2@3", "rung:c"]
    assert (lost["skill:x2@3"]["count_now"], lost["skill:x2@3"]["count_after"]) == (1, 0)
    # Nearest for x2 at 3: Ben, Fay and Gus at 2 (one level), by name; Cai, Dee and Hal at 1 follow.
    x2 = lost["skill:x2@3"]["nearest"]
    assert [(n["person"], n["levels"]) for n in x2] == [("Ben", 1), ("Fay", 1), ("Gus", 1)]
    assert x2[0]["steps"] == ["raise X two from 2 to 3", "x2 to three"]
    # For c: Fay (met on all that can be seen) first; then Ben, short of a gate only; then Gus before Cai, both a
    # gate and 2 levels short, Gus at the higher readiness (64.9 against 59.5).
    c = lost["rung:c"]["nearest"]
    assert [(n["person"], n["private"], n["levels"], n["gates"]) for n in c] == [
        ("Fay", True, 0, []), ("Ben", False, 0, ["Highest degree"]), ("Gus", False, 2, ["Years in the field"])]


def months(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 86400 / DAYS_PER_MONTH


def projected(before: float, after: float, threshold: float = 85) -> str:
    """Two runs a quarter apart: the pace is their slope; the date counts from the later run."""
    pace = (after - before) / months("2026-03-02T10:00:00+00:00", Q2)
    return (datetime.fromisoformat(Q2) + timedelta(days=(threshold - after) / pace * DAYS_PER_MONTH)).date().isoformat()


@pytest.mark.parametrize(("rung", "ready_now", "nearest"), [
    ("a", ["Ada", "Ben", "Cai", "Dee", "Eve", "Fay", "Gus"],
     # Hal: x1 not sure (counted as 0): readiness 1/9 = 11.1; raising x1 to 1 meets a. One run: no pace.
     [("Hal", 11.1, ["X one from 0 to 1"], [], None, "a pace needs two runs at least a day apart")]),
    ("b", ["Ada", "Ben", "Cai", "Dee", "Gus"],
     # Eve: x1 1 of 2, x2 0, y1 1 of 2: (4 + 0 + 0.5) / 11 = 40.9, last quarter (4 + 0 + 0) / 11 = 36.4.
     [("Fay", 100.0, [], [], None, None),
      ("Eve", 40.9, ["X one from 1 to 2", "X two from 0 to 1"], ["Years in the field"], projected(36.4, 40.9), None)]),
    ("c", ["Ada"],
     # Cai: (8 x 2/3 + 2 x 1/2 + 1 x 2/4 + 3 x 1/2) / 14 = 59.5, last quarter with y2 at 0: 48.8.
     [("Fay", 98.2, [], [], None, None),
      ("Ben", 98.2, [], ["Highest degree"], None, "readiness is already there; a gate or a core skill holds the "
                                                   "rung back"),
      ("Gus", 64.9, ["X one from 2 to 3", "Y two from 1 to 2"], ["Years in the field"], None, "readiness is not rising"),
      ("Cai", 59.5, ["X one from 2 to 3", "Y two from 1 to 2"], ["Years in the field"], projected(48.8, 59.5), None),
      ("Dee", 67.9, ["Y two from 0 to 2"], ["Highest degree", "Years in the field"], None, "readiness is not rising")]),
])
def test_succession_and_projected_dates(views, rung, ready_now, nearest):
    row = by(views["succession"], "rung")[rung]
    assert row["ready_now"] == ready_now
    found = [(c["person"], c["readiness"], c["changes"], c["gates"],
              c["projection"]["earliest"] if c["projection"] else None, c["no_projection"]) for c in row["nearest"]]
    assert found == nearest
    for c in row["nearest"]:
        if c["projection"]:  # two runs: one pace, one date
            assert c["projection"]["latest"] == c["projection"]["earliest"] and c["projection"]["error"] is None


def test_the_heatmap_puts_the_largest_team_deficit_first(views):
    grid = views["heatmap"]
    # Each against their next rung: c for Ben, Cai, Dee, Gus and Fay (private at b and c: read against c); b for
    # Eve; a for Hal; Ada, at the top, against c. Levels short: y1 (Ben 1, Cai 2, Dee 2, Gus 3, Fay 1; Eve 1) = 10;
    # y2 (Cai 1, Dee 2, Gus 1) = 4; x1 (Cai 1, Gus 1, Eve 1, Hal 1) = 4; x2 (Cai 1, Dee 1, Eve 1) = 3.
    assert grid["deficits"] == {"y1": 10, "y2": 4, "x1": 4, "x2": 3}
    assert grid["competencies"] == ["y1", "x1", "y2", "x2"]  # x1 and y2 tie: rubric order
    rows = {row["person"]: (row["expects"], row["short"]) for row in grid["rows"]}
    assert rows == {"Ada": ("c", 0), "Ben": ("c", 1), "Cai": ("c", 5), "Dee": ("c", 5), "Eve": ("b", 3),
                    "Fay": ("c", 1), "Gus": ("c", 5), "Hal": ("a", 1)}
    assert [row["person"] for row in grid["rows"]] == ["Cai", "Dee", "Gus", "Eve", "Ben", "Fay", "Hal", "Ada"]
    hal = by(by(grid["rows"], "person")["Hal"]["cells"], "competency")["x1"]
    assert (hal["level"], hal["expected"], hal["short"]) == (None, 1, 1)
    # Shared inputs: whether a high rating had evidence cannot be told.
    ada = by(by(grid["rows"], "person")["Ada"]["cells"], "competency")
    assert ada["x1"]["evidence"] == "not shared" and ada["x2"]["evidence"] == "not shared"
    assert views["anchors"]["x1"]["3"] == "Proficient: x1 three"


def test_one_action_for_several_people(views):
    gaps = by(views["shared_gaps"], "competency")
    assert list(gaps) == ["y1", "x1", "y2", "x2"]  # 6 people, then 4 (4 levels), 3 (4 levels), 3 (3 levels)
    steps = {step["level"]: step["people"] for step in gaps["y1"]["steps"]}
    assert steps == {1: ["Eve", "Gus"], 2: ["Cai", "Dee"], 3: ["Ben", "Fay"]}
    assert gaps["y1"]["steps"][0]["action"] == "y1 to two"


def test_a_later_quarter_shows_what_moved(views):
    moved = views["moved"]
    assert moved["since"] == "2026-03-09" and moved["comparable"]
    assert (moved["joined"], moved["left"]) == (["Hal"], ["Ivy"])
    people = {p["person"]: (p["readiness_from"], p["readiness_to"], p["raised"]) for p in moved["people"]}
    # Readiness for the target, c. Eve: (8/3) / 14 = 19.0, then (8/3 + 1/4) / 14 = 20.8.
    assert people == {"Cai": (48.8, 59.5, ["Y two 0 to 1"]), "Eve": (19.0, 20.8, ["Y one 0 to 1"])}
    needs = {row["what"]: (row["from"], row["to"]) for row in moved["needs"]}
    assert needs["2 people at level 3 or above in X one"] == (5, 4)  # Ivy held it
    assert needs["1 person at level 3 or above in X two"] == (2, 1)
    assert needs["3 people who meet Rung B"] == (6, 5)
    assert {row["what"]: (row["from"], row["to"]) for row in moved["ready_now"]} == {
        "Rung A": (8, 7), "Rung B": (6, 5), "Rung C": (1, 1)}
    # Last quarter: Ada (4 skills), Ben, Fay, then Ivy (x2 at 3 with Ada gone, alone) before 3 of 4 had nobody.
    assert (moved["truck_factor"]["from"], moved["truck_factor"]["to"]) == (4, 3)


def test_show_prints_every_view_in_the_terminal(tmp_path):
    quarters = make_quarters(tmp_path, "export")
    quarters.built()
    text = quarters.team("show", "plat", "--on", Q2_BUILD)
    for said in ("Team plat: 8 people counted", "Inputs: 8 counted (8 shared), 1 older", "Heatmap: levels against",
                 "1 person at level 3 or above in X two: 1 (Ada)  [single point of failure]",
                 "Truck factor on skills: 3 (taking away Ada, Ben, Fay leaves 3 of 4", "Ada leaves: 1 person at level 3",
                 "nearest: Ben, Fay, Gus (raise X two from 2 to 3, x2 to three)",
                 "nearest Fay: met on all that can be seen", "What moved since 2026-03-09", "Joined: Hal; left: Ivy",
                 "Where one action helps several people"):
        assert said in text, said
