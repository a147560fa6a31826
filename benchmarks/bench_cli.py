"""Start-up and scoring cost, as whole processes, measured in one run.

    .venv/bin/python benchmarks/bench_cli.py [--repeat 15]

Prints the median wall time of: `python -c pass` (the floor), `assess --help`, every
`assess CMD --help`, and `assess score` on the bundled example, with ratios to the floor.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "director-ml-engineering" / "mid-career.yaml"
ASSESS = [sys.executable, "-m", "assess"]


def median_seconds(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat
    floor = median_seconds([sys.executable, "-c", "pass"], repeat)
    rows = [("python -c pass", floor)]
    help_out = subprocess.run([*ASSESS, "--help"], capture_output=True, text=True, check=True).stdout
    commands = [line.split()[0] for line in help_out.split("Commands:")[1].splitlines() if line.strip()]
    rows.append(("assess --help", median_seconds([*ASSESS, "--help"], repeat)))
    for command in commands:
        rows.append((f"assess {command} --help", median_seconds([*ASSESS, command, "--help"], repeat)))
    rows.append(("assess score (example, json)", median_seconds([*ASSESS, "score", str(EXAMPLE), "-f", "json"], repeat)))
    print(f"{'command':40} {'median s':>9} {'x floor':>8}")
    for name, seconds in rows:
        print(f"{name:40} {seconds:9.3f} {seconds / floor:8.1f}")


if __name__ == "__main__":
    main()
