"""A history written by the first schema, holding runs, comes up to date and reads as a history should."""

from __future__ import annotations

import json
import sqlite3

from assess.core.answers import check_answers
from assess.core.scoring import score
from assess.io.locations import DB_NAME
from assess.io.rubric_files import canonical_ref, load_rubric_file
from assess.io.store import migrations
from assess.io.store.sqlite import SQLiteStore

from .conftest import MINI

OLD_RESULT = {"rubric": "mini", "rubric_version": "VERSION", "target": "c", "readiness": 12.5,
              "readiness_by_role": {"a": 50.0, "b": 20.0, "c": 12.5},
              "placement": None, "next_role": "a", "areas": {"x": 10.0, "y": 0.0}}  # the shape 0.1 stored


def first_schema_history(home, monkeypatch) -> None:
    """A database as the first release left it: schema 1 only, one complete run and one draft."""
    with monkeypatch.context() as patched:
        patched.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        patched.setattr(migrations, "SCHEMA_VERSION", 1)
        SQLiteStore(home).close()
    db = sqlite3.connect(home / DB_NAME)
    ref = canonical_ref(str(MINI))
    version = load_rubric_file(MINI).version
    for run_id, result in (("0123456789ab", OLD_RESULT), ("0123456789ac", None)):
        db.execute("INSERT INTO runs (id, profile, name, rubric_ref, rubric_id, rubric_version, rubric_hash, "
                   "tool_version, started_at, status) VALUES (?, 'default', 'Ada', ?, 'mini', ?, 'fingerprint-of-0.1', "
                   "'0.1.0', '2026-01-05T09:30:00+00:00', 'draft')", (run_id, ref, version))
        db.executemany("INSERT INTO answers (run_id, section, key, value) VALUES (?, ?, ?, ?)",
                       [(run_id, "ratings", "x1", "1"), (run_id, "ratings", "x2", "0"), (run_id, "facts", "years", "2")])
        if result is not None:
            db.execute("UPDATE runs SET status = 'complete', finished_at = '2026-01-05T10:00:00+00:00', readiness = ?, "
                       "result = ? WHERE id = ?",
                       (result["readiness"], json.dumps({**result, "rubric_version": version}), run_id))
    db.commit()
    db.close()


def test_a_first_schema_history_with_runs_migrates_and_reads(tmp_path, monkeypatch, run):
    home = tmp_path / "old"
    first_schema_history(home, monkeypatch)
    with SQLiteStore(home) as store:
        names = [row[0] for row in store._db.execute("SELECT name FROM _migrations ORDER BY name")]
        (complete,) = store.runs("default")
        (draft,) = store.runs("default", status="draft")
    assert names == [fn.__name__ for fn in migrations.MIGRATIONS]
    # The answers are as they were; the result 0.1 stored is one today's models cannot read, so it is left to be
    # scored again when read, never rewritten by a migration.
    assert complete.answers.ratings == {"x1": 1, "x2": 0} and complete.result is None
    assert draft.status == "draft" and draft.answers.facts == {"years": 2}
    history = json.loads(run("--home", home, "history", "-f", "json").stdout)
    assert [(row["id"], row["status"]) for row in history] == [("0123456789ac", "draft"), ("0123456789ab", "complete")]


def test_a_result_today_cannot_read_is_scored_again_when_read(tmp_path, monkeypatch, run):
    home = tmp_path / "old"
    first_schema_history(home, monkeypatch)
    out = tmp_path / "r.json"
    assert run("--home", home, "report", "0123456789ab", "-f", "json", "-o", out).exit_code == 0
    rubric = load_rubric_file(MINI)
    with SQLiteStore(home) as store:
        answers = check_answers(store.get("0123456789ab").answers, rubric, "test")
    assert json.loads(out.read_text())["readiness"] == score(rubric, answers).readiness
    # Nothing was written back: the stored result stays what 0.1 wrote.
    db = sqlite3.connect(home / DB_NAME)
    stored = json.loads(db.execute("SELECT result FROM runs WHERE id = '0123456789ab'").fetchone()[0])
    assert stored == {**OLD_RESULT, "rubric_version": load_rubric_file(MINI).version}
