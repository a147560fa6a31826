"""Spreadsheets that lie about their size or hold damaged XML, CSV built to make a parser crawl, a template cache
someone else could write, a cache folder we cannot write, a home that names a user who is not there."""

from __future__ import annotations

import io
import marshal
import os
import pickle
import re
import shutil
import stat
import time
import zipfile
from pathlib import Path

import jinja2
import pytest

from assess.io.locations import Locations, private_folder

from .conftest import ROOT
from .test_hostile import assess as hostile_assess
from .test_hostile import needs_capsh, shared_tmp  # noqa: F401, F811 - a fixture, used by name
from .test_rubric_import import LADDER, MATRIX, example_xlsx, table, write_csv

EXAMPLE = ROOT / "examples" / "director-ml-engineering" / "mid-career.yaml"
IS_ROOT = os.geteuid() == 0


def one_line(result, code: int = 2) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("assess: "), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result.stderr


# --- workbooks ----------------------------------------------------------------------------------------------------


def edited(book: Path, sheet: str, change) -> Path:
    """`book` with the XML of `sheet` (e.g. "sheet1") changed as `change` says; everything else as it was."""
    out = io.BytesIO()
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == f"xl/worksheets/{sheet}.xml":
                data = change(data.decode()).encode()
            zout.writestr(item, data)
    path = book.with_name(f"edited-{book.name}")
    path.write_bytes(out.getvalue())
    return path


def with_dimension(ref: str):
    return lambda xml: re.sub(r'<dimension ref="[^"]*" ?/>', f'<dimension ref="{ref}" />', xml)


@pytest.mark.parametrize(("sheet", "ref"), [("sheet1", "A1:U2"), ("sheet1", "A1:B1"), ("sheet1", "A1"),
                                            ("sheet2", "A1:F3"), ("sheet1", "A1:A1048576")])
def test_a_stale_dimension_drops_no_row(run, tmp_path, sheet, ref):
    book = example_xlsx(tmp_path / "ladder.xlsx")
    fine = run("rubrics", "import", book, "-o", tmp_path / "fine.yaml")
    assert fine.exit_code == 0, fine.stderr
    stale = run("rubrics", "import", edited(book, sheet, with_dimension(ref)), "-o", tmp_path / "stale.yaml")
    assert stale.exit_code == 0, stale.stderr
    assert (tmp_path / "stale.yaml").read_text() == (tmp_path / "fine.yaml").read_text().replace(
        "ladder.xlsx", "edited-ladder.xlsx")


def cell(value_xml: str):
    return lambda xml: re.sub(r'<c r="B2"[^>]*>.*?</c>', value_xml, xml, count=1)


DAMAGE = {
    "truncated XML": lambda xml: xml[: len(xml) // 2],
    "a number that is not one": cell('<c r="B2" t="n"><v>abc</v></c>'),
    "a shared string that is not there": cell('<c r="B2" t="s"><v>99999</v></c>'),
    "a date that is not one": cell('<c r="B2" t="d"><v>notadate</v></c>'),
    "a true/false that is neither": cell('<c r="B2" t="b"><v>x</v></c>'),
    "a cell reference that is none": lambda xml: xml.replace('<c r="B2"', '<c r="!!"', 1),
    "a row number that is none": lambda xml: xml.replace('<row r="2"', '<row r="abc"', 1),
    "an unknown element": lambda xml: xml.replace("<sheetData>", "<sheetData><bogus>", 1),
    "a negative row": lambda xml: xml.replace('<row r="2"', '<row r="-2"', 1),
    "an entity": lambda xml: xml.replace("<worksheet", '<!DOCTYPE x [<!ENTITY a "b">]><worksheet', 1),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("sheet", ["sheet1", "sheet2"])
def test_damaged_sheet_xml_or_cell_values_are_one_line(run, tmp_path, damage, sheet):
    book = edited(example_xlsx(tmp_path / "ladder.xlsx"), sheet, DAMAGE[damage])
    result = run("rubrics", "import", book, "-o", tmp_path / "out.yaml")
    if result.exit_code == 0:  # some damage openpyxl reads past; the rubric is then checked like any other
        assert (tmp_path / "out.yaml").is_file()
        return
    assert str(book) in one_line(result)
    assert not (tmp_path / "out.yaml").exists()


# --- CSV built to make a parser crawl --------------------------------------------------------------------------------


def matrix_with(tmp_path, line: str, name="wide.csv") -> Path:
    rows = MATRIX.read_text().splitlines()
    path = tmp_path / name
    path.write_text("\n".join([rows[0], line, *rows[2:]]) + "\n")
    return path


WIDE = {
    "100,000 cells in a row": lambda head: head + "," + ",".join(["x"] * 100_000),
    "2,000,000 empty cells": lambda head: head + "," * 2_000_000,
    "201 columns": lambda head: head + "," + ",".join(["x"] * (201 - head.count(",") - 1)),
    "semicolons": lambda head: head.replace(",", ";") + ";" * 300_000,
    "a cell of 3 MB": lambda head: '"' + "y" * 3_000_000 + '"',
    "a cell of 3 MB unquoted": lambda head: "y" * 3_000_000,
    "quotes that never close": lambda head: head + ',"' * 200_000,
}


@pytest.mark.parametrize("case", sorted(WIDE))
def test_a_wide_or_long_csv_row_is_refused_before_it_is_parsed(run, tmp_path, case):
    head = MATRIX.read_text().splitlines()[1]
    path = matrix_with(tmp_path, WIDE[case](head))
    began = time.process_time()
    message = one_line(run("rubrics", "import", path, "--rungs", LADDER, "-o", tmp_path / "out.yaml"))
    assert time.process_time() - began < 5  # was 11-19 s and 500 MB for 200 KB
    assert str(path) in message and ("columns" in message or "characters" in message or "CSV" in message)


def test_quoted_separators_and_line_breaks_are_text_not_columns(run, tmp_path):
    rows = table(MATRIX)
    rows[1][rows[0].index("description")] = "Builds, ships and runs models;\nwith, many, commas" + "," * 300
    path = write_csv(tmp_path / "quoted.csv", rows)
    result = run("rubrics", "import", path, "--rungs", LADDER, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 0, result.stderr
    assert "with, many, commas" in (tmp_path / "out.yaml").read_text()


def test_empty_trailing_cells_of_an_exported_sheet_are_fine(run, tmp_path):
    rows = MATRIX.read_text().splitlines()
    path = tmp_path / "trailing.csv"
    path.write_text("\n".join(row + "," * 250 for row in rows) + "\n")
    assert run("rubrics", "import", path, "--rungs", LADDER, "-o", tmp_path / "out.yaml").exit_code == 0


# --- the compiled template cache ----------------------------------------------------------------------------------


def report(run, tmp_path, name="r.md"):
    result = run("demo", "-f", "md", "-o", tmp_path / name)
    assert result.exit_code == 0, result.stderr
    return (tmp_path / name).read_text()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("ASSESS_HOME", str(home))
    return home / "cache" / "templates"


def test_a_planted_compiled_template_never_runs(run, tmp_path, cache):
    expected = report(run, tmp_path, "first.md")
    compiled = sorted(cache.iterdir())
    assert compiled and all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in compiled)
    marker = tmp_path / "pwned"
    code = compile(f"import pathlib; pathlib.Path({str(marker)!r}).write_text('ran')", "planted", "exec")
    for path in compiled:
        with path.open("rb") as found:  # jinja2's layout: its magic, the template's checksum, then the code
            magic = found.read(len(jinja2.bccache.bc_magic))
            checksum = pickle.load(found)  # noqa: S301 - our own cache file, read back in a test
        path.write_bytes(magic + pickle.dumps(checksum, 2) + marshal.dumps(code))
        path.chmod(0o666)  # writable by anyone: what anyone left there is not ours to run
    assert report(run, tmp_path, "second.md") == expected
    assert not marker.exists()
    cache.chmod(0o777)  # the folder too: emptied of what others could have left, and tightened
    for path in cache.iterdir():
        path.write_bytes(b"planted")
        path.chmod(0o600)
    assert report(run, tmp_path, "third.md") == expected
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700 and not marker.exists()


def test_a_cache_folder_that_is_a_link_or_not_a_folder_is_not_used(run, tmp_path, cache):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache.parent.mkdir(parents=True)
    cache.symlink_to(elsewhere)
    expected = report(run, tmp_path)
    assert list(elsewhere.iterdir()) == [] and report(run, tmp_path) == expected
    cache.unlink()
    cache.write_text("a file where the folder goes")
    assert report(run, tmp_path) == expected and cache.read_text() == "a file where the folder goes"


@pytest.mark.skipif(IS_ROOT, reason="root writes any folder; the case is a folder left by `sudo assess`")
def test_a_cache_folder_we_cannot_write_means_no_cache_not_a_failure(run, tmp_path, cache):
    cache.mkdir(parents=True, mode=0o500)
    try:
        expected = report(run, tmp_path)
        assert report(run, tmp_path) == expected and list(cache.iterdir()) == []
    finally:
        cache.chmod(0o700)


def test_private_folder_refuses_what_it_cannot_trust(tmp_path, monkeypatch):
    ours = tmp_path / "ours"
    assert private_folder(ours) == ours and stat.S_IMODE(ours.stat().st_mode) == 0o700
    link = tmp_path / "link"
    link.symlink_to(ours)
    assert private_folder(link) is None
    afile = tmp_path / "file"
    afile.write_text("x")
    assert private_folder(afile) is None and private_folder(afile / "below") is None
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)  # as if someone else owned it
    assert private_folder(ours) is None
    monkeypatch.undo()
    monkeypatch.setattr(os, "access", lambda *_: False)  # left by `sudo assess`
    assert private_folder(ours) is None


# --- homes that cannot be -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("home", ["~nosuchuser-assess-test/history", "~nosuchuser-assess-test", "~nosuch\x1buser/x"])
def test_a_home_naming_a_user_this_machine_does_not_have_is_one_line(run, monkeypatch, home):
    for args in (["--home", home, "history"], ["--home", home, "take", "--answers", EXAMPLE],
                 ["--home", home, "demo", "-f", "md", "-o", "r.md"]):
        assert "names the home folder of a user this machine does not have" in one_line(run(*args))
    monkeypatch.setenv("ASSESS_HOME", home)
    assert "does not have" in one_line(run("history"))
    with pytest.raises(Exception, match="does not have"):
        Locations.find(home)


def test_a_home_under_ones_own_tilde_is_expanded(run, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    result = run("--home", "~/assess-here", "take", "--answers", EXAMPLE)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "assess-here" / "assess.sqlite3").is_file()
    shutil.rmtree(tmp_path / "assess-here")


@pytest.mark.slow
@needs_capsh
def test_a_cache_folder_left_by_sudo_means_no_cache_in_a_real_process(shared_tmp):  # noqa: F811
    home = shared_tmp / "home"
    cache = home / "cache" / "templates"
    cache.mkdir(parents=True)
    cache.chmod(0o500)  # as `sudo assess report` leaves it: not writable by the person
    try:
        for name in ("one.md", "two.md"):
            done = hostile_assess("demo", "-f", "md", "-o", shared_tmp / name, home=home, as_other=True)
            assert done.returncode == 0, done.stderr
        assert (shared_tmp / "one.md").read_text() == (shared_tmp / "two.md").read_text()
        assert list(cache.iterdir()) == []
    finally:
        cache.chmod(0o700)
