"""How long `assess import` takes for an export of 10,000 runs (the most an export holds), as a whole process.

    python benchmarks/bench_import.py [--runs 10000] [--repeat 3]

Writes an export of the Director rubric the way `assess export` does (50 profiles, ratings drifting upwards
with noise, an evidence sentence for each rating of 3 or 4, one run every 13 hours from 2010), then imports it into a
fresh home `--repeat` times and once more into the last home, where every run is already present. Prints wall
and CPU time of each (medians); the goal is under 10 seconds of wall time for the whole import. `assess demo` is
timed beside it as a yardstick: on a shared machine both move with others' load, their ratio much less. The runs carry
no result: an import never reads one (it computes each again from the answers), and with results an export of
10,000 Director runs would be over the 64 MB an import reads.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assess.core.answers import Answers
from assess.core.runs import StoredRun, iso
from assess.core.snapshot import rubric_snapshot
from assess.io.export import MAX_BYTES, export_document
from assess.io.rubric_files import load_rubric

GOAL_SECONDS = 10.0
PROFILES = 50


def export_file(path: Path, count: int, seed: int = 7) -> None:
    rubric = load_rubric()
    digest = rubric_snapshot(rubric)[1]
    rng = random.Random(seed)
    start = datetime(2010, 1, 1, tzinfo=UTC)  # 10,000 runs 13 hours apart end before today
    facts = {"degree": "master", "years_ml": 9, "years_leadership": 5}
    runs = []
    for i in range(count):
        profile = f"person-{i % PROFILES}"
        ratings = {comp.id: min(4, max(0, 1 + (i * 3) // count + rng.choice((-1, 0, 0, 1))))
                   for comp in rubric.competencies}
        evidence = {comp.id: f"Led the {comp.title.lower()} work of team {i % 7} in quarter {i % 4 + 1}."
                    for comp in rubric.competencies if ratings[comp.id] >= 3}
        answers = Answers(rubric=rubric.id, profile=profile, name=f"Person {i % PROFILES}", facts=facts,
                          ratings=ratings, evidence=evidence)
        when = start + timedelta(hours=13 * i)
        runs.append(StoredRun(id=f"{rng.getrandbits(48):012x}", profile=profile, name=answers.name,
                              rubric_id=rubric.id, rubric_version=rubric.version, rubric_hash=digest,
                              tool_version="bench", started_at=iso(when),
                              finished_at=iso(when + timedelta(minutes=20)), status="complete", answers=answers,
                              result=None))
    document = export_document(runs, [rubric], exported_at=iso(datetime.now(UTC)), tool_version="bench")
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False))


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process; CPU is the steadier figure on a machine others share."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    assess = str(Path(sys.executable).with_name("assess"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export = folder / "history.json"
        began = time.perf_counter()
        export_file(export, args.runs)
        size = export.stat().st_size
        print(f"wrote an export of {args.runs:,} runs, {size / 1e6:.1f} MB (limit {MAX_BYTES / 1e6:.0f} MB), "
              f"in {time.perf_counter() - began:.1f} s")
        fresh = []
        for attempt in range(args.repeat):
            home = folder / f"home-{attempt}"
            fresh.append(timed([assess, "--home", str(home), "import", str(export)], dict(os.environ)))
        again = timed([assess, "--home", str(home), "import", str(export)], dict(os.environ))
        # A yardstick from the same minutes: on a machine others share, every figure moves with their load.
        demo = timed([assess, "demo", "-o", str(folder / "demo.pdf")], dict(os.environ))
        listed = subprocess.run([assess, "--home", str(home), "history", "-f", "json"], check=True,
                                capture_output=True, text=True).stdout
        assert len(json.loads(listed)) == args.runs, "every run imported"
    wall, cpu = statistics.median(w for w, _ in fresh), statistics.median(c for _, c in fresh)
    print(f"assess import, {args.runs:,} new runs: wall {wall:.2f} s, cpu {cpu:.2f} s "
          f"(median of {args.repeat}; goal: wall under {GOAL_SECONDS:g} s)")
    print(f"assess import, the same {args.runs:,} runs again (all present): wall {again[0]:.2f} s, cpu {again[1]:.2f} s")
    print(f"yardstick, assess demo (a PDF report of three runs): wall {demo[0]:.2f} s, cpu {demo[1]:.2f} s; "
          f"the import costs {cpu / demo[1]:.2f}x its cpu")
    return 0 if wall < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
