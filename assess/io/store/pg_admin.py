"""What an organisation store's admin does: create or upgrade its schema, and add its people.

The admin connects as a role that may create roles and own the database (typically a superuser, through
libpq's usual ways); the people never do. A person is a PostgreSQL login role of their own, made a member of
the database's member role and given a manager; the tool creates the role without a password and stores no
credential: the admin sets one up as the server authenticates (a password through `\\password`, a client
certificate, an identity map).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assess.core.errors import BadInput, StorageError
from assess.core.text import PROFILE_PATTERN
from assess.io.store.pg_connection import Connection
from assess.io.store.pg_schema import MIGRATIONS, Roles, quoted, verdict

_LOGIN = re.compile(f"^{PROFILE_PATTERN}$")


@dataclass(frozen=True)
class Initialised:
    database: str
    applied: list[str]  # the migrations applied now; empty when the schema was up to date
    roles: Roles


@dataclass(frozen=True)
class Added:
    login: str
    manager: str | None
    created: bool  # whether the login role was created now (else it existed and was made a member)


def initialise(url: str) -> Initialised:
    """Create (or bring up to date) the schema, roles and policies of the organisation store at `url`."""
    conn = Connection(url)
    try:
        with conn.write():
            database = str(_one(conn, "SELECT current_database()"))
            # A store keeps the roles it was made with, even in a database renamed or copied since.
            roles = _roles(conn) if _has_meta(conn) else Roles.of(database)
            _create_group_roles(conn, roles, database)
            conn.run("CREATE SCHEMA IF NOT EXISTS assess")
            conn.run("CREATE TABLE IF NOT EXISTS assess._migrations (name text PRIMARY KEY, "
                     "applied_at timestamptz NOT NULL DEFAULT now())")
            done = {row[0] for row in conn.rows("SELECT name FROM assess._migrations")}
            problem = verdict(done)
            if problem is not None and problem.startswith("has migration"):
                raise StorageError(f"{conn.where}: the organisation store {problem}")
            applied = []
            for name, fn in MIGRATIONS:
                if name in done:
                    continue
                for statement in fn(roles):
                    conn.run(statement)
                conn.run("INSERT INTO assess._migrations (name) VALUES (:name)", {"name": name})
                applied.append(name)
            conn.run("INSERT INTO assess.meta (key, value) VALUES ('member_role', :member), ('owner_role', :owner) "
                     "ON CONFLICT (key) DO NOTHING", {"member": roles.member, "owner": roles.owner})
        return Initialised(database, applied, roles)
    finally:
        conn.close()


def _create_group_roles(conn: Connection, roles: Roles, database: str) -> None:
    for role in (roles.owner, roles.member):
        if _one(conn, "SELECT count(*) FROM pg_roles WHERE rolname = :role", {"role": role}) == 0:
            conn.run(f"CREATE ROLE {quoted(role)} NOLOGIN NOINHERIT")
    # The database is the organisation's store alone: its people may connect, no one else by default.
    conn.run(f"REVOKE CONNECT ON DATABASE {quoted(database)} FROM PUBLIC")
    conn.run(f"GRANT CONNECT ON DATABASE {quoted(database)} TO {quoted(roles.member)}")


def add_person(url: str, login: str, manager: str | None, *, hr: bool = False) -> Added:
    """Make `login` one of the organisation's people, reporting to `manager` (None: at the top); run again to
    move them to another manager. The login role is created if it does not exist."""
    for what, name in (("login", login), ("manager", manager)):
        if name is not None and not _LOGIN.match(name):
            raise BadInput(f"{what}: {name!r} is not a login name: up to 64 letters, digits, '.', '_' or '-'")
    if manager == login:
        raise BadInput(f"manager: {login!r} cannot be their own manager")
    conn = Connection(url)
    try:
        with conn.write():
            roles = _roles(conn)
            created = _ensure_login(conn, login, roles)
            if manager is not None:
                _check_manager(conn, login, manager)
            conn.run("INSERT INTO assess.people (login, manager, hr) VALUES (:login, :manager, :hr) "
                     "ON CONFLICT (login) DO UPDATE SET manager = excluded.manager, hr = excluded.hr",
                     {"login": login, "manager": manager, "hr": hr})
        return Added(login, manager, created)
    finally:
        conn.close()


def _has_meta(conn: Connection) -> bool:
    return _one(conn, "SELECT to_regclass('assess.meta') IS NOT NULL") is True


def _roles(conn: Connection) -> Roles:
    if not _has_meta(conn):
        raise StorageError(f"{conn.where}: not an organisation store yet: initialise it first")
    found: dict[str, str] = {str(key): str(value) for key, value in conn.rows("SELECT key, value FROM assess.meta")}
    return Roles(owner=found["owner_role"], member=found["member_role"])


def _ensure_login(conn: Connection, login: str, roles: Roles) -> bool:
    row = conn.one("SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = :login",
                   {"login": login})
    if row is None:
        conn.run(f"CREATE ROLE {quoted(login)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT")
    elif row[0] or row[1]:
        raise BadInput(f"login: {login!r} is a superuser or bypasses row-level security; a person needs a role "
                       "of their own, without either")
    elif not row[2]:
        raise BadInput(f"login: {login!r} is a role that cannot log in; a person needs a login role")
    conn.run(f"GRANT {quoted(roles.member)} TO {quoted(login)}")
    return row is None


def _check_manager(conn: Connection, login: str, manager: str) -> None:
    if _one(conn, "SELECT count(*) FROM assess.people WHERE login = :manager", {"manager": manager}) == 0:
        raise BadInput(f"manager: {manager!r} is not one of the organisation's people yet; add them first")
    circle = _one(conn, "WITH RECURSIVE up(login) AS (SELECT manager FROM assess.people WHERE login = :manager "
                  "UNION SELECT p.manager FROM assess.people p JOIN up ON p.login = up.login) "
                  "SELECT count(*) FROM up WHERE login = :login", {"manager": manager, "login": login})
    if circle:
        raise BadInput(f"manager: {manager!r} reports to {login!r}; a management chain cannot go round in a circle")


def _one(conn: Connection, sql: str, params: dict[str, object] | None = None) -> object:
    row = conn.one(sql, params)
    return row[0] if row else None
