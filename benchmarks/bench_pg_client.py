"""What a PostgreSQL client library costs a command before its first query: the import (and, for SQLAlchemy, the
engine its Core needs), as whole processes, beside an empty interpreter. The figure behind the organisation
store's choice of psycopg alone over SQLAlchemy Core on psycopg.

    .venv/bin/python benchmarks/bench_pg_client.py [--python PATH] [--repeat 15]

`--python` names an interpreter with SQLAlchemy installed beside psycopg (assess does not depend on it), e.g.
a scratch virtualenv: `python -m venv /tmp/sa && /tmp/sa/bin/pip install sqlalchemy "psycopg[binary]"`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

STEPS = {
    "python -c pass": "pass",
    "import psycopg (what the store uses)": "import psycopg",
    "import sqlalchemy": "import sqlalchemy",
    "SQLAlchemy Core on psycopg: engine made": (
        "import sqlalchemy; sqlalchemy.create_engine('postgresql+psycopg://u@127.0.0.1:9/db')"),
}


def timed(python: str, code: str, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `python -c code` (the first run only warms the caches)."""
    walls, cpus = [], []
    for attempt in range(repeat + 1):
        before = os.times()
        began = time.perf_counter()
        subprocess.run([python, "-c", code], check=True, capture_output=True)
        wall = time.perf_counter() - began
        after = os.times()
        if attempt:
            walls.append(wall)
            cpus.append(after.children_user + after.children_system - before.children_user - before.children_system)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="an interpreter with psycopg and SQLAlchemy")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    floor = None
    for label, code in STEPS.items():
        try:
            wall, cpu = timed(args.python, code, args.repeat)
        except subprocess.CalledProcessError:
            print(f"{label:44} not installed in {args.python}")
            continue
        floor = cpu if floor is None else floor
        print(f"{label:44} {wall:6.3f} s wall {cpu:6.3f} s cpu  (+{cpu - floor:.3f} s cpu over an empty interpreter)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
