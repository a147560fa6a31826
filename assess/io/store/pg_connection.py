"""One connection to an organisation's PostgreSQL store: transactions, reconnecting, and errors in one line.

The only module, with the `postgres` store and its `pg_*` helpers, that imports psycopg, and nothing heavier:
SQLAlchemy's import alone costs about what the rest of `assess progress` does. The address is handed to libpq
as it was given, so credentials stay in libpq's own places (`.pgpass`, a service file, client certificates);
an address that carries a password is refused before anything connects.
Every statement goes through `Connection`, which turns whatever the server or the network reports into
one `StorageError` line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from assess.core.errors import StorageError, Unreachable

Row = tuple[Any, ...]
Params = Mapping[str, Any]

# A dead server or network must not hang a questionnaire: libpq gives up on a silent connection in seconds.
_DEFAULTS = {"connect_timeout": "10", "keepalives": "1", "keepalives_idle": "10", "keepalives_interval": "3",
             "keepalives_count": "3", "tcp_user_timeout": "15000", "application_name": "assess"}
_UNREACHABLE_STATES = ("08", "57P01", "57P02", "57P03")  # connection exceptions; the server shutting down
_NAMED = re.compile(r"(?<![:\w]):(?!:)(\w+)")  # `:name`, not the `::` of a cast


def placeholders(sql: str) -> str:
    """`sql` with `:name` parameters as psycopg's `%(name)s` (and a literal % doubled)."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


def conninfo(url: str) -> str:
    """`url` for libpq, with our time-outs where it sets none. A password in it is refused: libpq reads one from
    `.pgpass` or a service file, and an address is echoed in messages, shell histories and process lists."""
    try:
        given = conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise StorageError(f"{url}: not a PostgreSQL address ({str(exc).strip()})") from None
    if given.get("password"):
        raise StorageError(f"{shown(url)}: holds a password; keep it in ~/.pgpass or a service file instead, "
                           "where libpq finds it")
    return make_conninfo(url, **{key: value for key, value in _DEFAULTS.items() if key not in given})


def shown(url: str) -> str:
    """`url` as messages name it: without the password, should one have been given."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
    return url


class Connection:
    """The database at `url`: one session, opened on first use and again after the server dropped it."""

    def __init__(self, url: str) -> None:
        self.where = shown(url)
        self._info = conninfo(url)
        self._conn: psycopg.Connection[Row] | None = None
        self._in_write = False

    @property
    def db(self) -> psycopg.Connection[Row]:
        if self._conn is not None and (self._conn.closed or self._conn.broken):
            self._drop()
        if self._conn is None:
            with self.guard():
                # Autocommit: a read is a transaction of its own, so no session idles in one between questions.
                self._conn = psycopg.connect(self._info, autocommit=True)
        return self._conn

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except psycopg.Error:
                pass  # a connection already dead: nothing to close
        self._conn = None

    @contextmanager
    def guard(self) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as exc:
            if _unreachable(exc) or (self._conn is not None and self._conn.broken):
                self._drop()
            raise self.error(exc) from None

    def error(self, exc: BaseException | None) -> StorageError:
        """What the server said, in one line that says what to do."""
        said = _first_line(exc)
        state = getattr(exc, "sqlstate", None) or _refused_at_login(str(exc))
        if _unreachable(exc) and not state.startswith(("28", "3D")):
            return Unreachable(self.where, said)
        if state.startswith("28"):
            return StorageError(f"{self.where}: cannot log in ({said}); your password belongs in ~/.pgpass or a "
                                "service file, your certificate where libpq looks for it")
        if state == "3D000":
            return StorageError(f"{self.where}: no such database ({said})")
        if state == "42501":
            return StorageError(f"{self.where}: refused by the organisation's store ({said})")
        if state == "P0001":
            return StorageError(f"{self.where}: {said}")
        return StorageError(f"{self.where}: database error ({said})")

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        with self.guard():
            cursor = self.db.execute(placeholders(sql) if params else sql, params or None)
            return cursor.fetchall() if cursor.description else []

    def one(self, sql: str, params: Params | None = None) -> Row | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def run(self, sql: str, params: Params | list[dict[str, Any]] | None = None) -> int:
        """Execute one statement (for each of a list of parameter sets); how many rows it changed."""
        with self.guard():
            if isinstance(params, list):
                with self.db.cursor() as cursor:
                    cursor.executemany(placeholders(sql), params)
                    return cursor.rowcount
            return self.db.execute(placeholders(sql) if params else sql, params or None).rowcount

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction; committed at the end, rolled back on any error. Writes inside it join it."""
        if self._in_write:
            yield self
            return
        with self.guard():
            transaction = self.db.transaction()
            transaction.__enter__()
        self._in_write = True
        try:
            yield self
        except BaseException as exc:
            try:
                transaction.__exit__(type(exc), exc, exc.__traceback__)
            except psycopg.Error:
                self._drop()  # the connection is gone, and the transaction with it
            raise
        else:
            with self.guard():
                transaction.__exit__(None, None, None)
        finally:
            self._in_write = False

    def close(self) -> None:
        self._drop()


_LOGIN_REFUSALS = {"password": "28P01", "authentication": "28000", "certificate": "28000", "role \"": "28000",
                   "database \"": "3D000"}


def _refused_at_login(message: str) -> str:
    """libpq says why a server refused a connection only in words (no SQLSTATE reaches the client then)."""
    for words, state in _LOGIN_REFUSALS.items():
        if words in message and ("failed" in message or "does not exist" in message or "no password" in message):
            return state
    return ""


def _unreachable(exc: BaseException | None) -> bool:
    if isinstance(exc, psycopg.OperationalError) and getattr(exc, "sqlstate", None) is None:
        return True  # libpq's own: the server cannot be reached, or the connection was lost
    state = getattr(exc, "sqlstate", None) or ""
    return state.startswith(_UNREACHABLE_STATES)


def _first_line(exc: BaseException | None) -> str:
    lines = [line.strip() for line in str(exc or "unknown error").splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
