"""How long `assess report` takes for a profile with 1,000 runs and others' ratings, against one with three.

    python benchmarks/bench_report_history.py [--runs 1000] [--repeat 3]

Builds two homes in a temporary folder, each through the store as `assess take --answers` stores runs (scored in
full): one profile with 1,000 self-assessments of the Director rubric (ratings drifting upwards, one run every
two days) and, in its last months, a manager's and three peers' ratings; the other with three self-assessments
and the same raters. Times `assess report` (PDF, the default) and `assess report --format json` of the latest run
in each, and `assess progress`, as whole processes. The goal: the report of the long history takes under
10 seconds of wall time; the ratio to the short one shows what the history itself costs.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assess.core.answers import Answers, Rater, check_answers
from assess.core.scoring import score
from assess.io.rubric_files import load_rubric
from assess.io.store.sqlite import SQLiteStore

GOAL_SECONDS = 10.0
PROFILE = "long"
RATERS = (("manager", "m"), ("peer", "p1"), ("peer", "p2"), ("peer", "p3"))


def build_home(home: Path, count: int, seed: int = 7) -> None:
    rubric = load_rubric()
    rng = random.Random(seed)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    facts = {"degree": "master", "years_ml": 9, "years_leadership": 5}
    with SQLiteStore(home) as store:
        for i in range(count):
            ratings = {comp.id: min(4, max(0, 1 + (i * 3) // count + rng.choice((-1, 0, 0, 1))))
                       for comp in rubric.competencies}
            answers = check_answers(Answers(rubric=rubric.id, profile=PROFILE, facts=facts, ratings=ratings),
                                    rubric, "bench")
            when = start + timedelta(days=2 * i)
            store.add_complete(answers=answers, rubric=rubric, result=score(rubric, answers), started_at=when,
                               finished_at=when + timedelta(minutes=20))
        last = start + timedelta(days=2 * (count - 1))
        for k, (relation, name) in enumerate(RATERS):
            ratings = {comp.id: rng.randint(1, 4) for comp in rubric.competencies}
            answers = check_answers(Answers(rubric=rubric.id, profile=PROFILE, rater=Rater(relation=relation, name=name),
                                            ratings=ratings), rubric, "bench")
            when = last - timedelta(days=20 + 5 * k)
            store.add_complete(answers=answers, rubric=rubric, result=score(rubric, answers), started_at=when,
                               finished_at=when)


def timed(command: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    assess = str(Path(sys.executable).with_name("assess"))
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        short, long = folder / "three", folder / "long"
        began = time.perf_counter()
        build_home(short, 3)
        build_home(long, args.runs)
        print(f"built homes of 3 and {args.runs:,} runs (and 4 raters each) in {time.perf_counter() - began:.1f} s")
        commands = {
            "report (pdf)": ["report", "-p", PROFILE, "-o", str(folder / "r.pdf")],
            "report --format json": ["report", "-p", PROFILE, "-f", "json", "-o", str(folder / "r.json")],
            "progress": ["progress", "-p", PROFILE],
        }
        for label, command in commands.items():
            times: dict[Path, list[tuple[float, float]]] = {short: [], long: []}
            for _ in range(args.repeat):  # alternating, so a busy machine hits both alike
                for home in (short, long):
                    times[home].append(timed([assess, "--home", str(home), *command]))
            (wall_short, cpu_short), (wall_long, cpu_long) = (
                (statistics.median(w for w, _ in times[home]), statistics.median(c for _, c in times[home]))
                for home in (short, long))
            if label == "report (pdf)":
                worst = wall_long
            print(f"assess {label:22} 3 runs: wall {wall_short:.2f} s cpu {cpu_short:.2f} s   {args.runs:,} runs: "
                  f"wall {wall_long:.2f} s cpu {cpu_long:.2f} s   ratio (cpu) {cpu_long / cpu_short:.2f}")
    print(f"goal: the PDF report of {args.runs:,} runs under {GOAL_SECONDS:g} s of wall time "
          f"(medians of {args.repeat})")
    return 0 if worst < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
