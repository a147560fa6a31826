"""A rung's own requirements: core skills it needs in full, its own tolerance, advisory gates; and where a person
is furthest. Worked by hand on tests/data/tree.yaml (tracks j -> s -> m and j -> s -> p, scale 1-5); the numbers
are those of the worked example in rubrics/FORMAT.md.

Shares at p: code 2, design 2, people 1 (of 5); code is core at j, s and p, design at p, people at m.
"""

from __future__ import annotations

import copy

import pytest
import yaml

from assess.core.answers import Answers
from assess.core.readiness import core_short, gate_results
from assess.core.rubric import Rubric
from assess.core.scoring import score

from .conftest import DATA
from .test_models import breaks

TREE = yaml.safe_load((DATA / "tree.yaml").read_text())
FACTS = {"degree": "bachelor", "years": 8, "papers": 4}


def tree(**changes) -> Rubric:
    """tree.yaml with rungs changed: `p={"in_full": ["design"]}` sets fields of rung p."""
    data = copy.deepcopy(TREE)
    for role in data["ladder"]:
        role.update(changes.get(role["id"], {}))
    return Rubric.model_validate(data)


def with_gate(gate_id: str, **fields) -> Rubric:
    data = copy.deepcopy(TREE)
    next(g for g in data["gates"] if g["id"] == gate_id).update(fields)
    return Rubric.model_validate(data)


def result(rubric: Rubric, ratings: dict, facts=FACTS):
    return score(rubric, Answers(rubric="tree", ratings=ratings, facts=facts))


def role(found, role_id: str):
    return next(r for r in found.roles if r.id == role_id)


# --- in full ------------------------------------------------------------------------------------------------

ONE_SHORT_ON_DESIGN = {"code": 5, "design": 3, "people": 2}


def test_one_level_short_is_within_the_tolerance_unless_the_rung_needs_the_skill_in_full():
    # p: code 1, design (3 - 1) / (4 - 1) = 2/3, people 1 -> (2 + 2 * 2/3 + 1) / 5 = 86.7, design 1 short of 4.
    plain = result(tree(), ONE_SHORT_ON_DESIGN)
    assert (role(plain, "p").readiness, role(plain, "p").core_short, role(plain, "p").met) == (86.7, [], True)
    strict = result(tree(p={"in_full": ["design"]}), ONE_SHORT_ON_DESIGN)
    assert (role(strict, "p").readiness, role(strict, "p").core_short, role(strict, "p").met) == (86.7, ["design"],
                                                                                                  False)
    assert {p.track: p.placement for p in strict.placements} == {"manage": "s", "ic": "s"}
    # At its expected level it holds, in full or not.
    assert role(result(tree(p={"in_full": ["design"]}), {"code": 5, "design": 4, "people": 2}), "p").met


def test_in_full_is_for_the_rung_that_says_it_not_for_other_rungs():
    # code is in full at p only: 1 short of s's 3 stays within s's tolerance.
    rubric = tree(p={"in_full": ["code"]})
    assert core_short(rubric, {"code": 2, "design": 2, "people": 1}, set(), "s") == []
    one_short_at_p = {"code": 4, "design": 4, "people": 2}
    assert core_short(rubric, one_short_at_p, set(), "p") == ["code"]
    assert core_short(tree(), one_short_at_p, set(), "p") == []


def test_a_gap_a_rung_needs_in_full_blocks_and_ranks_first():
    found = result(tree(p={"in_full": ["design"]}), ONE_SHORT_ON_DESIGN)
    ic = next(p for p in found.placements if p.track == "ic")
    assert ic.what_it_takes.core == ["design"]
    assert [(c.competency, c.from_, c.to) for c in ic.what_it_takes.changes] == [("design", 3, 4)]


# --- a rung's own tolerance ---------------------------------------------------------------------------------

def test_a_rungs_tolerance_replaces_the_rubrics_there_only():
    two_short = {"code": 3, "design": 4, "people": 2}  # code 2 short of p's 5, 0 short of s's 3
    assert core_short(tree(), two_short, set(), "p") == ["code"]
    assert core_short(tree(p={"tolerance": 2}), two_short, set(), "p") == []
    one_short = {"code": 2, "design": 2, "people": 1}  # code 1 short of s's 3
    assert core_short(tree(), one_short, set(), "s") == []
    assert core_short(tree(s={"tolerance": 0}), one_short, set(), "s") == ["code"]  # 0 is a tolerance, not unset
    assert core_short(tree(s={"tolerance": 0}), {"code": 4, "design": 3, "people": 1}, set(), "p") == []  # p: 1


def test_in_full_wins_over_a_rungs_tolerance():
    rubric = tree(p={"tolerance": 3, "in_full": ["design"]})
    assert core_short(rubric, {"code": 2, "design": 3, "people": 2}, set(), "p") == ["design"]


def test_not_sure_and_the_lowest_level_block_whatever_the_tolerance():
    rubric = tree(p={"tolerance": 4})
    assert core_short(rubric, {"code": 1, "design": 4, "people": 2}, set(), "p") == ["code"]
    assert core_short(rubric, {"code": 5, "design": 4, "people": 2}, {"design"}, "p") == ["design"]


# --- advisory requirements ----------------------------------------------------------------------------------

SENIOR = {"code": 3, "design": 2, "people": 1}
TWO_YEARS = {"degree": "bachelor", "years": 2, "papers": 0}


def test_an_advisory_requirement_is_shown_and_never_blocks():
    # s asks 3 years; with 2, s is not met while the requirement gates, and is met once it advises.
    gating = result(tree(), SENIOR, TWO_YEARS)
    assert (role(gating, "s").gates_met, role(gating, "s").met, gating.placement) == (False, False, "j")
    advising = result(with_gate("exp", advisory=["s"]), SENIOR, TWO_YEARS)
    assert (role(advising, "s").gates_met, role(advising, "s").met, advising.placement) == (True, True, "s")
    exp = next(g for g in gate_results(with_gate("exp", advisory=["s"]), advising_answers(), "s") if g.id == "exp")
    assert (exp.met, exp.advisory, exp.assumed, exp.required) == (False, True, True, [{"years": 3}])


def test_each_rung_lists_the_advisory_requirements_it_does_not_meet():
    found = result(with_gate("exp", advisory=["s", "m"]), SENIOR, TWO_YEARS)
    assert {r.id: (r.gates_met, r.advisory_unmet) for r in found.roles} == {
        "j": (True, []), "s": (True, ["exp"]), "m": (True, ["exp"]), "p": (False, [])}  # p: edu and exp block
    met = result(with_gate("exp", advisory=["s", "m"]), SENIOR, {"degree": "bachelor", "years": 5, "papers": 0})
    assert [r.advisory_unmet for r in met.roles] == [[], [], [], []]


def advising_answers() -> Answers:
    return Answers(rubric="tree", ratings=SENIOR, facts=TWO_YEARS)


def test_an_advisory_requirement_is_an_assumption_of_the_rubric_even_unlisted():
    rubric = with_gate("edu", advisory=["p"])  # edu names no assumed rung
    edu = next(g for g in gate_results(rubric, advising_answers(), "p") if g.id == "edu")
    assert (edu.advisory, edu.assumed, edu.met) == (True, True, False)
    assert next(g for g in gate_results(tree(), advising_answers(), "p") if g.id == "edu").assumed is False


def test_advisory_is_per_rung_stated_requirements_still_block():
    rubric = with_gate("exp", advisory=["s"])
    at_m = {"code": 3, "design": 3, "people": 4}
    found = result(rubric, at_m, {"degree": "bachelor", "years": 4, "papers": 0})
    assert role(found, "s").met and not role(found, "m").met  # m asks 5 years and does not advise
    m = next(g for g in gate_results(rubric, advising_answers(), "m") if g.id == "exp")
    assert (m.advisory, m.assumed) == (False, True)
    p = next(g for g in gate_results(rubric, advising_answers(), "p") if g.id == "exp")
    assert (p.advisory, p.assumed) == (False, False)


def test_what_it_takes_lists_advisory_requirements_apart_and_they_do_not_count_as_distance():
    rubric = with_gate("exp", advisory=["m"])
    found = result(rubric, {"code": 3, "design": 3, "people": 3}, {"degree": "bachelor", "years": 4, "papers": 0})
    manage = next(p for p in found.placements if p.track == "manage")
    take = manage.what_it_takes
    assert take.role == "m"
    assert take.gates == [] and [g.id for g in take.advisory] == ["exp"]
    gating = result(tree(), {"code": 3, "design": 3, "people": 3}, {"degree": "bachelor", "years": 4, "papers": 0})
    take = next(p for p in gating.placements if p.track == "manage").what_it_takes
    assert [g.id for g in take.gates] == ["exp"] and take.advisory == []


def test_an_advisory_requirement_does_not_make_a_shared_rung_private_nor_says_the_fact():
    from assess.core.share import Sharing, shared_result

    assert Sharing(("years",)).hidden_rungs(tree()) == {"s", "m", "p"}
    rubric = with_gate("exp", advisory=["s", "m"])
    assert Sharing(("years",)).hidden_rungs(rubric) == {"p"}
    found = result(rubric, SENIOR, TWO_YEARS)
    hidden = shared_result(rubric, found, Sharing(("years",)))
    assert [r.advisory_unmet for r in hidden.roles] == [[], [], [], []]
    assert [r.advisory_unmet for r in shared_result(rubric, found, Sharing(("degree",))).roles] == [
        [], ["exp"], ["exp"], []]


# --- where the person is furthest ---------------------------------------------------------------------------

def test_the_furthest_rung_is_the_highest_on_any_track():
    found = result(tree(), {"code": 5, "design": 4, "people": 2})  # p met, m not: s on the path
    assert found.placement == "s"
    assert (found.furthest.track, found.furthest.placement, found.furthest.title) == ("ic", "p",
                                                                                      "Individual contributor")
    assert result(tree(), {"code": 1, "design": 1, "people": 1}).furthest is None


def test_between_tracks_as_far_up_the_path_is_furthest():
    both = {"code": 5, "design": 4, "people": 4}
    qualified = {"degree": "master", "years": 8, "papers": 4}
    assert (result(tree(), both, qualified).furthest.track, result(tree(), both, qualified).furthest.placement) == (
        "manage", "m")
    data = copy.deepcopy(TREE)
    data["target"] = "p"  # the path is now the second track
    found = result(Rubric.model_validate(data), both, qualified)
    assert (found.furthest.track, found.furthest.placement) == ("ic", "p")
    shared_rung = result(tree(), {"code": 3, "design": 2, "people": 1}, qualified)  # s only: on both tracks
    assert (shared_rung.furthest.track, shared_rung.furthest.placement) == ("manage", "s")


# --- what a rubric file may say -----------------------------------------------------------------------------

@pytest.mark.parametrize(("rung", "fields", "message"), [
    ("p", {"in_full": ["nope"]}, "rung 'p': in_full: unknown competency 'nope'"),
    ("p", {"in_full": ["design", "design"]}, "rung 'p': in_full names 'design' twice"),
    ("p", {"in_full": ["people"]}, "rung 'p': in_full: 'people' is not core here (add 'p' to its critical)"),
    ("s", {"in_full": ["people"]}, "rung 's': in_full: 'people' is expected at the lowest level here, so there is "
                                   "nothing to require in full"),
    ("j", {"in_full": ["code"], "tolerance": 1}, "rung 'j': tolerance 1 applies to no competency"),
    ("m", {"tolerance": -1}, "tolerance"),
    ("m", {"tolerance": 1.5}, "tolerance"),
    ("m", {"in_fll": ["people"]}, "in_fll"),
])
def test_contradictions_in_a_rungs_requirements_are_refused(tmp_path, rung, fields, message):
    data = copy.deepcopy(TREE)
    next(r for r in data["ladder"] if r["id"] == rung).update(fields)
    assert message in breaks(tmp_path, data)


@pytest.mark.parametrize(("advisory", "message"), [
    (["p", "x"], "gate 'exp': advisory: unknown role 'x'"),
    (["j"], "gate 'exp': advisory at 'j', where it requires nothing"),
])
def test_advisory_names_rungs_the_gate_requires_something_of(tmp_path, advisory, message):
    data = copy.deepcopy(TREE)
    data["gates"][1]["advisory"] = advisory
    assert message in breaks(tmp_path, data)


def test_the_tolerance_is_per_rung_and_in_full_core_skills_are_allowed_everywhere_they_are_core():
    rubric = tree(j={"in_full": ["code"]}, s={"tolerance": 0}, p={"in_full": ["code", "design"]}, m={"tolerance": 2})
    assert [(r.id, r.in_full, r.tolerance) for r in rubric.ladder] == [
        ("j", ["code"], None), ("s", [], 0), ("m", [], 2), ("p", ["code", "design"], None)]
    code, people = rubric.competency("code"), rubric.competency("people")
    assert [rubric.tolerance(code, r) for r in ("j", "s", "m", "p")] == [0, 0, 2, 0]
    assert rubric.tolerance(people, "m") == 2


# --- rubrics show -------------------------------------------------------------------------------------------

def _rung_blocks(text: str) -> dict[str, list[str]]:
    """The lines under each numbered rung of "What each rung requires"."""
    blocks: dict[str, list[str]] = {}
    current = None
    for line in text.split("What each rung requires", 1)[1].splitlines()[1:]:
        if line[:1].isdigit():
            current = line.split(" ", 1)[1].strip()
            blocks[current] = []
        elif current and line.strip():
            blocks[current].append(line.strip())
    return blocks


def test_rubrics_show_prints_what_each_rung_requires_in_full_and_what_advises(run):
    shown = run("rubrics", "show", "director-ml-engineering")
    assert shown.exit_code == 0
    blocks = _rung_blocks(shown.stdout)
    assert blocks["Staff Machine Learning Engineer"] == [
        "in full: ml-architecture, technical-influence",
        "core, within 1 level: ml-foundations, ml-specialisation",
        "advisory: Years working in machine learning: at least 6"]
    assert blocks["Machine Learning Team Lead"][-2:] == [  # in the rubric's order of gates
        "advisory: Years working in machine learning: at least 4",
        "gate: Years managing ML people with direct reports: at least 0.5"]
    director = blocks["Director of Machine Learning Engineering"]
    assert director[0] == "in full: ml-strategy, ml-org-design, ml-hiring, performance-retention"
    assert "gate: Years working in machine learning: at least 8" in director
    assert not any(line.startswith("advisory") for line in director)  # the profile's own requirements block
    assert not any(line.startswith("in full") for line in blocks["Junior Machine Learning Engineer"])


def test_rubrics_show_prints_a_rungs_own_tolerance(run, tmp_path):
    from .conftest import write_yaml

    data = copy.deepcopy(TREE)
    next(r for r in data["ladder"] if r["id"] == "s").update({"tolerance": 0})
    next(r for r in data["ladder"] if r["id"] == "p").update({"in_full": ["design"], "tolerance": 2})
    next(g for g in data["gates"] if g["id"] == "exp")["advisory"] = ["s"]
    blocks = _rung_blocks(run("rubrics", "show", write_yaml(tmp_path / "t.yaml", data)).stdout)
    assert blocks["Senior"] == ["core, within 0 levels: code", "advisory: Experience: at least 3"]
    assert blocks["Principal"] == ["in full: design", "core, within 2 levels: code",
                                   "gate: Master's or equivalent: Degree: master; or Degree: bachelor or higher and "
                                   "Papers: at least 3", "gate: Experience: at least 6"]
