"""The local store: every run kept in one SQLite file, drafts saved after each answer, completed runs frozen.

The only module, with its `sqlite_*` helpers, that talks to sqlite3. The file, its permissions and SQLite's
errors are `sqlite_file`'s; the connection and transactions `sqlite_connection`'s; the schema `migrations`';
rows read back into runs `sqlite_rows`'. What is left here are the store's queries.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from assess import __version__
from assess.core.answers import SECTIONS, Answers, Rater
from assess.core.errors import (
    BadInput,
    DeletedButKept,
    NoCompletedRun,
    RunDamaged,
    RunNotFound,
    StorageError,
    StoredRubricDamaged,
)
from assess.core.results import Result
from assess.core.rubric import Rubric
from assess.core.runs import DamagedRun, RunPoint, SharedMark, StoredRun, iso
from assess.core.snapshot import rubric_snapshot
from assess.io.locations import Locations
from assess.io.store import sqlite_file
from assess.io.store.base import KnownRubric, RunSummary, Store, Who
from assess.io.store.migrations import bring_up_to_date
from assess.io.store.sqlite_connection import Connection, Row
from assess.io.store.sqlite_rows import (
    CHUNK,
    INSERT_DRAFT,
    INSERT_WHOLE,
    SELECT_RUNS,
    answer_rows,
    dumped,
    json_or_none,
    loaded,
    rater_columns,
    run_point,
    run_row,
    shared_column,
    whole_row,
)
from assess.io.store.sqlite_where import ORDER, ORDER_NEWEST, runs_where

_RUN_POINTS = TypeAdapter(list[RunPoint])
# The first copy stored of its id and version: the one that id and version name here.
_FIRST_COPY = ("NOT EXISTS (SELECT 1 FROM rubrics o WHERE o.id = r.id AND o.version = r.version "
               "AND (o.stored_at < r.stored_at OR (o.stored_at = r.stored_at AND o.rowid < r.rowid)))")


def new_run_id() -> str:
    return uuid.uuid4().hex[:12]


class SQLiteStore(Store):
    """The history database in `home` (default: `ASSESS_HOME`, else the user data dir)."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = Path(home).expanduser() if home is not None else Locations.find().home
        self.path, self.warnings = sqlite_file.prepare(self.home)
        sqlite_file.check_journal(self.path)
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
        row = self._conn.one(sql + " ORDER BY julianday(started_at) DESC, rowid DESC LIMIT 1", params)
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
        # One transaction and a few statements for all of them; a complete run is one row, its answers kept whole:
        # an import of 10,000 runs takes seconds.
        with self._conn.write() as db:
            present = self.present([run.id for run, _ in runs])
            added = list({run.id: (run, rubric) for run, rubric in runs if run.id not in present}.values())
            rubrics = {id(rubric): rubric for _, rubric in added}
            digests = {key: self._keep_rubric(rubric) for key, rubric in rubrics.items()}
            whole = [whole_row(run, rubric, digests[id(rubric)]) for run, rubric in added]
            db.run_many(INSERT_WHOLE, [row for row in whole if row is not None])
            drafts = [run for (run, rubric), row in zip(added, whole, strict=True) if row is None]
            db.run_many(INSERT_DRAFT, [run_row(run, rubric, digests[id(rubric)]) for (run, rubric), row
                                       in zip(added, whole, strict=True) if row is None])
            db.run_many("INSERT INTO answers (run_id, section, key, value) VALUES (?, ?, ?, ?)",
                        [row for run in drafts for row in answer_rows(run.id, run.answers)])
            db.run_many("INSERT INTO private_facts (run_id, fact) VALUES (?, ?)",
                        [(run.id, fact) for run in drafts for fact in run.answers.private])
        return [run for run, _ in added]

    def present(self, run_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(run_ids), CHUNK):
            chunk = list(run_ids[start:start + CHUNK])
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
                             f"AND rater_relation IS NULL ORDER BY {ORDER_NEWEST} LIMIT 1", (profile,))
        if row is None:
            raise NoCompletedRun(profile)
        return self.get(row[0])

    def runs(self, profile: str | None = None, status: str | None = "complete", *, rubric_id: str | None = None,
             last: int | None = None, who: Who = "self", until: str | None = None) -> list[StoredRun]:
        where, params = runs_where(profile, status, rubric_id, who, until)
        if last is None:
            rows = self._conn.rows(f"{SELECT_RUNS}{where} ORDER BY {ORDER}", params)
        else:
            rows = self._conn.rows(f"{SELECT_RUNS}{where} ORDER BY {ORDER_NEWEST} LIMIT ?", [*params, last])
            rows.reverse()
        return [run for run in loaded(self._conn, rows) if isinstance(run, StoredRun)]

    def damaged(self, profile: str | None = None) -> list[DamagedRun]:
        where, params = runs_where(profile, None, who="all")
        rows = self._conn.rows(f"{SELECT_RUNS}{where} ORDER BY {ORDER}", params)
        return [run for run in loaded(self._conn, rows) if isinstance(run, DamagedRun)]

    def run_points(self, profile: str, rubric_id: str | None = None, until: str | None = None) -> list[RunPoint]:
        where, params = runs_where(profile, "complete", rubric_id, "self", until)
        # Read from the small `point` kept beside each result (migration m005), not from the results themselves.
        rows = self._conn.rows(
            "SELECT id, finished_at, rubric_version, readiness, placement, "  # noqa: S608 - `where` holds placeholders
            "json_extract(point, '$.readiness_by_role'), json_extract(point, '$.areas') "
            f"FROM runs{where}{' AND' if where else ' WHERE'} json_valid(point) ORDER BY {ORDER}", params)
        found = [{"id": run_id, "finished_at": finished, "rubric_version": version, "readiness": readiness,
                  "placement": placement, "readiness_by_role": json_or_none(by_role), "areas": json_or_none(areas)}
                 for run_id, finished, version, readiness, placement, by_role, areas in rows]
        try:
            return _RUN_POINTS.validate_python(found)
        except ValidationError:  # a damaged run among them: leave it out, as `history` lists it as damaged
            return [point for point in map(run_point, found) if point is not None]

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
            raise StoredRubricDamaged(self.path, digest) from None

    def latest_rubric(self, rubric_id: str) -> Rubric | None:
        row = self._conn.one(f"SELECT hash FROM rubrics r WHERE id = ? AND {_FIRST_COPY} "  # noqa: S608 - fixed
                             "ORDER BY stored_at DESC, rowid DESC LIMIT 1", (rubric_id,))
        return self.rubric(row[0]) if row else None

    def held_rubric(self, rubric_id: str, version: str) -> Rubric | None:
        # (A held copy that no longer loads holds nothing: the import's copy may repair it, see _keep_rubric.)
        row = self._conn.one(f"SELECT hash FROM rubrics r WHERE id = ? AND version = ? AND {_FIRST_COPY}",  # noqa: S608
                             (rubric_id, version))
        try:
            return self.rubric(row[0]) if row else None
        except StoredRubricDamaged:
            return None

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
        # A copy is named by the hash of its content: one stored under this hash with other content was damaged
        # since, and this content is provably the right one, so it is put back.
        self._conn.run("INSERT INTO rubrics (hash, id, version, title, content, stored_at) VALUES (?, ?, ?, ?, ?, ?) "
                       "ON CONFLICT (hash) DO UPDATE SET content = excluded.content WHERE content != excluded.content",
                       (digest, rubric.id, rubric.version, rubric.title, content, iso(datetime.now(UTC))))
        return digest

    def _finish(self, run_id: str, result: Result, finished_at: str) -> None:
        point = dumped({"readiness_by_role": result.readiness_by_role, "areas": result.areas})
        self._conn.run("UPDATE runs SET status = 'complete', finished_at = ?, readiness = ?, placement = ?, "
                       "result = ?, point = ? WHERE id = ?",
                       (finished_at, result.readiness, result.placement, result.model_dump_json(), point, run_id))

