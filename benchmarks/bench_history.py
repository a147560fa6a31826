"""How `assess progress` and `assess report` scale with history: 1,000 stored runs against two, as whole
processes.

    python benchmarks/bench_history.py [--repeat 7] [--runs 1000] [--pdf]

Builds two homes in a temporary folder (two runs, the least history progress shows; many runs of the shipped
rubric, ratings drifting upwards, one run every three days), times each command in each home several times,
and prints the times and their ratio: the fastest wall time of each (the least disturbed by other work on the
machine), and the median CPU time as a cross-check. The goals: `progress` over many runs costs at most 1.5x two
runs, a report at most 1.3x.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assess.core.answers import Answers, check_answers
from assess.core.scoring import score
from assess.io.rubric_files import load_rubric
from assess.io.store.sqlite import SQLiteStore as Store

GOALS = {"progress": 1.5, "report": 1.3}


def build_home(home: Path, count: int, seed: int = 7) -> None:
    rubric = load_rubric()
    rng = random.Random(seed)
    store = Store(home)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    facts = {"degree": "master", "years_ml": 9, "years_leadership": 5}
    for i in range(count):
        ratings = {comp.id: min(4, max(0, 1 + (i * 3) // max(count, 1) + rng.choice((-1, 0, 0, 1))))
                   for comp in rubric.competencies}
        answers = check_answers(Answers(rubric=rubric.id, facts=facts, ratings=ratings), rubric, "bench")
        when = start + timedelta(days=3 * i)
        store.add_complete(answers=answers, rubric=rubric, result=score(rubric, answers),
                           started_at=when, finished_at=when + timedelta(minutes=20))
    store.close()


def time_command(homes: list[Path], repeat: int, args: list[str]) -> list[tuple[float, float]]:
    """(fastest wall time, median CPU time) per home; runs alternate so a busy machine hits both alike."""
    env = {**os.environ, "COLUMNS": "200"}
    walls: list[list[float]] = [[] for _ in homes]
    cpus: list[list[float]] = [[] for _ in homes]
    for attempt in range(repeat + 1):
        for i, home in enumerate(homes):
            command = [sys.executable, "-m", "assess", "--home", str(home), *args]
            before = os.times()
            began = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            wall = time.perf_counter() - began
            after = os.times()
            if attempt:  # the first round only warms the file cache
                walls[i].append(wall)
                cpus[i].append(after.children_user + after.children_system
                               - before.children_user - before.children_system)
    return [(min(w), statistics.median(c)) for w, c in zip(walls, cpus, strict=True)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--pdf", action="store_true", help="also time the PDF report (about 2 s a render)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        one, many = Path(tmp, "two"), Path(tmp, "many")
        began = time.perf_counter()
        build_home(one, 2)
        build_home(many, args.runs)
        print(f"built homes in {time.perf_counter() - began:.1f} s")
        out = Path(tmp, "report")
        commands = [["progress", "--format", "table"], ["progress", "--format", "json"],
                    ["report", "--format", "json", "-o", f"{out}.json"], ["report", "--format", "md", "-o", f"{out}.md"],
                    ["report", "--format", "html", "-o", f"{out}.html"]]
        if args.pdf:
            commands.append(["report", "-o", f"{out}.pdf"])
        met = True
        for command in commands:
            (wall_one, cpu_one), (wall_many, cpu_many) = time_command([one, many], args.repeat, command)
            ratio, goal = wall_many / wall_one, GOALS[command[0]]
            met = met and ratio <= goal
            shown = " ".join(command[:3])
            print(f"{shown:24}  2 runs: {wall_one:.3f} s   {args.runs} runs: {wall_many:.3f} s   "
                  f"ratio {ratio:.2f} (goal <= {goal})   cpu {cpu_one:.3f} s / {cpu_many:.3f} s "
                  f"= {cpu_many / cpu_one:.2f}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
