"""An organisation store's schema: made by `assess org init`, brought up to date by it, and refused by every
person's connection when it is newer than this assess, or older."""

from __future__ import annotations

import secrets

import pytest

from assess.core.errors import StorageError
from assess.io.store.pg_schema import KNOWN


@pytest.fixture
def fresh(pg_server, monkeypatch):
    """A database with nothing in it yet, and the admin's address of it in ASSESS_STORE."""
    database = f"assess_n_{secrets.token_hex(3)}"
    pg_server.admin_sql(f'CREATE DATABASE "{database}"')
    monkeypatch.setenv("ASSESS_STORE", pg_server.url_of(database))
    yield database
    pg_server.admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    for role in (f"{database}_owner", f"{database}_member"):
        pg_server.admin_sql(f'DROP ROLE IF EXISTS "{role}"')


def test_init_makes_the_schema_once_and_says_so(run, fresh, pg_server):
    first = run("org", "init")
    assert first.exit_code == 0, first.output
    assert first.output == (f"Organisation store in database {fresh!r}: applied {', '.join(KNOWN)}. People log in "
                            f"as their own roles, members of '{fresh}_member'.\n")
    assert run("org", "init").output.endswith(f"{fresh!r}: already up to date. People log in as their own roles, "
                                               f"members of '{fresh}_member'.\n")
    applied = pg_server.admin_sql("SELECT name FROM assess._migrations ORDER BY name", database=fresh)
    assert [name for (name,) in applied] == KNOWN
    owners = pg_server.admin_sql("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'assess'",
                                 database=fresh)
    assert owners == [(f"{fresh}_owner",)]  # no one logs in as it
    assert pg_server.admin_sql("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", [f"{fresh}_owner"]) == [(False,)]
    forced = pg_server.admin_sql("SELECT relname FROM pg_class WHERE relrowsecurity AND relforcerowsecurity "
                                 "AND relnamespace = 'assess'::regnamespace ORDER BY 1", database=fresh)
    assert forced == [("runs",), ("shared_runs",)]


def test_a_database_without_the_schema_is_refused(run, fresh, org, tmp_path):
    org.add("ada")
    stranger = run("--store", org.url("ada").replace(org.database, fresh), "history")
    assert stranger.exit_code == 2  # ada is no member of that database: it refuses her at the door


def test_a_newer_or_an_older_schema_is_refused(org, tmp_path, run, monkeypatch):
    org.add("ada")
    org.admin("INSERT INTO assess._migrations (name) VALUES ('p999_from_the_future')")
    with pytest.raises(StorageError, match="has migration 'p999_from_the_future', unknown to this assess: upgrade"):
        org.store("ada", tmp_path / "p")
    monkeypatch.setenv("ASSESS_STORE", org.admin_url)
    refused = run("org", "init")
    assert refused.exit_code == 2 and "unknown to this assess" in refused.output
    org.admin("DELETE FROM assess._migrations WHERE name IN ('p999_from_the_future', %s)", [KNOWN[-1]])
    with pytest.raises(StorageError, match=f"needs migration '{KNOWN[-1]}': its admin upgrades it"):
        org.store("ada", tmp_path / "p")


def test_an_address_that_is_not_postgresql_is_refused(run):
    refused = run("--store", "mysql://db/assess", "history")
    assert refused.exit_code == 2
    assert "mysql://db/assess: not an organisation store's address; expected postgresql://..." in refused.output


@pytest.mark.slow
@pytest.mark.parametrize(("env", "said"), [
    ({"ASSESS_TEST_POSTGRES": "postgresql://nobody@127.0.0.1:9/none?connect_timeout=2"}, "server cannot be reached"),
    ({"ASSESS_TEST_POSTGRES": "", "CI": "true"}, "is not set in CI"),
])
def test_the_postgresql_tests_fail_rather_than_skip_where_they_must_run(env, said):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).parent.parent
    test = "tests/test_org_schema.py::test_init_makes_the_schema_once_and_says_so"
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test],
                          cwd=root, capture_output=True, text=True, env={**os.environ, **env})
    assert proc.returncode == 1, proc.stdout[-2000:]
    assert said in proc.stdout and "1 error" in proc.stdout
