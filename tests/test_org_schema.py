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


def _schema(server, database: str) -> dict[str, list]:
    """What the database holds of the store's schema, with the database's own name (in its roles' names) made
    neutral, so two stores can be compared."""
    queries = {
        "columns": "SELECT table_name, ordinal_position, column_name, data_type, is_nullable, column_default "
                   "FROM information_schema.columns WHERE table_schema = 'assess' ORDER BY 1, 2",
        "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE connamespace = 'assess'::regnamespace ORDER BY 1, 2",
        "indexes": "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'assess' ORDER BY 1",
        "triggers": "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal "
                    "AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'assess'::regnamespace) ORDER BY 1",
        "functions": "SELECT proname, pg_get_functiondef(oid), proacl::text FROM pg_proc "
                     "WHERE pronamespace = 'assess'::regnamespace ORDER BY 1",
        "policies": "SELECT tablename, policyname, roles::text, cmd, qual, with_check FROM pg_policies "
                    "WHERE schemaname = 'assess' ORDER BY 1, 2",
        "security": "SELECT relname, relrowsecurity, relforcerowsecurity, relowner::regrole::text, relacl::text "
                    "FROM pg_class WHERE relnamespace = 'assess'::regnamespace ORDER BY 1",
        "columns granted": "SELECT table_name, column_name, grantee, privilege_type FROM "
                           "information_schema.column_privileges WHERE table_schema = 'assess' ORDER BY 1, 2, 3, 4",
        "schema": "SELECT nspowner::regrole::text, nspacl::text FROM pg_namespace WHERE nspname = 'assess'",
        "migrations": "SELECT name FROM assess._migrations ORDER BY name",
    }
    return {what: [tuple(str(value).replace(database, "DB") for value in row)
                   for row in server.admin_sql(sql, database=database)] for what, sql in queries.items()}


@pytest.mark.parametrize("done", range(len(KNOWN)))
def test_init_brings_a_store_of_each_earlier_version_to_the_schema_a_new_one_has(done, fresh, pg_server, run,
                                                                                  monkeypatch, tmp_path):
    """A store made by an older assess (its first `done` migrations), holding a run and its shared projection as
    that assess wrote them: `org init` applies the rest, and the store is then the one a new database gets, with
    the old rows read as they were written."""
    from datetime import UTC, datetime

    from assess.core.answers import Answers, check_answers
    from assess.core.scoring import score
    from assess.core.snapshot import rubric_snapshot
    from assess.io.rubric_files import load_rubric_file
    from assess.io.store import pg_admin, pg_schema

    from .conftest import MINI
    from .org_fixtures import Org

    monkeypatch.setattr(pg_admin, "MIGRATIONS", pg_schema.MIGRATIONS[:done])
    if done:
        pg_admin.initialise(pg_server.url_of(fresh))
    team = Org(pg_server, fresh, secrets.token_hex(3))
    rubric = load_rubric_file(MINI)
    given = check_answers(Answers(rubric="mini", facts={"degree": "master", "years": 6},
                                  ratings={"x1": 2, "x2": 1, "y1": 1, "y2": 3}), rubric, "test")
    result, (content, digest) = score(rubric, given), rubric_snapshot(rubric)
    if done:
        when = datetime(2026, 1, 5, 9, 30, tzinfo=UTC).isoformat()
        answers = '{"facts": {"degree": "master", "years": 6}, "ratings": {"x1": 2, "x2": 1, "y1": 1, "y2": 3}}'
        written = [
            ("INSERT INTO assess.people (login) VALUES (%s), (%s)", [team.login("boss"), team.login("ada")]),
            ("UPDATE assess.people SET manager = %s WHERE login = %s", [team.login("boss"), team.login("ada")]),
            ("INSERT INTO assess.rubrics (hash, id, version, title, content) VALUES (%s, 'mini', '1', 'Mini', %s)",
             [digest, content]),
            ("INSERT INTO assess.runs (id, owner, profile, rubric_ref, rubric_id, rubric_version, rubric_hash, "
             "tool_version, started_at, finished_at, status, readiness, placement, result, answers) VALUES "
             "('0123456789ab', %s, 'default', 'mini', 'mini', '1', %s, '0.9', %s, %s, 'complete', %s, %s, %s, %s)",
             [team.login("ada"), digest, when, when, result.readiness, result.placement, result.model_dump_json(),
              answers]),
        ]
        if done >= 2:
            written.append((
                "INSERT INTO assess.shared_runs (run_id, owner, profile, rubric_ref, rubric_id, rubric_version, "
                "rubric_hash, tool_version, started_at, finished_at, readiness, placement, result, answers) "
                "SELECT id, owner, profile, rubric_ref, rubric_id, rubric_version, rubric_hash, tool_version, "
                "started_at, finished_at, readiness, placement, result, answers FROM assess.runs", None))
        for sql, params in written:
            pg_server.admin_sql(sql, params, database=fresh)
    monkeypatch.setattr(pg_admin, "MIGRATIONS", pg_schema.MIGRATIONS)
    monkeypatch.setenv("ASSESS_STORE", pg_server.url_of(fresh))
    upgraded = run("org", "init")
    assert upgraded.exit_code == 0, upgraded.output
    assert f"applied {', '.join(KNOWN[done:])}." in upgraded.output
    assert _schema(pg_server, fresh) == _schema(pg_server, pg_server.template)
    if not done:
        return
    try:
        team.add("boss")
        team.add("ada", "boss")
        kept = team.store("ada", tmp_path / "p").get("0123456789ab")
        assert (kept.result, kept.started_from, kept.shared, kept.tool_version) == (result, None, None, "0.9")
        reports = team.store("boss", tmp_path / "p").report_runs()
        assert [(each.login, each.run.id, each.run.shared) for each in reports] == \
            ([(team.login("ada"), "0123456789ab", None)] if done >= 2 else [])
    finally:
        for login in team.logins:
            pg_server.admin_sql(f'DROP OWNED BY "{login}"', database=fresh)
            pg_server.admin_sql(f'DROP ROLE IF EXISTS "{login}"')
