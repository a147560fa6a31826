"""Each rubric validation rule has a fixture that breaks it, checked through the real loader."""

from __future__ import annotations

import pytest

from assess.errors import BadInput
from assess.rubrics import load_rubric_file

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
    assert "duplicate competency id 'x1'" in breaks(tmp_path, mini_data)


def test_duplicate_area_id(tmp_path, mini_data):
    mini_data["areas"][1]["id"] = "x"
    assert "duplicate area id 'x'" in breaks(tmp_path, mini_data)


def test_duplicate_role_id(tmp_path, mini_data):
    mini_data["ladder"][1]["id"] = "a"
    assert "duplicate role id 'a'" in breaks(tmp_path, mini_data)


def test_level_without_anchor(tmp_path, mini_data):
    del comp(mini_data, "y1")["anchors"][3]
    assert "competency 'y1': level 3 has no anchor" in breaks(tmp_path, mini_data)


def test_step_without_action(tmp_path, mini_data):
    del comp(mini_data, "x2")["actions"][0]
    assert "competency 'x2': no action to move from level 0 to 1" in breaks(tmp_path, mini_data)


def test_expected_level_falling_up_the_ladder_names_competency_and_roles(tmp_path, mini_data):
    comp(mini_data, "x1")["expected"] = {"a": 1, "b": 3, "c": 2}
    message = breaks(tmp_path, mini_data)
    assert "competency 'x1': expected level falls going up the ladder, b 3 > c 2" in message


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
    assert "competencies[x1].expected.c" in breaks(tmp_path, mini_data)


def test_scale_must_label_levels_0_to_4(tmp_path, mini_data):
    del mini_data["scale"][4]
    assert "scale: must label exactly levels 0-4" in breaks(tmp_path, mini_data)


def test_gate_requirement_must_be_an_option(tmp_path, mini_data):
    mini_data["gates"][0]["required"]["c"] = "doctorate"
    assert "required[c] = 'doctorate' is not one of" in breaks(tmp_path, mini_data)


def test_missing_required_field(tmp_path, mini_data):
    del comp(mini_data, "x1")["anchors"]
    assert "competencies[x1].anchors: required field is missing" in breaks(tmp_path, mini_data)
