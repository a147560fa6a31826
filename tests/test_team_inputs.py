"""The files a team is built from and the needs file: bad input is one line naming the file, field and value, exit
2, nothing written; and what each input says about itself (rubric version, 360°, history)."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta

import openpyxl
import pytest
import yaml

from assess.core.team_members import Point
from assess.core.team_succession import projected

from .team_people import NEEDS, Q2_BUILD, write_exports

DAYS_PER_MONTH = 365.25 / 12


@pytest.fixture
def files(tmp_path):
    return write_exports(tmp_path, {"Ada": (4, 3, 4, 3), "Ben": (3, 2, 3, 2), "Cai": (2, 1, 2, 1)})


def needs_file(tmp_path, **changes):
    data = copy.deepcopy(NEEDS)
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    path = tmp_path / "needs.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.mark.parametrize(("changes", "message"), [
    ({"rubric": None}, "needs.yaml: rubric: required field is missing"),
    ({"skills": [{"competency": "nope", "level": 3}]}, "needs.yaml: skills[0].competency: 'nope' is not a competency "
                                                       "of rubric 'mini'"),
    ({"skills": [{"competency": "x1", "level": 7}]}, "needs.yaml: skills[0].level: 7 is not a level of rubric 'mini' "
                                                     "(0-4)"),
    ({"skills": [{"competency": "x1", "level": 3, "people": 0}]}, "needs.yaml: skills[0].people: Input should be "
                                                                  "greater than or equal to 1 (got 0)"),
    ({"skills": [{"competency": "x1", "level": 3, "who": 1}]}, "needs.yaml: skills[0].who: unknown field"),
    ({"rungs": [{"rung": "z"}]}, "needs.yaml: rungs[0].rung: 'z' is not a rung of rubric 'mini'; rungs are a, b, c"),
    ({"rungs": [{"rung": "c"}, {"rung": "c", "people": 2}]}, "needs.yaml: rungs[1]: c is needed twice"),
    ({"skills": [], "rungs": []}, "needs.yaml: names no need"),
    ({"rubric": "nosuch"}, "unknown rubric 'nosuch'"),
])
def test_a_bad_needs_file_is_one_line_and_writes_nothing(run, tmp_path, files, changes, message):
    result = run("team", "add", "plat", *files, "--needs", needs_file(tmp_path, **changes))
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("assess-home/teams/*.json"))


def test_a_yaml_error_in_the_needs_file_names_its_line(run, tmp_path, files):
    path = tmp_path / "needs.yaml"
    path.write_text("rubric: mini\nskills: [\n")
    result = run("team", "add", "plat", *files, "--needs", path)
    assert result.exit_code == 2 and result.stderr.startswith(f"assess: {path}: YAML syntax error at line")


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.4 not really", "not a PDF assess can read"),
    (b"{}", "not an assess history export"),
    (b"\xff\xfe", "not UTF-8 text"),
])
def test_a_file_that_is_no_report_is_one_line_and_writes_nothing(run, tmp_path, files, content, message):
    bad = tmp_path / "bad.pdf" if content.startswith(b"%PDF") else tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run("team", "add", "plat", *files, bad)
    assert result.exit_code == 2 and message in result.stderr and str(bad) in result.stderr
    assert not list(tmp_path.glob("assess-home/teams/*.json"))


def test_a_run_without_a_name_cannot_be_told_apart(run, tmp_path):
    (path,) = write_exports(tmp_path, {"Zed": (1, 1, 1, 1)})
    document = json.loads(path.read_text())
    document["runs"][0]["answers"]["name"] = None
    document["runs"][0]["name"] = None
    document["runs"][0]["profile"] = document["runs"][0]["answers"]["profile"] = "default"
    path.write_text(json.dumps(document))
    result = run("team", "add", "plat", path)
    assert result.exit_code == 2 and "name: not given, and profile 'default' tells no one apart" in result.stderr


@pytest.mark.parametrize("name", ["../x", "a b", ""])
def test_a_team_name_is_plain(run, files, name):
    result = run("team", "add", name, *files)
    assert result.exit_code == 2 and "is not a team name" in result.stderr


def test_a_team_that_does_not_exist_is_one_line(run):
    result = run("team", "show", "nosuch")
    assert result.exit_code == 2 and result.stderr == "assess: team nosuch: no such team yet; build it from the " \
                                                      "files people handed over\n"


def test_an_input_taken_with_another_rubric_version_is_listed_not_mixed(run, tmp_path, files):
    (other,) = write_exports(tmp_path, {"Dan": (4, 4, 4, 4)})
    document = json.loads(other.read_text())
    (digest, rubric), = document["rubrics"].items()
    rubric["version"] = "2"
    document["runs"][0]["rubric_version"] = "2"
    other.write_text(json.dumps(document))
    assert run("team", "add", "plat", *files, other, "--on", Q2_BUILD).exit_code == 0
    views = json.loads(run("team", "show", "plat", "--on", Q2_BUILD, "-f", "json").stdout)
    assert {row["person"]: (row["version"], row["status"]) for row in views["inputs"]} == {
        "Ada": ("1", "counted"), "Ben": ("1", "counted"), "Cai": ("1", "counted"), "Dan": ("2", "other version")}
    assert views["people"] == 3 and "Dan" not in [row["person"] for row in views["heatmap"]["rows"]]


def test_a_later_run_of_a_person_replaces_the_earlier_one_and_an_earlier_file_does_not(run, tmp_path, files):
    later = write_exports(tmp_path, {"Ada": (4, 4, 4, 4)}, "2026-08-01T10:00:00+00:00")
    earlier = write_exports(tmp_path, {"Ben": (0, 0, 0, 0)}, "2026-01-01T10:00:00+00:00")
    run("team", "add", "plat", *files, "--on", Q2_BUILD)
    result = run("team", "add", "plat", *later, *earlier, "--on", Q2_BUILD)
    assert result.stdout == "Team plat: 3 people; 1 new input from 2 files; 1 file held an older run than the team has\n"
    views = json.loads(run("team", "show", "plat", "--on", Q2_BUILD, "-f", "json").stdout)
    levels = {row["person"]: {c["competency"]: c["level"] for c in row["cells"]} for row in views["heatmap"]["rows"]}
    assert levels["Ada"]["x2"] == 4 and levels["Ben"]["x1"] == 3


def test_removing_a_person_forgets_every_input_of_theirs(run, tmp_path, files):
    run("team", "add", "plat", *files, "--on", "2026-05-01")
    run("team", "add", "plat", *write_exports(tmp_path, {"Ben": (4, 4, 4, 4)}, "2026-08-01T10:00:00+00:00"),
        "--on", Q2_BUILD)
    assert run("team", "remove", "plat", "ben").stdout == "Team plat: removed ben (2 inputs)\n"
    roster = (tmp_path / "assess-home" / "teams" / "plat.json").read_text()
    assert "Ben" not in roster
    assert run("team", "remove", "plat", "Ben").exit_code == 2


def test_the_roster_is_private(run, tmp_path, files):
    run("team", "add", "plat", *files)
    path = tmp_path / "assess-home" / "teams" / "plat.json"
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    assert run("team", "list").stdout.startswith("plat: 3 people, 1 build, latest for ")


def test_cells_a_spreadsheet_would_evaluate_are_kept_as_text(run, tmp_path):
    files = write_exports(tmp_path, {"=HYPERLINK(\"http://x\")": (3, 3, 3, 3), "+Bo": (1, 1, 1, 1), "@Cy": (2, 2, 2, 2)})
    run("team", "add", "plat", *files, "--on", Q2_BUILD)
    csv = tmp_path / "t.csv"
    assert run("team", "report", "plat", "--on", Q2_BUILD, "-f", "csv", "-o", csv).exit_code == 0
    people = [line.split(",")[0] for line in csv.read_text().splitlines()[1:]]
    assert sorted(people) == sorted(["\"'=HYPERLINK(\"\"http://x\"\")\"", "'+Bo", "'@Cy"])
    book = tmp_path / "t.xlsx"
    run("team", "report", "plat", "--on", Q2_BUILD, "-f", "xlsx", "-o", book)
    sheet = openpyxl.load_workbook(book)["heatmap"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert {cell.value for cell in cells} == {"=HYPERLINK(\"http://x\")", "+Bo", "@Cy"}
    assert {cell.data_type for cell in cells} == {"s"}
    assert openpyxl.load_workbook(book).sheetnames == ["heatmap", "coverage", "inputs"]


def test_others_ratings_in_an_export_explain_a_cell(run, tmp_path):
    me = tmp_path / "me.yaml"
    me.write_text(yaml.safe_dump({"rubric": str(NEEDS["rubric"]), "profile": "ada", "name": "Ada",
                                  "facts": {"degree": "master", "years": 6},
                                  "ratings": {"x1": 4, "x2": 3, "y1": 4, "y2": 3}}))
    assert run("take", "--answers", me).exit_code == 0
    for index, level in enumerate((2, 2, 1)):
        rater = tmp_path / f"peer{index}.yaml"
        rater.write_text(yaml.safe_dump({"rubric": str(NEEDS["rubric"]), "profile": "ada",
                                         "rater": {"relation": "peer", "name": f"peer {index}"},
                                         "ratings": {"x1": level, "x2": 2, "y1": 2, "y2": 2}}))
        assert run("take", "--answers", rater).exit_code == 0, run("take", "--answers", rater).stderr
    export = tmp_path / "ada.json"
    run("export", "-p", "ada", "-o", export)
    run("--home", tmp_path / "lead", "team", "add", "plat", export)
    views = json.loads(run("--home", tmp_path / "lead", "team", "show", "plat", "-f", "json").stdout)
    x1 = next(c for c in views["heatmap"]["rows"][0]["cells"] if c["competency"] == "x1")
    assert (x1["level"], x1["others"], x1["raters"]) == (4, 1.7, 3)  # (2 + 2 + 1) / 3, to one decimal


def test_with_three_runs_the_projection_is_an_interval():
    """Readiness 50, 60 and 75 three months apart: the pace is the least-squares slope 75 / 18 = 4.17 a month,
    its standard error sqrt((0.83² + 1.67² + 0.83²) / 1 / 18) = 0.48; 10 points to go at 4.17 + 0.48 and
    4.17 - 0.48 a month."""
    start = datetime(2026, 1, 1, 12)
    history = [Point(run_id=str(i), finished_at=(start + timedelta(days=3 * i * DAYS_PER_MONTH)).isoformat() + "+00:00",
                     readiness_by_role={"c": value}) for i, value in enumerate((50, 60, 75))]
    found = projected(history, "c", 75, 85, history[-1].finished_at)
    pace = 75 / 18
    error = ((0.8333 ** 2 + 1.6667 ** 2 + 0.8333 ** 2) / 18) ** 0.5
    last = datetime.fromisoformat(history[-1].finished_at)
    assert (found.pace, found.error, found.runs) == (round(pace, 2), round(error, 2), 3)
    assert found.earliest == (last + timedelta(days=10 / (pace + error) * DAYS_PER_MONTH)).date().isoformat()
    assert found.latest == (last + timedelta(days=10 / (pace - error) * DAYS_PER_MONTH)).date().isoformat()
    # 50, 90, 60: a pace of 30 / 18 = 1.67 give or take 6.74: the slower end does not rise, so no later bound.
    slower = [history[0], history[1].model_copy(update={"readiness_by_role": {"c": 90}}),
              history[2].model_copy(update={"readiness_by_role": {"c": 60}})]
    found = projected(slower, "c", 60, 85, history[-1].finished_at)
    assert (found.pace, found.error, found.latest) == (1.67, 6.74, None)


def test_a_team_can_be_deleted(run, tmp_path, files):
    run("team", "add", "plat", *files)
    assert run("team", "delete", "plat", input="n\n").exit_code == 1
    assert run("team", "delete", "plat", "--yes").stdout == "Deleted team plat\n"
    assert run("team", "list").stdout.startswith("No teams yet")
    assert run("team", "delete", "plat", "--yes").exit_code == 2


def test_the_needs_template_is_a_needs_file_that_validates(run, tmp_path, files):
    printed = run("team", "needs", "--rubric", str(NEEDS["rubric"])).stdout
    path = tmp_path / "needs.yaml"
    path.write_text(printed)
    assert run("team", "add", "plat", *files, "--needs", path).exit_code == 0
    assert yaml.safe_load(printed)["skills"] == [{"competency": "x1", "level": 3, "people": 2}]


def test_a_roster_made_by_another_version_is_scored_again_from_the_runs_it_keeps(run, tmp_path, files):
    run("team", "add", "plat", *files, "--on", Q2_BUILD)
    path = tmp_path / "assess-home" / "teams" / "plat.json"
    before = json.loads(run("team", "show", "plat", "--on", Q2_BUILD, "-f", "json").stdout)
    roster = json.loads(path.read_text())
    roster["tool_version"] = "0.0.1"
    for stored in roster["inputs"].values():  # what an older engine might have made of it
        stored["input"]["member"]["rungs"][0]["readiness"] = 1.0
    path.write_text(json.dumps(roster))
    again = json.loads(run("team", "show", "plat", "--on", Q2_BUILD, "-f", "json").stdout)
    assert again == before
    assert json.loads(path.read_text())["tool_version"] != "0.0.1"


def test_runs_loaded_elsewhere_make_the_same_team_through_one_function(tmp_path):
    """What an organisation's store would hand over: runs with their rubric, and which are shared."""
    from datetime import date

    from assess.app.team import team_of_runs
    from assess.app.team_inputs import LoadedRun
    from assess.core.share import Sharing
    from assess.core.team import Source
    from assess.core.team_needs import NeedsFile
    from assess.io.rubric_files import load_rubric_file
    from assess.io.store.sqlite import SQLiteStore

    from .team_people import TEAM, make_quarters

    make_quarters(tmp_path, "export")
    store = SQLiteStore(tmp_path / "people")
    rubric = load_rubric_file(NEEDS["rubric"])
    runs = [LoadedRun(run=run, rubric=rubric, source=Source(file=f"store:{run.id}", sha256="0" * 64),
                      shared=Sharing(tuple(TEAM[run.name][2])) if TEAM[run.name][2] else None,
                      earlier=[r for r in store.runs(run.profile) if r.id != run.id])
            for run in (store.latest(profile) for profile in store.profiles())]
    found = team_of_runs("org", runs, NeedsFile.model_validate(NEEDS), on=date(2026, 9, 7))
    # The store's run still holds Fay's years, but she shares it keeping them private: they count for nothing.
    assert found.view.people == 8
    assert {row.need: row.count for row in found.view.coverage}["rung:c"] == 1
    assert {row.need: row.private for row in found.view.coverage}["rung:c"] == ["Fay"]
    cai = next(c for row in found.view.succession if row.rung == "c" for c in row.nearest if c.person == "Cai")
    assert cai.projection is not None  # her earlier run, from the store, gives a pace
    store.close()


@pytest.mark.parametrize(("on", "status"), [("2026-09-02", "counted"), ("2026-09-03", "older")])
def test_an_input_counts_for_exactly_the_window(run, tmp_path, on, status):
    files = write_exports(tmp_path, {"Ada": (4, 3, 4, 3)}, "2026-03-02T10:00:00+00:00")
    run("team", "add", "plat", *files, "--on", "2026-03-05")
    result = run("team", "show", "plat", "--on", on, "-f", "json")
    if status == "counted":
        assert json.loads(result.stdout)["inputs"][0]["status"] == "counted"
    else:  # nobody left to count: one line, exit 2
        assert result.exit_code == 2 and "none of its 1 inputs was taken within 6 months of 2026-09-03" in result.stderr


def test_a_shared_run_exported_again_by_a_mentor_is_still_shared_and_its_stated_placement_is_not_taken(run, tmp_path):
    """A mentor who imported Fay's shared report exports it again: the document no longer says it is shared, the
    run's own mark does, and states her placement. The team reads it as shared, and the rungs whose gates ask about
    her private years stay private rather than met on the file's word."""
    from assess.core.share import Sharing, shared_run
    from assess.io.export import export_document
    from assess.io.rubric_files import load_rubric_file
    from assess.io.store.sqlite import SQLiteStore

    from .team_people import Q2, answers, make_quarters

    make_quarters(tmp_path, "export")
    store = SQLiteStore(tmp_path / "people")
    rubric = load_rubric_file(NEEDS["rubric"])
    fay = shared_run(store.latest("fay"), rubric, Sharing(("years",)))
    store.close()
    assert fay.shared is not None and fay.shared.placements == {"ladder": "c"} and answers("Fay", 2).private
    path = tmp_path / "fay-again.json"
    path.write_text(json.dumps(export_document([fay], [rubric], exported_at=Q2, tool_version="test")))
    added = run("team", "add", "plat", path, "--needs", needs_file(tmp_path), "--on", Q2_BUILD)
    assert "1 of them shared" in added.stdout, added.stdout
    views = json.loads(run("team", "show", "plat", "--on", Q2_BUILD, "-f", "json").stdout)
    assert [row["shared"] for row in views["inputs"]] == [True]
    coverage = {row["need"]: row for row in views["coverage"]}
    assert coverage["rung:c"]["holders"] == [] and coverage["rung:c"]["private"] == ["Fay"]
