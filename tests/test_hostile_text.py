"""Text a rubric, an answers file or a person brings stays text wherever it goes: the terminal (no rich markup, no
escape sequences, any encoding, any COLUMNS), CSV output (no formulas), the answers template (no line a YAML
reader would start anew), names and profiles (composed, nothing invisible), and scales a questionnaire can ask."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
import yaml
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from assess.cli import prompts
from assess.cli.tables import frame_csv
from assess.core.questions import check_name, rating_question
from assess.core.text import FORMULA_START, LINE_BREAKS, inert_cell, profile_name, unbroken, visible_name
from assess.io.rubric_files import load_rubric_file
from assess.io.store.sqlite import SQLiteStore

from .conftest import ROOT, write_yaml

EXAMPLE = ROOT / "examples" / "director-ml-engineering" / "mid-career.yaml"
ANSWERS = {"facts": {"degree": "master", "years": 6}, "ratings": {"x1": 2, "x2": 1, "y1": 1, "y2": 0}}


def one_line(result, code: int = 2) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("assess: "), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result.stderr


def rubric_with(tmp_path, mini_data, change, name="hostile"):
    change(mini_data)
    mini_data["id"] = name
    return write_yaml(tmp_path / f"{name}.yaml", mini_data)


def answers_for(tmp_path, rubric, **extra):
    return write_yaml(tmp_path / "answers.yaml", {"rubric": str(rubric), **ANSWERS, **extra})


# --- rich markup ----------------------------------------------------------------------------------------------

MARKUP = ["[/]", "[/A]", "[bold red]loud[/]", "[link=https://example.invalid/x]click me[/link]",
          "[blink]blinking[/blink]", "[on red]x", ":smile: :thumbs_up:", "[reverse]x[/reverse] [", "]"]


@pytest.mark.parametrize("payload", MARKUP)
def test_rubric_text_is_never_read_as_markup(run, tmp_path, mini_data, monkeypatch, payload):
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich writes styles as to a terminal: what it would send is visible
    rubric = rubric_with(tmp_path, mini_data, lambda d: (
        d.update(title=f"Mini {payload}"),
        d["ladder"][0].update(title=f"Rung {payload}"),
        d["areas"][0].update(title=f"Area {payload}"),
        d["competencies"][0].update(title=f"X {payload}")))
    answers = answers_for(tmp_path, rubric, name=f"Jo {payload}")
    outputs = []
    for args in (["score", answers], ["take", "--answers", answers], ["rubrics", "list"], ["rubrics", "show", rubric],
                 ["rubrics", "show", "hostile"], ["report", "-f", "text"]):
        result = run(*args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        outputs.append(result.stdout)
    shown = "".join(outputs)
    assert "\x1b]8;" not in shown and "\x1b[5m" not in shown and "\x1b[7m" not in shown  # no link, blink, reverse
    assert f"X {payload}" in outputs[0] and f"Rung {payload}" in outputs[4]
    assert "😄" not in shown


def test_a_name_with_markup_is_shown_as_typed(run, tmp_path, mini_data):
    rubric = rubric_with(tmp_path, mini_data, lambda d: None)
    result = run("score", answers_for(tmp_path, rubric, name="[bold]Eve[/bold] [/]"))
    assert result.exit_code == 0 and "[bold]Eve[/bold] [/]" in result.stdout


# --- terminals --------------------------------------------------------------------------------------------------


def assess(*args, env: dict[str, str], home) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assess", *map(str, args)], capture_output=True, timeout=60,
                          env={**os.environ, "ASSESS_HOME": str(home), **env})


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_a_terminal_that_cannot_show_every_character_gets_look_alikes(tmp_path, mini_data, encoding):
    rubric = rubric_with(tmp_path, mini_data, lambda d: (d.update(title="职业 — ladder → top"),
                                                         d["competencies"][0].update(title="X ☃ one")))
    home = tmp_path / "home"
    assert assess("take", "--answers", answers_for(tmp_path, rubric), env={}, home=home).returncode == 0
    for args in (["rubrics", "list"], ["rubrics", "show", "director-ml-engineering"], ["rubrics", "show", rubric],
                 ["score", answers_for(tmp_path, rubric)], ["template", "--rubric", rubric], ["history"],
                 ["report", "-f", "text"], ["score", tmp_path / "no—such→file.yaml"]):
        done = assess(*args, env={"PYTHONIOENCODING": encoding}, home=home)
        assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr, (args, done.stderr)
        assert done.returncode in (0, 2), (args, done.stderr)
        # Text in the terminal's own encoding (click writes UTF-8 to a terminal that claims only ASCII).
        done.stdout.decode("utf-8" if encoding == "ascii" else encoding)
    shown = assess("rubrics", "show", "director-ml-engineering", env={"PYTHONIOENCODING": encoding}, home=home)
    assert b"->" in shown.stdout  # none of these has an arrow


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "", "3", "99999999999", "1e3", " 80 "])
def test_any_columns_still_prints(run, tmp_path, mini_data, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    rubric = rubric_with(tmp_path, mini_data, lambda d: None)
    for args in (["rubrics", "list"], ["rubrics", "show", rubric], ["score", answers_for(tmp_path, rubric)]):
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        assert len(result.stdout.strip().splitlines()) >= 3, (args, result.stdout)
    assert "Readiness" in run("score", answers_for(tmp_path, rubric)).stdout


# --- CSV that a spreadsheet would run ---------------------------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"https://example.invalid\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1",
            "=cmd|' /C calc'!A0", "-"]


def test_inert_cells_cover_every_formula_start():
    for start in FORMULA_START:
        assert inert_cell(start + "x") == "'" + start + "x"
    assert inert_cell("x=1") == "x=1" and inert_cell(-1.5) == -1.5 and inert_cell(None) is None


@pytest.mark.parametrize("payload", FORMULAS)
def test_csv_output_never_starts_a_formula(run, tmp_path, mini_data, payload):
    rubric = rubric_with(tmp_path, mini_data, lambda d: d.update(version=payload))
    answers = answers_for(tmp_path, rubric)
    for profile in ("default", "-1-1"):
        for _ in range(2):
            assert run("take", "--answers", answers, f"--profile={profile}").exit_code == 0
    for args in (["history", "-f", "csv"], ["progress", "--profile=-1-1", "-f", "csv"], ["progress", "-f", "csv"]):
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        rows = list(csv.reader(io.StringIO(result.stdout)))
        cells = [cell for row in rows for cell in row]
        assert "'" + payload in cells or "'-1-1" in cells
        for cell in cells:
            if cell.startswith(FORMULA_START):
                float(cell)  # only a number may start so


def test_a_header_that_would_start_a_formula_is_inert_too():
    import pandas as pd

    text = frame_csv(pd.DataFrame([{"=x": "@y", "area:-z": 1.5}]))
    assert text.splitlines() == ["'=x,area:-z", "'@y,1.5"]


# --- the answers template ---------------------------------------------------------------------------------------

BREAKS = ["\u2028", "\u2029", "\u0085", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r\n"]


def test_line_breaks_are_every_splitlines_break():
    every = [chr(c) for c in range(0x110000) if len(f"a{chr(c)}b".splitlines()) == 2]
    assert all(LINE_BREAKS.fullmatch(ch) for ch in every)
    assert unbroken("a\u2028b\u2029c\x85d\r\ne") == "a b c d  e"


@pytest.mark.parametrize("brk", BREAKS)
def test_a_line_break_in_rubric_text_never_makes_a_live_key(run, tmp_path, mini_data, brk):
    planted = f"looks fine{brk}private: [degree]{brk}name: Mallory{brk}evidence: {{x1: planted}}"
    rubric = rubric_with(tmp_path, mini_data, lambda d: (
        d.update(title=planted, source=planted),
        d["scale"].update({1: f"Learning{brk}y1: 4"}),
        d["areas"][0].update(title=f"Area{brk}ratings: {{x1: 4}}"),
        d["competencies"][0].update(title=f"X{brk}x2: 4", description=planted),
        d["competencies"][1]["anchors"].update({2: planted}),
        d["facts"][0].update(hint=planted) if d.get("facts") else None))
    result = run("template", "--rubric", rubric)
    if result.exit_code == 2:  # refused at the door (a control character): one line, nothing printed
        one_line(result)
        assert result.stdout == ""
        return
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.split("\n")
    assert result.stdout.splitlines() == lines[:-1]  # no line is two for anything that splits lines
    data = yaml.safe_load(result.stdout)
    assert set(data) == {"rubric", "profile", "name", "facts", "ratings", "evidence"}
    assert data["name"] is None and data["evidence"] is None
    assert data["ratings"] == {"x1": None, "x2": None, "y1": None, "y2": None}


def test_a_rubric_path_with_a_line_separator_stays_one_value(run, tmp_path, mini_data):
    folder = tmp_path / "odd\u2028private: [degree]"
    folder.mkdir()
    rubric = rubric_with(folder, mini_data, lambda d: None)
    result = run("template", "--rubric", rubric)
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert data["rubric"] == str(rubric) and "private" not in data


# --- names and profiles -----------------------------------------------------------------------------------------

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u3164", "\u115f", "\ufe0f",
             "\U000e0041", "\u180e", "\u034f", "\u2064"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_an_invisible_character_is_refused_wherever_a_name_enters(run, tmp_path, mini_data, char):
    rubric = rubric_with(tmp_path, mini_data, lambda d: None)
    sneaky = f"ad{char}min"
    code = f"U+{ord(char):04X}"
    assert code in one_line(run("score", answers_for(tmp_path, rubric, profile=sneaky)))
    assert code in one_line(run("score", answers_for(tmp_path, rubric, name=sneaky)))
    assert code in one_line(run("take", "--answers", answers_for(tmp_path, rubric), "--profile", sneaky))
    assert code in one_line(run("history", "--profile", sneaky))
    assert code in one_line(run("take", "--answers", answers_for(tmp_path, rubric), "--name", sneaky))
    assert code in one_line(run("take", "--answers", answers_for(tmp_path, rubric), "--profile", "p",
                                "--rater-relation", "peer", "--rater-name", sneaky))
    rater = {"rubric": str(rubric), "ratings": ANSWERS["ratings"], "rater": {"relation": "peer", "name": sneaky}}
    assert code in one_line(run("score", write_yaml(tmp_path / "rater.yaml", rater)))
    with pytest.raises(ValueError, match=code.replace("+", "\\+")):
        check_name(sneaky, 200)
    assert json.loads(run("history", "-f", "json").stdout) == []  # nothing stored on the way


def test_an_invisible_profile_or_name_in_an_import_is_refused(run, tmp_path, mini_data):
    rubric = rubric_with(tmp_path, mini_data, lambda d: None)
    assert run("take", "--answers", answers_for(tmp_path, rubric, name="Jo")).exit_code == 0
    assert run("export", "-o", tmp_path / "x.json").exit_code == 0
    for field in ("profile", "name"):
        data = json.loads((tmp_path / "x.json").read_text())
        run_data = data["runs"][0]
        run_data["id"] = "abcdefabcdef"
        run_data[field] = run_data["answers"][field] = "ad\u200dmin"
        (tmp_path / "y.json").write_text(json.dumps(data))
        assert "U+200D" in one_line(run("--home", tmp_path / "other", "import", tmp_path / "y.json"))


@pytest.mark.parametrize(("given", "stored"), [("Jose\u0301", "José"), ("Ame\u0301lie", "Amélie"),
                                               ("A\u030angstro\u0308m", "Ångström"), ("हिन्दी", "हिन्दी")])
def test_names_and_profiles_are_composed_so_either_spelling_finds_them(run, tmp_path, mini_data, given, stored):
    rubric = rubric_with(tmp_path, mini_data, lambda d: None)
    assert run("take", "--answers", answers_for(tmp_path, rubric, profile=given, name=given)).exit_code == 0
    for typed in (given, stored):
        listing = json.loads(run("history", "-p", typed, "-f", "json").stdout)
        assert [row["profile"] for row in listing] == [stored]
    with SQLiteStore(tmp_path / "assess-home") as store:
        (kept,) = store.runs(stored)
    assert kept.name == stored and kept.answers.profile == stored
    assert check_name(f" {given} ", 200) == stored


def test_the_same_rules_for_a_profile_everywhere():
    for good in ("default", "jo.smith", "a_b-c", "José", "x" * 64):
        assert profile_name(good) == good
    for bad in ("", "a b", "x" * 65, "\u0301x", "a/b", "../etc", "a\u200db", "a\u00a0b", "ab\u3164"):
        with pytest.raises(ValueError):
            profile_name(bad)
    assert visible_name("Jane\u00a0Doe") == "Jane Doe"  # a space that looks like one is one


# --- scales a questionnaire can ask -----------------------------------------------------------------------------


def scale_of(mini_data, levels: list[int]) -> dict:
    mini_data["scale"] = {level: f"Level {level}" for level in levels}
    low = levels[0]
    for comp in mini_data["competencies"]:
        comp["anchors"] = {level: f"{comp['id']} at {level}" for level in levels}
        comp["actions"] = {level: f"{comp['id']} past {level}" for level in levels[:-1]}
        comp["expected"] = {rung: min(levels[-1], low + step) for rung, step in
                            zip(("a", "b", "c"), (1, 1, 2), strict=True)}
        comp.pop("plausible", None)
    return mini_data


@pytest.mark.parametrize("levels", [list(range(0, 36)), list(range(1, 41)), list(range(-1, 4)), [101, 102],
                                    list(range(95, 102)), [10**9, 10**9 + 1], list(range(0, 500))])
def test_a_scale_out_of_range_or_too_long_is_refused_in_one_line(run, tmp_path, mini_data, levels):
    rubric = write_yaml(tmp_path / "scale.yaml", scale_of(mini_data, levels))
    message = one_line(run("rubrics", "validate", rubric))
    assert ("scale:" in message or "less than or equal to 100" in message) and len(message) < 300
    one_line(run("take", "--rubric", rubric))


@pytest.mark.parametrize("levels", [list(range(1, 13)), list(range(10, 15)), list(range(0, 35)), [0, 1]])
def test_a_scale_in_range_validates_and_asks_with_arrows_when_digits_cannot(tmp_path, mini_data, levels):
    rubric = load_rubric_file(write_yaml(tmp_path / "scale.yaml", scale_of(mini_data, levels)))
    question = rating_question(rubric, rubric.competency("x1"))
    keyed = levels[0] >= 0 and levels[-1] <= 9
    assert prompts._keyed(question) is keyed
    assert (prompts._keys_hint(question) == "(↑/↓, Enter)") is not keyed
    assert "( or" not in prompts._keys_hint(question)
    with create_pipe_input() as inp:
        inp.send_text("\x1b[B\r")  # one down from the lowest level
        inp.close()
        assert prompts.ask(question, input=inp, output=DummyOutput()) == levels[1]


def test_an_unkeyed_scale_gives_no_choice_a_shortcut(tmp_path, mini_data, monkeypatch):
    rubric = load_rubric_file(write_yaml(tmp_path / "scale.yaml", scale_of(mini_data, list(range(1, 13)))))
    seen = {}

    class Stop(Exception):
        pass

    def select(message, choices, **options):
        seen.update(options, choices=choices)
        raise Stop

    monkeypatch.setattr(prompts.questionary, "select", select)
    with pytest.raises(Stop):
        prompts.ask(rating_question(rubric, rubric.competency("x1")))
    assert seen["use_shortcuts"] is False and seen["instruction"] == "(↑/↓, Enter)"
    assert not any(choice.shortcut_key or choice.auto_shortcut for choice in seen["choices"])


def test_a_stored_run_of_every_level_loads_again(run, tmp_path, mini_data, isolated_home):
    rubric = write_yaml(tmp_path / "scale.yaml", scale_of(mini_data, list(range(66, 101))))
    answers = write_yaml(tmp_path / "a.yaml", {"rubric": str(rubric), "facts": ANSWERS["facts"],
                                               "ratings": {"x1": 100, "x2": 66, "y1": 80, "y2": None}})
    assert run("take", "--answers", answers).exit_code == 0
    with SQLiteStore(isolated_home) as store:
        assert store.damaged() == [] and store.latest("default").answers.ratings["x1"] == 100
