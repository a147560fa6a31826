"""One connection to the history database: WAL, a busy timeout, transactions, and errors said in one line.

Every statement goes through `Connection`, which turns whatever SQLite reports into one `StorageError`
line: a store method cannot forget to. Writes take the write lock up front (`BEGIN IMMEDIATE`) so two
`assess` processes queue behind the busy timeout instead of failing half-way; WAL keeps readers from
blocking writers.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assess.core.errors import StorageError
from assess.io.store.sqlite_file import storage_error

BUSY_TIMEOUT_MS = 10_000
DAMAGED_TEXT = "\x00damaged\x00"  # stands in for stored text that is not UTF-8; no stored text can hold a NUL

Row = tuple[Any, ...]


def _damaged_text_marked(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return DAMAGED_TEXT


class Connection:
    """The history database at `path`, opened read-write (it must exist: `sqlite_file.prepare` makes it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with self.guard():
            self.db = sqlite3.connect(f"file:{path.as_posix()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                      isolation_level=None)
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # A damaged row whose text is not UTF-8 would otherwise fail every query that reads it; this way the run
        # it belongs to no longer loads and is listed as damaged, where it can be deleted.
        self.db.text_factory = _damaged_text_marked

    @contextmanager
    def guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise storage_error(self.path, exc) from None

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.guard():
            return self.db.execute(sql, params).fetchall()

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        with self.guard():
            found: Row | None = self.db.execute(sql, params).fetchone()
            return found

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Execute one statement; how many rows it changed."""
        with self.guard():
            return self.db.execute(sql, params).rowcount

    def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.guard():
            self.db.executemany(sql, rows)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction holding the write lock from its start; rolled back on any error."""
        self.run("BEGIN IMMEDIATE")
        try:
            yield self
            self._mark_write()
            self.run("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.run("ROLLBACK")
            raise

    def _mark_write(self) -> None:
        """Touch the history's id (m008), so the write-ahead log of this write holds it."""
        try:
            self.db.execute("UPDATE _history SET writes = writes + 1")
        except sqlite3.OperationalError:
            pass  # a database not yet migrated to having one

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """One read transaction: every read inside it sees the same moment."""
        self.run("BEGIN")
        try:
            yield self
        finally:
            if self.db.in_transaction:  # a failed read may have ended it; its error is the one to report
                self.run("COMMIT")

    def use_wal(self) -> None:
        """Switch a new database to WAL (it stays so). The switch needs the file to itself and SQLite
        answers "locked" at once, busy timeout or not, while another process opens the same new file."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while self.one("PRAGMA journal_mode") != ("wal",):
            if time.monotonic() > deadline:
                raise StorageError(f"{self.path}: history database is busy (cannot switch it to WAL); try again")
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:
                time.sleep(0.02)

    def settle(self) -> None:
        """The settings every session runs with."""
        self.use_wal()
        self.run("PRAGMA foreign_keys = ON")
        self.run("PRAGMA secure_delete = ON")  # deleted answers are zeroed, not left behind
        # WAL + NORMAL: a killed process loses no committed answer; only a power cut may drop the last few.
        self.run("PRAGMA synchronous = NORMAL")

    def close(self) -> None:
        with self.guard():
            self.db.close()
