"""The command line through its real entry point: exact exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
import yaml

from assess import __version__
from assess.cli import app

from .conftest import MINI, ROOT, all_commands, write_yaml

EXAMPLE = ROOT / "examples" / "director-ml-engineering" / "mid-career.yaml"


@pytest.mark.parametrize("command", list(all_commands()), ids=" ".join)
def test_every_command_has_help(run, command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage: " in result.stdout
    doc = app.get_command(click.Context(app), command[0])
    assert doc is not None and doc.help


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"assess {__version__}\n"


def test_rubrics_list(run):
    result = run("rubrics", "list")
    assert result.exit_code == 0
    assert "director-ml-engineering" in result.stdout
    assert "Director of Machine Learning Engineering" in result.stdout


def test_rubrics_show(run):
    result = run("rubrics", "show", "director-ml-engineering")
    assert result.exit_code == 0
    assert "ml-strategy" in result.stdout and "Junior Machine Learning Engineer" in result.stdout


def test_rubrics_validate_ok(run):
    result = run("rubrics", "validate", MINI)
    assert result.exit_code == 0
    assert result.stdout == f"{MINI}: ok (mini 1, 4 competencies)\n"


def test_rubrics_validate_names_competency_and_roles(run, tmp_path, mini_data):
    mini_data["competencies"][0]["expected"] = {"a": 3, "b": 1, "c": 3}
    path = write_yaml(tmp_path / "falling.yaml", mini_data)
    result = run("rubrics", "validate", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"assess: {path}: competency 'x1': expected level falls going up the ladder, a 3 > b 1\n"
    )


def test_unknown_rubric(run):
    result = run("rubrics", "show", "nope")
    assert result.exit_code == 2
    assert result.stderr == ("assess: unknown rubric 'nope'; shipped rubrics: director-ml-engineering "
                             "(or give the path of a rubric file)\n")


def test_template_lists_every_fact_and_competency_and_scores_blank(run, tmp_path):
    result = run("template")
    assert result.exit_code == 0
    data = yaml.safe_load(result.stdout)
    from assess.io.rubric_files import load_rubric

    rubric = load_rubric()
    assert list(data["facts"]) == [f.id for f in rubric.facts]
    assert list(data["ratings"]) == [c.id for c in rubric.competencies]
    assert data["rubric"] == rubric.id
    assert " ".join(rubric.competencies[0].anchors[4].behaviour.split()[:5]) in " ".join(result.stdout.split())
    blank = tmp_path / "blank.yaml"
    blank.write_text(result.stdout)
    scored = run("score", blank, "--format", "json")
    assert scored.exit_code == 0
    assert json.loads(scored.stdout)["readiness"] == 0.0


def test_score_json_has_the_designed_fields(run):
    result = run("score", EXAMPLE, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    for key in ("rubric", "rubric_version", "target", "readiness", "readiness_by_role", "placement",
                "next_role", "areas", "gates", "gaps", "unknowns", "next_steps"):
        assert key in data
    assert data["target"] == "director-ml-eng"
    assert data["placement"] == "senior-mle"
    assert set(data["gaps"][0]) >= {"competency", "title", "current", "expected", "priority"}
    assert set(data["gates"][0]) >= {"id", "required", "actual", "met"}
    blocking = [g["blocking"] for g in data["gaps"]]
    assert blocking == sorted(blocking, reverse=True)  # blocking core gaps first
    for group in (True, False):
        priorities = [g["priority"] for g in data["gaps"] if g["blocking"] is group]
        assert priorities == sorted(priorities, reverse=True)
    assert data["unknowns"] == ["regulatory-compliance"]


def test_score_table(run):
    result = run("score", EXAMPLE)
    assert result.exit_code == 0
    assert "Sam Rivera" in result.stdout
    assert "Readiness for Director of Machine Learning Engineering" in result.stdout


@pytest.mark.parametrize(
    "content, message",
    [
        ("ratings: {ml-strategy: 7}\n", "ratings.ml-strategy: 7 is not a level of rubric 'director-ml-engineering' (0-4, or n for \"not sure\")"),
        ("ratings: {ml-strategy: -1}\n", "ratings.ml-strategy: -1 is not a level of rubric 'director-ml-engineering' (0-4, or n for \"not sure\")"),
        ("ratings: {ml-strategy: high}\n", "ratings.ml-strategy: not a level: write the level's number, or n for \"not sure\" (got 'high')"),
        ("ratings: {no-such-thing: 2}\n", "ratings.no-such-thing: unknown competency for rubric 'director-ml-engineering'"),
        ("facts: {degree: mba}\n", "facts.degree: 'mba' is not one of none, bachelor, master, phd"),
        ("facts: {years_ml: -3}\n", "facts.years_ml: -3 is not a number from 0 to 80"),
        ("rubric: nope\n", "unknown rubric 'nope'; shipped rubrics: director-ml-engineering"),
        ("[1, 2]\n", "expected an answers file (a mapping of keys), got a list"),
        ("", "file is empty, expected an answers file"),
        ("ratings: {a: 1\n", "YAML syntax error at line 2, column 1"),
        ("colour: blue\n", "colour: unknown field"),
    ],
)
def test_bad_answers_exit_2_with_one_line(run, tmp_path, content, message):
    path = tmp_path / "answers.yaml"
    path.write_text(content)
    result = run("score", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert message in result.stderr
    if not message.startswith("unknown rubric"):
        assert result.stderr.startswith(f"assess: {path}: ")


def test_missing_answers_file(run, tmp_path):
    result = run("score", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"assess: {tmp_path / 'nope.yaml'}: no such file\n"


def test_internal_error_is_one_line_exit_1(run, monkeypatch):
    import assess.core.scoring

    def boom(*_):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(assess.core.scoring, "score", boom)
    result = run("score", EXAMPLE)
    assert result.exit_code == 1
    assert result.stderr == "assess: internal error: RuntimeError: kaboom (rerun with --debug for details)\n"
    with pytest.raises(RuntimeError, match="kaboom"):  # --debug lets the traceback through
        run("--debug", "score", EXAMPLE)
    bad = run("--debug", "score", EXAMPLE.parent / "missing.yaml")
    assert bad.exit_code == 2  # a person's mistake is still one line, --debug or not


def test_real_entry_point_subprocess():
    proc = subprocess.run(
        [sys.executable, "-m", "assess", "score", str(EXAMPLE), "--format", "json"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rubric"] == "director-ml-engineering"


def test_score_table_shows_a_few_implausible_ratings_and_counts_the_rest(run, tmp_path):
    template = run("template").stdout
    filled = []
    for line in template.splitlines():
        key = line.strip().rstrip(":")
        if line.startswith("  ") and line.endswith(":") and not line.strip().startswith("#"):
            value = {"degree": "phd", "years_ml": "1", "years_leadership": "0", "publications": "0"}.get(key, "4")
            line = f"{line} {value}"
        filled.append(line)
    path = tmp_path / "all4.yaml"
    path.write_text("\n".join(filled) + "\n")
    data = json.loads(run("score", path, "-f", "json").stdout)
    implausible = [w for w in data["warnings"] if w["kind"] == "implausible"]
    assert len(implausible) > 3
    assert implausible[0]["message"].startswith("ML strategy and roadmap rated 4, but years ")
    table = run("score", path).stdout
    assert table.count("rated 4, but") == 3
    assert f"Check: {len(implausible) - 3} more ratings look high for the facts given" in table
    assert "Check: 43 of 43 ratings are 4" in table


@pytest.mark.parametrize("command", [["template"], ["history"], ["progress"], ["report"], ["take"], ["export"],
                                     ["delete", "--yes"]])
@pytest.mark.parametrize("profile", ["a\x1b]0;owned\x07", "a\nrubric: /dev/zero", "../etc", "x" * 65])
def test_a_profile_name_is_checked_before_it_is_echoed_or_written(run, command, profile):
    result = run(*command, "--profile", profile)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("assess: --profile: ") and result.stderr.count("\n") == 1
    assert "\x1b" not in result.stderr and "is not a profile name" in result.stderr


def test_no_help_listing_cuts_a_description_short(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    groups = [(), *(words for words in all_commands() if words == ("rubrics",))]  # every group that lists commands
    assert groups == [(), ("rubrics",)]
    for words in groups:
        listing = run(*words, "--help").stdout.split("Commands:")[1]
        assert "..." not in listing and "…" not in listing, words


def test_rubrics_list_never_shortens_the_id_a_person_types(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    listed = run("rubrics", "list").stdout
    assert "│ director-ml-engineering │" in listed
    assert max(len(line) for line in listed.splitlines()) <= 80
