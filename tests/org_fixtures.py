"""A real PostgreSQL for the organisation store's tests, found through ASSESS_TEST_POSTGRES.

The variable holds an admin address (`.ci/run` starts a private cluster and sets it; locally,
`bash scripts/postgres.sh start DIR PORT` prints one). Without it these tests skip, saying why; with it set
and the server unreachable they fail, so CI cannot pass by skipping them. Each test gets a database of its
own, copied from one initialised per session, and people whose login roles are unique to it; people log in
over TCP with passwords from a pgpass file, as a person would.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ENV = "ASSESS_TEST_POSTGRES"


def _psycopg():
    return pytest.importorskip("psycopg")


@dataclass
class Server:
    admin: str  # the admin address (a superuser, over the server's socket)
    port: int
    pgpass: Path
    template: str  # a database with the schema initialised, copied for each test

    def url_of(self, database: str) -> str:
        """The admin address of `database`, as a URL (what `--store` takes)."""
        from urllib.parse import quote, urlencode

        from psycopg.conninfo import conninfo_to_dict

        given = conninfo_to_dict(self.admin)
        query = {key: value for key in ("host", "port") if (value := given.get(key))}
        return f"postgresql://{quote(given.get('user') or 'postgres')}@/{quote(database)}?{urlencode(query)}"

    def admin_sql(self, sql: str, params=None, database: str | None = None):
        psycopg = _psycopg()
        info = self.admin if database is None else self.url_of(database)
        with psycopg.connect(info, autocommit=True) as conn:
            cur = conn.execute(sql, params)
            return cur.fetchall() if cur.description else None


@dataclass
class Org:
    """One organisation store of a test, with its people."""

    server: Server
    database: str
    token: str
    logins: list[str] = field(default_factory=list)

    def login(self, name: str) -> str:
        """The login role of person `name` in this test's organisation."""
        return f"{name}_{self.token}"

    def add(self, name: str, manager: str | None = None, *, hr: bool = False) -> str:
        from assess.io.store.pg_admin import add_person

        login = self.login(name)
        add_person(self.admin_url, login, self.login(manager) if manager else None, hr=hr)
        self.logins.append(login)
        password = secrets.token_hex(12)
        self.server.admin_sql(f'ALTER ROLE "{login}" PASSWORD \'{password}\'')
        with self.server.pgpass.open("a") as pgpass:
            pgpass.write(f"127.0.0.1:{self.server.port}:{self.database}:{login}:{password}\n")
        return login

    @property
    def admin_url(self) -> str:
        return self.server.url_of(self.database)

    def url(self, name: str) -> str:
        return f"postgresql://{self.login(name)}@127.0.0.1:{self.server.port}/{self.database}"

    def sql(self, name: str, sql: str, params=None):
        """Raw SQL as person `name`, through the database's own rules."""
        psycopg = _psycopg()
        with psycopg.connect(self.url(name), autocommit=True) as conn:
            cur = conn.execute(sql, params)
            return cur.fetchall() if cur.description else cur.rowcount

    def admin(self, sql: str, params=None):
        return self.server.admin_sql(sql, params, database=self.database)

    def store(self, name: str, pending: Path):
        from assess.io.store.postgres import PostgresStore

        return PostgresStore(self.url(name), pending)


def _admin_address() -> str | None:
    return os.environ.get(ENV) or None


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    address = _admin_address()
    if address is None and os.environ.get("CI") == "true":
        pytest.fail(f"{ENV} is not set in CI: `scripts/test.sh` starts a PostgreSQL and sets it")
    if address is None:
        pytest.skip(f"{ENV} is not set: the organisation store's tests need a PostgreSQL server "
                    "(`bash scripts/test.sh` starts one where PostgreSQL is installed)")
    psycopg = _psycopg()
    from psycopg.conninfo import conninfo_to_dict

    try:
        psycopg.connect(address, connect_timeout=10).close()
    except psycopg.Error as exc:
        pytest.fail(f"{ENV} is set but the server cannot be reached: {exc}")
    port = int(conninfo_to_dict(address).get("port") or 5432)
    pgpass = tmp_path_factory.mktemp("pg") / "pgpass"
    pgpass.write_text("")
    pgpass.chmod(0o600)
    before = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(pgpass)
    template = f"assess_tmpl_{secrets.token_hex(3)}"
    server = Server(address, port, pgpass, template)
    server.admin_sql(f'CREATE DATABASE "{template}"')
    from assess.io.store.pg_admin import initialise

    initialise(Org(server, template, "").admin_url)
    yield server
    server.admin_sql(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
    for role in (f"{template}_owner", f"{template}_member"):
        server.admin_sql(f'DROP ROLE IF EXISTS "{role}"')
    if before is None:
        os.environ.pop("PGPASSFILE", None)
    else:
        os.environ["PGPASSFILE"] = before


@pytest.fixture
def org(pg_server):
    token = secrets.token_hex(3)
    database = f"assess_t_{token}"
    pg_server.admin_sql(f'CREATE DATABASE "{database}" TEMPLATE "{pg_server.template}"')
    found = Org(pg_server, database, token)
    yield found
    pg_server.admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    for login in found.logins:
        pg_server.admin_sql(f'DROP ROLE IF EXISTS "{login}"')
