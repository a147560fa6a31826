"""The history database: drafts, frozen complete runs, permissions, migrations, bad files, crashes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assess import __version__
from assess.core.answers import Answers, Rater, check_answers
from assess.core.errors import BadInput, RunNotFound, StorageError
from assess.core.runs import RunPoint, SharedMark, Standing
from assess.core.scoring import score
from assess.core.snapshot import rubric_hash, rubric_snapshot
from assess.io.locations import DB_NAME
from assess.io.rubric_files import load_rubric_file
from assess.io.store import migrations, sqlite_connection, sqlite_file
from assess.io.store import sqlite as sqlite_store
from assess.io.store.migrations import MIGRATIONS, SCHEMA_VERSION
from assess.io.store.sqlite import SQLiteStore as Store

from .conftest import MINI, ROOT

T0 = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
RATINGS = {"x1": 2, "x2": 1, "y1": 1, "y2": None}


@pytest.fixture(scope="module")
def mini():
    return load_rubric_file(MINI)


def answers(ratings=None, profile="default", **kw) -> Answers:
    return Answers(rubric="mini", profile=profile, facts={"degree": "master", "years": 6},
                   ratings=RATINGS if ratings is None else ratings, **kw)


def add(store: Store, rubric, ratings=None, *, profile="default", days=0, evidence=None):
    given = check_answers(answers(ratings, profile, evidence=evidence or {}), rubric, "test")
    when = T0 + timedelta(days=days)
    return store.add_complete(answers=given, rubric=rubric, result=score(rubric, given),
                              started_at=when, finished_at=when + timedelta(minutes=20))


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- opening, permissions, migrations ------------------------------------------------------


def test_home_from_env_and_private_permissions(isolated_home):
    store = Store()
    assert store.path == isolated_home / DB_NAME
    assert file_mode(isolated_home) == 0o700
    assert file_mode(store.path) == 0o600


def test_explicit_home_wins_over_env(tmp_path, isolated_home):
    store = Store(tmp_path / "elsewhere")
    assert store.path == tmp_path / "elsewhere" / DB_NAME
    assert not isolated_home.exists()


def test_wal_and_busy_timeout(tmp_path):
    store = Store(tmp_path / "h")
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert store._db.execute("PRAGMA busy_timeout").fetchone() == (10_000,)


def test_migrations_are_recorded_and_run_once(tmp_path):
    home = tmp_path / "h"
    Store(home).close()
    Store(home).close()
    db = sqlite3.connect(home / DB_NAME)
    assert [row[0] for row in db.execute("SELECT name FROM _migrations")] == [
        "m001_initial", "m002_rubric_snapshots", "m003_private_facts", "m004_rater_runs", "m005_run_points",
        "m006_continued_and_shared_runs", "m007_answers_kept_whole", "m008_history_identity"]
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert db.execute("PRAGMA application_id").fetchone() == (migrations.APPLICATION_ID,)


def test_a_new_migration_is_applied_to_an_existing_database(tmp_path, monkeypatch, mini):
    home = tmp_path / "h"
    kept = add(Store(home), mini)

    def m009_add_note(db):
        db.execute("ALTER TABLE runs ADD COLUMN note TEXT")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, m009_add_note])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    store = Store(home)
    names = [row[0] for row in store._db.execute("SELECT name FROM _migrations ORDER BY name")]
    assert names == [fn.__name__ for fn in MIGRATIONS] + ["m009_add_note"]
    assert store._db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION + 1,)
    assert store.get(kept.id) == kept


def test_newer_schema_is_refused(tmp_path, mini):
    home = tmp_path / "h"
    Store(home).close()
    db = sqlite3.connect(home / DB_NAME)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = (home / DB_NAME).read_bytes()
    with pytest.raises(StorageError) as err:
        Store(home)
    assert str(err.value) == (f"{home / DB_NAME}: history database schema {SCHEMA_VERSION + 1} is newer than this "
                              f"assess ({__version__}, schema {SCHEMA_VERSION}); upgrade assess")
    assert (home / DB_NAME).read_bytes() == before


def test_unknown_migration_is_refused(tmp_path):
    home = tmp_path / "h"
    Store(home).close()
    db = sqlite3.connect(home / DB_NAME)
    db.execute("INSERT INTO _migrations VALUES ('m002_from_the_future', '2030-01-01T00:00:00+00:00')")
    db.commit()
    db.close()
    with pytest.raises(StorageError, match="migration 'm002_from_the_future' unknown to this assess"):
        Store(home)


def test_random_bytes_are_refused_and_left_alone(isolated_home, run):
    isolated_home.mkdir()
    path = isolated_home / DB_NAME
    junk = os.urandom(8192)
    path.write_bytes(junk)
    with pytest.raises(StorageError, match=r"^" + str(path) + r": not an assess history database, or a damaged one \(file is not a"):
        Store()
    result = run("history")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"assess: {path}: not an assess history database")
    assert result.stderr.count("\n") == 1
    assert path.read_bytes() == junk


def test_another_applications_database_is_refused_and_left_alone(isolated_home, run):
    isolated_home.mkdir()
    path = isolated_home / DB_NAME
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (body TEXT)")
    db.execute("INSERT INTO notes VALUES ('keep me')")
    db.commit()
    db.close()
    before = path.read_bytes()
    result = run("progress")
    assert result.exit_code == 2
    assert result.stderr == (f"assess: {path}: not an assess history database (another application's SQLite file); "
                             "move it away or use --home\n")
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists()


def test_an_empty_file_becomes_a_database(isolated_home, mini):
    isolated_home.mkdir(mode=0o700)
    (isolated_home / DB_NAME).touch(mode=0o600)
    assert add(Store(), mini).status == "complete"


def test_home_that_is_a_file_is_refused(tmp_path):
    home = tmp_path / "file"
    home.write_text("x")
    with pytest.raises(StorageError, match="is a file, not a folder"):
        Store(home)


# --- drafts --------------------------------------------------------------------------------


def test_draft_saved_answer_by_answer(tmp_path, mini):
    store = Store(tmp_path / "h")
    draft = store.create_draft(answers=Answers(rubric="mini", name="Jo"), rubric=mini, started_at=T0)
    assert draft.status == "draft" and draft.result is None and draft.finished_at is None
    assert len(draft.id) == 12 and int(draft.id, 16) >= 0
    assert (draft.rubric_id, draft.rubric_version, draft.rubric_hash) == ("mini", "1", rubric_hash(mini))
    assert draft.tool_version == __version__
    assert draft.started_at == "2026-01-05T09:30:00+00:00"
    store.save_answer(draft.id, "facts", "degree", "phd")
    store.save_answer(draft.id, "ratings", "x1", 3)
    store.save_answer(draft.id, "ratings", "x2", None)  # "not sure" is an answer too
    store.save_answer(draft.id, "ratings", "x1", 2)
    store.save_answer(draft.id, "evidence", "x1", "Shipped the ranking model.")
    store.save_answer(draft.id, "evidence", "y1", "Gone soon.")
    store.save_answer(draft.id, "evidence", "y1", None)
    found = Store(tmp_path / "h").find_draft("default")
    assert found is not None and found.id == draft.id
    assert found.name == "Jo"
    assert found.answers.facts == {"degree": "phd"}
    assert found.answers.ratings == {"x1": 2, "x2": None}
    assert found.answers.evidence == {"x1": "Shipped the ranking model."}


def test_find_draft_newest_and_by_rubric(tmp_path, mini):
    store = Store(tmp_path / "h")
    old = store.create_draft(answers=Answers(rubric="mini"), rubric=mini, started_at=T0)
    new = store.create_draft(answers=Answers(rubric="mini"), rubric=mini, started_at=T0 + timedelta(hours=1))
    store.create_draft(answers=Answers(rubric="mini", profile="sam"), rubric=mini, started_at=T0 + timedelta(hours=2))
    assert store.find_draft("default").id == new.id
    assert store.find_draft("default", "mini").id == new.id
    assert store.find_draft("default", "director-ml-engineering") is None
    assert store.find_draft("nobody") is None
    store.discard(new.id)
    assert store.find_draft("default").id == old.id


def test_complete_a_draft(tmp_path, mini):
    store = Store(tmp_path / "h")
    draft = store.create_draft(answers=answers(), rubric=mini, started_at=T0)
    result = score(mini, draft.answers)
    done = store.complete(draft.id, result=result, finished_at=T0 + timedelta(minutes=15))
    assert done.status == "complete"
    assert done.finished_at == "2026-01-05T09:45:00+00:00"
    assert done.result == result
    assert store.find_draft("default") is None
    assert store.latest("default") == done


def test_save_answer_refuses_unknown_section_and_run(tmp_path, mini):
    store = Store(tmp_path / "h")
    draft = store.create_draft(answers=Answers(rubric="mini"), rubric=mini, started_at=T0)
    with pytest.raises(BadInput, match="answer section 'notes' is not one of facts, ratings, evidence"):
        store.save_answer(draft.id, "notes", "x1", 1)
    with pytest.raises(RunNotFound, match="run 'ffffffffffff': no such run"):
        store.save_answer("ffffffffffff", "ratings", "x1", 1)


# --- complete runs never change ------------------------------------------------------------


def test_complete_runs_refuse_every_change(tmp_path, mini):
    store = Store(tmp_path / "h")
    done = add(store, mini)
    message = f"run {done.id}: is complete; completed runs cannot change"
    with pytest.raises(StorageError, match=message):
        store.save_answer(done.id, "ratings", "x1", 4)
    with pytest.raises(StorageError, match=message):
        store.complete(done.id, result=done.result, finished_at=T0)
    with pytest.raises(StorageError, match=message):
        store.discard(done.id)
    assert store.get(done.id) == done


def test_database_triggers_refuse_edits_of_complete_runs(tmp_path, mini):
    store = Store(tmp_path / "h")
    done = add(store, mini)
    db = sqlite3.connect(store.path, isolation_level=None)
    for sql, params in (
        ("UPDATE runs SET name = 'x' WHERE id = ?", (done.id,)),
        ("UPDATE answers SET value = '4' WHERE run_id = ?", (done.id,)),
        ("INSERT INTO answers VALUES (?, 'ratings', 'zz', '1')", (done.id,)),
    ):
        with pytest.raises(sqlite3.IntegrityError, match="completed runs cannot change"):
            db.execute(sql, params)
    assert store.get(done.id) == done


# --- reading -------------------------------------------------------------------------------


def test_get_by_unique_prefix(tmp_path, mini, monkeypatch):
    ids = iter(["abc111111111", "abc222222222", "def333333333"])
    monkeypatch.setattr(sqlite_store, "new_run_id", lambda: next(ids))
    store = Store(tmp_path / "h")
    for days in range(3):
        add(store, mini, days=days)
    assert store.get("abc1").id == "abc111111111"
    assert store.get("DEF").id == "def333333333"
    with pytest.raises(RunNotFound, match="run 'abc': ambiguous, matches abc111111111, abc222222222"):
        store.get("abc")
    with pytest.raises(RunNotFound, match=r"run 'fff': no such run in "):
        store.get("fff")
    with pytest.raises(RunNotFound, match="run 'x%': not a run id"):
        store.get("x%")


def test_runs_ordered_and_filtered(tmp_path, mini):
    store = Store(tmp_path / "h")
    late = add(store, mini, days=30)
    early = add(store, mini, days=1)
    other = add(store, mini, profile="sam", days=2)
    draft = store.create_draft(answers=Answers(rubric="mini"), rubric=mini, started_at=T0 + timedelta(days=5))
    assert [r.id for r in store.runs("default")] == [early.id, late.id]
    assert [r.id for r in store.runs("default", status=None)] == [early.id, draft.id, late.id]
    assert [r.id for r in store.runs("default", status="draft")] == [draft.id]
    assert [r.id for r in store.runs()] == [early.id, other.id, late.id]
    assert [r.id for r in store.runs("default", last=1)] == [late.id]
    assert store.latest("default").id == late.id
    assert [p.id for p in store.run_points("default")] == [early.id, late.id]
    assert store.run_points("default")[0].readiness_by_role == early.result.readiness_by_role
    with pytest.raises(RunNotFound, match="profile 'nobody': no completed runs yet"):
        store.latest("nobody")


def add_rater(store: Store, rubric, relation="peer", name="Pat", *, days=0, profile="default"):
    given = check_answers(Answers(rubric="mini", profile=profile, rater=Rater(relation=relation, name=name),
                                  ratings={"x1": 1, "x2": 1, "y1": 1, "y2": 1}), rubric, "test")
    when = T0 + timedelta(days=days)
    return store.add_complete(answers=given, rubric=rubric, result=score(rubric, given), started_at=when,
                              finished_at=when)


def test_rater_runs_are_never_the_persons_own(tmp_path, mini):
    store = Store(tmp_path / "h")
    own = add(store, mini, days=1)
    peer = add_rater(store, mini, days=2)
    manager = add_rater(store, mini, "manager", "Mo", days=3)
    assert store.get(peer.id).answers.rater == Rater(relation="peer", name="Pat")
    assert [r.id for r in store.runs("default")] == [own.id]
    assert [r.id for r in store.runs("default", who="raters")] == [peer.id, manager.id]
    assert [r.id for r in store.runs("default", who="all")] == [own.id, peer.id, manager.id]
    assert [r.id for r in store.runs("default", last=1)] == [own.id]
    assert store.latest("default").id == own.id
    assert [p.id for p in store.run_points("default")] == [own.id]
    with pytest.raises(BadInput, match="runs of 'them': not one of self, raters, all"):
        store.runs(who="them")


def test_drafts_of_a_rater_and_of_the_person_are_apart(tmp_path, mini):
    store = Store(tmp_path / "h")
    pat, kim = Rater(relation="peer", name="Pat"), Rater(relation="peer", name="Kim")
    theirs = store.create_draft(answers=Answers(rubric="mini", rater=pat), rubric=mini, started_at=T0)
    assert store.find_draft("default") is None
    assert store.find_draft("default", "mini", pat).id == theirs.id
    assert store.find_draft("default", "mini", kim) is None
    mine = store.create_draft(answers=Answers(rubric="mini"), rubric=mini, started_at=T0 - timedelta(hours=1))
    assert store.find_draft("default").id == mine.id


def test_an_existing_database_migrates_to_rater_runs(tmp_path, monkeypatch, mini):
    home = tmp_path / "h"
    with monkeypatch.context() as patched:
        patched.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:2])
        patched.setattr(migrations, "SCHEMA_VERSION", 2)
        Store(home).close()
    given = check_answers(answers(), mini, "test")
    db = sqlite3.connect(home / DB_NAME)
    assert "rater_relation" not in {row[1] for row in db.execute("PRAGMA table_info(runs)")}
    result = score(mini, given)
    db.execute("INSERT INTO runs (id, profile, name, rubric_ref, rubric_id, rubric_version, rubric_hash, tool_version, "
               "started_at, status) VALUES ('0123456789ab', 'default', NULL, 'mini', 'mini', '1', ?, '0.1.0', ?, 'draft')",
               (rubric_hash(mini), T0.isoformat()))
    db.executemany("INSERT INTO answers VALUES ('0123456789ab', ?, ?, ?)",
                   [(section, key, json.dumps(value)) for section in ("facts", "ratings")
                    for key, value in getattr(given, section).items()])
    db.execute("UPDATE runs SET status = 'complete', finished_at = ?, readiness = ?, placement = ?, result = ?",
               (T0.isoformat(), result.readiness, result.placement, result.model_dump_json()))
    db.commit()
    db.close()
    store = Store(home)
    assert [row[0] for row in store._db.execute("SELECT name FROM _migrations")][3:] == [
        "m004_rater_runs", "m005_run_points", "m006_continued_and_shared_runs", "m007_answers_kept_whole",
        "m008_history_identity"]
    kept = store.get("0123456789ab")
    # Its plotted numbers were cut from its stored result when the column came (m005).
    assert [(p.id, p.readiness_by_role) for p in store.run_points("default")] == [
        (kept.id, result.readiness_by_role)]
    assert kept.answers == given and kept.answers.rater is None
    assert store.latest("default").id == kept.id
    peer = add_rater(store, mini, days=1)
    assert [r.id for r in store.runs("default", who="raters")] == [peer.id]
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint"):
        store._db.execute("INSERT INTO runs (id, profile, rubric_ref, rubric_id, rubric_version, rubric_hash, "
                          "tool_version, started_at, status, rater_relation, rater_name) VALUES ('ba55ba55ba55', "
                          "'default', 'mini', 'mini', '1', 'h', 'v', 't', 'draft', 'boss', 'B')")



def test_a_history_with_shared_and_continued_runs_migrates_to_answers_kept_whole(tmp_path, monkeypatch, mini):
    # A history written before answers were kept whole and the history had an id (m006 its last migration): its
    # runs keep their shared mark and the run they started from, and an import into it keeps them whole.
    home = tmp_path / "h"
    with monkeypatch.context() as patched:
        before = MIGRATIONS[:6]
        patched.setattr(migrations, "MIGRATIONS", before)
        patched.setattr(migrations, "SCHEMA_VERSION", len(before))
        Store(home).close()
    given = check_answers(answers(), mini, "test")
    result = score(mini, given)
    mark = SharedMark(private_facts=["years"], placements={"ladder": "b"}, evidenced=["x1"])
    db = sqlite3.connect(home / DB_NAME)
    assert "answers_json" not in {row[1] for row in db.execute("PRAGMA table_info(runs)")}
    content, digest = rubric_snapshot(mini)
    db.execute("INSERT INTO rubrics (hash, id, version, title, content, stored_at) VALUES (?, 'mini', '1', 'Mini', ?, ?)",
               (digest, content, T0.isoformat()))
    db.execute("INSERT INTO runs (id, profile, name, rubric_ref, rubric_id, rubric_version, rubric_hash, tool_version, "
               "started_at, status, started_from, shared) VALUES ('0123456789ab', 'default', NULL, 'mini', 'mini', '1', "
               "?, '0.1.0', ?, 'draft', 'ba55ba55ba55', ?)", (rubric_hash(mini), T0.isoformat(), mark.model_dump_json()))
    db.executemany("INSERT INTO answers VALUES ('0123456789ab', ?, ?, ?)",
                   [(section, key, json.dumps(value)) for section in ("facts", "ratings")
                    for key, value in getattr(given, section).items()])
    db.execute("UPDATE runs SET status = 'complete', finished_at = ?, readiness = ?, placement = ?, result = ?",
               (T0.isoformat(), result.readiness, result.placement, result.model_dump_json()))
    db.commit()
    db.close()
    with Store(home) as store:
        assert before[-1].__name__ == "m006_continued_and_shared_runs"
        assert [row[0] for row in store._db.execute("SELECT name FROM _migrations")][-3:] == [
            "m006_continued_and_shared_runs", "m007_answers_kept_whole", "m008_history_identity"]
        kept = store.get("0123456789ab")
        assert (kept.shared, kept.started_from, kept.result, kept.answers) == (mark, "ba55ba55ba55", result, given)
        store.import_runs([(kept.model_copy(update={"id": "0123456789ac", "result": None,
                                                    "standing": Standing.of(result)}), mini)])
        again = store.get("0123456789ac")
        assert (again.shared, again.started_from, again.standing, again.result) == (mark, "ba55ba55ba55",
                                                                                    Standing.of(result), None)
        assert again.answers == given


# --- deleting ------------------------------------------------------------------------------


def test_delete_really_removes_the_answers(tmp_path, mini):
    store = Store(tmp_path / "h")
    secret = "SECRET-EVIDENCE-4711 led the reorg"
    gone = add(store, mini, {"x1": 3, "x2": 1, "y1": 1, "y2": 1}, evidence={"x1": secret})
    kept = add(store, mini, days=1)
    assert store.delete_runs([gone.id, "ffffffffffff"]) == 1
    assert [r.id for r in store.runs(status=None)] == [kept.id]
    on_disk = b"".join(p.read_bytes() for p in store.path.parent.iterdir() if p.name.startswith(DB_NAME))
    assert secret.encode() not in on_disk
    assert store.delete_profile("default") == 1
    assert store.runs(status=None) == []


def test_deleting_vacuums_the_file(tmp_path, mini):
    store = Store(tmp_path / "h")
    runs = [add(store, mini, days=day) for day in range(20)]
    store.delete_runs([run.id for run in runs[:19]])
    assert store._db.execute("PRAGMA freelist_count").fetchone() == (0,)  # VACUUM rewrote it without free pages


def test_deleted_answers_are_zeroed_even_where_vacuum_cannot_run(tmp_path, mini, monkeypatch):
    # This SQLite zeroes deleted content by default; force that off, as other builds have it, so only our
    # PRAGMA secure_delete can do it, and keep VACUUM from rewriting the file, as a reader would.
    real_connect = sqlite3.connect

    def connect_without_secure_delete(*args, **kwargs):
        db = real_connect(*args, **kwargs)
        db.execute("PRAGMA secure_delete = OFF")
        return db

    monkeypatch.setattr(sqlite_connection.sqlite3, "connect", connect_without_secure_delete)
    monkeypatch.setattr(Store, "purge", lambda self: self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
    store = Store(tmp_path / "h")
    secret = "SECRET-EVIDENCE-0815 led the migration"
    gone = add(store, mini, {"x1": 3, "x2": 1, "y1": 1, "y2": 1}, evidence={"x1": secret})
    add(store, mini, days=1)
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.delete_runs([gone.id])
    on_disk = b"".join(p.read_bytes() for p in store.path.parent.iterdir() if p.name.startswith(DB_NAME))
    assert secret.encode() not in on_disk


# --- crashes and concurrency ---------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timezone
    from pathlib import Path
    from assess.core.answers import check_answers
    from assess.core.answers import Answers, Rater
    from assess.io.rubric_files import load_rubric_file
    from assess.core.scoring import score
    from assess.io.store.sqlite import SQLiteStore as Store

    home, count, tag = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rubric = load_rubric_file(Path(sys.argv[4]))
    given = check_answers(Answers(rubric="mini", profile=tag, facts={"degree": "master", "years": 6},
                                  ratings={"x1": 2, "x2": 1, "y1": 1, "y2": 3}), rubric, "w")
    result = score(rubric, given)
    i = 0
    while count < 0 or i < count:
        now = datetime.now(timezone.utc)
        store = Store(home)
        store.add_complete(answers=given, rubric=rubric, result=result, started_at=now, finished_at=now)
        draft = store.create_draft(answers=given, rubric=rubric, started_at=now)
        store.save_answer(draft.id, "evidence", "x1", "e" * 2000)
        store.close()
        i += 1
        print(i, flush=True)
    """
)


def start_writer(tmp_path: Path, home: Path, count: int, tag: str) -> subprocess.Popen:
    script = tmp_path / "writer.py"
    if not script.exists():  # rewriting it while another writer starts would hand that one half a script
        script.write_text(WRITER)
    return subprocess.Popen([sys.executable, str(script), str(home), str(count), tag, str(MINI)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def check_consistent(home: Path) -> list:
    db = sqlite3.connect(home / DB_NAME)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()
    store = Store(home)
    runs = store.runs(status=None)
    for run in runs:
        assert store.get(run.id) == run  # every stored run loads whole
    return runs


@pytest.mark.slow
@pytest.mark.parametrize("writers", [2, 8])
def test_concurrent_writers_all_land(tmp_path, writers):
    home = tmp_path / "h"
    procs = [start_writer(tmp_path, home, 5, f"p{n}") for n in range(writers)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.split() == ["1", "2", "3", "4", "5"]
    runs = check_consistent(home)
    for n in range(writers):
        mine = [r for r in runs if r.profile == f"p{n}"]
        assert [r.status for r in mine].count("complete") == 5
        assert [r.status for r in mine].count("draft") == 5


@pytest.mark.slow
def test_sigkill_mid_write_leaves_a_consistent_database(tmp_path):
    home = tmp_path / "h"
    proc = start_writer(tmp_path, home, -1, "killed")
    assert proc.stdout is not None
    for _ in range(15):
        assert proc.stdout.readline(), proc.stderr.read() if proc.stderr else ""
    time.sleep(0.013)  # land somewhere inside the next write
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    runs = check_consistent(home)
    assert len([r for r in runs if r.status == "complete"]) >= 15
    again = Store(home)  # and the database still takes writes
    assert again.create_draft(answers=Answers(rubric="mini"), rubric=load_rubric_file(MINI), started_at=T0)


OPENER = "import sys, pathlib; from assess.io.store.sqlite import SQLiteStore as Store; Store(pathlib.Path(sys.argv[1])).close()"


@pytest.mark.slow
def test_many_processes_opening_a_new_home_at_once_all_succeed(tmp_path):
    # Regression: a process that read the schema while another's first migration committed took
    # the half-seen new file for another application's database.
    failures = []
    for round_ in range(6):
        home = tmp_path / f"h{round_}"
        procs = [subprocess.Popen([sys.executable, "-c", OPENER, str(home)], stderr=subprocess.PIPE, text=True,
                                  cwd=ROOT) for _ in range(8)]
        failures += [err for proc in procs if (err := proc.communicate(timeout=60)[1]) and proc.returncode]
        check_consistent(home)
    assert failures == []


@pytest.mark.parametrize(("errorname", "said"), [
    ("SQLITE_BUSY", "another assess is reading the history"),
    ("SQLITE_LOCKED", "another assess is reading the history"),
    ("SQLITE_CORRUPT", "not an assess history database, or a damaged one"),
    ("SQLITE_IOERR", "disk"),
])
def test_purge_blames_a_reader_only_when_the_file_is_busy(tmp_path, errorname, said):
    store = Store(tmp_path)

    class Vacuuming:
        """The connection, except that VACUUM fails as SQLite would with `errorname`."""

        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def execute(self, sql: str, *args):
            if sql == "VACUUM":
                error = sqlite3.OperationalError("it failed")
                error.sqlite_errorname = errorname
                raise error
            return self.db.execute(sql, *args)

    store._conn.db = Vacuuming(store._conn.db)
    with pytest.raises(StorageError, match=said):
        store.purge()


@pytest.mark.parametrize(("free", "said"), [(10, "the disk is full; free some space"), (10**9, "check the disk")])
def test_an_io_error_on_a_full_disk_says_to_free_space(tmp_path, monkeypatch, free, said):
    import shutil

    monkeypatch.setattr(shutil, "disk_usage", lambda folder: shutil._ntuple_diskusage(10**10, 10**10 - free, free))
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorname = "SQLITE_IOERR_WRITE"
    assert said in str(sqlite_file.storage_error(tmp_path / DB_NAME, error))


def test_run_points_are_the_points_of_the_runs(tmp_path, mini):
    """The store reads points without loading runs; they are exactly what each run's own result says."""
    store = Store(tmp_path / "h")
    for days in range(4):
        add(store, mini, {"x1": days % 4, "x2": 1, "y1": 2, "y2": None}, days=days)
    add_rater(store, mini, days=5)
    assert store.run_points("default") == [RunPoint.of(run) for run in store.runs("default")]
    until = store.runs("default")[1].finished_at
    assert [p.id for p in store.run_points("default", until=until)] == [r.id for r in store.runs("default")[:2]]
