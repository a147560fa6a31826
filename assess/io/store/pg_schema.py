"""An organisation store's schema: numbered migrations recorded in the database, and who may do what in it.

The admin's `assess org init` applies them in order, each once, in one transaction; a person's connection
only checks them, and refuses a database with a migration this version does not know (a newer assess wrote
it) or one still missing (its admin has an upgrade to run). Migrations change the schema and nothing else.

Who sees what is the database's to enforce, not the tool's: every person logs in as their own PostgreSQL
role, a member of the database's member role; row-level security shows each their own runs and, of their
reports along the management chain, only the shared projections they wrote; aggregates come only from a
function that returns nothing for a group under k. The tables and functions belong to an owner role no one
logs in as.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

MIN_GROUP = 3  # an aggregate never describes fewer people than this, whatever k is asked for
DEFAULT_GROUP = 5


@dataclass(frozen=True)
class Roles:
    """The group roles of one organisation database, named after it so two databases on a server stay apart."""

    owner: str
    member: str

    @classmethod
    def of(cls, database: str) -> Roles:
        return cls(owner=f"{database}_owner", member=f"{database}_member")


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


Migration = Callable[[Roles], list[str]]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def p001_runs(roles: Roles) -> list[str]:
    """People and their managers, rubrics, runs (answers as one document, saved after each answer), frozen
    once complete."""
    return [
        "CREATE TABLE assess.meta (key text PRIMARY KEY, value text NOT NULL)",
        "CREATE TABLE assess.people (login name PRIMARY KEY, "
        "manager name REFERENCES assess.people (login), hr boolean NOT NULL DEFAULT false, "
        "added_at timestamptz NOT NULL DEFAULT now(), CHECK (manager <> login))",
        "CREATE INDEX people_by_manager ON assess.people (manager)",
        # Content-addressed: the database itself checks that a rubric's hash is that of its content, so no one
        # can plant other content under the hash someone's runs name.
        "CREATE TABLE assess.rubrics (hash text PRIMARY KEY "
        "CHECK (hash = encode(sha256(convert_to(content, 'UTF8')), 'hex')), id text NOT NULL, "
        "version text NOT NULL, title text NOT NULL, content text NOT NULL, "
        "stored_at timestamptz NOT NULL DEFAULT clock_timestamp())",
        "CREATE TABLE assess.runs ("
        "id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{12}$'), "
        "owner name NOT NULL DEFAULT current_user REFERENCES assess.people (login) ON DELETE CASCADE, "
        "profile text NOT NULL, name text, rubric_ref text NOT NULL, rubric_id text NOT NULL, "
        "rubric_version text NOT NULL, rubric_hash text NOT NULL REFERENCES assess.rubrics (hash), "
        "tool_version text NOT NULL, started_at text NOT NULL, finished_at text, "
        "status text NOT NULL CHECK (status IN ('draft', 'complete')), readiness double precision, "
        "placement text, result json, answers json NOT NULL, "
        "rater_relation text CHECK (rater_relation IN ('manager', 'peer', 'direct-report', 'mentor', 'other')), "
        "rater_name text, stored_at timestamptz NOT NULL DEFAULT clock_timestamp(), "
        "CHECK ((status = 'complete') = (result IS NOT NULL AND finished_at IS NOT NULL)))",
        "CREATE INDEX runs_by_owner ON assess.runs (owner, profile, status, (coalesce(finished_at, started_at)), "
        "stored_at)",
        "CREATE FUNCTION assess.frozen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'completed runs cannot change (run %)', OLD.id; END $$",
        "CREATE TRIGGER runs_complete_frozen BEFORE UPDATE ON assess.runs FOR EACH ROW "
        "WHEN (OLD.status = 'complete') EXECUTE FUNCTION assess.frozen()",
    ]


@migration
def p002_shared_runs(roles: Roles) -> list[str]:
    """The shared projection of a run (what `report --share` shows) that its person chose to show their
    managers. The database refuses one that carries evidence, or a fact it names as private."""
    return [
        "CREATE TABLE assess.shared_runs ("
        "run_id text PRIMARY KEY REFERENCES assess.runs (id) ON DELETE CASCADE, "
        "owner name NOT NULL DEFAULT current_user, profile text NOT NULL, name text, rubric_ref text NOT NULL, "
        "rubric_id text NOT NULL, rubric_version text NOT NULL, "
        "rubric_hash text NOT NULL REFERENCES assess.rubrics (hash), tool_version text NOT NULL, "
        "started_at text NOT NULL, finished_at text NOT NULL, readiness double precision NOT NULL, "
        "placement text, result json NOT NULL, answers json NOT NULL, private_facts text[] NOT NULL DEFAULT '{}', "
        "shared_at timestamptz NOT NULL DEFAULT clock_timestamp(), "
        "CHECK (coalesce(answers::jsonb -> 'evidence', '{}'::jsonb) = '{}'::jsonb), "
        "CHECK (NOT (coalesce(answers::jsonb -> 'facts', '{}'::jsonb) ?| private_facts)))",
        "CREATE INDEX shared_by_owner ON assess.shared_runs (owner, rubric_id, finished_at)",
    ]


@migration
def p003_access(roles: Roles) -> list[str]:
    """Row-level security, the functions that walk the management chain and aggregate, and the grants."""
    owner, member = quoted(roles.owner), quoted(roles.member)
    return [
        *_chain_functions(),
        *_policies(owner, member),
        _aggregate_function(),
        *_grants(owner, member),
    ]


@migration
def p004_continued_and_shared_runs(roles: Roles) -> list[str]:
    """As in the local store: a rerun may start from the person's previous run, and a run imported from a shared
    report keeps that mark (what the report left out and stated)."""
    return ["ALTER TABLE assess.runs ADD COLUMN started_from text CHECK (started_from ~ '^[0-9a-f]{12}$'), "
            "ADD COLUMN shared json"]


@migration
def p005_shared_projection_marks(roles: Roles) -> list[str]:
    """A shared projection keeps what its shared version stated (each track's placement, which ratings had
    evidence), so a manager's rescoring of it and the team view read it as the shared report showed it."""
    return ["ALTER TABLE assess.shared_runs ADD COLUMN mark json"]


def _policies(owner: str, member: str) -> list[str]:
    return [
        "ALTER TABLE assess.runs ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE assess.runs FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY own_runs ON assess.runs TO {member} USING (owner = current_user) "
        "WITH CHECK (owner = current_user)",
        "ALTER TABLE assess.shared_runs ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE assess.shared_runs FORCE ROW LEVEL SECURITY",
        # The EXISTS reads runs as the person, through own_runs: only a complete self-assessment of their own.
        f"CREATE POLICY own_shared ON assess.shared_runs TO {member} USING (owner = current_user) "  # noqa: S608
        "WITH CHECK (owner = current_user AND EXISTS (SELECT 1 FROM assess.runs r WHERE r.id = run_id "
        "AND r.status = 'complete' AND r.rater_relation IS NULL))",
        f"CREATE POLICY reports_shared ON assess.shared_runs FOR SELECT TO {member} "
        "USING (owner IN (SELECT assess.reports()))",
        # What the aggregate function (run as the owner) reads; no one logs in as the owner.
        f"CREATE POLICY aggregates_read ON assess.shared_runs FOR SELECT TO {owner} USING (true)",
    ]


def _chain_functions() -> list[str]:
    # session_user, not an argument: no one can ask who reports to someone else.
    below = ("WITH RECURSIVE below(login) AS (SELECT p.login FROM assess.people p WHERE p.manager = session_user "
             "UNION SELECT p.login FROM assess.people p JOIN below b ON p.manager = b.login) ")
    return [
        "CREATE FUNCTION assess.reports() RETURNS SETOF name LANGUAGE sql STABLE SECURITY DEFINER "  # noqa: S608
        f"SET search_path = pg_catalog, pg_temp AS $$ {below} SELECT login FROM below $$",
        "CREATE FUNCTION assess.whoami() RETURNS TABLE (login name, manager name, hr boolean, reports bigint) "
        "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ "
        "SELECT p.login, p.manager, p.hr, (SELECT count(*) FROM assess.reports()) FROM assess.people p "
        "WHERE p.login = session_user $$",
    ]


def _aggregate_function() -> str:
    """Means over the latest shared run of each person under `of_manager`, for a group of at least k (never under
    MIN_GROUP) and, per competency, of at least k who rated it. The manager themselves or anyone above them may
    ask, and the people marked hr for anyone."""
    return (
        "CREATE FUNCTION assess.team_aggregate(of_manager name, of_rubric text, k integer DEFAULT "  # noqa: S608
        f"{DEFAULT_GROUP}) RETURNS TABLE (competency text, people integer, mean double precision) "
        "LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ "
        f"DECLARE least_group integer := greatest(coalesce(k, {DEFAULT_GROUP}), {MIN_GROUP}); BEGIN "
        "IF NOT (of_manager = session_user OR of_manager IN (SELECT assess.reports()) "
        "OR EXISTS (SELECT 1 FROM assess.people p WHERE p.login = session_user AND p.hr)) THEN "
        "RAISE EXCEPTION 'aggregates of % are for % and the managers above, or hr', of_manager, of_manager "
        "USING ERRCODE = '42501'; END IF; "
        "RETURN QUERY WITH RECURSIVE below(login) AS ("
        "SELECT p.login FROM assess.people p WHERE p.manager = of_manager "
        "UNION SELECT p.login FROM assess.people p JOIN below b ON p.manager = b.login), "
        "latest AS (SELECT DISTINCT ON (s.owner) s.owner, s.readiness, s.answers FROM assess.shared_runs s "
        "JOIN below b ON s.owner = b.login WHERE s.rubric_id = of_rubric "
        "ORDER BY s.owner, s.finished_at DESC, s.shared_at DESC), "
        "counted AS (SELECT count(*) AS n FROM latest) "
        "SELECT NULL::text, count(*)::integer, avg(l.readiness) FROM latest l "
        "HAVING count(*) >= least_group "
        "UNION ALL SELECT r.key, count(*)::integer, avg((r.value #>> '{}')::double precision) "
        "FROM latest l CROSS JOIN LATERAL json_each(l.answers -> 'ratings') r "
        "WHERE json_typeof(r.value) = 'number' AND (SELECT n FROM counted) >= least_group "
        "GROUP BY r.key HAVING count(*) >= least_group ORDER BY 1 NULLS FIRST; END $$"
    )


def _grants(owner: str, member: str) -> list[str]:
    functions = ("assess.reports()", "assess.whoami()", "assess.team_aggregate(name, text, integer)",
                 "assess.frozen()")
    return [
        "REVOKE ALL ON SCHEMA assess FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA assess TO {member}",
        *[f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC" for fn in functions],
        *[f"GRANT EXECUTE ON FUNCTION {fn} TO {member}" for fn in functions[:3]],
        f"GRANT SELECT ON assess.meta, assess._migrations TO {member}",
        f"GRANT SELECT, INSERT ON assess.rubrics TO {member}",
        f"GRANT SELECT, INSERT, DELETE ON assess.runs TO {member}",
        f"GRANT UPDATE (answers, status, finished_at, readiness, placement, result) ON assess.runs TO {member}",
        f"GRANT SELECT, INSERT, DELETE ON assess.shared_runs TO {member}",
        *[f"ALTER TABLE assess.{table} OWNER TO {owner}"
          for table in ("meta", "_migrations", "people", "rubrics", "runs", "shared_runs")],
        *[f"ALTER FUNCTION {fn} OWNER TO {owner}" for fn in functions],
        f"ALTER SCHEMA assess OWNER TO {owner}",
    ]


SCHEMA_VERSION = len(MIGRATIONS)
KNOWN = [name for name, _ in MIGRATIONS]


def verdict(done: set[str]) -> str | None:
    """What is wrong with a database whose applied migrations are `done`, for this assess; None: up to date."""
    unknown = sorted(done - set(KNOWN))
    if unknown:
        return f"has migration {unknown[0]!r}, unknown to this assess: upgrade assess"
    missing = [name for name in KNOWN if name not in done]
    if missing:
        return f"needs migration {missing[0]!r}: its admin upgrades it with this version of assess"
    return None
