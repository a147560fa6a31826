"""Wall time of `assess demo` (PDF) against a bare WeasyPrint render of the same HTML.

Both run as whole processes, so imports count on both sides. The goal: the assess command takes at
most 1.5x the bare render. Run: /tmp/venv/bin/python benchmarks/bench_report.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 1.5
BARE = "import sys, weasyprint; weasyprint.HTML(string=open(sys.argv[1]).read()).write_pdf(sys.argv[2])"


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the median is reported")
    args = parser.parse_args()
    assess = str(Path(sys.executable).with_name("assess"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "ASSESS_HOME": str(folder / "home")}
        html = folder / "report.html"
        subprocess.run([assess, "demo", "-f", "html", "-o", str(html)], check=True, env=env, stdout=subprocess.DEVNULL)
        bare, ours = [], []
        for _ in range(args.repeat):
            bare.append(_timed([sys.executable, "-c", BARE, str(html), str(folder / "bare.pdf")], env))
            ours.append(_timed([assess, "demo", "-o", str(folder / "assess.pdf")], env))
    bare_s, ours_s = statistics.median(bare), statistics.median(ours)
    ratio = ours_s / bare_s
    print(f"bare WeasyPrint render: {bare_s:.2f} s (median of {args.repeat}: {', '.join(f'{t:.2f}' for t in bare)})")
    print(f"assess demo (pdf):      {ours_s:.2f} s (median of {args.repeat}: {', '.join(f'{t:.2f}' for t in ours)})")
    print(f"ratio: {ratio:.2f} (goal <= {GOAL})")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
