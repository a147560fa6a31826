"""The verdict a hiring committee would sign, on the shipped Director rubric.

Two kinds of cases: "obvious people" written out with the committee's verdict (tests/data/obvious-people.yaml:
a rung's expected levels or one level everywhere, a few changes, the placement on each track and why), and cases
generated for every rung of every track: a person at exactly a rung's expectations is placed there; the same
person one level beyond the tolerance short on any one of that rung's core skills, or "not sure" of it, is not,
and for the skills a rung needs in full that is one level short; no rating of 4 anywhere is never above Staff,
and none above 2 never above Senior.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.core.answers import Answers
from assess.core.readiness import shares
from assess.core.scoring import score
from assess.io.rubric_files import load_rubric

from .conftest import DATA

RUBRIC = load_rubric("director-ml-engineering")
PEOPLE = yaml.safe_load((DATA / "obvious-people.yaml").read_text())["people"]
# Enough of everything for every gate of every rung.
QUALIFIED = {"degree": "phd", "years_ml": 20, "years_leadership": 10, "publications": 5}


def at(rung: str | None) -> dict[str, int | None]:
    return {c.id: (c.expected[rung] if rung else 0) for c in RUBRIC.competencies}


def everywhere(level: int) -> dict[str, int | None]:
    return dict.fromkeys((c.id for c in RUBRIC.competencies), level)


def placed(ratings, facts=QUALIFIED) -> dict[str, str | None]:
    result = score(RUBRIC, Answers(ratings=ratings, facts=facts))
    return {p.track: p.placement for p in result.placements}


def test_the_obvious_people_are_for_this_rubric_version():
    data = yaml.safe_load((DATA / "obvious-people.yaml").read_text())
    assert (data["rubric"], data["rubric_version"]) == (RUBRIC.id, RUBRIC.version)


@pytest.mark.parametrize("person", PEOPLE, ids=[p["name"] for p in PEOPLE])
def test_obvious_person_gets_the_committees_verdict(person):
    start = everywhere(person["everywhere"]) if "everywhere" in person else at(person["start_from"])
    changes = person.get("changes") or {}
    assert set(changes) <= set(start), "a change names no competency of this rubric"
    assert placed(start | changes, person["facts"]) == person["placement"], person["why"]


RUNGS = [(track.id, rung) for track in RUBRIC.all_tracks for rung in track.rungs]


@pytest.mark.parametrize(("track", "rung"), RUNGS, ids=[f"{t}-{r}" for t, r in RUNGS])
def test_a_person_at_a_rungs_expectations_is_placed_there(track, rung):
    result = placed(at(rung))
    assert result[track] == rung
    for other in RUBRIC.all_tracks:  # and never beyond it on a track that holds it
        if rung in other.rungs:
            assert result[other.id] == rung


CORE = [(rung.id, comp.id) for rung in RUBRIC.ladder for comp in RUBRIC.competencies
        if RUBRIC.is_core(comp, rung.id)]


@pytest.mark.parametrize(("rung", "comp"), CORE, ids=[f"{r}-{c}" for r, c in CORE])
def test_beyond_the_tolerance_short_on_a_core_skill_is_not_the_rung(rung, comp):
    expected, tolerance = RUBRIC.competency(comp).expected[rung], RUBRIC.tolerance(RUBRIC.competency(comp), rung)
    short = at(rung) | {comp: max(RUBRIC.min_level, expected - 1 - tolerance)}
    unsure = at(rung) | {comp: None}
    for ratings in (short, unsure):
        result = score(RUBRIC, Answers(ratings=ratings, facts=QUALIFIED))
        role = next(r for r in result.roles if r.id == rung)
        assert not role.met and comp in role.core_short
    within = at(rung) | {comp: max(expected - tolerance, RUBRIC.min_level + 1)}
    role = next(r for r in score(RUBRIC, Answers(ratings=within, facts=QUALIFIED)).roles if r.id == rung)
    assert comp not in role.core_short


IN_FULL = [(role.id, comp_id) for role in RUBRIC.ladder for comp_id in role.in_full]


def test_the_rungs_defined_by_their_skills_need_them_in_full():
    assert {rung: RUBRIC.role(rung).in_full for rung in RUBRIC.role_ids() if RUBRIC.role(rung).in_full} == {
        "senior-mle": ["production-ml-engineering", "model-evaluation"],
        "staff-mle": ["ml-architecture", "technical-influence"],
        "principal-mle": ["ml-architecture", "technical-influence"],
        "director-ml-eng": ["ml-strategy", "ml-org-design", "ml-hiring", "performance-retention"],
    }


@pytest.mark.parametrize(("rung", "comp"), IN_FULL, ids=[f"{r}-{c}" for r, c in IN_FULL])
def test_one_level_short_on_a_skill_the_rung_needs_in_full_is_not_placed_there(rung, comp):
    expected = RUBRIC.competency(comp).expected[rung]
    result = score(RUBRIC, Answers(ratings=at(rung) | {comp: expected - 1}, facts=QUALIFIED))
    role = next(r for r in result.roles if r.id == rung)
    assert role.readiness >= RUBRIC.scoring.threshold  # the score alone would meet it
    assert not role.met and role.core_short == [comp]
    for placement in result.placements:
        rungs = RUBRIC.track(placement.track).rungs
        if rung in rungs:
            assert placement.placement == rungs[rungs.index(rung) - 1]  # the rung below it, and no lower


def height(track: str, rung: str | None) -> int:
    return -1 if rung is None else RUBRIC.track(track).rungs.index(rung)


STAFF_HEIGHT = RUBRIC.track("ic").rungs.index("staff-mle")
SENIOR_HEIGHT = RUBRIC.track("ic").rungs.index("senior-mle")


def test_all_3s_is_staff_and_team_lead_at_most_however_qualified():
    result = score(RUBRIC, Answers(ratings=everywhere(3), facts=QUALIFIED))
    assert {p.track: p.placement for p in result.placements} == {"ic": "staff-mle", "management": "ml-team-lead"}
    assert all(height(p.track, p.placement) <= STAFF_HEIGHT for p in result.placements)
    assert result.furthest.placement == "ml-team-lead"  # as far up as Staff, and on the path


def test_all_2s_is_an_mle_on_both_tracks_however_qualified():
    """2 is a practitioner on their own work; a Senior leads the technical work of projects (level 3) in production
    code and evaluation, and both tracks climb through Senior."""
    result = score(RUBRIC, Answers(ratings=everywhere(2), facts=QUALIFIED))
    assert {p.track: p.placement for p in result.placements} == {"ic": "mle", "management": "mle"}
    senior = next(role for role in result.roles if role.id == "senior-mle")
    assert senior.readiness >= RUBRIC.scoring.threshold and senior.core_short == [
        "production-ml-engineering", "model-evaluation"]  # the score alone would have made a Senior


@settings(max_examples=200, deadline=None)
@given(ratings=st.fixed_dictionaries({c.id: st.one_of(st.none(), st.integers(0, 3)) for c in RUBRIC.competencies}))
def test_no_organisation_level_rating_is_never_above_staff(ratings):
    """Principal and Director need organisation-level (4) ratings: team-level scope everywhere stops at Staff
    (or Team Lead, as far up the other track)."""
    result = score(RUBRIC, Answers(ratings=ratings, facts=QUALIFIED))
    assert all(height(p.track, p.placement) <= STAFF_HEIGHT for p in result.placements)


@settings(max_examples=200, deadline=None)
@given(ratings=st.fixed_dictionaries({c.id: st.one_of(st.none(), st.integers(0, 2)) for c in RUBRIC.competencies}))
def test_leading_no_one_in_anything_is_never_above_senior(ratings):
    result = score(RUBRIC, Answers(ratings=ratings, facts=QUALIFIED))
    assert all(height(p.track, p.placement) <= SENIOR_HEIGHT for p in result.placements)


CARRIED = [(upper, lower, comp.id) for track in RUBRIC.all_tracks for i, upper in enumerate(track.rungs)
           for lower in track.rungs[:i] for comp in RUBRIC.competencies
           if RUBRIC.is_core(comp, lower) and not RUBRIC.is_core(comp, upper)]


def test_some_core_skills_are_not_core_further_up():
    assert CARRIED  # or the next test would check nothing


@pytest.mark.parametrize(("upper", "lower", "comp"), sorted(set(CARRIED)),
                         ids=[f"{u}-{lo}-{c}" for u, lo, c in sorted(set(CARRIED))])
def test_a_core_skill_of_a_lower_rung_still_counts_higher_up(upper, lower, comp):
    """Two levels short of a lower rung's core skill, at a rung where it is not core: placed below that rung."""
    expected, tolerance = RUBRIC.competency(comp).expected[lower], RUBRIC.tolerance(RUBRIC.competency(comp), lower)
    ratings = at(upper) | {comp: max(RUBRIC.min_level, expected - 1 - tolerance)}
    result = score(RUBRIC, Answers(ratings=ratings, facts=QUALIFIED))
    for placement in result.placements:
        track = RUBRIC.track(placement.track)
        if lower in track.rungs:
            held = track.rungs.index(placement.placement) if placement.placement else -1
            assert held < track.rungs.index(lower), placement
    assert not next(r for r in result.roles if r.id == upper).met


@pytest.mark.parametrize("rung", RUBRIC.role_ids())
def test_every_core_skill_weighs_at_least_any_other_at_its_rung(rung):
    weights = shares(RUBRIC, rung)
    core = [weights[c.id] for c in RUBRIC.competencies if RUBRIC.is_core(c, rung)]
    other = [weights[c.id] for c in RUBRIC.competencies if c.id in weights and not RUBRIC.is_core(c, rung)]
    assert min(core) >= max(other, default=0)


def test_missing_the_junior_core_costs_more_than_missing_what_juniors_are_not_expected_to_do():
    core = {c.id: 0 for c in RUBRIC.competencies if RUBRIC.is_core(c, "junior-mle")}
    culture = {"learning-culture": 0, "ml-research-innovation": 0}
    without_core = score(RUBRIC, Answers(ratings=at("junior-mle") | core, facts=QUALIFIED))
    without_culture = score(RUBRIC, Answers(ratings=at("junior-mle") | culture, facts=QUALIFIED))
    assert without_core.readiness_by_role["junior-mle"] < without_culture.readiness_by_role["junior-mle"]
    assert without_core.placement is None and without_culture.placement == "junior-mle"


def test_a_strong_individual_contributor_is_not_told_they_are_a_senior_engineer():
    technical = {c.id for c in RUBRIC.competencies if c.area in ("technical", "mlops", "quality")}
    ratings = at("staff-mle") | dict.fromkeys(technical, 4)
    result = placed(ratings, {"degree": "phd", "years_ml": 12, "years_leadership": 0, "publications": 4})
    assert result["ic"] in ("staff-mle", "principal-mle")
    assert result["management"] == "senior-mle"


def test_a_rung_held_back_only_by_one_below_it_names_that_rung():
    result = score(RUBRIC, Answers(ratings=at("staff-mle") | {"ownership-accountability": 0}, facts=QUALIFIED))
    roles = {role.id: role for role in result.roles}
    staff, senior = roles["staff-mle"], roles["senior-mle"]
    assert staff.readiness >= RUBRIC.scoring.threshold and staff.gates_met and not staff.core_short
    assert (staff.met, staff.unmet_below) == (False, "senior-mle")
    assert (senior.met, senior.unmet_below, senior.core_short) == (False, None, ["ownership-accountability"])


def test_the_terminal_and_the_report_say_which_rung_below_holds_one_back(run, tmp_path):
    from .conftest import write_yaml

    answers = write_yaml(tmp_path / "staff.yaml", {
        "rubric": "director-ml-engineering", "name": "Kim",
        "ratings": at("staff-mle") | {"ownership-accountability": 0}, "facts": QUALIFIED})
    shown = run("score", answers)
    assert shown.exit_code == 0
    staff = next(line for line in shown.stdout.splitlines() if "Staff Machine Learning Engineer" in line
                 and "│" in line and "%" not in line)
    assert "no: Senior Machine Learning Engineer not met" in staff
    assert "Ownership and accountability (core for Senior Machine Learning Engineer)" in shown.stdout
    assert run("take", "--answers", answers).exit_code == 0
    assert run("report", "-f", "md", "-o", tmp_path / "r.md").exit_code == 0
    md = (tmp_path / "r.md").read_text()
    assert "| no: Senior Machine Learning Engineer not met |" in md
    assert "Ownership and accountability (core for Senior Machine Learning Engineer, blocking)" in md


def test_gaps_that_block_a_lower_rung_come_first_as_that_rung_is_climbed_first():
    result = score(RUBRIC, Answers(ratings=at("staff-mle") | {"ownership-accountability": 0}, facts=QUALIFIED))
    first, *rest = result.gaps
    assert (first.competency, first.blocks, first.blocking, first.core) == (
        "ownership-accountability", "senior-mle", True, False)
    path = RUBRIC.path.rungs
    order = [path.index(gap.blocks) for gap in rest if gap.blocks]
    assert order == sorted(order) and all(path.index(first.blocks) <= rung for rung in order)
    assert all(gap.blocks is None for gap in rest[len(order):])  # blocking gaps, then the others


# --- the headline says where the person is furthest, the same in every format --------------------------------

STAFF_IC = {"degree": "master", "years_ml": 7, "years_leadership": 0, "publications": 0}


def _formats(run, tmp_path, ratings, facts) -> dict[str, str]:
    from .conftest import write_yaml

    answers = write_yaml(tmp_path / "a.yaml", {"rubric": "director-ml-engineering", "name": "Kim",
                                              "ratings": ratings, "facts": facts})
    shown = {"terminal": run("score", answers).stdout, "json": run("score", answers, "-f", "json").stdout}
    assert run("take", "--answers", answers).exit_code == 0
    for fmt in ("md", "html", "json"):
        assert run("report", "-f", fmt, "-o", tmp_path / f"r.{fmt}").exit_code == 0
        shown[f"report {fmt}"] = (tmp_path / f"r.{fmt}").read_text()
    return shown


def test_the_headline_names_the_furthest_rung_its_track_and_still_the_path(run, tmp_path):
    import json

    shown = _formats(run, tmp_path, at("staff-mle"), STAFF_IC)
    terminal = [line.strip("│ ").rstrip(" │") for line in shown["terminal"].splitlines()[:6]]
    assert "Placement: Staff Machine Learning Engineer (Individual contributor track)" in terminal
    assert "On the path to Director of Machine Learning Engineering: Senior Machine Learning Engineer" in terminal
    assert "Next rung on the path: Machine Learning Team Lead" in terminal
    md = shown["report md"]
    assert ("- Placement today: Staff Machine Learning Engineer (Individual contributor track)\n"
            "- On the path to Director of Machine Learning Engineering: Senior Machine Learning Engineer\n"
            "- Next rung on the path: Machine Learning Team Lead\n") in md
    html = shown["report html"]
    assert '<div class="value text">Staff Machine Learning Engineer</div>' in html
    assert ("on the individual contributor track; on the path to Director of Machine Learning Engineering: Senior "
            "Machine Learning Engineer") in html
    assert "Next rung on the path" in html
    for data in (json.loads(shown["json"]), json.loads(shown["report json"])):
        assert (data["placement"], data["next_role"]) == ("senior-mle", "ml-team-lead")
        assert data["furthest"] == {"track": "ic", "title": "Individual contributor", "placement": "staff-mle"}
        assert {p["track"]: p["placement"] for p in data["placements"]} == {"management": "senior-mle",
                                                                            "ic": "staff-mle"}


def test_on_the_path_the_headline_is_one_line(run, tmp_path):
    import json

    # All 3s with two years of managing: Team Lead on the path, Staff as far up the other track.
    shown = _formats(run, tmp_path, everywhere(3), {**STAFF_IC, "years_leadership": 2})
    terminal = [line.strip("│ ").rstrip(" │") for line in shown["terminal"].splitlines()[:6]]
    assert ("Placement: Machine Learning Team Lead   Next rung: Director of Machine Learning Engineering"
            in terminal)
    assert "On the path to" not in shown["terminal"] and "On the path to" not in shown["report md"]
    assert ("- Placement today: Machine Learning Team Lead\n"
            "- Next rung: Director of Machine Learning Engineering\n") in shown["report md"]
    assert json.loads(shown["json"])["furthest"]["placement"] == "ml-team-lead"


def test_the_readme_example_all_3s_with_an_organisation_strategy_scores_enough_and_is_a_team_lead():
    """Worked by hand in the README. At the Director the weights sum to 148.75; the sixteen competencies it
    expects at 4 that this person has at 3 weigh 81 and each gives up a quarter of its weight:
    100 * (1 - 81 / (4 * 148.75)) = 86.4, over the threshold, and every core skill is within one level. What
    blocks is the Director's in-full skills: org design, hiring and performance management at 3."""
    ratings = everywhere(3) | {"ml-strategy": 4}
    result = score(RUBRIC, Answers(ratings=ratings, facts={"degree": "master", "years_ml": 10,
                                                          "years_leadership": 5, "publications": 0}))
    director = next(r for r in result.roles if r.id == "director-ml-eng")
    assert (director.readiness, director.gates_met, director.met) == (86.4, True, False)
    assert director.core_short == ["ml-hiring", "ml-org-design", "performance-retention"]
    assert (result.placement, result.furthest.placement) == ("ml-team-lead", "ml-team-lead")


def test_the_staff_engineer_example_is_staff_whatever_its_five_years(run):
    import json

    from .conftest import ROOT

    data = json.loads(run("score", ROOT / "examples" / "director-ml-engineering" / "staff-engineer.yaml",
                          "-f", "json").stdout)
    assert data["furthest"] == {"track": "ic", "title": "Individual contributor", "placement": "staff-mle"}
    assert (data["placement"], data["next_role"]) == ("senior-mle", "ml-team-lead")
    staff = next(role for role in data["roles"] if role["id"] == "staff-mle")
    assert (staff["met"], staff["advisory_unmet"]) == (True, ["ml-experience"])  # six years usually; five here
    assert data["unknowns"] == []


def test_what_it_would_take_shows_an_advisory_requirement_as_advice_in_every_format(run, tmp_path):
    # A Senior with three years: the Team Lead usually has four, which advises; six months with reports, which
    # blocks, are missing too.
    shown = _formats(run, tmp_path, at("senior-mle"), {**STAFF_IC, "years_ml": 3})
    advice = "Years working in machine learning: usually at least 4; have 3 (advisory: it does not block)"
    assert f"  {advice}\n" in shown["terminal"]
    assert "  gate Years managing ML people with direct reports: need at least 0.5; have 0" in shown["terminal"]
    lead = next(line for line in shown["terminal"].splitlines() if line.startswith("│ Machine Learning Team Lead"))
    assert "not met, 1 advisory not met" in lead
    assert f"- {advice}\n" in shown["report md"]
    # 61.6: a Senior's levels against the Team Lead's (recomputed from the YAML with fractions, apart from the
    # code: hiring, coaching and performance at 0 of 3, org design at 0 of 2, and the rest mostly 2 of 3).
    assert "| Machine Learning Team Lead | 61.6 | not met, 1 advisory not met |" in shown["report md"]
    assert "usually at least 4; have 3. <span class=\"small\">Advisory: it does not block.</span>" in shown[
        "report html"]
