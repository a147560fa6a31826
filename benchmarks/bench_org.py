"""An organisation's store at size: 100,000 runs (10,000 people x 10), `progress` for one person and the team
query and team view of a manager of 50, each timed in the process and as a whole `assess` process.

    ASSESS_TEST_POSTGRES=postgresql://postgres@/postgres?host=...&port=... \\
        .venv/bin/python benchmarks/bench_org.py [--people 10000] [--runs 10] [--repeat 7] [--keep]

Needs a PostgreSQL server and its admin address (`bash scripts/postgres.sh start DIR PORT` prints one). It
creates a database `assess_bench` and login roles `bench_*` (dropped at the end unless --keep), stores the
runs of the shipped Director rubric (ratings drifting upwards run by run; every person shares their last three
with their managers: 30,000 shared runs) with COPY as the admin, then connects as the people themselves, so
row-level security is in every query timed. Goal: each under 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from assess.core.answers import Answers, check_answers
from assess.core.scoring import score
from assess.core.share import shared_run, sharing
from assess.core.snapshot import rubric_snapshot
from assess.io.rubric_files import load_rubric
from assess.io.store.pg_admin import initialise
from assess.io.store.pg_rows import document, dumped

GOAL = 1.0
DATABASE = "assess_bench"
TEAM = 50
SHARED_PER_PERSON = 3
FACTS = {"degree": "master", "years_ml": 9, "years_leadership": 5}


def admin_url(admin: str, database: str) -> str:
    from urllib.parse import quote, urlencode

    from psycopg.conninfo import conninfo_to_dict

    given = conninfo_to_dict(admin)
    query = {key: value for key in ("host", "port") if (value := given.get(key))}
    return f"postgresql://{quote(given.get('user') or 'postgres')}@/{quote(database)}?{urlencode(query)}"


def people_tree(count: int) -> list[tuple[str, str | None]]:
    """A top, managers of TEAM people each under the top, and everyone else under a manager."""
    managers = (count - 1) // (TEAM + 1)
    tree: list[tuple[str, str | None]] = [("bench_top", None)]
    tree += [(f"bench_m{m:04d}", "bench_top") for m in range(managers)]
    tree += [(f"bench_p{p:05d}", f"bench_m{min(p // TEAM, managers - 1):04d}") for p in range(count - 1 - managers)]
    return tree


def patterns(rubric, runs: int, variants: int, seed: int = 7):
    """Scored answers for each step of a person's history (ratings drifting up), in a few variants each: scoring
    100,000 distinct runs would take longer than everything else here."""
    rng = random.Random(seed)
    found = []
    for step in range(runs):
        row = []
        for _ in range(variants):
            ratings = {comp.id: min(4, max(0, 1 + (step * 3) // runs + rng.choice((-1, 0, 0, 1))))
                       for comp in rubric.competencies}
            answers = check_answers(Answers(rubric=rubric.id, facts=FACTS, ratings=ratings), rubric, "bench")
            result = score(rubric, answers)
            shared = shared_run_of(rubric, answers, result)
            assert shared.result is not None
            row.append(((result.readiness, result.placement, result.model_dump_json(), dumped(document(answers))),
                        (shared.result.readiness, shared.result.placement, shared.result.model_dump_json(),
                         dumped(document(shared.answers)))))
        found.append(row)
    return found


def shared_run_of(rubric, answers, result):
    from assess.core.runs import StoredRun

    run = StoredRun(id="0" * 12, profile="default", name=None, rubric_id=rubric.id, rubric_version=rubric.version,
                    rubric_hash="h", tool_version="bench", started_at="2020-01-01T00:00:00+00:00",
                    finished_at="2020-01-01T00:20:00+00:00", status="complete", answers=answers, result=result)
    return shared_run(run, rubric, sharing(rubric, answers, ["years_leadership"]))


def build(admin: str, count: int, runs: int) -> dict[str, str]:
    """The database with its people and their runs; the passwords of the two people timed."""
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    url = admin_url(admin, DATABASE)
    roles = initialise(url).roles
    rubric = load_rubric()
    content, digest = rubric_snapshot(rubric)
    scored = patterns(rubric, runs, 20)
    tree = people_tree(count)
    start = datetime(2021, 1, 1, tzinfo=UTC)
    with psycopg.connect(url) as conn:
        from psycopg import sql

        for login, _ in tree:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(sql.Identifier(login),
                                                                           sql.Identifier(roles.member)))
        with conn.cursor().copy("COPY assess.people (login, manager) FROM STDIN") as copy:
            for login, manager in tree:
                copy.write_row((login, manager))
        conn.execute("INSERT INTO assess.rubrics (hash, id, version, title, content) VALUES (%s, %s, %s, %s, %s)",
                     (digest, rubric.id, rubric.version, rubric.title, content))
        columns = ("id, owner, profile, name, rubric_ref, rubric_id, rubric_version, rubric_hash, tool_version, "
                   "started_at, finished_at, status, readiness, placement, result, answers")
        shared_columns = ("run_id, owner, profile, name, rubric_ref, rubric_id, rubric_version, rubric_hash, "
                          "tool_version, started_at, finished_at, readiness, placement, result, answers, "
                          "private_facts")
        rng = random.Random(11)
        shared_rows = []
        with conn.cursor().copy(f"COPY assess.runs ({columns}) FROM STDIN") as copy:
            for index, (login, _) in enumerate(tree):
                for step in range(runs):
                    own, shared = scored[step][rng.randrange(20)]
                    run_id = uuid.uuid4().hex[:12]
                    when = start + timedelta(days=182 * step, minutes=index % 1440)
                    began, ended = when.isoformat(timespec="seconds"), (when + timedelta(minutes=20)).isoformat(
                        timespec="seconds")
                    copy.write_row((run_id, login, "default", login, rubric.id, rubric.id, rubric.version, digest,
                                    "bench", began, ended, "complete", *own))
                    if step >= runs - SHARED_PER_PERSON:
                        shared_rows.append((run_id, login, "default", login, rubric.id, rubric.id, rubric.version,
                                            digest, "bench", began, ended, *shared, ["years_leadership"]))
        with conn.cursor().copy(f"COPY assess.shared_runs ({shared_columns}) FROM STDIN") as copy:
            for row in shared_rows:
                copy.write_row(row)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return new_passwords(url)


def new_passwords(url: str) -> dict[str, str]:
    """Passwords for the two people timed, a person and a manager of 50 (kept in a pgpass file while timing)."""
    passwords = {login: uuid.uuid4().hex for login in ("bench_p00000", "bench_m0000")}
    with psycopg.connect(url, autocommit=True) as conn:
        for login, password in passwords.items():
            conn.execute(f"ALTER ROLE \"{login}\" PASSWORD '{password}'")
        print("runs:", conn.execute("SELECT count(*) FROM assess.runs").fetchone()[0], " shared:",
              conn.execute("SELECT count(*) FROM assess.shared_runs").fetchone()[0], " people:",
              conn.execute("SELECT count(*) FROM assess.people").fetchone()[0])
    return passwords


def person_url(admin: str, login: str) -> str:
    from psycopg.conninfo import conninfo_to_dict

    port = conninfo_to_dict(admin).get("port") or "5432"
    return f"postgresql://{login}@127.0.0.1:{port}/{DATABASE}"


def in_process(url: str, repeat: int, pending: Path) -> dict[str, float]:
    """Median seconds of each query through the app, connection opened once."""
    from assess.app.org import report_runs
    from assess.app.progress import profile_progress
    from assess.io.store.postgres import PostgresStore

    timings: dict[str, list[float]] = {}

    def timed(name, step):
        began = time.perf_counter()
        step()
        timings.setdefault(name, []).append(time.perf_counter() - began)

    for _ in range(repeat):
        timed("open the store (connect, check the login)", lambda: PostgresStore(url, pending).close())
    with PostgresStore(url, pending) as store:
        for _ in range(repeat):
            if store.person.reports:
                timed("team: report_runs (shared runs of 50)", lambda: report_runs(store))
                timed("team: report_runs --rescore", lambda: report_runs(store, rescore=True))
                timed("team: aggregate (k=5)",
                      lambda: store.aggregate(store.person.login, "director-ml-engineering"))
            else:
                timed("progress: profile_progress (10 runs)", lambda: profile_progress(store, "default"))
    return {name: statistics.median(values) for name, values in timings.items()}


def local_home(home: Path, runs: int) -> None:
    """The same history of one person in a local SQLite home, for the local path's figure beside the org's."""
    from assess.io.store.sqlite import SQLiteStore

    rubric = load_rubric()
    rng = random.Random(3)
    with SQLiteStore(home) as store:
        for step in range(runs):
            ratings = {comp.id: min(4, max(0, 1 + (step * 3) // runs + rng.choice((-1, 0, 0, 1))))
                       for comp in rubric.competencies}
            answers = check_answers(Answers(rubric=rubric.id, facts=FACTS, ratings=ratings), rubric, "bench")
            when = datetime(2021, 1, 1, tzinfo=UTC) + timedelta(days=182 * step)
            store.add_complete(answers=answers, rubric=rubric, result=score(rubric, answers), started_at=when,
                               finished_at=when + timedelta(minutes=20))


def whole(url: str | None, args: list[str], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `assess ARGS` as a whole process (CPU: what a busy machine disturbs least)."""
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("ASSESS_STORE", None)
    if url is not None:
        env["ASSESS_STORE"] = url
    walls, cpus = [], []
    for attempt in range(repeat + 1):
        before = os.times()
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "assess", *args], check=True, capture_output=True, env=env)
        wall = time.perf_counter() - began
        after = os.times()
        if attempt:  # the first only warms the caches
            walls.append(wall)
            cpus.append(after.children_user + after.children_system - before.children_user - before.children_system)
    return statistics.median(walls), statistics.median(cpus)


def drop(admin: str, count: int) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        for login, _ in people_tree(count):
            conn.execute(f'DROP ROLE IF EXISTS "{login}"')
        for role in (f"{DATABASE}_owner", f"{DATABASE}_member"):
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="leave the database and roles in place")
    parser.add_argument("--reuse", action="store_true", help="time the database a --keep run left")
    args = parser.parse_args()
    admin = os.environ.get("ASSESS_TEST_POSTGRES")
    if not admin:
        print("set ASSESS_TEST_POSTGRES to an admin address (bash scripts/postgres.sh start DIR PORT prints one)")
        return 2
    began = time.perf_counter()
    if args.reuse:
        passwords = new_passwords(admin_url(admin, DATABASE))
    else:
        passwords = build(admin, args.people, args.runs)
        print(f"built {args.people} people x {args.runs} runs in {time.perf_counter() - began:.0f} s")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        pgpass = Path(tmp, "pgpass")
        pgpass.write_text("".join(f"127.0.0.1:*:{DATABASE}:{login}:{password}\n"
                                  for login, password in passwords.items()))
        pgpass.chmod(0o600)
        os.environ["PGPASSFILE"] = str(pgpass)
        os.environ["ASSESS_HOME"] = str(Path(tmp, "home"))
        person, manager = (person_url(admin, login) for login in passwords)
        for name, seconds in {**in_process(person, args.repeat, Path(tmp, "p")),
                              **in_process(manager, args.repeat, Path(tmp, "p"))}.items():
            print(f"{name:48} {seconds:7.3f} s")
        for url, command in ((person, ["progress"]), (person, ["progress", "--format", "json"]),
                             (manager, ["org", "reports"]),
                             (manager, ["org", "summary", "--manager", "bench_m0000", "--rubric",
                                        "director-ml-engineering"]),
                             # The team view: built from the 50 shared runs (each scored anew), then read back.
                             (manager, ["team", "add", "bench", "--from-org"]),
                             (manager, ["team", "show", "bench", "--window", "120", "-f", "json"])):
            wall, cpu = whole(url, command, args.repeat)
            worst = max(worst, wall)
            print(f"{'assess ' + ' '.join(command[:4]):48} {wall:7.3f} s wall {cpu:7.3f} s cpu (goal < {GOAL} s)")
        local_home(Path(tmp, "local"), args.runs)
        for command in (["progress"], ["progress", "--format", "json"]):
            wall, cpu = whole(None, ["--home", str(Path(tmp, "local")), *command], args.repeat)
            print(f"{'local: assess ' + ' '.join(command):48} {wall:7.3f} s wall {cpu:7.3f} s cpu (SQLite, same "
                  "history)")
        for label, url in (("assess --help", None), ("assess --help, ASSESS_STORE set", person)):
            wall, cpu = whole(url, ["--help"], args.repeat)
            print(f"{label:48} {wall:7.3f} s wall {cpu:7.3f} s cpu")
        wall, cpu = whole(None, ["--version"], args.repeat)
        print(f"{'assess --version (the floor of a process)':48} {wall:7.3f} s wall {cpu:7.3f} s cpu")
    if not args.keep:
        drop(admin, args.people)
    return 0 if worst < GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
