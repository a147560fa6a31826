"""`assess rubrics import` with the sheets people have: every problem at once with its sheet, row and column; the
long layout (one row per competency and rung, or one sheet per rung, as FT's tracker keeps it); every setting as
a row or column; signals and examples; CR LF in a cell; yes and no as people write them."""

from __future__ import annotations

import pytest
import yaml

from assess.io.rubric_files import load_rubric_file
from assess.io.spreadsheet import MAX_PROBLEMS

from .conftest import write_yaml
from .test_rubric_import import LADDER, MATRIX, drop_column, set_cell, table, write_csv, write_xlsx


def problems(run, *args) -> list[str]:
    result = run("rubrics", "import", *args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert all(line.startswith("assess: ") for line in lines)
    return [line.removeprefix("assess: ") for line in lines]


def imported(run, tmp_path, *args):
    out = tmp_path / "out.yaml"
    result = run("rubrics", "import", *args, "-o", out)
    assert result.exit_code == 0, result.stderr
    return load_rubric_file(out), yaml.safe_load(out.read_text())


# --- every problem at once --------------------------------------------------------------------------------


def test_every_missing_column_is_named_in_one_line(run, tmp_path):
    matrix = write_csv(tmp_path / "m.csv", drop_column(drop_column(table(MATRIX), "description"), "anchor: 4"))
    (line,) = problems(run, matrix, "--rungs", LADDER)
    assert line.startswith(f'{matrix}: columns "description", "anchor: 4" are missing (the header row names area, ')


def test_every_broken_row_is_named_each_with_its_row_and_column(run, tmp_path):
    rows = set_cell(set_cell(set_cell(table(MATRIX), 2, "expected: senior", "five"), 3, "weight", "0"), 4,
                    "anchor: 2", "")
    matrix = write_csv(tmp_path / "m.csv", rows)
    assert problems(run, matrix, "--rungs", LADDER) == [
        f"{matrix}: row 2, column \"expected: senior\": 'five' is not a level (1-4)",
        f"{matrix}: row 3, column \"weight\": '0' is not a weight above 0",
        f'{matrix}: row 4, column "anchor: 2": is empty']


def test_the_problems_named_are_bounded_and_the_rest_counted(run, tmp_path):
    rows = table(MATRIX)
    many = [rows[0]] + [set_cell([rows[0], rows[1]], 2, "id", f"c{i}")[1] for i in range(MAX_PROBLEMS + 5)]
    many = [row if i == 0 else set_cell([rows[0], row], 2, "weight", "none")[1] for i, row in enumerate(many)]
    matrix = write_csv(tmp_path / "m.csv", many)
    lines = problems(run, matrix, "--rungs", LADDER)
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[0] == f"{matrix}: row 2, column \"weight\": 'none' is not a number"
    assert lines[MAX_PROBLEMS - 1].startswith(f"{matrix}: row {MAX_PROBLEMS + 1}, ")
    assert lines[-1] == "5 more problems not shown; fix these first"


def test_a_ladder_problem_and_a_bad_setting_are_named_together(run, tmp_path):
    ladder = set_cell(set_cell(table(LADDER), 7, "kind", "step"), 2, "id", "colour")
    path = write_csv(tmp_path / "l.csv", ladder)
    lines = problems(run, MATRIX, "--rungs", path)
    assert [line.split(": ", 2)[1] for line in lines] == ['row 7, column "kind"', 'row 2, column "id"']


def test_the_rubric_models_rules_across_parts_are_named_all_at_once_each_by_its_cell(run, tmp_path):
    """Tracks that join, an expectation and a requirement that fall, a core rung that expects nothing: the rubric
    model's rules, which the import does not repeat, each named by the cell it was read from."""
    matrix = write_csv(tmp_path / "m.csv", set_cell(set_cell(table(MATRIX), 2, "expected: staff", "2"), 3, "core at",
                                                    "engineer"))
    ladder = write_csv(tmp_path / "l.csv", set_cell(set_cell(table(LADDER), 12, "track", "Management"), 14,
                                                    "requires: years", "2"))
    assert problems(run, matrix, "--rungs", ladder, "-o", tmp_path / "out.yaml") == [
        f"{ladder}: row 13, column \"track\": 'senior' is on tracks 'Management' and 'Individual contributor' after "
        "they branched; tracks share their first rungs, in the same order, then branch and never join",
        f"{matrix}: row 2, column \"expected: staff\": expected 2 at 'staff', below the 3 expected at 'senior'; an "
        "expectation never falls going up a track",
        f"{matrix}: row 3, column \"core at\": critical at 'engineer', where nothing is expected of it (the lowest "
        "level, 1); expect more there or leave 'engineer' out",
        f"{ladder}: row 14, column \"requires: years\": requires years 2 at 'staff', less than the years 3 required "
        "at 'senior'; a requirement never falls going up a track"]


def test_the_rubric_models_own_rules_are_named_by_the_cell(run, tmp_path):
    """The import keeps no copy of the rubric's rules: the model checks the value, the message names the cell."""
    ladder = table(LADDER) + [["rubric", "threshold", "", "150", ""], ["rubric", "core_weight", "", "-2", ""]]
    path = write_csv(tmp_path / "l.csv", ladder)
    lines = problems(run, MATRIX, "--rungs", path)
    assert lines == [f'{path}: row 16, column "detail": Input should be less than or equal to 100 (got 150)',
                     f'{path}: row 17, column "detail": Input should be greater than or equal to 1 (got -2)']


# --- cells as people type them --------------------------------------------------------------------------


def test_a_line_break_typed_in_a_cell_is_one_line_break_in_the_rubric(run, tmp_path):
    rows = set_cell(table(MATRIX), 2, "description", "Writes code that others can read,\r\ntest and change.")
    matrix = tmp_path / "m.csv"
    write_csv(matrix, rows)
    assert b"read,\r\ntest" in matrix.read_bytes()
    rubric, _ = imported(run, tmp_path, matrix, "--rungs", LADDER)
    assert rubric.competency("code").description == "Writes code that others can read,\ntest and change."


def test_signals_and_examples_have_columns(run, tmp_path):
    rows = table(MATRIX)
    rows = [rows[0] + ["signals: 3", "examples: 3"], rows[1] + ["Reviews others' changes; Writes the guide",
                                                                 "The 2025 review guide"], *[r + ["", ""]
                                                                                              for r in rows[2:]]]
    rubric, _ = imported(run, tmp_path, write_csv(tmp_path / "m.csv", rows), "--rungs", LADDER)
    anchor = rubric.competency("code").anchors[3]
    assert (anchor.signals, anchor.examples) == (["Reviews others' changes", "Writes the guide"],
                                                 ["The 2025 review guide"])
    assert rubric.competency("design").anchors[3].signals == []


def test_every_scoring_setting_and_a_rungs_own_are_rows_and_columns(run, tmp_path):
    ladder = table(LADDER)
    ladder = [ladder[0] + ["in full", "tolerance", "minimum total"],
              *[row + ["", "", ""] for row in ladder[1:]]]
    ladder = set_cell(set_cell(ladder, 14, "in full", "code"), 14, "tolerance", "0")
    ladder += [["rubric", "Critical tolerance", "", "2", "", "", "", ""],
               ["rubric", "evidence_level", "", "4", "", "", "", ""],
               ["rubric", "fold gaps below", "", "0,5", "", "", "", ""]]
    ladder = set_cell(ladder, 15, "requires: years", "5 (advisory)")
    rubric, data = imported(run, tmp_path, MATRIX, "--rungs", write_csv(tmp_path / "l.csv", ladder))
    assert (rubric.scoring.critical_tolerance, rubric.scoring.evidence_level, rubric.scoring.fold_gaps_below) == (
        2, 4, 0.5)
    staff = rubric.role("staff")
    assert (staff.in_full, staff.tolerance) == (["code"], 0)
    assert rubric.gates[0].advisory == ["manager"] and rubric.gates[0].required["manager"][0] == {"years": 5}


def test_the_points_model_from_a_spreadsheet(run, tmp_path):
    ladder = table(LADDER)
    ladder = [ladder[0] + ["minimum total"], *[row + [""] for row in ladder[1:]]]
    for row, band in ((12, "0"), (13, "6"), (14, "10"), (15, "9")):
        ladder = set_cell(ladder, row, "minimum total", band)
    ladder += [["rubric", "model", "", "points", "", ""], ["rubric", "points", "", "0, 1, 3, 6", "", ""],
               ["rubric", "grades", "", "E1: 0, E2: 3, S1: 6, S2: 8, M: 9, T: 10", "", ""]]
    matrix = set_cell(set_cell(table(MATRIX), 2, "core at", ""), 3, "core at", "")
    rubric, data = imported(run, tmp_path, write_csv(tmp_path / "m.csv", matrix), "--rungs",
                            write_csv(tmp_path / "l.csv", ladder))
    assert data["scoring"]["model"] == "points"
    assert rubric.scoring.points == {1: 0, 2: 1, 3: 3, 4: 6}
    assert rubric.scoring.bands == {"engineer": 0, "senior": 6, "staff": 10, "manager": 9}
    assert [g.name for g in rubric.scoring.grades] == ["E1", "E2", "S1", "S2", "M", "T"]
    shown = " ".join(run("rubrics", "show", tmp_path / "out.yaml").stdout.split())
    assert "points per level: 1 Learning: 0 · 2 Practising: 1 · 3 Leading: 3 · 4 Shaping: 6" in shown


def test_points_that_do_not_fit_the_scale_name_their_cell(run, tmp_path):
    ladder = table(LADDER) + [["rubric", "points", "", "0, 1, 3", "", ""]]
    path = write_csv(tmp_path / "l.csv", ladder)
    assert problems(run, MATRIX, "--rungs", path) == [
        f'{path}: row 16, column "detail": 3 points for the 4 levels of the scale; give one a level, lowest first, '
        "or write LEVEL: POINTS"]


def test_a_yes_no_fact_and_its_gate_as_people_write_them(run, tmp_path, isolated_home):
    ladder = table(LADDER)
    ladder = [ladder[0] + ["requires: interviewed"], *[row + [""] for row in ladder[1:]]]
    ladder.insert(10, ["fact", "interviewed", "Passed the panel interview", "No, Yes", "", "", ""])
    ladder = set_cell(ladder, 16, "requires: interviewed", "YES")
    rubric, _ = imported(run, tmp_path, MATRIX, "--rungs", write_csv(tmp_path / "l.csv", ladder))
    assert rubric.fact("interviewed").options == ["No", "Yes"]
    gate = next(g for g in rubric.gates if g.id == "interviewed")
    assert gate.required["manager"][0] == {"interviewed": "Yes"}
    path = write_csv(tmp_path / "twice.csv", set_cell(ladder, 11, "detail", "No, Yes, yes"))
    assert problems(run, MATRIX, "--rungs", path, "-o", tmp_path / "never.yaml") == [
        f"{path}: row 11, column \"detail\": option 'yes' appears twice (in any case)"]
    path = write_csv(tmp_path / "maybe.csv", set_cell(ladder, 16, "requires: interviewed", "maybe"))
    assert problems(run, MATRIX, "--rungs", path, "-o", tmp_path / "never.yaml") == [
        f"{path}: row 16, column \"requires: interviewed\": interviewed = 'maybe' is not one of No, Yes"]
    answers = tmp_path / "a.yaml"
    answers.write_text(f"rubric: {tmp_path / 'out.yaml'}\nfacts: {{years: 6, interviewed: no}}\n"
                       "ratings: {code: 3, design: 3, mentoring: 4}\n")
    result = run("score", answers, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "pydantic" not in result.stderr
    answers.write_text(answers.read_text().replace("interviewed: no", "interviewed: maybe"))
    refused = run("score", answers)
    assert refused.exit_code == 2
    assert refused.stderr == f"assess: {answers}: facts.interviewed: 'maybe' is not one of No, Yes\n"


@pytest.mark.parametrize("written", ["no", "No", "false", "off"])
def test_yes_and_no_in_yaml_answer_a_choice_of_yes_and_no(run, tmp_path, written):
    rubric = load_rubric_file(LADDER.parent.parent / "snowflake" / "snowflake.yaml").model_dump(
        mode="json", exclude_unset=True)
    rubric["facts"] = [{"id": "interviewed", "title": "Interviewed", "kind": "choice", "options": ["no", "yes"]}]
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(rubric, sort_keys=False).replace("- 'no'\n  - 'yes'", "- no\n  - yes"))
    assert "- no\n" in path.read_text()  # unquoted: YAML reads it as false
    answers = write_yaml(tmp_path / "a.yaml", {"rubric": str(path), "ratings": {}})
    answers.write_text(answers.read_text() + f"facts: {{interviewed: {written}}}\n")
    result = run("score", answers, "-f", "json")
    assert result.exit_code == 0, result.stderr


# --- the long layout ----------------------------------------------------------------------------------------

LONG_HEADER = ["Area", "Competency", "Description", "Rung", "Expected", "Anchor", "Action"]


def long_rows():
    """The example's competencies, one row per competency and rung, each rung's own statement of its level."""
    rows = [LONG_HEADER]
    for area, comp, description, at in (
            ("Craft", "Code quality", "Writes code others can read.", [("engineer", 2), ("senior", 3), ("staff", 4),
                                                                        ("manager", 3)]),
            ("People", "Mentoring", "Helps others grow.", [("engineer", 1), ("senior", 2), ("staff", 3),
                                                           ("manager", 4)])):
        for rung, level in at:
            said = "senior" if (comp, rung) == ("Code quality", "manager") else rung  # one statement a level
            rows.append([area, comp, description, rung, str(level), f"{comp} as a {said} does it",
                         f"Step up to {rung}"])
    return rows


def long_ladder():
    ladder = [row[:5] for row in table(LADDER)]
    for number in (7, 8, 9, 10):
        ladder[number - 1][3] = f"What level {ladder[number - 1][1]} looks like"
    return ladder


def test_the_long_layout_reads_one_row_per_competency_and_rung(run, tmp_path):
    rubric, _ = imported(run, tmp_path, write_csv(tmp_path / "long.csv", long_rows()), "--rungs",
                         write_csv(tmp_path / "l.csv", long_ladder()))
    code = rubric.competency("code-quality")
    assert code.expected == {"engineer": 2, "senior": 3, "staff": 4, "manager": 3}
    assert code.anchors[2].behaviour == "Code quality as a engineer does it"
    assert code.anchors[4].behaviour == "Code quality as a staff does it"
    assert code.anchors[1].behaviour == "What level 1 looks like"  # no rung expects it: the level's own words
    assert code.actions[3] == "Step up to staff"


def test_two_rungs_at_one_level_with_different_statements_are_refused_by_cell(run, tmp_path):
    """A level has one statement: the report's expected anchor must never show another rung's words."""
    path = write_csv(tmp_path / "long.csv", set_cell(long_rows(), 5, "Anchor", "Code quality as a manager does it"))
    (line,) = problems(run, path, "--rungs", write_csv(tmp_path / "l.csv", long_ladder()))
    assert line == (f"{path}: row 5, column \"anchor\": 'manager' and 'senior' (row 3) both expect level 3 of "
                    "'Code quality' with different statements; a level has one statement, so give the same one or "
                    "expect another level")


def test_an_expectation_falling_in_the_long_layout_names_its_own_row(run, tmp_path):
    rows = set_cell(set_cell(long_rows(), 5, "Expected", "2"), 5, "Anchor", "Code quality as a engineer does it")
    path = write_csv(tmp_path / "long.csv", rows)
    (line,) = problems(run, path, "--rungs", write_csv(tmp_path / "l.csv", long_ladder()), "-o", tmp_path / "o.yaml")
    assert line == (f"{path}: row 5, column \"expected\": expected 2 at 'manager', below the 3 expected at 'senior'; "
                    "an expectation never falls going up a track")


def test_two_rungs_sharing_a_level_and_its_statement_import(run, tmp_path):
    rubric, _ = imported(run, tmp_path, write_csv(tmp_path / "long.csv", long_rows()), "--rungs",
                         write_csv(tmp_path / "l.csv", long_ladder()))
    assert rubric.competency("code-quality").expected["manager"] == rubric.competency("code-quality").expected[
        "senior"] == 3
    assert rubric.competency("code-quality").anchors[3].behaviour == "Code quality as a senior does it"


def test_one_sheet_per_rung_of_statements_answered_yes_or_no(run, tmp_path):
    """FT's tracker: a sheet per level, each row a statement the level asks; a scale of yes and no. Each
    statement is asked from its rung up, and a problem names the rung's own sheet."""
    ladder = [["kind", "id", "title", "detail", "track"],
              ["rubric", "model", "", "transitions", ""], ["rubric", "id", "", "tracker", ""],
              ["level", "0", "Not yet", "Not meeting this yet.", ""], ["level", "1", "Yes", "", ""],
              ["rung", "junior", "Junior Engineer", "", ""], ["rung", "engineer", "Engineer", "", ""],
              ["rung", "senior", "Senior Engineer", "", ""]]
    sheets = [("ladder", ladder),
              ("Engineer", [["Area", "Competency"], ["Technical", "Uses version control"],
                            ["Delivery", "Breaks work into tickets"]]),
              ("Senior Engineer", [["Area", "Competency"], ["Technical", "Reviews others' designs"]])]
    book = write_xlsx(tmp_path / "tracker.xlsx", sheets)
    rubric, data = imported(run, tmp_path, book)
    assert data["scoring"] == {"model": "transitions"}
    review = rubric.competency("reviews-others-designs")
    assert review.expected == {"junior": 0, "engineer": 0, "senior": 1}
    assert rubric.competency("uses-version-control").expected == {"junior": 0, "engineer": 1, "senior": 1}
    assert (review.anchors[0].behaviour, review.anchors[1].behaviour) == ("Not meeting this yet.",
                                                                           "Reviews others' designs")
    assert review.description == "Asked from Senior Engineer up."
    assert rubric.evidence_level == 1  # only "yes" is a claim
    sheets[2][1].append(["Technical", "Reviews others' designs", "extra"])
    sheets[2][1][0].append("Colour")
    bad = write_xlsx(tmp_path / "bad.xlsx", sheets)
    (line,) = problems(run, bad)
    assert line == f'{bad}: sheet Senior Engineer, row 1, column "colour": is not a column the long layout reads ' \
                   "(see rubrics/FORMAT.md)"
    sheets[2][1][0].pop()
    sheets[2][1][1][0] = ""
    sheets[2][1].pop()
    bad = write_xlsx(tmp_path / "bad2.xlsx", sheets)
    (line,) = problems(run, bad)
    assert line == f'{bad}: sheet Senior Engineer, row 2, column "area": is empty'
