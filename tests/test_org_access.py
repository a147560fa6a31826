"""Who sees what in an organisation's store, proved as each person through the database itself: raw SQL over
their own login, no assess code between them and the rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assess.app.org import share_run
from assess.core.answers import Answers, check_answers
from assess.core.errors import NotInOrganisation, StorageError
from assess.core.scoring import score
from assess.io.rubric_files import load_rubric_file

from .conftest import MINI

psycopg = pytest.importorskip("psycopg")

T0 = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def mini():
    return load_rubric_file(MINI)


def complete_run(store, rubric, *, days=0, ratings=None, evidence=None, private=()):
    given = check_answers(Answers(rubric="mini", facts={"degree": "master", "years": 6},
                                  ratings=ratings or {"x1": 2, "x2": 1, "y1": 1, "y2": 3},
                                  evidence=evidence or {}, private=list(private)), rubric, "test")
    when = T0 + timedelta(days=days)
    return store.add_complete(answers=given, rubric=rubric, result=score(rubric, given), started_at=when,
                              finished_at=when + timedelta(minutes=20))


@pytest.fixture
def team(org, tmp_path):
    """grace manages boss, who manages ada and bob; hr is in HR; each has a store of their own."""
    for name, manager in (("grace", None), ("boss", "grace"), ("ada", "boss"), ("bob", "boss")):
        org.add(name, manager)
    org.add("hr", None, hr=True)
    return org


def test_a_person_cannot_read_anothers_run(team, mini, tmp_path):
    with team.store("ada", tmp_path / "a") as ada:
        run = complete_run(ada, mini)
    assert team.sql("ada", "SELECT id FROM assess.runs") == [(run.id,)]
    assert team.sql("bob", "SELECT id FROM assess.runs") == []
    assert team.sql("bob", "SELECT count(*) FROM assess.runs WHERE id = %s", [run.id]) == [(0,)]
    assert team.sql("bob", "UPDATE assess.runs SET answers = '{}' WHERE id = %s", [run.id]) == 0
    assert team.sql("bob", "DELETE FROM assess.runs WHERE id = %s", [run.id]) == 0
    assert team.admin("SELECT count(*) FROM assess.runs") == [(1,)]


def test_a_manager_cannot_read_an_unshared_run_and_reads_only_the_shared_projection(team, mini, tmp_path):
    with team.store("ada", tmp_path / "a") as ada:
        run = complete_run(ada, mini, evidence={"x1": "Led the thing."}, private=["years"])
        assert team.sql("boss", "SELECT count(*) FROM assess.runs") == [(0,)]
        assert team.sql("boss", "SELECT count(*) FROM assess.shared_runs") == [(0,)]
        share_run(ada, run)
    shared = team.sql("boss", "SELECT run_id, owner, answers::text FROM assess.shared_runs")
    assert [(row[0], row[1]) for row in shared] == [(run.id, team.login("ada"))]
    assert "Led the thing" not in shared[0][2] and '"years"' not in shared[0][2].split('"private"')[0]
    assert team.sql("boss", "SELECT count(*) FROM assess.runs") == [(0,)]  # the run itself stays ada's
    assert team.sql("grace", "SELECT run_id FROM assess.shared_runs") == [(run.id,)]  # up the chain
    for outsider in ("bob", "hr"):  # a peer, and HR, who reads aggregates only
        assert team.sql(outsider, "SELECT count(*) FROM assess.shared_runs") == [(0,)]


def test_an_insert_as_someone_else_is_refused(team, mini, tmp_path):
    with team.store("ada", tmp_path / "a") as ada:
        run = complete_run(ada, mini)
    row = team.admin("SELECT rubric_hash FROM assess.runs")[0]
    forged = ("INSERT INTO assess.runs (id, owner, profile, rubric_ref, rubric_id, rubric_version, rubric_hash, "
              "tool_version, started_at, status, answers) VALUES ('0123456789ab', %s, 'default', 'mini', 'mini', "
              "'1', %s, 'x', '2026-01-01T00:00:00+00:00', 'draft', '{}')")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        team.sql("bob", forged, [team.login("ada"), row[0]])
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        team.sql("bob", "INSERT INTO assess.shared_runs (run_id, profile, rubric_ref, rubric_id, rubric_version, "
                        "rubric_hash, tool_version, started_at, finished_at, readiness, result, answers) "
                        "VALUES (%s, 'default', 'mini', 'mini', '1', %s, 'x', 's', 'f', 50, '{}', '{}')",
                 [run.id, row[0]])
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        team.sql("ada", forged.replace("'0123456789ab'", "'ba9876543210'"), [team.login("bob"), row[0]])
    assert team.admin("SELECT count(*) FROM assess.runs") == [(1,)]
    assert team.admin("SELECT count(*) FROM assess.shared_runs") == [(0,)]


def test_an_aggregate_under_k_returns_nothing(team, mini, tmp_path):
    query = "SELECT competency, people, mean FROM assess.team_aggregate(%s, 'mini', %s)"
    for index, name in enumerate(("ada", "bob")):
        with team.store(name, tmp_path / name) as store:
            share_run(store, complete_run(store, mini, ratings={"x1": 1 + index, "x2": 1, "y1": 1, "y2": 2}))
    boss = team.login("boss")
    for k in (5, 3, 2, 1, 0, None):  # two people: under the floor of 3 whatever k is asked for
        assert team.sql("boss", query, [boss, k]) == []
        assert team.sql("hr", query, [boss, k]) == []
    team.add("cy", "boss")
    with team.store("cy", tmp_path / "cy") as store:
        share_run(store, complete_run(store, mini, ratings={"x1": 3, "x2": None, "y1": 1, "y2": 2}))
    assert team.sql("boss", query, [boss, 5]) == []  # three people, k = 5
    rows = {row[0]: row[1:] for row in team.sql("boss", query, [boss, 3])}
    assert rows[None][0] == 3 and rows["x1"] == (3, 2.0)
    assert "x2" not in rows  # only two of the three rated it: a group under k
    assert team.sql("grace", query, [boss, 3]) == team.sql("hr", query, [boss, 3]) == \
        team.sql("boss", query, [boss, 3])
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="aggregates of"):
        team.sql("ada", query, [boss, 3])  # a report does not read their manager's team


def test_people_and_the_chain_are_read_only_through_the_database_functions(team):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        team.sql("ada", "SELECT * FROM assess.people")
    assert team.sql("boss", "SELECT * FROM assess.reports() ORDER BY 1") == [(team.login("ada"),), (team.login("bob"),)]
    assert sorted(team.sql("grace", "SELECT * FROM assess.reports()")) == sorted(
        [(team.login(name),) for name in ("boss", "ada", "bob")])
    assert team.sql("ada", "SELECT * FROM assess.reports()") == []


def test_completed_runs_are_frozen_by_the_database(team, mini, tmp_path):
    with team.store("ada", tmp_path / "a") as ada:
        run = complete_run(ada, mini)
    with pytest.raises(psycopg.errors.RaiseException, match="completed runs cannot change"):
        team.sql("ada", "UPDATE assess.runs SET readiness = 100 WHERE id = %s", [run.id])
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        team.sql("ada", "UPDATE assess.runs SET owner = 'x' WHERE id = %s", [run.id])  # no such column grant


def test_what_a_run_continued_from_and_its_shared_mark_are_set_once_and_checked(team, mini, tmp_path):
    with team.store("ada", tmp_path / "a") as ada:
        draft = ada.create_draft(answers=Answers(rubric="mini"), rubric=mini, started_at=T0,
                                 started_from=complete_run(ada, mini).id)
    for column, value in (("started_from", "0123456789ab"), ("shared", '{"private_facts": []}')):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # not even on a draft: no such column grant
            team.sql("ada", f"UPDATE assess.runs SET {column} = %s WHERE id = %s", [value, draft.id])
    with pytest.raises(psycopg.errors.CheckViolation, match="started_from"):
        team.sql("ada", "INSERT INTO assess.runs (id, profile, rubric_ref, rubric_id, rubric_version, rubric_hash, "
                        "tool_version, started_at, status, answers, started_from) SELECT '0123456789ab', profile, "
                        "rubric_ref, rubric_id, rubric_version, rubric_hash, 'x', started_at, 'draft', '{}', "
                        "'0123456789aZ' FROM assess.runs WHERE id = %s", [draft.id])
    assert team.admin("SELECT started_from FROM assess.runs WHERE id = %s", [draft.id]) == [(draft.started_from,)]


def test_a_shared_projection_with_evidence_or_a_private_fact_is_refused(team, mini, tmp_path):
    with team.store("ada", tmp_path / "a") as ada:
        run = complete_run(ada, mini, private=["years"])
    insert = ("INSERT INTO assess.shared_runs (run_id, profile, rubric_ref, rubric_id, rubric_version, rubric_hash, "
              "tool_version, started_at, finished_at, readiness, result, answers, private_facts) SELECT id, profile, "
              "rubric_ref, rubric_id, rubric_version, rubric_hash, tool_version, started_at, finished_at, readiness, "
              "result, %s::json, %s FROM assess.runs WHERE id = %s")
    with pytest.raises(psycopg.errors.CheckViolation):
        team.sql("ada", insert, ['{"evidence": {"x1": "mine"}}', [], run.id])
    with pytest.raises(psycopg.errors.CheckViolation):
        team.sql("ada", insert, ['{"facts": {"years": 6}}', ["years"], run.id])
    assert team.sql("ada", insert, ['{"facts": {"degree": "master"}}', ["years"], run.id]) == 1


def test_a_rubric_cannot_be_planted_under_anothers_hash(team):
    with pytest.raises(psycopg.errors.CheckViolation):
        team.sql("ada", "INSERT INTO assess.rubrics (hash, id, version, title, content) "
                        "VALUES (repeat('a', 64), 'mini', '1', 'Mini', '{}')")


@pytest.mark.parametrize("privilege", ["SUPERUSER", "BYPASSRLS"])
def test_the_store_refuses_a_login_the_rules_do_not_bind(team, tmp_path, privilege):
    team.add("root")
    team.admin(f'ALTER ROLE "{team.login("root")}" {privilege}')
    with pytest.raises(NotInOrganisation, match="superuser" if privilege == "SUPERUSER" else "bypasses row-level"):
        team.store("root", tmp_path / "p")


def test_the_store_refuses_the_tables_owner_and_strangers(team, tmp_path):
    team.add("owner")
    team.admin(f'GRANT "{team.server.template}_owner" TO "{team.login("owner")}"')
    with pytest.raises(NotInOrganisation, match="owns the store's tables"):
        team.store("owner", tmp_path / "p")
    team.add("gone")
    team.admin("DELETE FROM assess.people WHERE login = %s", [team.login("gone")])
    with pytest.raises(NotInOrganisation, match="is not one of the organisation's people") as refused:
        team.store("gone", tmp_path / "p")
    assert refused.value.addable


def test_an_address_with_a_password_is_refused_before_connecting(team, tmp_path):
    from assess.io.store.postgres import PostgresStore

    with pytest.raises(StorageError, match="holds a password; keep it in ~/.pgpass") as refused:
        PostgresStore(team.url("ada").replace("@", ":hunter2@"), tmp_path / "p")
    assert "hunter2" not in str(refused.value)
    with pytest.raises(StorageError, match="holds a password"):
        PostgresStore(team.url("ada") + "?password=hunter2", tmp_path / "p")
