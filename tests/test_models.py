"""Each rubric validation rule has a fixture that breaks it, checked through the real loader."""

from __future__ import annotations

import pytest

from assess.core.errors import BadInput
from assess.io.rubric_files import load_rubric_file

from .conftest import write_yaml


def comp(data: dict, comp_id: str) -> dict:
    return next(c for c in data["competencies"] if c["id"] == comp_id)


def breaks(tmp_path, data) -> str:
    path = write_yaml(tmp_path / "broken.yaml", data)
    with pytest.raises(BadInput) as err:
        load_rubric_file(path)
    message = str(err.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    return message


def test_mini_rubric_is_valid(tmp_path, mini_data):
    rubric = load_rubric_file(write_yaml(tmp_path / "ok.yaml", mini_data))
    assert [c.id for c in rubric.competencies] == ["x1", "x2", "y1", "y2"]


def test_duplicate_competency_id(tmp_path, mini_data):
    comp(mini_data, "x2")["id"] = "x1"
    assert "competency id 'x1' appears twice" in breaks(tmp_path, mini_data)


def test_duplicate_area_id(tmp_path, mini_data):
    mini_data["areas"][1]["id"] = "x"
    assert "area id 'x' appears twice" in breaks(tmp_path, mini_data)


def test_duplicate_role_id(tmp_path, mini_data):
    mini_data["ladder"][1]["id"] = "a"
    assert "rung id 'a' appears twice" in breaks(tmp_path, mini_data)


def test_level_without_anchor(tmp_path, mini_data):
    del comp(mini_data, "y1")["anchors"][3]
    assert "competency 'y1': level 3 has no anchor" in breaks(tmp_path, mini_data)


def test_step_without_action(tmp_path, mini_data):
    del comp(mini_data, "x2")["actions"][0]
    assert "competency 'x2': no action to move from level 0 to 1" in breaks(tmp_path, mini_data)


def test_expected_level_falling_up_the_ladder_names_competency_and_roles(tmp_path, mini_data):
    comp(mini_data, "x1")["expected"] = {"a": 1, "b": 3, "c": 2}
    message = breaks(tmp_path, mini_data)
    assert ("competency 'x1': expected 2 at 'c', below the 3 expected at 'b'; an expectation never falls going "
            "up a track") in message


@pytest.mark.parametrize("weight", [0, -1])
def test_competency_weight_must_be_positive(tmp_path, mini_data, weight):
    comp(mini_data, "x1")["weight"] = weight
    message = breaks(tmp_path, mini_data)
    assert "competencies[x1].weight" in message and f"got {weight}" in message


def test_area_weight_must_be_positive(tmp_path, mini_data):
    mini_data["areas"][0]["weight"] = 0
    assert "areas[x].weight" in breaks(tmp_path, mini_data)


def test_area_with_no_competency(tmp_path, mini_data):
    mini_data["areas"].append({"id": "z", "title": "Empty", "weight": 1})
    assert "area 'z' has no competency" in breaks(tmp_path, mini_data)


def test_unknown_area(tmp_path, mini_data):
    comp(mini_data, "x2")["area"] = "nowhere"
    assert "competency 'x2': unknown area 'nowhere'" in breaks(tmp_path, mini_data)


def test_unknown_role_in_expected(tmp_path, mini_data):
    comp(mini_data, "x2")["expected"]["zz"] = 1
    assert "competency 'x2': expected: unknown role 'zz'" in breaks(tmp_path, mini_data)


def test_missing_role_in_expected(tmp_path, mini_data):
    del comp(mini_data, "x2")["expected"]["b"]
    assert "competency 'x2': expected: missing role 'b'" in breaks(tmp_path, mini_data)


def test_unknown_target(tmp_path, mini_data):
    mini_data["target"] = "nobody"
    assert "target: unknown role 'nobody'" in breaks(tmp_path, mini_data)


def test_unknown_role_in_gate(tmp_path, mini_data):
    mini_data["gates"][1]["required"]["zz"] = 3
    assert "gate 'years': required: unknown role 'zz'" in breaks(tmp_path, mini_data)


def test_unknown_fact_in_plausibility_check(tmp_path, mini_data):
    comp(mini_data, "y1")["plausible"][0]["fact"] = "shoe_size"
    assert "plausible: unknown fact 'shoe_size'" in breaks(tmp_path, mini_data)


def test_unknown_role_in_career_steps(tmp_path, mini_data):
    mini_data["career_steps"][1]["to"] = "zz"
    assert "career_steps: unknown role 'zz'" in breaks(tmp_path, mini_data)


def test_renamed_to_unknown_competency(tmp_path, mini_data):
    mini_data["renamed"] = {"old": "gone"}
    assert "renamed: 'old' -> unknown competency 'gone'" in breaks(tmp_path, mini_data)


def test_unknown_key_is_refused(tmp_path, mini_data):
    comp(mini_data, "x1")["wieght"] = 2
    assert "competencies[x1].wieght: unknown field" in breaks(tmp_path, mini_data)


def test_level_out_of_range(tmp_path, mini_data):
    comp(mini_data, "x1")["expected"]["c"] = 5
    assert "competency 'x1': expected[c] = 5 is not a level of the scale" in breaks(tmp_path, mini_data)


@pytest.mark.parametrize("scale", [{0: "a"}, {0: "a", 2: "c"}, {1: "a", 2: "b", 4: "d"}])
def test_scale_is_two_or_more_levels_in_a_row(tmp_path, mini_data, scale):
    mini_data["scale"] = scale
    assert "scale: levels must be at least two whole numbers in a row" in breaks(tmp_path, mini_data)


@pytest.mark.parametrize("levels, within, message", [
    (range(98, 102), range(97, 101), "scale: levels run from 0 to 100 at most, got 98-101"),
    (range(0, 36), range(0, 35), "scale: at most 35 levels, got 36 (0-35)"),
])
def test_a_scale_stays_within_what_a_rating_can_be_and_a_list_can_offer(tmp_path, mini_data, levels, within,
                                                                         message):
    mini_data["scale"] = {level: f"level {level}" for level in levels}
    assert message in breaks(tmp_path, mini_data)
    mini_data["scale"] = {level: f"level {level}" for level in within}  # the scale is fine: another rule breaks
    assert message.split(",")[0] not in breaks(tmp_path, mini_data)


def test_a_scale_of_1_to_5_needs_anchors_and_actions_for_its_own_levels(tmp_path, mini_data):
    mini_data["scale"] = {1: "a", 2: "b", 3: "c", 4: "d", 5: "e"}
    assert "competency 'x1': level 5 has no anchor" in breaks(tmp_path, mini_data)
    for c in mini_data["competencies"]:
        c["anchors"] = {level: f"{c['id']} at {level}" for level in range(1, 6)}
    assert "competency 'x1': no action to move from level 4 to 5" in breaks(tmp_path, mini_data)


def test_level_name_for_a_level_off_the_scale(tmp_path, mini_data):
    comp(mini_data, "x1")["levels"] = {5: "Beyond"}
    assert "competency 'x1': level name for unknown level 5" in breaks(tmp_path, mini_data)


def test_gate_requirement_must_be_an_option(tmp_path, mini_data):
    mini_data["gates"][0]["required"]["c"] = "doctorate"
    message = breaks(tmp_path, mini_data)
    assert "gate 'degree': required[c]: degree = 'doctorate' is not one of" in message


def test_a_choice_whose_options_differ_in_case_alone_is_refused(tmp_path, mini_data):
    """An answer names its option in any case, so "PhD" and "phd" would be one answer for two options."""
    mini_data["gates"][0]["options"] = ["none", "bachelor", "PhD", "phd"]
    assert "fact 'degree': option 'phd' appears twice (in any case)" in breaks(tmp_path, mini_data)


def test_gate_requirement_falling_up_a_track(tmp_path, mini_data):
    mini_data["gates"][1]["required"] = {"b": 5, "c": 2}
    assert ("gate 'years': requires years 2 at 'c', less than the years 5 required at 'b'; a requirement never "
            "falls going up a track") in breaks(tmp_path, mini_data)


def test_gate_alternative_naming_an_unknown_fact(tmp_path, mini_data):
    mini_data["facts"] = [{"id": "years", "title": "Y", "kind": "number"}]
    mini_data["gates"] = [{"id": "g", "title": "G", "required": {"c": [{"years": 3}, {"shoe": 44}]}}]
    assert "gate 'g': required[c]: unknown fact 'shoe'" in breaks(tmp_path, mini_data)


def test_a_gate_alternative_that_lets_in_someone_a_lower_rung_refuses(tmp_path, mini_data):
    mini_data["facts"] = [{"id": "deg", "title": "D", "kind": "choice", "options": ["no", "yes"]},
                          {"id": "pubs", "title": "P", "kind": "number"}, {"id": "years", "title": "Y", "kind": "number"}]
    mini_data["gates"] = [{"id": "g", "title": "G", "required": {"b": {"deg": "yes"},
                                                                   "c": [{"deg": "yes"}, {"pubs": 3}]}}]
    assert "gate 'g': requires deg 'yes' or pubs 3 at 'c', less than the deg 'yes' required at 'b'" in breaks(tmp_path, mini_data)
    mini_data["gates"][0]["required"]["c"] = [{"deg": "yes"}, {"pubs": 3, "deg": "yes"}]
    path = write_yaml(tmp_path / "ok.yaml", mini_data)
    assert load_rubric_file(path).gates[0].required["c"] == [{"deg": "yes"}, {"pubs": 3, "deg": "yes"}]


def test_critical_at_an_unknown_rung_or_where_nothing_is_expected(tmp_path, mini_data):
    comp(mini_data, "x2")["critical"] = ["zz"]
    assert "competency 'x2': critical: unknown role 'zz'" in breaks(tmp_path, mini_data)
    comp(mini_data, "x2")["critical"] = ["a"]
    assert ("competency 'x2': critical at 'a', where nothing is expected of it (the lowest level, 0); expect more "
            "there or leave 'a' out") in breaks(tmp_path, mini_data)


def test_tracks_must_branch_not_join(tmp_path, mini_data):
    mini_data["tracks"] = [{"id": "one", "title": "One", "rungs": ["a", "b"]},
                           {"id": "two", "title": "Two", "rungs": ["a", "c", "b"]}]
    message = breaks(tmp_path, mini_data)
    assert ("tracks: 'b' is on tracks 'One' and 'Two' after they branched; tracks share their first rungs, in "
            "the same order, then branch and never join") in message


def test_every_rung_on_a_track(tmp_path, mini_data):
    mini_data["tracks"] = [{"id": "one", "title": "One", "rungs": ["a", "b"]}]
    assert "role 'c' is on no track" in breaks(tmp_path, mini_data)
    mini_data["tracks"] = [{"id": "one", "title": "One", "rungs": ["a", "b", "zz"]}]
    assert "track 'one': unknown role 'zz'" in breaks(tmp_path, mini_data)


def test_expected_levels_rise_along_every_track(tmp_path):
    import yaml

    from .conftest import DATA

    data = yaml.safe_load((DATA / "tree.yaml").read_text())
    comp(data, "people")["expected"]["p"] = 1  # s 1 -> p 1 is fine; m 4 is on the other track
    write_yaml(tmp_path / "ok.yaml", data)
    comp(data, "code")["expected"]["p"] = 2  # s 3 -> p 2 falls on the IC track
    assert "competency 'code': expected 2 at 'p', below the 3 expected at 's'" in breaks(tmp_path, data)


def test_career_step_must_follow_a_track(tmp_path):
    import yaml

    from .conftest import DATA

    data = yaml.safe_load((DATA / "tree.yaml").read_text())
    data["career_steps"][3]["from"] = "m"
    assert "career_steps: the move to 'p' starts from 's', not 'm'" in breaks(tmp_path, data)


def test_format_1_gates_read_as_one_fact_each(tmp_path, mini_data):
    rubric = load_rubric_file(write_yaml(tmp_path / "ok.yaml", mini_data))
    assert [(f.id, f.kind) for f in rubric.facts] == [("degree", "choice"), ("years", "number")]
    assert rubric.gate("years").required == {"b": [{"years": 2}], "c": [{"years": 5}]}


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_numbers_must_be_finite(tmp_path, mini_data, value):
    path = tmp_path / "nan.yaml"
    text = write_yaml(path, mini_data).read_text().replace("weight: 2\n", f"weight: {value}\n", 1)
    path.write_text(text)
    with pytest.raises(BadInput, match="weight"):
        load_rubric_file(path)


def test_missing_required_field(tmp_path, mini_data):
    del comp(mini_data, "x1")["anchors"]
    assert "competencies[x1].anchors: required field is missing" in breaks(tmp_path, mini_data)
