"""One connection to an organisation's PostgreSQL store: transactions, reconnecting, and errors in one line.

The only module, with the `postgres` store and its `pg_*` helpers, that imports SQLAlchemy or psycopg. The
address is handed to libpq as it was given, so credentials stay in libpq's own places (`.pgpass`, a service
file, client certificates); an address that carries a password is refused before anything connects.
Every statement goes through `Connection`, which turns whatever the server or the network reports into
one `StorageError` line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection as SAConnection
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from assess.core.errors import StorageError, Unreachable

Row = tuple[Any, ...]

# A dead server or network must not hang a questionnaire: libpq gives up on a silent connection in seconds.
_DEFAULTS = {"connect_timeout": "10", "keepalives": "1", "keepalives_idle": "10", "keepalives_interval": "3",
             "keepalives_count": "3", "tcp_user_timeout": "15000", "application_name": "assess"}
_UNREACHABLE_STATES = ("08", "57P01", "57P02", "57P03")  # connection exceptions; the server shutting down


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
        self._engine = create_engine("postgresql+psycopg://", creator=self._connect, poolclass=NullPool)
        self._conn: SAConnection | None = None
        self._in_write = False

    def _connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self._info)

    @property
    def db(self) -> SAConnection:
        if self._conn is not None and (self._conn.closed or self._conn.invalidated):
            self._drop()
        if self._conn is None:
            with self.guard():
                self._conn = self._engine.connect()
        return self._conn

    def _drop(self) -> None:
        try:
            if self._conn is not None:
                self._conn.close()
        except SQLAlchemyError:
            pass  # a connection already dead: nothing to close
        self._conn = None

    @contextmanager
    def guard(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            if exc.connection_invalidated or _unreachable(exc.orig):
                self._drop()
            raise self.error(exc.orig) from None
        except psycopg.Error as exc:
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

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        with self._statement() as conn:
            return [tuple(row) for row in conn.execute(text(sql), dict(params or {})).all()]

    def one(self, sql: str, params: Mapping[str, Any] | None = None) -> Row | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def run(self, sql: str, params: Mapping[str, Any] | list[dict[str, Any]] | None = None) -> int:
        """Execute one statement (for each of a list of parameter sets); how many rows it changed."""
        with self._statement() as conn:
            given = params if isinstance(params, list) else dict(params or {})
            return int(conn.execute(text(sql), given).rowcount)

    @contextmanager
    def _statement(self) -> Iterator[SAConnection]:
        """A statement inside the write under way, else in a transaction of its own: no session is left idle in
        a transaction between two questions."""
        with self.guard():
            if self._in_write:
                yield self.db
                return
            conn = self.db
            with conn.begin():
                yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction; committed at the end, rolled back on any error. Writes inside it join it."""
        if self._in_write:
            yield self
            return
        with self.guard():
            conn = self.db
            transaction = conn.begin()
        self._in_write = True
        try:
            yield self
            with self.guard():
                transaction.commit()
        except BaseException:
            try:
                if transaction.is_active:
                    transaction.rollback()
            except SQLAlchemyError:
                self._drop()  # the connection is gone, and the transaction with it
            raise
        finally:
            self._in_write = False

    def close(self) -> None:
        self._drop()
        self._engine.dispose()


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
