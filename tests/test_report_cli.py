"""`assess report` and `assess demo` through the real entry point."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from assess.app.demo import demo_runs
from assess.io.store.sqlite import SQLiteStore as Store


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


@pytest.fixture
def stored(isolated_home):
    """Sam Rivera's three example runs, stored as complete runs."""
    runs, rubric = demo_runs()
    store = Store(isolated_home)
    saved = [
        store.add_complete(answers=run.answers, rubric=rubric, result=run.result,
                           started_at=datetime.fromisoformat(run.started_at),
                           finished_at=datetime.fromisoformat(run.finished_at))
        for run in runs
    ]
    store.close()
    return saved


def test_demo_json_default_filename(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("demo", "--format", "json")
    name = "assess-report-sam-rivera-2026-05-19.json"
    assert result.exit_code == 0
    assert result.stdout == f"Wrote {name}\n"
    data = json.loads((tmp_path / name).read_text())
    assert data["readiness"] == 63.4
    assert [p["readiness"] for p in data["progress"]["runs"]] == [40.9, 52.7, 63.4]
    assert not (tmp_path / "assess-home").exists()  # the demo stores nothing


@pytest.mark.parametrize("fmt, marker", [("html", "<!DOCTYPE html>"), ("md", "# Gap analysis for Sam Rivera")])
def test_demo_text_formats(run, tmp_path, fmt, marker):
    out = tmp_path / f"r.{fmt}"
    result = run("demo", "-f", fmt, "-o", out)
    assert result.exit_code == 0
    assert result.stdout == f"Wrote {out}\n"
    assert out.read_text().startswith(marker)


def test_report_latest_includes_progress(run, stored, tmp_path):
    out = tmp_path / "r.json"
    result = run("report", "latest", "--profile", "example", "-f", "json", "-o", out)
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text())
    assert [p["id"] for p in data["progress"]["runs"]] == [r.id for r in stored]
    # The middle run's plan aimed at Team Lead. Org design (0 then) had a step 0 -> 1 within 3 months and 1 -> 2
    # within 6; six months and a week later both are due and, at 2, met.
    assert [goal for goal in data["progress"]["goals"] if goal["competency"] == "ml-org-design"] == [
        {"competency": "ml-org-design", "title": "Org design and scaling ML teams", "horizon": horizon,
         "due_on": due_on, "due": True, "from": start, "target": start + 1, "was": 0, "now": 2, "status": "met",
         "met": True} for horizon, due_on, start in ((3, "2026-02-12", 0), (6, "2026-05-12", 1))]


def test_report_of_an_older_run_shows_progress_up_to_it(run, stored, tmp_path):
    out = tmp_path / "r.json"
    result = run("report", stored[1].id[:8], "-f", "json", "-o", out)
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["readiness"] == 52.7
    assert [p["id"] for p in data["progress"]["runs"]] == [stored[0].id, stored[1].id]


def test_report_of_a_first_run_has_no_progress(run, stored, tmp_path):
    out = tmp_path / "r.html"
    assert run("report", stored[0].id, "-f", "html", "-o", out).exit_code == 0
    assert 'id="progress"' not in out.read_text()


def test_report_default_filename(run, stored, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("report", "-p", "example", "-f", "md")
    assert result.exit_code == 0
    assert (tmp_path / "assess-report-sam-rivera-2026-05-19.md").is_file()


@pytest.mark.parametrize("ref, message", [
    ("zzz", "assess: run 'zzz': "),
    ("abcdef", "assess: run 'abcdef': "),
])
def test_bad_run_exits_2(run, stored, ref, message):
    result = run("report", ref)
    assert result.exit_code == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_no_runs_exits_2(run):
    result = run("report", "-p", "nobody")
    assert result.exit_code == 2
    assert result.stderr.startswith("assess: profile 'nobody': ")


def test_output_folder_must_exist(run, tmp_path):
    out = tmp_path / "missing" / "r.pdf"
    result = run("demo", "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"assess: {out}: folder {out.parent} does not exist\n"
    assert run("demo", "-o", tmp_path, "-f", "md").stderr == f"assess: {tmp_path}: is a folder; give a file name\n"


def test_bad_format_is_refused(run):
    result = run("demo", "--format", "docx")
    assert result.exit_code == 2
    assert "'docx' is not one of 'pdf', 'html', 'md', 'json'" in result.stderr


@pytest.mark.slow
def test_demo_pdf_default_filename(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("demo")
    name = "assess-report-sam-rivera-2026-05-19.pdf"
    assert result.exit_code == 0
    assert result.stdout == f"Wrote {name}\n"
    reader = PdfReader(tmp_path / name)
    assert 10 <= len(reader.pages) <= 16
    assert "Executive summary" in reader.pages[0].extract_text()  # the summary comes first, on the first page
    assert "Progress since earlier runs" in "".join(p.extract_text() for p in reader.pages)
    assert [p.name for p in tmp_path.iterdir() if p.name != "assess-home"] == [name]  # no temp file left behind


@pytest.mark.slow
def test_report_pdf_letter(run, stored, tmp_path):
    out = tmp_path / "r.pdf"
    result = run("report", "-p", "example", "--paper", "letter", "-o", out)
    assert result.exit_code == 0
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_reports_are_readable_by_their_owner_only(run, tmp_path):
    import stat

    out = tmp_path / "r.md"
    out.write_text("an earlier report")
    out.chmod(0o644)
    assert run("demo", "-f", "md", "-o", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_compiled_templates_are_kept_in_a_private_cache_between_runs(run, tmp_path, monkeypatch):
    monkeypatch.delenv("ASSESS_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    cache = tmp_path / "cache" / "assess" / "templates"
    assert run("demo", "-f", "html", "-o", tmp_path / "a.html").exit_code == 0
    kept = sorted(p.name for p in cache.iterdir())
    assert kept and stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert run("demo", "-f", "html", "-o", tmp_path / "b.html").exit_code == 0
    assert sorted(p.name for p in cache.iterdir()) == kept
    assert (tmp_path / "a.html").read_text() == (tmp_path / "b.html").read_text()


def test_a_chosen_home_keeps_the_cache_too(run, tmp_path):
    home = tmp_path / "elsewhere"
    assert run("--home", home, "demo", "-f", "md", "-o", tmp_path / "a.md").exit_code == 0
    assert sorted(p.name for p in (home / "cache" / "templates").iterdir())
