"""The history database's schema, as numbered migrations recorded in the database itself.

Each is applied once, in order, inside the write transaction that opens a database needing it; a database
with a migration this version does not know, or a newer schema, is refused. Migrations change the schema
and nothing else: no migration calls the scorer or reads a rubric, so the same migration writes the same
database in every release. (A result stored by an older assess that today's models cannot read is scored
again when it is read, by the app layer, and never written back.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from assess import __version__
from assess.core.errors import StorageError
from assess.core.runs import iso
from assess.io.store.sqlite_connection import Connection

APPLICATION_ID = 0x61737373  # "asss": marks the file as ours, so a foreign database is refused

_FROZEN_RUNS = """
    CREATE TRIGGER runs_complete_frozen BEFORE UPDATE ON runs WHEN OLD.status = 'complete'
    BEGIN SELECT RAISE(ABORT, 'completed runs cannot change'); END
"""

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    db.execute(
        """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            profile TEXT NOT NULL,
            name TEXT,
            rubric_ref TEXT NOT NULL,
            rubric_id TEXT NOT NULL,
            rubric_version TEXT NOT NULL,
            rubric_hash TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('draft', 'complete')),
            readiness REAL,
            placement TEXT,
            result TEXT,
            CHECK ((status = 'complete') = (result IS NOT NULL AND finished_at IS NOT NULL))
        )
        """
    )
    db.execute("CREATE INDEX runs_by_profile ON runs (profile, status, finished_at)")
    # One row per answer, so saving an answer during the questionnaire is one small write.
    db.execute(
        """
        CREATE TABLE answers (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            section TEXT NOT NULL CHECK (section IN ('facts', 'ratings', 'evidence')),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, section, key)
        )
        """
    )
    # Completed runs are a record of what was answered then; the database itself refuses edits.
    db.execute(_FROZEN_RUNS)
    db.execute(
        """
        CREATE TRIGGER answers_frozen_insert BEFORE INSERT ON answers
        WHEN (SELECT status FROM runs WHERE id = NEW.run_id) = 'complete'
        BEGIN SELECT RAISE(ABORT, 'completed runs cannot change'); END
        """
    )
    db.execute(
        """
        CREATE TRIGGER answers_frozen_update BEFORE UPDATE ON answers
        WHEN (SELECT status FROM runs WHERE id = NEW.run_id) = 'complete'
        BEGIN SELECT RAISE(ABORT, 'completed runs cannot change'); END
        """
    )


@migration
def m002_rubric_snapshots(db: sqlite3.Connection) -> None:
    """Each run keeps the rubric it was scored against, content-addressed so runs share one copy. Runs stored
    before this migration have none: their rubric is found by id and version among the shipped and archived
    rubrics when they are read."""
    db.execute(
        """
        CREATE TABLE rubrics (
            hash TEXT PRIMARY KEY,
            id TEXT NOT NULL,
            version TEXT NOT NULL,
            title TEXT NOT NULL,
            content TEXT NOT NULL,
            stored_at TEXT NOT NULL
        )
        """
    )


@migration
def m003_private_facts(db: sqlite3.Connection) -> None:
    """The facts a run's answers mark private, which its shared reports leave out."""
    db.execute(
        """
        CREATE TABLE private_facts (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            fact TEXT NOT NULL,
            PRIMARY KEY (run_id, fact)
        )
        """
    )
    db.execute(
        """
        CREATE TRIGGER private_facts_frozen BEFORE INSERT ON private_facts
        WHEN (SELECT status FROM runs WHERE id = NEW.run_id) = 'complete'
        BEGIN SELECT RAISE(ABORT, 'completed runs cannot change'); END
        """
    )


@migration
def m004_rater_runs(db: sqlite3.Connection) -> None:
    """A run may be someone else's rating of the profile's person (a manager's, a peer's): who rated, by relation
    and name. Runs stored before are the person's own self-assessments, as they were."""
    # The relations as they were when this migration shipped: a later list must come with a migration of its own.
    db.execute("ALTER TABLE runs ADD COLUMN rater_relation TEXT "
               "CHECK (rater_relation IN ('manager', 'peer', 'direct-report', 'mentor', 'other'))")
    db.execute("ALTER TABLE runs ADD COLUMN rater_name TEXT")


@migration
def m005_run_points(db: sqlite3.Connection) -> None:
    """The few numbers progress plots of a complete run, kept beside its result so a history of a thousand runs
    is plotted without reading a thousand results. Runs stored before get theirs cut from their result, as SQL
    reads it: no scoring."""
    db.execute("ALTER TABLE runs ADD COLUMN point TEXT")
    db.execute("DROP TRIGGER runs_complete_frozen")  # filling in a derived column is no edit of a completed run
    db.execute("UPDATE runs SET point = json_object('readiness_by_role', json_extract(result, '$.readiness_by_role'), "
               "'areas', json_extract(result, '$.areas')) WHERE status = 'complete' AND json_valid(result)")
    db.execute(_FROZEN_RUNS)


@migration
def m006_continued_and_shared_runs(db: sqlite3.Connection) -> None:
    """A rerun may start from the person's previous run (its answers offered as the defaults), and a run
    imported from a shared report keeps that mark (JSON: what the report left out and stated). Runs stored
    before started from nothing and are the person's full record."""
    db.execute("ALTER TABLE runs ADD COLUMN started_from TEXT")
    db.execute("ALTER TABLE runs ADD COLUMN shared TEXT")


SCHEMA_VERSION = len(MIGRATIONS)


def bring_up_to_date(conn: Connection) -> None:
    """Refuse anything that is not our database before writing a byte; then apply what is pending."""
    check_ours(conn)
    if _pending(conn):
        with conn.write():
            if _pending(conn):  # another process may have migrated while we waited
                _migrate(conn)


def check_ours(conn: Connection) -> None:
    # One read transaction, one snapshot: read apart, another process's first migration could commit between
    # the reads and make a new file look like a foreign one.
    with conn.snapshot():
        app_id = conn.one("PRAGMA application_id")
        version = conn.one("PRAGMA user_version")
        tables = {row[0] for row in conn.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
        done = {row[0] for row in conn.rows("SELECT name FROM _migrations")} if "_migrations" in tables else set()
    if app_id == (0,) and not tables and version == (0,):
        return  # a new, empty file
    if app_id != (APPLICATION_ID,) or "_migrations" not in tables:
        raise StorageError(f"{conn.path}: not an assess history database (another application's SQLite file); "
                           "move it away", elsewhere=True)
    assert version is not None
    if version[0] > SCHEMA_VERSION:
        raise StorageError(f"{conn.path}: history database schema {version[0]} is newer than this assess "
                           f"({__version__}, schema {SCHEMA_VERSION}); upgrade assess")
    unknown = sorted(done - {fn.__name__ for fn in MIGRATIONS})
    if unknown:
        raise StorageError(f"{conn.path}: history database has migration {unknown[0]!r} unknown to this assess "
                           f"({__version__}); upgrade assess")


def _pending(conn: Connection) -> list[Migration]:
    tables = {row[0] for row in conn.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "_migrations" not in tables:
        return list(MIGRATIONS)
    done = {row[0] for row in conn.rows("SELECT name FROM _migrations")}
    return [fn for fn in MIGRATIONS if fn.__name__ not in done]


def _migrate(conn: Connection) -> None:
    conn.run("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    now = iso(datetime.now(UTC))
    for fn in _pending(conn):
        with conn.guard():
            fn(conn.db)
        conn.run("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (fn.__name__, now))
    conn.run(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.run(f"PRAGMA user_version = {SCHEMA_VERSION}")
