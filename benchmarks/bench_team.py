"""How long a team of 1,000 inputs takes: every view of it, from its roster, as whole processes.

    python benchmarks/bench_team.py [--people 1000] [--keep DIR] [--pdf]

Builds one `assess export` document holding 1,000 people's runs of the shipped Director rubric (ratings spread
around each person's own level), adds it to a team with `assess team add` (every run scored anew: timed, a one-off
per input), then times each view as a lead would run it: `show` in the terminal and as JSON (every view built),
and `report` as HTML, CSV and XLSX (with --pdf, the PDF too, which is not part of the goal). Wall and CPU time of
each process; the machine is shared, so CPU time is the steadier figure. The goal: all views together in under
10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assess.core.answers import Answers, check_answers
from assess.core.scoring import score
from assess.io.export import export_document
from assess.io.rubric_files import load_rubric
from assess.io.store.sqlite import SQLiteStore

GOAL_SECONDS = 10.0
ON = "2026-06-15"
FIRST = ["Ada", "Ben", "Cai", "Dee", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kim", "Lou", "Max", "Nia", "Oli",
         "Pia", "Raj", "Sam", "Tia", "Uma"]
LAST = ["Reyes", "Okafor", "Lindqvist", "Tanaka", "Moreau", "Novak", "Haddad", "Kowalski", "Silva", "Byrne"]


def people(count: int, seed: int = 7) -> list[Answers]:
    rubric = load_rubric()
    rng = random.Random(seed)
    found = []
    for i in range(count):
        base = rng.choice((1, 2, 2, 3, 3, 4))
        ratings = {comp.id: max(0, min(4, base + rng.choice((-2, -1, -1, 0, 0, 0, 1)))) for comp in rubric.competencies}
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i + i // len(FIRST)) % len(LAST)]}" + (f" {i}" if i >= 200 else "")
        facts = {"degree": rng.choice(("bachelor", "master", "master", "phd")), "years_ml": rng.randint(1, 15),
                 "years_leadership": rng.randint(0, 8)}
        found.append(check_answers(Answers(rubric=rubric.id, profile=f"p{i}", name=name, facts=facts, ratings=ratings),
                                   rubric, "bench"))
    return found


def export_file(folder: Path, count: int) -> Path:
    """One export of `count` people's runs, each taken in the two months before the view."""
    rubric = load_rubric()
    store = SQLiteStore(folder / "people")
    start = datetime(2026, 4, 15, tzinfo=UTC)
    for i, answers in enumerate(people(count)):
        when = start + timedelta(minutes=83 * i)
        store.add_complete(answers=answers, rubric=rubric, result=score(rubric, answers), started_at=when,
                           finished_at=when)
    runs = store.runs(None)
    store.close()
    path = folder / "org.json"
    path.write_text(json.dumps(export_document(runs, [rubric], exported_at=datetime.now(UTC).isoformat(
        timespec="seconds"), tool_version="bench")))
    return path


def timed(home: Path, *args: str) -> tuple[float, float]:
    """Wall and CPU seconds of one `assess team` process."""
    before, began = os.times(), time.perf_counter()
    subprocess.run([sys.executable, "-m", "assess", "--home", str(home), "team", *args], check=True,
                   capture_output=True, env={**os.environ, "COLUMNS": "200"})
    after = os.times()
    cpu = after.children_user + after.children_system - before.children_user - before.children_system
    return time.perf_counter() - began, cpu


IN_ONE = """
import io, sys, time
from datetime import date
began, cpu = time.perf_counter(), time.process_time()
from rich.console import Console
from assess.app.team import roster_report
from assess.app.team_files import team_bytes
from assess.cli import team_text
from assess.io.locations import Locations
locations = Locations.find(sys.argv[1])
found = roster_report(locations, "org", on=date.fromisoformat(sys.argv[2]))
team_text.console = lambda: Console(file=io.StringIO(), width=200)
team_text.team_text(found, 5)
for fmt in ("json", "html", "csv", "xlsx"):
    team_bytes(found, fmt, "a4", locations, anonymous=False, k=5)
print(time.perf_counter() - began, time.process_time() - cpu)
"""


def in_one_process(home: Path) -> tuple[float, float]:
    """Every view built once, then written as terminal text, JSON, HTML, CSV and XLSX, in one process."""
    done = subprocess.run([sys.executable, "-c", IN_ONE, str(home), ON], check=True, capture_output=True, text=True)
    wall, cpu = done.stdout.split()
    return float(wall), float(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="Build the team here and keep it (for looking at the pages).")
    parser.add_argument("--pdf", action="store_true", help="Time the PDF too (outside the goal).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        source = export_file(folder, args.people)
        print(f"made {args.people} people's runs in {time.perf_counter() - began:.1f} s")
        home = folder / "lead"
        wall, cpu = timed(home, "add", "org", str(source), "--on", ON)
        print(f"assess team add (each run scored anew): {wall:.2f} s wall, {cpu:.2f} s CPU")
        views = [("show", "-f", "text"), ("show", "-f", "json")]
        views += [("report", "-f", fmt, "-o", str(folder / f"org.{fmt}")) for fmt in ("html", "csv", "xlsx")]
        total = [0.0, 0.0]
        for command, *rest in views:
            wall, cpu = timed(home, command, "org", "--on", ON, *rest)
            total = [total[0] + wall, total[1] + cpu]
            print(f"assess team {command} {' '.join(rest[:2])}: {wall:.2f} s wall, {cpu:.2f} s CPU")
        print(f"the five commands: {total[0]:.2f} s wall, {total[1]:.2f} s CPU")
        wall, goal_cpu = in_one_process(home)
        print(f"all views built once and written in every format but PDF, in one process: {wall:.2f} s wall, "
              f"{goal_cpu:.2f} s CPU (goal: under {GOAL_SECONDS:g} s)")
        small = folder / "small"
        small.mkdir(exist_ok=True)
        timed(small / "lead", "add", "org", str(export_file(small, 8)), "--on", ON)
        _, small_cpu = in_one_process(small / "lead")
        print(f"the same for a team of 8: {small_cpu:.2f} s CPU; {args.people} against 8: "
              f"{goal_cpu / small_cpu:.2f}x")
        if args.pdf:
            wall, cpu = timed(home, "report", "org", "--on", ON, "-o", str(folder / "org.pdf"))
            print(f"assess team report -f pdf: {wall:.2f} s wall, {cpu:.2f} s CPU")
    return 0 if goal_cpu < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
