"""The verdict a hiring committee would sign, on the shipped Director rubric.

Two kinds of cases: "obvious people" written out with the committee's verdict (tests/data/obvious-people.yaml:
a rung's expected levels, a few changes, the placement on each track and why), and cases generated for every
rung of every track: a person at exactly a rung's expectations is placed there, and the same person two
levels short on any one of that rung's core skills, or "not sure" of it, is not.
"""

from __future__ import annotations

import pytest
import yaml

from assess.models import Answers
from assess.rubric_files import load_rubric
from assess.scoring import score, shares

from .conftest import DATA

RUBRIC = load_rubric("director-ml-engineering")
PEOPLE = yaml.safe_load((DATA / "obvious-people.yaml").read_text())["people"]
# Enough of everything for every gate of every rung.
QUALIFIED = {"degree": "phd", "years_ml": 20, "years_leadership": 10, "publications": 5}


def at(rung: str | None) -> dict[str, int | None]:
    return {c.id: (c.expected[rung] if rung else 0) for c in RUBRIC.competencies}


def placed(ratings, facts=QUALIFIED) -> dict[str, str | None]:
    result = score(RUBRIC, Answers(ratings=ratings, facts=facts))
    return {p.track: p.placement for p in result.placements}


def test_the_obvious_people_are_for_this_rubric_version():
    data = yaml.safe_load((DATA / "obvious-people.yaml").read_text())
    assert (data["rubric"], data["rubric_version"]) == (RUBRIC.id, RUBRIC.version)


@pytest.mark.parametrize("person", PEOPLE, ids=[p["name"] for p in PEOPLE])
def test_obvious_person_gets_the_committees_verdict(person):
    ratings = at(person["start_from"]) | (person.get("changes") or {})
    assert placed(ratings, person["facts"]) == person["placement"], person["why"]


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
def test_two_levels_short_on_a_core_skill_is_not_the_rung(rung, comp):
    expected = RUBRIC.competency(comp).expected[rung]
    short = at(rung) | {comp: max(RUBRIC.min_level, expected - 1 - RUBRIC.scoring.critical_tolerance)}
    unsure = at(rung) | {comp: None}
    for ratings in (short, unsure):
        result = score(RUBRIC, Answers(ratings=ratings, facts=QUALIFIED))
        role = next(r for r in result.roles if r.id == rung)
        assert not role.met and comp in role.core_short
    within = at(rung) | {comp: max(expected - RUBRIC.scoring.critical_tolerance, RUBRIC.min_level + 1)}
    role = next(r for r in score(RUBRIC, Answers(ratings=within, facts=QUALIFIED)).roles if r.id == rung)
    assert comp not in role.core_short


@pytest.mark.parametrize("rung", RUBRIC.role_ids())
def test_every_core_skill_weighs_at_least_any_other_at_its_rung(rung):
    weights = shares(RUBRIC, rung)
    core = [weights[c.id] for c in RUBRIC.competencies if RUBRIC.is_core(c, rung)]
    other = [weights[c.id] for c in RUBRIC.competencies if c.id in weights and not RUBRIC.is_core(c, rung)]
    assert min(core) >= max(other)


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
