"""Every run, kept in one SQLite file: drafts saved after each answer, completed runs frozen.

The only module that talks to sqlite3. Writes take the write lock up front (`BEGIN IMMEDIATE`)
so two `assess` processes queue behind the busy timeout instead of failing half-way; WAL keeps
readers from blocking writers. Schema changes are numbered migrations recorded in the database.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
import stat
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from assess import __version__
from assess.core.errors import BadInput, RunNotFound, StorageError
from assess.core.models import SECTIONS, Answers, DamagedRun, Rater, Result, RunPoint, StoredRun
from assess.core.rubric import Rubric
from assess.io.rubric_files import earlier_rubric, rubric_snapshot
from assess.io.store.migrations import MIGRATIONS, SCHEMA_VERSION, Migration

DB_NAME = "assess.sqlite3"
FULL_BELOW_BYTES = 1024 * 1024  # free space under which an I/O error is most likely the disk being full
APPLICATION_ID = 0x61737373  # "asss": marks the file as ours, so a foreign database is refused
BUSY_TIMEOUT_MS = 10_000
STATUSES = ("draft", "complete")
WHO = ("self", "raters", "all")  # self-assessments, others' ratings of the person, or both
_WHO_CLAUSE = {"self": "rater_relation IS NULL", "raters": "rater_relation IS NOT NULL"}


# --- helpers ------------------------------------------------------------------------------


def default_home() -> Path:
    env = os.environ.get("ASSESS_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("assess", appauthor=False))


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC to the second; naive datetimes are taken to be UTC already."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def new_run_id() -> str:
    return uuid.uuid4().hex[:12]


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Store:
    """The history database in `home` (default: `ASSESS_HOME`, else the user data dir)."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = Path(home).expanduser() if home is not None else default_home()
        self.path = self.home / DB_NAME
        self.warnings: list[str] = []  # for the person, e.g. a folder others can read
        self._prepare_files()
        self._keep_private()
        self._db = self._connect()
        self._check_and_migrate()

    # --- opening ------------------------------------------------------------------------

    def _prepare_files(self) -> None:
        try:
            if not self.home.exists():
                try:
                    self.home.mkdir(mode=0o700, parents=True)
                    os.chmod(self.home, 0o700)  # mkdir's mode is filtered by the umask
                except FileExistsError:
                    pass  # another process created it a moment ago
            if not self.home.is_dir():
                raise StorageError(f"{self.home}: is a file, not a folder for the history database")
            try:
                # Created here, not by sqlite3, so the file is private from its first byte.
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                pass  # ours from an earlier run, or another process's from a moment ago
        except PermissionError:
            raise StorageError(f"{self.path}: permission denied") from None
        except OSError as exc:
            raise StorageError(f"{self.path}: cannot create ({exc.strerror})") from None
        try:
            mode = self.path.stat().st_mode
        except OSError as exc:
            raise StorageError(f"{self.path}: cannot open ({exc.strerror})") from None
        if stat.S_ISDIR(mode):
            raise StorageError(f"{self.path}: is a folder, expected the history database file")
        if not stat.S_ISREG(mode):  # a link to /dev/null, a pipe: nothing to keep a history in, or to chmod
            raise StorageError(f"{self.path}: not a regular file (a device, pipe or socket), expected the history "
                               "database file; move it away or use --home")

    def _keep_private(self) -> None:
        """The database and its journal files are the person's alone: tighten them to 0600. Their folder too
        (0700) when it holds nothing else; a folder with other files in it was chosen by the person, so it is
        not changed, only pointed out."""
        ours = [self.home / f"{DB_NAME}{suffix}" for suffix in ("", "-wal", "-shm")]
        for path in ours:
            _tighten(path, 0o600)
        try:
            loose = stat.S_IMODE(self.home.stat().st_mode) & 0o077
            others = [p for p in self.home.iterdir() if p not in ours and not p.name.startswith(f".{DB_NAME}")]
        except OSError:
            return
        if loose and not others:
            _tighten(self.home, 0o700)
        elif loose:
            self.warnings.append(f"{self.home}: other users can open this folder, which holds your history; "
                                 f"`chmod 700 {self.home}` keeps it private")

    def _connect(self) -> sqlite3.Connection:
        uri = f"file:{self.path.as_posix()}?mode=rw"
        db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # A damaged row whose text is not UTF-8 would otherwise fail every query that reads it; this way the run
        # it belongs to no longer loads and is listed as damaged, where it can be deleted.
        db.text_factory = _damaged_text_marked
        return db

    def _check_and_migrate(self) -> None:
        """Refuse anything that is not our database before writing a byte; then bring it up to date."""
        self._check_ours()
        if self._pending():
            with self._write() as db:
                if self._pending():  # another process may have migrated while we waited
                    self._migrate(db)
        self._use_wal()
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute("PRAGMA secure_delete = ON")  # deleted answers are zeroed, not left behind
        # WAL + NORMAL: a killed process loses no committed answer; only a power cut may drop the last few.
        self._db.execute("PRAGMA synchronous = NORMAL")

    def _use_wal(self) -> None:
        """Switch a new database to WAL (it stays so). The switch needs the file to itself and SQLite
        answers "locked" at once, busy timeout or not, while another process opens the same new file."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            if time.monotonic() > deadline:
                raise StorageError(f"{self.path}: history database is busy (cannot switch it to WAL); try again")
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:
                time.sleep(0.02)

    def _check_ours(self) -> None:
        # One read transaction, one snapshot: read apart, another process's first migration could
        # commit between the reads and make a new file look like a foreign one.
        self._db.execute("BEGIN")
        try:
            app_id = self._db.execute("PRAGMA application_id").fetchone()[0]
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            if self._db.in_transaction:  # a failed read may have ended it; its error is the one to report
                self._db.execute("COMMIT")
        if app_id == 0 and not tables and version == 0:
            return  # a new, empty file
        if app_id != APPLICATION_ID or "_migrations" not in tables:
            raise StorageError(f"{self.path}: not an assess history database (another application's SQLite file); "
                               "move it away or use --home")
        if version > SCHEMA_VERSION:
            raise StorageError(f"{self.path}: history database schema {version} is newer than this assess "
                               f"({__version__}, schema {SCHEMA_VERSION}); upgrade assess")
        known = {fn.__name__ for fn in MIGRATIONS}
        unknown = sorted({r[0] for r in self._db.execute("SELECT name FROM _migrations")} - known)
        if unknown:
            raise StorageError(f"{self.path}: history database has migration {unknown[0]!r} unknown to this assess "
                               f"({__version__}); upgrade assess")

    def _pending(self) -> list[Migration]:
        tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "_migrations" not in tables:
            return list(MIGRATIONS)
        done = {r[0] for r in self._db.execute("SELECT name FROM _migrations")}
        return [fn for fn in MIGRATIONS if fn.__name__ not in done]

    def _migrate(self, db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        now = iso(datetime.now(UTC))
        for fn in self._pending():
            fn(db)
            db.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (fn.__name__, now))
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction holding the write lock from its start; rolled back on any error."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- drafts -------------------------------------------------------------------------

    def create_draft(self, *, answers: Answers, rubric: Rubric, started_at: datetime) -> StoredRun:
        run_id = new_run_id()
        with self._write() as db:
            self._insert_run(db, run_id, answers, rubric, iso(started_at))
        return self.get(run_id)

    def find_draft(self, profile: str, rubric_id: str | None = None, rater: Rater | None = None) -> StoredRun | None:
        """The profile's newest unfinished self-assessment, or with `rater`, that rater's unfinished rating of it."""
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
        row = self._db.execute(sql + " ORDER BY started_at DESC, rowid DESC LIMIT 1", params).fetchone()
        return self.get(row[0]) if row else None

    def save_answer(self, run_id: str, section: str, key: str, value: Any) -> None:
        if section not in SECTIONS:
            raise BadInput(f"answer section {section!r} is not one of {', '.join(SECTIONS)}")
        with self._write() as db:
            self._require_draft(db, run_id)
            if value is None and section == "evidence":
                db.execute("DELETE FROM answers WHERE run_id = ? AND section = ? AND key = ?", (run_id, section, key))
            else:
                db.execute(
                    "INSERT INTO answers (run_id, section, key, value) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (run_id, section, key) DO UPDATE SET value = excluded.value",
                    (run_id, section, key, _dump(value)),
                )

    def complete(self, run_id: str, *, result: Result, finished_at: datetime) -> StoredRun:
        with self._write() as db:
            self._require_draft(db, run_id)
            self._finish(db, run_id, result, iso(finished_at))
        return self.get(run_id)

    def discard(self, run_id: str) -> None:
        with self._write() as db:
            self._require_draft(db, run_id)
            db.execute("DELETE FROM runs WHERE id = ?", (run_id,))

    # --- completed runs -----------------------------------------------------------------

    def add_complete(self, *, answers: Answers, rubric: Rubric, result: Result,
                     started_at: datetime, finished_at: datetime) -> StoredRun:
        run_id = new_run_id()
        with self._write() as db:
            self._insert_run(db, run_id, answers, rubric, iso(started_at))
            self._finish(db, run_id, result, iso(finished_at))
        return self.get(run_id)

    def get(self, run_id_or_prefix: str) -> StoredRun:
        loaded = self._load(self._match(run_id_or_prefix))[0]
        if isinstance(loaded, DamagedRun):
            raise StorageError(f"run {loaded.id} is damaged ({loaded.reason}); `assess delete {loaded.id}` removes it")
        return loaded

    def describe(self, run_id_or_prefix: str) -> tuple[str, str, str, str]:
        """(id, profile, status, when) of a run, damaged or not: enough to confirm deleting it."""
        row = self._match(run_id_or_prefix)[0]
        return row[0], row[1], row[_SELECT_RUNS_COLUMNS.index("status")], \
            row[_SELECT_RUNS_COLUMNS.index("finished_at")] or row[_SELECT_RUNS_COLUMNS.index("started_at")]

    def _match(self, run_id_or_prefix: str) -> list[tuple[Any, ...]]:
        prefix = run_id_or_prefix.strip().lower()
        if not prefix or any(ch not in "0123456789abcdef" for ch in prefix):
            raise RunNotFound(f"run {run_id_or_prefix!r}: not a run id (12 hex characters, or a unique prefix)")
        rows = self._db.execute(f"{_SELECT_RUNS} WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
                                (prefix, prefix + "g")).fetchall()
        if not rows:
            raise RunNotFound(f"run {run_id_or_prefix!r}: no such run in {self.path}")
        if len(rows) > 1:
            shown = ", ".join(row[0] for row in rows[:5])
            raise RunNotFound(f"run {run_id_or_prefix!r}: ambiguous, matches {shown}{', ...' if len(rows) > 5 else ''}")
        return rows

    def latest(self, profile: str) -> StoredRun:
        """The profile's newest complete self-assessment."""
        row = self._db.execute(
            "SELECT id FROM runs WHERE profile = ? AND status = 'complete' AND rater_relation IS NULL "
            "ORDER BY finished_at DESC, rowid DESC LIMIT 1",
            (profile,),
        ).fetchone()
        if row is None:
            raise RunNotFound(f"profile {profile!r}: no completed runs yet; take one with `assess take`")
        return self.get(row[0])

    def runs(self, profile: str | None = None, status: str | None = "complete", *,
             rubric_id: str | None = None, last: int | None = None, who: str = "self") -> list[StoredRun]:
        """Runs oldest first; `last=n` loads only the newest n (progress needs the full record of two). `who`:
        the person's self-assessments (default), others' ratings of them ("raters"), or both ("all")."""
        where, params = self._filter(profile, status, rubric_id, who)
        if last is None:
            rows = self._db.execute(f"{_SELECT_RUNS}{where} ORDER BY {_ORDER}", params).fetchall()
        else:
            sql = f"{_SELECT_RUNS}{where} ORDER BY {_ORDER_NEWEST} LIMIT ?"
            rows = self._db.execute(sql, [*params, last]).fetchall()
            rows.reverse()
        return [run for run in self._load(rows) if isinstance(run, StoredRun)]

    def damaged(self, profile: str | None = None) -> list[DamagedRun]:
        """The runs that no longer load, so they can be listed and deleted."""
        where, params = self._filter(profile, None, who="all")
        rows = self._db.execute(f"{_SELECT_RUNS}{where} ORDER BY {_ORDER}", params).fetchall()
        return [run for run in self._load(rows) if isinstance(run, DamagedRun)]

    def run_points(self, profile: str, rubric_id: str | None = None) -> list[RunPoint]:
        """The numbers progress plots for every complete self-assessment, without loading whole results."""
        where, params = self._filter(profile, "complete", rubric_id)
        # SQLite cuts the few fields out of each stored result; pydantic reads them all in one call.
        (document,) = self._db.execute(
            "SELECT json_group_array(json_object("  # noqa: S608 - `where` holds only placeholders
            "'id', id, 'finished_at', finished_at, 'rubric_version', rubric_version, 'readiness', readiness, "
            "'placement', placement, 'readiness_by_role', json_extract(result, '$.readiness_by_role'), "
            "'areas', json_extract(result, '$.areas'))) "
            f"FROM (SELECT * FROM runs{where}{' AND' if where else ' WHERE'} json_valid(result) "
            "ORDER BY finished_at, rowid)",
            params,
        ).fetchone()
        try:
            return _RUN_POINTS.validate_json(document)
        except ValidationError:  # a damaged run among them: leave it out, as `history` lists it as damaged
            return [point for point in map(_run_point, json.loads(document)) if point is not None]

    def rubric(self, digest: str) -> Rubric | None:
        """The stored snapshot of a rubric by its content hash."""
        row = self._db.execute("SELECT content FROM rubrics WHERE hash = ?", (digest,)).fetchone()
        if row is None:
            return None
        try:
            return Rubric.model_validate_json(row[0])
        except ValidationError:
            raise StorageError(f"{self.path}: the stored rubric {digest[:12]} no longer loads; "
                               "run `assess export` to keep what you can, then move the file away") from None

    def latest_rubric(self, rubric_id: str) -> Rubric | None:
        """The most recently stored rubric with this id, for `--rubric ID` of a rubric known only from history."""
        row = self._db.execute("SELECT hash FROM rubrics WHERE id = ? ORDER BY stored_at DESC, rowid DESC LIMIT 1",
                               (rubric_id,)).fetchone()
        return self.rubric(row[0]) if row else None

    def known_rubrics(self) -> list[tuple[str, str, str, int | None, int]]:
        """(id, version, title, number of competencies, number of runs) of every rubric in history, newest version
        last."""
        rows = self._db.execute(
            "SELECT r.id, r.version, r.title, "
            "CASE WHEN json_valid(r.content) THEN json_array_length(r.content, '$.competencies') END, count(runs.id) "
            "FROM rubrics r LEFT JOIN runs ON runs.rubric_hash = r.hash GROUP BY r.hash "
            "ORDER BY r.id, r.stored_at, r.rowid")
        return [(rubric_id, version, title, competencies, runs) for rubric_id, version, title, competencies, runs
                in rows]

    def rubric_of(self, run: StoredRun) -> Rubric:
        """The rubric `run` was scored against, as it was then."""
        rubric = self.rubric(run.rubric_hash) or earlier_rubric(run.rubric_id, run.rubric_version, run.answers.rubric)
        if rubric is None:
            raise BadInput(f"run {run.id}: the rubric it was taken with ({run.rubric_id} {run.rubric_version}) is "
                           "not stored; add --rescore to score its answers against today's version instead")
        return rubric

    def profiles(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT DISTINCT profile FROM runs ORDER BY profile")]

    def import_runs(self, runs: Sequence[tuple[StoredRun, Rubric]]) -> list[StoredRun]:
        """Add runs kept elsewhere (an export, a report), each with the rubric it was scored against, keeping
        their ids; runs already here are skipped. The caller has rescored them (`archive.rescored`)."""
        added = []
        with self._write() as db:
            for run, rubric in runs:
                if db.execute("SELECT 1 FROM runs WHERE id = ?", (run.id,)).fetchone():
                    continue
                digest = self._keep_rubric(db, rubric)
                db.execute(
                    _INSERT_DRAFT,
                    (run.id, run.profile, run.name, run.answers.rubric, rubric.id, rubric.version, digest,
                     run.tool_version, run.started_at, *_rater_columns(run.answers)),
                )
                self._insert_answers(db, run.id, run.answers)
                if run.status == "complete" and run.result is not None and run.finished_at is not None:
                    self._finish(db, run.id, run.result, run.finished_at)
                added.append(run)
        return added

    def delete_runs(self, run_ids: list[str]) -> int:
        with self._write() as db:
            deleted = 0
            for run_id in run_ids:
                deleted += db.execute("DELETE FROM runs WHERE id = ?", (run_id,)).rowcount
        self.purge()
        return deleted

    def delete_profile(self, profile: str) -> int:
        with self._write() as db:
            deleted = db.execute("DELETE FROM runs WHERE profile = ?", (profile,)).rowcount
        self.purge()
        return deleted

    # --- internals ----------------------------------------------------------------------

    def purge(self) -> None:
        """Rewrite the file without deleted pages and empty the write-ahead log, so deleted answers are gone
        from the disk. While another process holds a read open, SQLite must keep the old pages for it: then
        say so, and how to finish, rather than report a deletion that left the answers on disk."""
        try:
            self._db.execute("VACUUM")
            busy = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if not getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                raise  # a damaged file, a full disk: said as such by the caller's guard
            busy = 1
        if busy:
            raise StorageError(f"{self.path}: deleted, but another assess is reading the history, so the deleted "
                               "answers stay in the file until it ends; close it, then run `assess delete --purge`")

    @staticmethod
    def _filter(profile: str | None, status: str | None, rubric_id: str | None = None,
                who: str = "self") -> tuple[str, list[Any]]:
        if who not in WHO:
            raise BadInput(f"runs of {who!r}: not one of {', '.join(WHO)}")
        clauses = [_WHO_CLAUSE[who]] if who in _WHO_CLAUSE else []
        params: list[Any] = []
        if rubric_id is not None:
            clauses.append("rubric_id = ?")
            params.append(rubric_id)
        if profile is not None:
            clauses.append("profile = ?")
            params.append(profile)
        if status is not None:
            if status not in STATUSES:
                raise BadInput(f"status {status!r} is not one of {', '.join(STATUSES)}")
            clauses.append("status = ?")
            params.append(status)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _require_draft(self, db: sqlite3.Connection, run_id: str) -> None:
        row = db.execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise RunNotFound(f"run {run_id!r}: no such run in {self.path}")
        if row[0] != "draft":
            raise StorageError(f"run {run_id}: is complete; completed runs cannot change")

    def _insert_run(self, db: sqlite3.Connection, run_id: str, answers: Answers, rubric: Rubric,
                    started_at: str) -> None:
        digest = self._keep_rubric(db, rubric)
        db.execute(
            _INSERT_DRAFT,
            (run_id, answers.profile, answers.name, answers.rubric, rubric.id, rubric.version, digest,
             __version__, started_at, *_rater_columns(answers)),
        )
        self._insert_answers(db, run_id, answers)

    @staticmethod
    def _keep_rubric(db: sqlite3.Connection, rubric: Rubric) -> str:
        content, digest = rubric_snapshot(rubric)
        db.execute("INSERT OR IGNORE INTO rubrics (hash, id, version, title, content, stored_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   (digest, rubric.id, rubric.version, rubric.title, content, iso(datetime.now(UTC))))
        return digest

    @staticmethod
    def _insert_answers(db: sqlite3.Connection, run_id: str, answers: Answers) -> None:
        rows = [
            (run_id, section, key, _dump(value))
            for section in SECTIONS
            for key, value in getattr(answers, section).items()
        ]
        db.executemany("INSERT INTO answers (run_id, section, key, value) VALUES (?, ?, ?, ?)", rows)
        db.executemany("INSERT INTO private_facts (run_id, fact) VALUES (?, ?)",
                       [(run_id, fact) for fact in answers.private])

    @staticmethod
    def _finish(db: sqlite3.Connection, run_id: str, result: Result, finished_at: str) -> None:
        db.execute(
            "UPDATE runs SET status = 'complete', finished_at = ?, readiness = ?, placement = ?, result = ? "
            "WHERE id = ?",
            (finished_at, result.readiness, result.placement,
             result.model_dump_json(), run_id),
        )

    def _load(self, rows: list[tuple[Any, ...]]) -> list[StoredRun | DamagedRun]:
        if not rows:
            return []
        ids = [row[0] for row in rows]
        sections: dict[str, dict[str, dict[str, Any]]] = {run_id: {s: {} for s in SECTIONS} for run_id in ids}
        unreadable: dict[str, str] = {}
        private: dict[str, list[str]] = {run_id: [] for run_id in ids}
        # Chunked because SQLite caps the number of bound parameters.
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for run_id, section, key, value in self._db.execute(
                f"SELECT run_id, section, key, value FROM answers WHERE run_id IN ({marks}) ORDER BY rowid",  # noqa: S608
                chunk,
            ):
                try:
                    sections[run_id][section][key] = json.loads(value)
                except ValueError:
                    unreadable[run_id] = f"answer {section}.{key} is not readable"
            for run_id, fact in self._db.execute(
                f"SELECT run_id, fact FROM private_facts WHERE run_id IN ({marks}) ORDER BY rowid", chunk  # noqa: S608
            ):
                private[run_id].append(fact)
        return [self._row_to_run(row, {**sections[row[0]], "private": private[row[0]]}, unreadable.get(row[0]))
                for row in rows]

    @staticmethod
    def _row_to_run(row: tuple[Any, ...], sections: dict[str, Any], unreadable: str | None) -> StoredRun | DamagedRun:
        (run_id, profile, name, rubric_ref, rubric_id, rubric_version, rubric_hash, tool_version,
         started_at, finished_at, status, result_json, rater_relation, rater_name) = row
        rater = None if rater_relation is None else {"relation": rater_relation, "name": rater_name}
        damaged = [column for column, value in zip(_SELECT_RUNS_COLUMNS, row, strict=True) if value == DAMAGED_TEXT]
        try:
            if damaged:
                raise ValueError(f"its stored {damaged[0]} is not readable text")
            if unreadable:
                raise ValueError(unreadable)
            return StoredRun(
                id=run_id, profile=profile, name=name, rubric_id=rubric_id, rubric_version=rubric_version,
                rubric_hash=rubric_hash, tool_version=tool_version, started_at=started_at, finished_at=finished_at,
                status=status,
                answers=Answers.model_validate({"rubric": rubric_ref, "profile": profile, "name": name,
                                                "rater": rater, **sections}),
                result=Result.model_validate_json(result_json) if result_json is not None else None,
            )
        except ValidationError as err:
            first = err.errors(include_url=False)[0]
            reason = f"{'.'.join(str(part) for part in first['loc'])}: {first['msg']}"
        except ValueError as err:
            reason = str(err)
        return DamagedRun(id=str(run_id), profile=str(profile), status=str(status), started_at=str(started_at),
                          reason=reason[:200])


_INSERT_DRAFT = (
    "INSERT INTO runs (id, profile, name, rubric_ref, rubric_id, rubric_version, rubric_hash, tool_version, "
    "started_at, rater_relation, rater_name, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft')"
)
_RUN_POINTS = TypeAdapter(list[RunPoint])
_ORDER = "coalesce(finished_at, started_at), rowid"
_ORDER_NEWEST = "coalesce(finished_at, started_at) DESC, rowid DESC"
_SELECT_RUNS_COLUMNS = ("id", "profile", "name", "rubric_ref", "rubric_id", "rubric_version", "rubric_hash",
                        "tool_version", "started_at", "finished_at", "status", "result", "rater_relation", "rater_name")
_SELECT_RUNS = f"SELECT {', '.join(_SELECT_RUNS_COLUMNS)} FROM runs"  # noqa: S608 - fixed column names


def _run_point(data: Any) -> RunPoint | None:
    try:
        return RunPoint.model_validate(data)
    except ValidationError:
        return None


def _rater_columns(answers: Answers) -> tuple[str | None, str | None]:
    rater = answers.rater
    return (None, None) if rater is None else (rater.relation, rater.name)


def _tighten(path: Path, mode: int) -> None:
    try:
        found = os.lstat(path)
        if stat.S_ISLNK(found.st_mode):
            return  # what a link names is not ours to change
        if stat.S_IMODE(found.st_mode) & ~mode and found.st_uid == os.geteuid():
            os.chmod(path, mode)
    except OSError:
        pass  # not there (no journal yet), or not ours to change


DAMAGED_TEXT = "\x00damaged\x00"  # stands in for stored text that is not UTF-8; no stored text can hold a NUL


def _damaged_text_marked(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return DAMAGED_TEXT


def storage_error(path: Path, exc: sqlite3.Error) -> StorageError:
    """What went wrong with the history database, in one line that says what to do."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return StorageError(f"{path}: not an assess history database, or a damaged one ({exc}); move it away "
                            "(keep a copy) or use --home")
    if name.startswith("SQLITE_READONLY"):
        return StorageError(f"{path}: cannot write the history database: it or its folder is read-only; "
                            "make both writable, or use --home")
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return StorageError(f"{path}: cannot open the history database: check that you may read and write it and "
                            "its folder, or use --home")
    if name.startswith("SQLITE_FULL"):
        return StorageError(f"{path}: the disk is full; free some space and try again")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StorageError(f"{path}: the history database is busy (another assess is writing); try again")
    if name.startswith("SQLITE_IOERR"):
        if _nearly_full(path.parent):  # SQLite often reports a full disk as an I/O error
            return StorageError(f"{path}: the disk is full; free some space and try again")
        return StorageError(f"{path}: cannot read or write the history database ({exc}); check the disk")
    return StorageError(f"{path}: history database error ({exc})")


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW_BYTES
    except OSError:
        return False


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def guarded(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise storage_error(self.path, exc) from None

    return guarded


# Every way in: whatever SQLite reports from any of them becomes one StorageError line.
for _name, _method in list(vars(Store).items()):
    if callable(_method) and (not _name.startswith("_") or _name == "__init__"):
        setattr(Store, _name, _guarded(_method))
