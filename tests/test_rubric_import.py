"""`assess rubrics import`: a skills matrix in CSV or XLSX becomes a rubric file; every problem is one line naming
the file, sheet, row and column."""

from __future__ import annotations

import csv
import io
import os
import zipfile

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.core.snapshot import rubric_snapshot
from assess.io import spreadsheet
from assess.io.rubric_files import load_rubric_file
from assess.io.rubric_yaml import rubric_yaml
from assess.io.spreadsheet import MAX_PROBLEMS
from assess.io.spreadsheet_rubric import import_rubric

from .conftest import ROOT

EXAMPLES = ROOT / "examples" / "spreadsheet"
MATRIX = EXAMPLES / "skills-matrix.csv"
LADDER = EXAMPLES / "skills-matrix-ladder.csv"


def table(path):
    with path.open(newline="", encoding="utf-8") as f:
        return [list(row) for row in csv.reader(f)]


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def write_xlsx(path, sheets):
    """A workbook with one sheet per (name, rows); numbers written as numbers, as a spreadsheet keeps them."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([int(cell) if isinstance(cell, str) and cell.isdigit() else cell for cell in row])
    book.save(path)
    return path


def example_xlsx(path, matrix=None, ladder=None):
    return write_xlsx(path, [("competencies", matrix or table(MATRIX)), ("ladder", ladder or table(LADDER))])


def set_cell(rows, row_number, column, value):
    """Rows as a spreadsheet numbers them (the header is row 1), a column by its header."""
    rows = [list(row) for row in rows]
    rows[row_number - 1][rows[0].index(column)] = value
    return rows


def drop_column(rows, column):
    index = rows[0].index(column)
    return [row[:index] + row[index + 1:] for row in rows]


@pytest.fixture
def csvs(tmp_path, monkeypatch):
    """Write the example's two tables, changed as a test needs, in a folder of their own (the current one)."""
    monkeypatch.chdir(tmp_path)

    def write(matrix=None, ladder=None):
        return (write_csv(tmp_path / "matrix.csv", matrix or table(MATRIX)),
                write_csv(tmp_path / "ladder.csv", ladder or table(LADDER)))

    return write


# --- the example -------------------------------------------------------------------------------------


def test_the_example_imports_to_a_valid_rubric_that_reads_back_the_same(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("rubrics", "import", MATRIX, "--rungs", LADDER)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == ("Wrote team-ladder.yaml: team-ladder 1, 3 competencies in 2 areas, 4 rungs, 2 tracks. "
                             "See it with `assess rubrics show team-ladder.yaml`.\n")
    written = tmp_path / "team-ladder.yaml"
    assert run("rubrics", "validate", written).stdout == f"{written}: ok (team-ladder 1, 3 competencies)\n"
    data, imported = import_rubric(MATRIX, LADDER)
    loaded = load_rubric_file(written)
    assert loaded == imported
    assert rubric_snapshot(loaded) == rubric_snapshot(imported)
    assert yaml.safe_load(written.read_text()) == data  # nothing written that was not read, nothing lost


def test_the_example_reads_as_its_spreadsheet_says():
    _, rubric = import_rubric(MATRIX, LADDER)
    assert [(t.id, t.rungs) for t in rubric.tracks] == [
        ("individual-contributor", ["engineer", "senior", "staff"]), ("management", ["engineer", "senior", "manager"])]
    assert rubric.scale == {1: "Learning", 2: "Practising", 3: "Leading", 4: "Shaping"}
    assert (rubric.target, rubric.version, [a.id for a in rubric.areas]) == ("manager", "1", ["craft", "people"])
    code, design, mentoring = rubric.competencies
    assert (code.weight, code.critical, design.critical, mentoring.critical) == (2, ["senior", "staff"], ["staff"],
                                                                                 ["manager"])
    assert mentoring.levels == {1: "Learns", 2: "Supports", 3: "Mentors", 4: "Coaches"}
    assert mentoring.expected == {"engineer": 1, "senior": 2, "staff": 3, "manager": 4}  # "Leading" is level 3
    assert code.anchors[4].behaviour.startswith("Shapes how several teams write and review code, e.g. shared")
    assert code.actions[1] == "Pair with a senior on your next two features and ask why each review comment matters."
    assert code.source == ["skills-matrix.csv > row 2"]
    assert [(g.id, g.required) for g in rubric.gates] == [
        ("years", {"senior": [{"years": 3}], "staff": [{"years": 6}], "manager": [{"years": 5}]})]
    assert rubric.facts[0].kind == "number"


def test_the_example_as_a_workbook_gives_the_same_rubric(run, tmp_path):
    book = example_xlsx(tmp_path / "skills-matrix.xlsx")
    out = tmp_path / "out.yaml"
    result = run("rubrics", "import", book, "-o", out)
    assert result.exit_code == 0, result.stderr
    _, from_csv = import_rubric(MATRIX, LADDER)
    from_book = load_rubric_file(out)
    assert [c.source for c in from_book.competencies] == [["skills-matrix.xlsx > row 2"], ["skills-matrix.xlsx > row 3"],
                                                          ["skills-matrix.xlsx > row 4"]]
    sources = {"competencies": {"__all__": {"source"}}}
    assert from_book.model_dump(exclude=sources) == from_csv.model_dump(exclude=sources)


def test_the_written_file_reads_as_prose(tmp_path):
    data, _ = import_rubric(MATRIX, LADDER)
    text = rubric_yaml(data, MATRIX)
    assert text.startswith("# Rubric imported from skills-matrix.csv by `assess rubrics import`")
    assert "    4: >-\n      Shapes how several teams write and review code" in text
    assert "  expected: {engineer: 2, senior: 3, staff: 4, manager: 3}\n" in text
    assert "  rungs: [engineer, senior, staff]\n" in text


def test_a_file_is_replaced_only_when_named(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "team-ladder.yaml").write_text("mine\n")
    result = run("rubrics", "import", MATRIX, "--rungs", LADDER)
    assert (result.exit_code, result.stderr) == (
        2, "assess: team-ladder.yaml: already exists; give -o team-ladder.yaml to replace it, or another name\n")
    assert (tmp_path / "team-ladder.yaml").read_text() == "mine\n"
    assert run("rubrics", "import", MATRIX, "--rungs", LADDER, "-o", "team-ladder.yaml").exit_code == 0
    assert load_rubric_file(tmp_path / "team-ladder.yaml").id == "team-ladder"


def test_settings_are_optional(tmp_path):
    ladder = [row for row in table(LADDER) if row[0] != "rubric"]
    matrix, rungs = write_csv(tmp_path / "our-ladder.csv", table(MATRIX)), write_csv(tmp_path / "l.csv", ladder)
    data, rubric = import_rubric(matrix, rungs)
    # The id and title come from the file name, the target is the top of the first track.
    assert (rubric.id, rubric.title, rubric.version, rubric.source, rubric.target) == (
        "our-ladder", "our ladder", "1", "our-ladder.csv", "staff")


# --- one line for every problem ------------------------------------------------------------------------


def refused(run, *args):
    result = run("rubrics", "import", *args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr.removeprefix("assess: ").rstrip("\n")


def test_a_bad_level_names_sheet_row_and_column(run, tmp_path):
    book = example_xlsx(tmp_path / "ladder.xlsx", matrix=set_cell(table(MATRIX), 3, "expected: senior", "five"))
    assert refused(run, book) == (f'{book}: sheet competencies, row 3, column "expected: senior": '
                                  "'five' is not a level (1-4)")


@pytest.mark.parametrize("change, where, message", [
    (lambda m, r: (drop_column(m, "description"), r), "matrix",
     'column "description" is missing (the header row names area, id, competency, weight, core at, name: 1, '
     "name: 2, name: 3, name: 4, anchor: 1, anchor: 2, anchor: 3, anchor: 4, action: 1, action: 2, action: 3, "
     "expected: engineer, expected: senior, expected: staff, expected: manager)"),
    (lambda m, r: (drop_column(m, "expected: staff"), r), "matrix", 'column "expected: staff" is missing '),
    (lambda m, r: (drop_column(m, "anchor: 4"), r), "matrix", 'column "anchor: 4" is missing'),
    (lambda m, r: (set_cell(m, 3, "id", "code"), r), "matrix",
     "row 3, column \"id\": competency id 'code' appears twice"),
    (lambda m, r: (set_cell(m, 2, "expected: staff", "2"), r), "matrix",
     "row 2, column \"expected: staff\": expected 2 at 'staff', below the 3 expected at 'senior'; an expectation "
     "never falls going up a track"),
    (lambda m, r: (set_cell(m, 2, "core at", "senior, principal"), r), "matrix",
     "row 2, column \"core at\": unknown role 'principal' (the rungs are engineer, senior, staff, manager)"),
    (lambda m, r: (set_cell(m, 3, "core at", "engineer"), r), "matrix",
     "row 3, column \"core at\": critical at 'engineer', where nothing is expected of it (the lowest level, 1); "
     "expect more there or leave 'engineer' out"),
    (lambda m, r: (set_cell(m, 4, "anchor: 2", ""), r), "matrix", 'row 4, column "anchor: 2": is empty'),
    (lambda m, r: (set_cell(m, 2, "weight", "-1"), r), "matrix",
     "row 2, column \"weight\": '-1' is not a number from 0 to 1,000,000"),
    (lambda m, r: (set_cell(m, 2, "weight", "0"), r), "matrix", "row 2, column \"weight\": '0' is not a weight above 0"),
    (lambda m, r: (set_cell(m, 2, "anchor: 1", "=HYPERLINK(\"http://example.com\")"), r), "matrix",
     'row 2, column "anchor: 1": a formula (=HYPERLINK("http://example.com")); type its value instead'),
    (lambda m, r: ([m[0] + ["expected: principal"]] + [row + ["3"] for row in m[1:]], r), "matrix",
     "row 1, column \"expected: principal\": 'principal' is not a rung (engineer, senior, staff, manager)"),
    (lambda m, r: ([m[0] + ["anchor: 7"]] + [row + ["x"] for row in m[1:]], r), "matrix",
     "row 1, column \"anchor: 7\": '7' is not a level of the scale (1-4)"),
    (lambda m, r: ([m[0] + ["action: 4"]] + [row + ["x"] for row in m[1:]], r), "matrix",
     "row 1, column \"action: 4\": 4 is the top of the scale: there is no step up from it; leave the column out"),
    (lambda m, r: ([m[0] + ["notes"]] + [row + ["x"] for row in m[1:]], r), "matrix",
     'row 1, column "notes": is not a column this import reads (see rubrics/FORMAT.md)'),
    (lambda m, r: ([m[0][:-1] + ["expected: senior"]] + m[1:], r), "matrix",
     'row 1, column "expected: senior": appears twice in the header'),
    (lambda m, r: (m, set_cell(r, 13, "id", "engineer")), "ladder",
     "row 13, column \"id\": rung id 'engineer' appears twice"),
    (lambda m, r: (m, set_cell(r, 11, "id", "years") + [["fact", "years", "Years again", "number", "", ""]]),
     "ladder", "row 16, column \"id\": fact id 'years' appears twice"),
    (lambda m, r: (set_cell(m, 2, "id", "Code!"), r), "matrix",
     "row 2, column \"id\": 'Code!' is not an id (lower-case letters, digits, - and _; give one in column id)"),
    (lambda m, r: (set_cell(m, 2, "id", "c" * 65), r), "matrix", f"row 2, column \"id\": '{'c' * 65}' is not an id"),
    (lambda m, r: (set_cell(set_cell(m, 2, "id", "c" * 64), 3, "core at", "staf"), r), "matrix",  # 64 is an id
     "row 3, column \"core at\": unknown role 'staf'"),
    (lambda m, r: (m, set_cell(r, 13, "id", "Senior")), "ladder",
     "row 13, column \"id\": 'Senior' is not an id (lower-case letters, digits, - and _)"),
    (lambda m, r: (m, set_cell(r, 7, "kind", "step")), "ladder",
     "row 7, column \"kind\": 'step' is not a kind of row (level, rung, fact or rubric)"),
    (lambda m, r: (m, set_cell(r, 10, "id", "5")), "ladder", "the scale's levels must be at least two whole numbers in a row, got 1, 2, 3, 5"),
    (lambda m, r: (m, [row if row[0] != "level" else ["level", str(97 + int(row[1]))] + row[2:] for row in r]),
     "ladder", "the scale's levels run from 0 to 100 at most, got 98-101"),
    (lambda m, r: (m, [row for row in r if row[:2] != ["level", "2"] and row[0] != "level" or row[1] == "1"]),
     "ladder", "the scale's levels must be at least two whole numbers in a row, got 1"),
    (lambda m, r: (m, set_cell(r, 6, "detail", "boss")), "ladder", "row 6, column \"detail\": unknown role 'boss' (the rungs "
     "are engineer, senior, staff, manager)"),
    (lambda m, r: (m, set_cell(r, 14, "requires: years", "2")), "ladder",
     "row 14, column \"requires: years\": requires years 2 at 'staff', less than the years 3 required at 'senior'; "
     "a requirement never falls going up a track"),
    (lambda m, r: (m, set_cell(r, 15, "requires: years", "90")), "ladder",
     "row 15, column \"requires: years\": years = 90 is not a number from 0 to 80"),
    (lambda m, r: (m, set_cell(r, 12, "requires: years", "-1")), "ladder",
     "row 12, column \"requires: years\": years = -1 is not a number from 0 to 80"),
    (lambda m, r: (m, set_cell(r, 12, "track", "Management")), "ladder",
     "row 13, column \"track\": 'senior' is on tracks 'Management' and 'Individual contributor' after they "
     "branched; tracks share their first rungs, in the same order, then branch and never join"),
    (lambda m, r: (m, set_cell(r, 2, "id", "colour")), "ladder",
     "row 2, column \"id\": 'colour' is not a setting (id, title, version, source, target, notes, model, "
     "threshold, critical tolerance, core weight, evidence level, rater window months, blind spot difference, "
     "rater group min, fold gaps below, points, grades)"),
    (lambda m, r: (m, [r[0] + ["requires: degree"]] + [row + [""] for row in r[1:]]), "ladder",
     "row 1, column \"requires: degree\": 'degree' is not a fact (add a row of kind fact)"),
])
def test_a_broken_spreadsheet_is_refused_in_one_line(run, csvs, change, where, message):
    matrix, ladder = csvs(*change(table(MATRIX), table(LADDER)))
    got = refused(run, matrix, "--rungs", ladder)
    assert got.startswith(f"{matrix if where == 'matrix' else ladder}: ")
    assert message in got


def test_a_formula_in_a_workbook_is_refused(run, tmp_path):
    matrix = set_cell(table(MATRIX), 4, "weight", "=1+1")
    book = example_xlsx(tmp_path / "ladder.xlsx", matrix=matrix)
    assert refused(run, book) == (f'{book}: sheet competencies, row 4, column "weight": a formula (=1+1); '
                                  "type its value instead")


def test_an_empty_sheet_is_refused(run, tmp_path):
    book = write_xlsx(tmp_path / "ladder.xlsx", [("competencies", table(MATRIX)), ("ladder", [])])
    assert refused(run, book) == (f"{book}: sheet ladder: is empty; expected a header row and one row per item "
                                  "(see rubrics/FORMAT.md)")
    headers_only = write_xlsx(tmp_path / "h.xlsx", [("competencies", table(MATRIX)[:1]), ("ladder", table(LADDER))])
    assert refused(run, headers_only) == f"{headers_only}: sheet competencies: has a header but no rows"
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n")
    assert refused(run, empty, "--rungs", LADDER) == (
        f"{empty}: is empty; expected a header row, then one row per item (see rubrics/FORMAT.md)")


def test_a_missing_sheet_is_named(run, tmp_path):
    book = write_xlsx(tmp_path / "ladder.xlsx", [("Skills", table(MATRIX)), ("ladder", table(LADDER))])
    assert refused(run, book) == f"{book}: no sheet 'competencies' (sheets: Skills, ladder)"


def test_a_huge_sheet_is_bounded_by_its_row_limit(run, tmp_path, csvs):
    rows = table(MATRIX)
    many = [rows[0]] + [[*row[:1], f"c{i}", *row[2:]] for i in range(spreadsheet.MAX_ROWS + 1) for row in rows[1:2]]
    matrix, ladder = csvs(matrix=many)
    assert refused(run, matrix, "--rungs", ladder) == (
        f"{matrix}: row {spreadsheet.MAX_ROWS + 2}: more than 1,000 rows with content; the limit is 1,000")


def test_a_sheet_formatted_far_down_is_refused_without_reading_it_all(run, tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_SCANNED", 50)
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "competencies"
    for row in table(MATRIX):
        book.active.append(row)
    book.active.cell(row=60, column=1, value="stray")
    ladder = book.create_sheet("ladder")
    for row in table(LADDER):
        ladder.append(row)
    path = tmp_path / "far.xlsx"
    book.save(path)
    assert refused(run, path) == f"{path}: sheet competencies: more than 50 rows; the limit is 1,000 rows with content"


def test_what_is_not_a_spreadsheet_is_refused(run, tmp_path, monkeypatch):
    fifo = tmp_path / "matrix.csv"
    os.mkfifo(fifo)
    assert refused(run, fifo, "--rungs", LADDER) == f"{fifo}: not a regular file (a device, pipe or socket); give a file"
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    assert refused(run, folder) == f"{folder}: is a folder, not a file"
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip")
    assert refused(run, fake) == f"{fake}: not an XLSX workbook (not a zip file)"
    odd = tmp_path / "ladder.ods"
    odd.write_text("x")
    assert refused(run, odd) == f"{odd}: expected a .csv or .xlsx file"
    assert refused(run, MATRIX) == (f"{MATRIX}: a CSV file holds one table; give the ladder (levels, rungs, facts) "
                                    "with --rungs FILE")
    book = example_xlsx(tmp_path / "ok.xlsx")
    assert refused(run, book, "--rungs", LADDER) == (
        f"--rungs: {LADDER}: only for a CSV file; a workbook keeps its ladder in sheet ladder")
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"area,competency\x00\n")
    assert refused(run, binary, "--rungs", LADDER) == f"{binary}: binary file, expected CSV text"


def test_a_workbook_that_unpacks_too_far_is_refused_before_it_is_opened(run, tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_UNZIPPED", 1000)
    book = example_xlsx(tmp_path / "ladder.xlsx")
    with zipfile.ZipFile(book) as archive:
        size = sum(member.file_size for member in archive.infolist())
    assert refused(run, book) == f"{book}: unpacks to {size:,} bytes; the limit is 1,000"


def test_a_workbook_zip_that_is_not_a_workbook(run, tmp_path):
    path = tmp_path / "ladder.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert refused(run, path).startswith(f"{path}: not an XLSX workbook this import reads (")


def test_semicolon_separated_csv_with_a_byte_order_mark_reads_the_same(tmp_path):
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(table(MATRIX))
    matrix = tmp_path / "skills-matrix.csv"
    matrix.write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    assert import_rubric(matrix, LADDER)[1] == import_rubric(MATRIX, LADDER)[1]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_import_or_fail_in_one_line(run, tmp_path, blob):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(blob)
    result = run("rubrics", "import", path, "--rungs", LADDER, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 2, result.stdout
    assert_problems(result.stderr)


def assert_problems(stderr: str, starting: str = "assess: ") -> None:
    """Bad input is named, one problem a line and at most MAX_PROBLEMS of them (then how many more), never a
    traceback."""
    lines = stderr.splitlines()
    assert 1 <= len(lines) <= MAX_PROBLEMS + 1 and stderr.endswith("\n"), stderr
    assert all(line.startswith(starting) for line in lines[:MAX_PROBLEMS]), stderr
    assert "Traceback" not in stderr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.integers(2, 4), column=st.integers(0, 20), value=st.text(max_size=30))
def test_any_one_cell_changed_imports_or_fails_in_one_line(run, tmp_path, row, column, value):
    rows = table(MATRIX)
    rows[row - 1][column] = value
    matrix = write_csv(tmp_path / "m.csv", rows)
    result = run("rubrics", "import", matrix, "--rungs", LADDER, "-o", tmp_path / "out.yaml")
    if result.exit_code == 0:
        assert load_rubric_file(tmp_path / "out.yaml").id == "team-ladder"
    else:
        assert result.exit_code == 2, result.stderr
        assert_problems(result.stderr, f"assess: {matrix}")


def test_a_published_framework_kept_as_a_workbook_imports_to_the_same_ladder(run, tmp_path):
    """Engineering Ladders written out as the two sheets a team would fill in: four tracks, one branching from
    another (Tech Lead 4 names both tracks it is on), level names per competency, expectations by name."""
    rubric = load_rubric_file(ROOT / "examples" / "engineering-ladders" / "engineering-ladders.yaml")
    levels = rubric.levels
    on = {role.id: [t.title for t in rubric.tracks if role.id in t.rungs] for role in rubric.ladder}
    ladder = [["kind", "id", "title", "detail", "track"],
              *[["rubric", key, "", value, ""] for key, value in (
                  ("id", rubric.id), ("title", rubric.title), ("version", rubric.version), ("source", rubric.source),
                  ("target", rubric.target))],
              *[["level", str(level), label, "", ""] for level, label in rubric.scale.items()],
              *[["rung", role.id, role.title, role.summary,
                 "" if len(on[role.id]) == len(rubric.tracks) else ", ".join(on[role.id])] for role in rubric.ladder]]
    header = ["area", "id", "competency", "description", "core at", *(f"name: {n}" for n in levels),
              *(f"anchor: {n}" for n in levels), *(f"action: {n}" for n in levels[:-1]),
              *(f"expected: {role.id}" for role in rubric.ladder)]
    matrix = [header, *[[rubric.area(c.area).title, c.id, c.title, c.description, ", ".join(c.critical),
                         *(c.levels[n] for n in levels), *(c.anchors[n].behaviour for n in levels),
                         *(c.actions[n] for n in levels[:-1]),
                         *(c.levels[c.expected[role.id]] for role in rubric.ladder)]  # "Mentors", not 3
                        for c in rubric.competencies]]
    book = write_xlsx(tmp_path / "engineering-ladders.xlsx", [("competencies", matrix), ("ladder", ladder)])
    out = tmp_path / "imported.yaml"
    assert run("rubrics", "import", book, "-o", out).exit_code == 0
    imported = load_rubric_file(out)
    assert [(t.title, t.rungs) for t in imported.tracks] == [(t.title, t.rungs) for t in rubric.tracks]
    assert imported.ladder == rubric.ladder and imported.scale == rubric.scale
    same = {"source", "area"}  # ids of areas are made from their titles here
    assert [c.model_dump(exclude=same) for c in imported.competencies] == [
        c.model_dump(exclude=same) for c in rubric.competencies]
    assert [a.title for a in imported.areas] == [a.title for a in rubric.areas]
