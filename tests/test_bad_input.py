"""Bad answers files and rubrics: exit 2, one line naming file, field and value, no traceback."""

from __future__ import annotations

import json
import os
import pathlib

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.core.answers import check_answers
from assess.core.errors import BadInput
from assess.io.answers_files import load_answers_file
from assess.io.rubric_files import load_rubric, load_rubric_file

# 9^13 strings if expanded; PyYAML shares them, but anything that walks the tree would not finish.
BILLION_LAUGHS = "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 13)
) + "name: *a12\n"

CASES = {
    "yaml-syntax": (b"ratings: {ml-strategy: 2\n", "YAML syntax error at line 2"),
    "empty": (b"", "file is empty, expected an answers file"),
    "only-comments": (b"# nothing here\n", "file is empty, expected an answers file"),
    "binary": (bytes(range(256)) * 4, "binary file, expected YAML text"),
    "list": (b"- 1\n- 2\n", "expected an answers file (a mapping of keys), got a list"),
    "scalar": (b"just words\n", "expected an answers file (a mapping of keys), got a str"),
    "unknown-competency": (b"ratings: {ml-stratgy: 2}\n", "ratings.ml-stratgy: unknown competency"),
    "rating-too-high": (b"ratings: {ml-strategy: 5}\n", "ratings.ml-strategy: 5 is not a level of rubric 'director-ml-engineering' (0-4, or n for \"not sure\")"),
    # Every wrong rating reads like the questionnaire's: one line saying what a rating is.
    "rating-negative": (b"ratings: {ml-strategy: -2}\n", "ratings.ml-strategy: -2 is not a level of rubric 'director-ml-engineering' (0-4, or n for \"not sure\")"),
    "rating-float": (b"ratings: {ml-strategy: 2.5}\n", "ratings.ml-strategy: not a level: write the level's number, or n for \"not sure\" (got 2.5)"),
    "rating-bool": (b"ratings: {ml-strategy: true}\n", "ratings.ml-strategy: not a level: write the level's number, or n for \"not sure\" (got True)"),
    "rating-text": (b"ratings: {ml-strategy: three}\n", "ratings.ml-strategy: not a level: write the level's number, or n for \"not sure\" (got 'three')"),
    "rating-level-name": (b"ratings: {ml-strategy: Practitioner}\n", "ratings.ml-strategy: not a level: write the level's number, or n for \"not sure\" (got 'Practitioner')"),
    "rating-quoted-number": (b"ratings: {ml-strategy: '3'}\n", "ratings.ml-strategy: not a level: write the level's number, or n for \"not sure\" (got '3')"),
    "ratings-list": (b"ratings: [1, 2]\n", "ratings: Input should be a valid dictionary (got [1, 2])"),
    "unknown-degree": (b"facts: {degree: diploma}\n", "facts.degree: 'diploma' is not one of none, bachelor, master, phd"),
    "negative-years": (b"facts: {years_ml: -1}\n", "facts.years_ml: -1 is not a number from 0 to 80"),
    "years-text": (b"facts: {years_ml: many}\n", "facts.years_ml: 'many' is not a number from 0 to 80"),
    "unknown-fact": (b"facts: {shoe_size: 44}\n", "facts.shoe_size: unknown fact"),
    "unknown-rubric": (b"rubric: accountant\n", "unknown rubric 'accountant'"),
    "unknown-key": (b"ratngs: {}\n", "ratngs: unknown field"),
    "deep-nesting": (b"ratings: " + b"[" * 5000 + b"]" * 5000 + b"\n", "nest"),
    "deep-block-nesting": ("".join(f"{'  ' * i}k{i}:\n" for i in range(60)).encode(), "nested deeper than 50 levels"),
    "alias-bomb": (BILLION_LAUGHS.encode(), "more than 100 aliases"),
    "latin-1": ("name: José\n".encode("latin-1"), "not UTF-8 text (byte 9)"),
    "bad-profile": (b"profile: ../../etc\n", "profile: String should match pattern"),
    "name-two-lines": (b'name: "Sam\\nReadiness: 100.0 / 100"\n', "name: a name is one line: it contains a line break"),
    "number-too-long": (b"facts: {years_ml: 1" + b"0" * 5000 + b"}\n",
                        "a number 5,001 characters long at line 1, column 19"),
    "number-just-long-enough": (b"facts: {years_ml: 1" + b"0" * 29 + b"}\n",  # read, then found out of range
                                "facts.years_ml: 100000000000000000000000000000 is not a number from 0 to 80"),
}


def test_alias_structure_below_the_limit_is_not_printed_whole(run, tmp_path):
    small_bomb = "\n".join(BILLION_LAUGHS.splitlines()[:11]) + "\nname: *a10\n"
    path = tmp_path / "answers.yaml"
    path.write_text(small_bomb)
    result = run("score", path)
    assert result.exit_code == 2
    assert len(result.stderr) < 300, result.stderr


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_answers_file(run, tmp_path, isolated_home, case):
    content, message = CASES[case]
    path = tmp_path / "answers.yaml"
    path.write_bytes(content)
    result = run("score", path)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    if case != "unknown-rubric":
        assert result.stderr.startswith(f"assess: {path}: ")
    assert not isolated_home.exists() or not any(isolated_home.iterdir())


def test_missing_file(run, tmp_path):
    result = run("score", tmp_path / "missing.yaml")
    assert (result.exit_code, result.stderr) == (2, f"assess: {tmp_path / 'missing.yaml'}: no such file\n")


def test_folder_instead_of_file(run, tmp_path):
    result = run("score", tmp_path)
    assert (result.exit_code, result.stderr) == (2, f"assess: {tmp_path}: is a folder, not a file\n")


def test_unreadable_file(run, tmp_path, monkeypatch):
    path = tmp_path / "secret.yaml"
    path.write_text("ratings: {}\n")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything; make the open fail as it would for a user
        import assess.io.files

        real = os.open

        def denied(name, *args, **kwargs):
            if pathlib.Path(name) == path:
                raise PermissionError(13, "Permission denied")
            return real(name, *args, **kwargs)

        monkeypatch.setattr(assess.io.files.os, "open", denied)
    result = run("score", path)
    assert (result.exit_code, result.stderr) == (2, f"assess: {path}: permission denied; check who may read it and its folder\n")


def test_huge_file_is_refused_without_reading(run, tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    result = run("score", path)
    assert result.exit_code == 2
    assert result.stderr == f"assess: {path}: file is over the limit of 2,097,152 bytes\n"


def test_bad_rubric_through_validate(run, tmp_path):
    path = tmp_path / "rubric.yaml"
    path.write_bytes(BILLION_LAUGHS.encode())
    result = run("rubrics", "validate", path)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
answer_keys = st.sampled_from(["rubric", "profile", "name", "facts", "ratings", "evidence", "extra"])
comp_keys = st.sampled_from(["ml-strategy", "ml-hiring", "nope", "degree", "years_ml"])
answers_like = st.dictionaries(
    answer_keys,
    yaml_values | st.dictionaries(comp_keys, yaml_values, max_size=4),
    max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=answers_like)
def test_fuzzed_answers_load_or_raise_our_error(tmp_path, data):
    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(data))
    try:
        answers = load_answers_file(path)
        rubric = load_rubric(answers.rubric)
        check_answers(answers, rubric, path)
    except BadInput as err:
        assert str(err) and "\n" not in str(err)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_fuzzed_bytes_load_or_raise_our_error(tmp_path, raw):
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(raw)
    for loader in (load_answers_file, load_rubric_file):
        try:
            loader(path)
        except BadInput as err:
            assert str(err) and "\n" not in str(err)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=st.tuples(st.sampled_from(["areas", "competencies", "ladder", "gates", "scale", "target"]), yaml_values))
def test_fuzzed_rubric_fields_load_or_raise_our_error(tmp_path, mini_data, mutation):
    key, value = mutation
    mini_data[key] = value
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(mini_data))
    try:
        load_rubric_file(path)
    except BadInput as err:
        assert str(err).startswith(f"{path}: ") and "\n" not in str(err)


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_not(tmp_path):
    from assess.core.errors import BadInput
    from assess.io.files import read_limited

    path = tmp_path / "f"
    path.write_bytes(b"x" * 10)
    assert read_limited(path, 10) == b"x" * 10
    path.write_bytes(b"x" * 11)
    with pytest.raises(BadInput, match=r": file is over the limit of 10 bytes$"):
        read_limited(path, 10)
    endless = tmp_path / "endless"
    endless.symlink_to("/dev/zero")  # stat says 0 bytes
    with pytest.raises(BadInput, match=r": not a regular file \(a device, pipe or socket\); give a file$"):
        read_limited(endless, 10)


def test_a_file_that_grows_after_stat_is_still_bounded(tmp_path, monkeypatch):
    import os as os_module

    from assess.core.errors import BadInput
    from assess.io import files

    path = tmp_path / "growing"
    path.write_bytes(b"x" * 100)
    real = os_module.fstat

    class Shrunk:  # what stat() said a moment before the file grew
        def __init__(self, fd):
            self._real = real(fd)
            self.st_mode, self.st_size = self._real.st_mode, 0

    monkeypatch.setattr(files.os, "fstat", Shrunk)
    with pytest.raises(BadInput, match=r": file is over the limit of 10 bytes$"):
        files.read_limited(path, 10)


def test_a_file_name_with_a_line_break_stays_on_the_one_line(run, tmp_path):
    path = tmp_path / "a\nb.yaml"
    path.write_text("")
    result = run("score", path)
    assert (result.exit_code, result.stderr) == (
        2, f"assess: {tmp_path}/a\\nb.yaml: file is empty, expected an answers file\n")


@pytest.mark.parametrize("written", ["n", "N", "not sure", "Not Sure", "?", ""])
def test_not_sure_written_as_the_questionnaire_takes_it(run, tmp_path, written):
    path = tmp_path / "answers.yaml"
    path.write_text(f"ratings: {{ml-strategy: {written!r}}}\n" if written else "ratings: {ml-strategy: }\n")
    data = json.loads(run("score", path, "-f", "json").stdout)
    assert "ml-strategy" in data["unknowns"]
