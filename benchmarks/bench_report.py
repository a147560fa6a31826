"""Wall time of `assess report` (PDF) against a bare WeasyPrint render of the same HTML.

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
        example = Path(__file__).resolve().parent.parent / "examples" / "director-ml-engineering" / "mid-career.yaml"
        subprocess.run([assess, "take", "--answers", str(example)], check=True, env=env, stdout=subprocess.DEVNULL)
        html = folder / "report.html"
        subprocess.run([assess, "report", "-p", "example", "-f", "html", "-o", str(html)], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        bare, report, demo = [], [], []
        for _ in range(args.repeat):
            bare.append(_timed([sys.executable, "-c", BARE, str(html), str(folder / "bare.pdf")], env))
            report.append(_timed([assess, "report", "-p", "example", "-o", str(folder / "report.pdf")], env))
            demo.append(_timed([assess, "demo", "-o", str(folder / "demo.pdf")], env))
    bare_s = statistics.median(bare)
    print(f"bare WeasyPrint render:  {bare_s:.2f} s (median of {args.repeat}: {', '.join(f'{t:.2f}' for t in bare)})")
    ratios = []
    for label, times in (("assess report (pdf)", report), ("assess demo (pdf)", demo)):
        seconds = statistics.median(times)
        ratios.append(seconds / bare_s)
        print(f"{label + ':':24} {seconds:.2f} s (median of {args.repeat}: {', '.join(f'{t:.2f}' for t in times)}),"
              f" ratio {seconds / bare_s:.2f} (goal <= {GOAL})")
    return 0 if max(ratios) <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
