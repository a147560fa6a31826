"""The history database's schema, as numbered migrations recorded in the database itself.

Each is applied once, in order, inside the write transaction that opens a database needing it
(`storage.Store`); a database with a migration this version does not know is refused.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from assess.core.errors import BadInput
from assess.core.models import SECTIONS, Answers
from assess.core.relations import RELATIONS
from assess.core.rubric import Rubric
from assess.io.rubric_files import earlier_rubric, rubric_snapshot

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
    """Each run keeps the rubric it was scored against, content-addressed so runs share one copy.

    Runs stored before this migration recorded only the rubric's id, version and a fingerprint of its
    model; their rubric is found by id and version among the shipped and archived rubrics, or at the
    path they were taken with, and stored now, so their reports no longer depend on where a file lives.
    """
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
    db.execute("DROP TRIGGER runs_complete_frozen")  # re-pointing old runs at their snapshot is no edit of theirs
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = db.execute("SELECT DISTINCT rubric_id, rubric_version, rubric_ref FROM runs").fetchall()
    for rubric_id, version, ref in rows:
        rubric = earlier_rubric(rubric_id, version, ref)
        if rubric is None:
            continue  # its report says the rubric is not stored, and offers --rescore
        content, digest = rubric_snapshot(rubric)
        db.execute("INSERT OR IGNORE INTO rubrics (hash, id, version, title, content, stored_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)", (digest, rubric.id, rubric.version, rubric.title, content, now))
        db.execute("UPDATE runs SET rubric_hash = ? WHERE rubric_id = ? AND rubric_version = ? AND rubric_ref = ?",
                   (digest, rubric_id, version, ref))
        _rescore_complete_runs(db, rubric, digest)
    db.execute(_FROZEN_RUNS)


def _rescore_complete_runs(db: sqlite3.Connection, rubric: Rubric, digest: str) -> None:
    """Results are stored as this version of assess scores them (tracks, core skills, the plan), so a run
    taken before reads the same as one taken now; its answers and rubric are what they were."""
    from assess.core.scoring import score
    from assess.io.answers_files import check_answers

    runs = db.execute("SELECT id, profile, name, rubric_ref FROM runs WHERE rubric_hash = ? AND status = 'complete'",
                      (digest,)).fetchall()
    for run_id, profile, name, ref in runs:
        sections: dict[str, dict[str, Any]] = {section: {} for section in SECTIONS}
        for section, key, value in db.execute("SELECT section, key, value FROM answers WHERE run_id = ?", (run_id,)):
            sections[section][key] = json.loads(value)
        try:
            answers = check_answers(Answers.model_validate({"rubric": ref, "profile": profile, "name": name,
                                                            **sections}), rubric, f"run {run_id}")
        except (ValidationError, BadInput):
            continue  # left as it was; it is listed as damaged and can be deleted
        result = score(rubric, answers)
        db.execute("UPDATE runs SET result = ?, readiness = ?, placement = ? WHERE id = ?",
                   (result.model_dump_json(), result.readiness, result.placement, run_id))


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
    relations = ", ".join(f"'{relation}'" for relation in RELATIONS)
    db.execute(f"ALTER TABLE runs ADD COLUMN rater_relation TEXT CHECK (rater_relation IN ({relations}))")
    db.execute("ALTER TABLE runs ADD COLUMN rater_name TEXT")


SCHEMA_VERSION = len(MIGRATIONS)
