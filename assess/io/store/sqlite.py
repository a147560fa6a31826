"""The local store: every run kept in one SQLite file, drafts saved after each answer, completed runs frozen.

The only module, with its `sqlite_*` helpers, that talks to sqlite3. The file, its permissions and SQLite's
errors are `sqlite_file`'s; the connection and transactions `sqlite_connection`'s; the schema `migrations`';
rows read back into runs `sqlite_rows`'. What is left here are the store's queries.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from assess import __version__
from assess.core.answers import SECTIONS, Answers, Rater
from assess.core.errors import BadInput, DeletedButKept, NoCompletedRun, RunDamaged, RunNotFound, StorageError
from assess.core.results import Result
from assess.core.rubric import Rubric
from assess.core.runs import DamagedRun, RunPoint, SharedMark, StoredRun, iso, utc
from assess.core.snapshot import rubric_snapshot
from assess.io.locations import Locations
from assess.io.store import sqlite_file
from assess.io.store.base import STATUSES, WHO, KnownRubric, RunSummary, Store, Who
from assess.io.store.migrations import bring_up_to_date
from assess.io.store.sqlite_connection import Connection, Row
from assess.io.store.sqlite_rows import (
    INSERT_DRAFT,
    SELECT_RUNS,
    answer_rows,
    dumped,
    loaded,
    rater_columns,
    shared_column,
)

_WHO_CLAUSE = {"self": "rater_relation IS NULL", "raters": "rater_relation IS NOT NULL"}
_ORDER = "coalesce(finished_at, started_at), rowid"
_ORDER_NEWEST = "coalesce(finished_at, started_at) DESC, rowid DESC"
_RUN_POINTS = TypeAdapter(list[RunPoint])


def new_run_id() -> str:
    return uuid.uuid4().hex[:12]


class SQLiteStore(Store):
    """The history database in `home` (default: `ASSESS_HOME`, else the user data dir)."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = Path(home).expanduser() if home is not None else Locations.find().home
        self.path, self.warnings = sqlite_file.prepare(self.home)
        self.where = str(self.path)
        self._conn = Connection(self.path)
        try:
            bring_up_to_date(self._conn)
            self._conn.settle()
        except BaseException:
            self._conn.close()
            raise
        sqlite_file.keep_private(self.home, self.path, through_links=True)  # known to be ours now

    @property
    def _db(self) -> Any:
        """The raw connection, for tests that look under the store."""
        return self._conn.db

    def close(self) -> None:
        self._conn.close()

    # --- drafts -------------------------------------------------------------------------------------

    def create_draft(self, *, answers: Answers, rubric: Rubric, started_at: datetime,
                     started_from: str | None = None) -> StoredRun:
        run_id = new_run_id()
        with self._conn.write():
            self._insert_run(run_id, answers, rubric, iso(started_at), __version__, started_from=started_from)
        return self.get(run_id)

    def find_draft(self, profile: str, rubric_id: str | None = None, rater: Rater | None = None) -> StoredRun | None:
        sql = "SELECT id FROM runs WHERE profile = ? AND status = 'draft'"
        params: list[str] = [profile]
        if rater is None:
            sql += " AND rater_relation IS NULL"
        else:
            sql += " AND rater_relation = ? AND rater_name = ?"
            params += [rater.relation, rater.name]
        if rubric_id is not None:
            sql += " AND rubric_id = ?"
            params.append(rubric_id)
        row = self._conn.one(sql + " ORDER BY started_at DESC, rowid DESC LIMIT 1", params)
        return self.get(row[0]) if row else None

    def save_answer(self, run_id: str, section: str, key: str, value: Any) -> None:
        if section not in SECTIONS:
            raise BadInput(f"answer section {section!r} is not one of {', '.join(SECTIONS)}")
        with self._conn.write() as db:
            self._require_draft(run_id)
            if value is None and section == "evidence":
                db.run("DELETE FROM answers WHERE run_id = ? AND section = ? AND key = ?", (run_id, section, key))
            else:
                db.run("INSERT INTO answers (run_id, section, key, value) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (run_id, section, key) DO UPDATE SET value = excluded.value",
                       (run_id, section, key, dumped(value)))

    def complete(self, run_id: str, *, result: Result, finished_at: datetime) -> StoredRun:
        with self._conn.write():
            self._require_draft(run_id)
            self._finish(run_id, result, iso(finished_at))
        return self.get(run_id)

    def discard(self, run_id: str) -> None:
        with self._conn.write() as db:
            self._require_draft(run_id)
            db.run("DELETE FROM runs WHERE id = ?", (run_id,))

    # --- completed runs -----------------------------------------------------------------------------

    def add_complete(self, *, answers: Answers, rubric: Rubric, result: Result, started_at: datetime,
                     finished_at: datetime) -> StoredRun:
        run_id = new_run_id()
        with self._conn.write():
            self._insert_run(run_id, answers, rubric, iso(started_at), __version__)
            self._finish(run_id, result, iso(finished_at))
        return self.get(run_id)

    def import_runs(self, runs: Sequence[tuple[StoredRun, Rubric]]) -> list[StoredRun]:
        added = []
        with self._conn.write():
            present = self._present([run.id for run, _ in runs])
            for run, rubric in runs:
                if run.id in present:
                    continue
                present.add(run.id)
                # Moments in UTC, as this store writes them, so runs sort by time whatever offset a file used.
                self._insert_run(run.id, run.answers, rubric, iso(utc(run.started_at)), run.tool_version,
                                 started_from=run.started_from, shared=run.shared)
                if run.status == "complete" and run.result is not None and run.finished_at is not None:
                    self._finish(run.id, run.result, iso(utc(run.finished_at)))
                added.append(run)
        return added

    def _present(self, run_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(run_ids), 500):
            chunk = list(run_ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            found.update(row[0] for row in self._conn.rows(f"SELECT id FROM runs WHERE id IN ({marks})",  # noqa: S608
                                                           chunk))
        return found

    # --- reading ------------------------------------------------------------------------------------

    def get(self, run_id_or_prefix: str) -> StoredRun:
        found = loaded(self._conn, self._match(run_id_or_prefix))[0]
        if isinstance(found, DamagedRun):
            raise RunDamaged(found.id, found.reason)
        return found

    def describe(self, run_id_or_prefix: str) -> RunSummary:
        row = self._match(run_id_or_prefix)[0]
        columns = dict(zip(("id", "profile", "status", "started_at", "finished_at"),
                           (row[0], row[1], row[10], row[8], row[9]), strict=True))
        return RunSummary(columns["id"], columns["profile"], columns["status"],
                          columns["finished_at"] or columns["started_at"])

    def _match(self, run_id_or_prefix: str) -> list[Row]:
        prefix = run_id_or_prefix.strip().lower()
        if not prefix or any(ch not in "0123456789abcdef" for ch in prefix):
            raise RunNotFound(f"run {run_id_or_prefix!r}: not a run id (12 hex characters, or a unique prefix)")
        rows = self._conn.rows(f"{SELECT_RUNS} WHERE id >= ? AND id < ? ORDER BY id LIMIT 6", (prefix, prefix + "g"))
        if not rows:
            raise RunNotFound(f"run {run_id_or_prefix!r}: no such run in {self.path}")
        if len(rows) > 1:
            shown = ", ".join(row[0] for row in rows[:5])
            raise RunNotFound(f"run {run_id_or_prefix!r}: ambiguous, matches {shown}{', ...' if len(rows) > 5 else ''}")
        return rows

    def latest(self, profile: str) -> StoredRun:
        row = self._conn.one("SELECT id FROM runs WHERE profile = ? AND status = 'complete' "  # noqa: S608 - fixed order
                             f"AND rater_relation IS NULL ORDER BY {_ORDER_NEWEST} LIMIT 1", (profile,))
        if row is None:
            raise NoCompletedRun(profile)
        return self.get(row[0])

    def runs(self, profile: str | None = None, status: str | None = "complete", *, rubric_id: str | None = None,
             last: int | None = None, who: Who = "self", until: str | None = None) -> list[StoredRun]:
        where, params = _filter(profile, status, rubric_id, who, until)
        if last is None:
            rows = self._conn.rows(f"{SELECT_RUNS}{where} ORDER BY {_ORDER}", params)
        else:
            rows = self._conn.rows(f"{SELECT_RUNS}{where} ORDER BY {_ORDER_NEWEST} LIMIT ?", [*params, last])
            rows.reverse()
        return [run for run in loaded(self._conn, rows) if isinstance(run, StoredRun)]

    def damaged(self, profile: str | None = None) -> list[DamagedRun]:
        where, params = _filter(profile, None, who="all")
        rows = self._conn.rows(f"{SELECT_RUNS}{where} ORDER BY {_ORDER}", params)
        return [run for run in loaded(self._conn, rows) if isinstance(run, DamagedRun)]

    def run_points(self, profile: str, rubric_id: str | None = None, until: str | None = None) -> list[RunPoint]:
        where, params = _filter(profile, "complete", rubric_id, "self", until)
        # Read from the small `point` kept beside each result (migration m005), not from the results themselves.
        rows = self._conn.rows(
            "SELECT id, finished_at, rubric_version, readiness, placement, "  # noqa: S608 - `where` holds placeholders
            "json_extract(point, '$.readiness_by_role'), json_extract(point, '$.areas') "
            f"FROM runs{where}{' AND' if where else ' WHERE'} json_valid(point) ORDER BY {_ORDER}", params)
        found = [{"id": run_id, "finished_at": finished, "rubric_version": version, "readiness": readiness,
                  "placement": placement, "readiness_by_role": _json(by_role), "areas": _json(areas)}
                 for run_id, finished, version, readiness, placement, by_role, areas in rows]
        try:
            return _RUN_POINTS.validate_python(found)
        except ValidationError:  # a damaged run among them: leave it out, as `history` lists it as damaged
            return [point for point in map(_run_point, found) if point is not None]

    def profiles(self) -> list[str]:
        return [row[0] for row in self._conn.rows("SELECT DISTINCT profile FROM runs ORDER BY profile")]

    # --- rubrics ------------------------------------------------------------------------------------

    def rubric(self, digest: str) -> Rubric | None:
        row = self._conn.one("SELECT content FROM rubrics WHERE hash = ?", (digest,))
        if row is None:
            return None
        try:
            return Rubric.model_validate_json(row[0])
        except ValidationError:
            raise StorageError(f"{self.path}: the stored rubric {digest[:12]} no longer loads; move the file away "
                               "(keep a copy)", elsewhere=True) from None

    def latest_rubric(self, rubric_id: str) -> Rubric | None:
        row = self._conn.one("SELECT hash FROM rubrics WHERE id = ? ORDER BY stored_at DESC, rowid DESC LIMIT 1",
                             (rubric_id,))
        return self.rubric(row[0]) if row else None

    def known_rubrics(self) -> list[KnownRubric]:
        rows = self._conn.rows(
            "SELECT r.id, r.version, r.title, "
            "CASE WHEN json_valid(r.content) THEN json_array_length(r.content, '$.competencies') END, count(runs.id) "
            "FROM rubrics r LEFT JOIN runs ON runs.rubric_hash = r.hash GROUP BY r.hash "
            "ORDER BY r.id, r.stored_at, r.rowid")
        return [KnownRubric(*row) for row in rows]

    # --- forgetting ---------------------------------------------------------------------------------

    def delete_runs(self, run_ids: Sequence[str]) -> int:
        with self._conn.write() as db:
            deleted = sum(db.run("DELETE FROM runs WHERE id = ?", (run_id,)) for run_id in run_ids)
        self.purge()
        return deleted

    def delete_profile(self, profile: str) -> int:
        with self._conn.write() as db:
            deleted = db.run("DELETE FROM runs WHERE profile = ?", (profile,))
        self.purge()
        return deleted

    def purge(self) -> None:
        """Rewrite the file without deleted pages and empty the write-ahead log, so deleted answers are gone
        from the disk. While another process holds a read open, SQLite must keep the old pages for it: then
        say so, rather than report a deletion that left the answers on disk."""
        try:
            self._conn.db.execute("VACUUM")
            busy = self._conn.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if not getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                raise sqlite_file.storage_error(self.path, exc) from None  # a damaged file, a full disk
            busy = 1
        except sqlite3.Error as exc:
            raise sqlite_file.storage_error(self.path, exc) from None
        if busy:
            raise DeletedButKept(self.path)

    # --- internals ----------------------------------------------------------------------------------

    def _require_draft(self, run_id: str) -> None:
        row = self._conn.one("SELECT status FROM runs WHERE id = ?", (run_id,))
        if row is None:
            raise RunNotFound(f"run {run_id!r}: no such run in {self.path}")
        if row[0] != "draft":
            raise StorageError(f"run {run_id}: is complete; completed runs cannot change")

    def _insert_run(self, run_id: str, answers: Answers, rubric: Rubric, started_at: str, tool_version: str, *,
                    started_from: str | None = None, shared: SharedMark | None = None) -> None:
        digest = self._keep_rubric(rubric)
        self._conn.run(INSERT_DRAFT, (run_id, answers.profile, answers.name, answers.rubric, rubric.id, rubric.version,
                                      digest, tool_version, started_at, *rater_columns(answers), started_from,
                                      shared_column(shared)))
        self._conn.run_many("INSERT INTO answers (run_id, section, key, value) VALUES (?, ?, ?, ?)",
                            answer_rows(run_id, answers))
        self._conn.run_many("INSERT INTO private_facts (run_id, fact) VALUES (?, ?)",
                            [(run_id, fact) for fact in answers.private])

    def _keep_rubric(self, rubric: Rubric) -> str:
        content, digest = rubric_snapshot(rubric)
        self._conn.run("INSERT OR IGNORE INTO rubrics (hash, id, version, title, content, stored_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (digest, rubric.id, rubric.version, rubric.title, content, iso(datetime.now(UTC))))
        return digest

    def _finish(self, run_id: str, result: Result, finished_at: str) -> None:
        point = dumped({"readiness_by_role": result.readiness_by_role, "areas": result.areas})
        self._conn.run("UPDATE runs SET status = 'complete', finished_at = ?, readiness = ?, placement = ?, "
                       "result = ?, point = ? WHERE id = ?",
                       (finished_at, result.readiness, result.placement, result.model_dump_json(), point, run_id))


def _filter(profile: str | None, status: str | None, rubric_id: str | None = None, who: str = "self",
            until: str | None = None) -> tuple[str, list[Any]]:
    if who not in WHO:
        raise BadInput(f"runs of {who!r}: not one of {', '.join(WHO)}")
    clauses = [_WHO_CLAUSE[who]] if who in _WHO_CLAUSE else []
    params: list[Any] = []
    for column, value in (("rubric_id", rubric_id), ("profile", profile)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if status is not None:
        if status not in STATUSES:
            raise BadInput(f"status {status!r} is not one of {', '.join(STATUSES)}")
        clauses.append("status = ?")
        params.append(status)
    if until is not None:
        clauses.append("coalesce(finished_at, started_at) <= ?")
        params.append(iso(utc(until)))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _json(text: str | None) -> Any:
    try:
        return None if text is None else json.loads(text)
    except ValueError:
        return None


def _run_point(data: Any) -> RunPoint | None:
    try:
        return RunPoint.model_validate(data)
    except ValidationError:
        return None
