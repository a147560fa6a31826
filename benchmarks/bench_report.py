"""Wall time of `assess report` (PDF) against a bare WeasyPrint render of the same HTML.

Both run as whole processes, so imports count on both sides. The goal: `assess report` takes at
most 1.15x the bare render in CPU time (`assess demo`, which also loads and scores three example runs, is shown
beside it). Run: .venv/bin/python benchmarks/bench_report.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 1.15  # in CPU time, the steadier figure
BARE = "import sys, weasyprint; weasyprint.HTML(string=open(sys.argv[1]).read()).write_pdf(sys.argv[2])"
# assess turns the cycle collector off while WeasyPrint renders (assess/pdf.py); the same bare render with it
# off shows what is left of assess's own cost: its imports and its work before the render.
BARE_NO_GC = "import gc; gc.disable(); " + BARE


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process; CPU time is the steadier figure on a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each; the median is reported")
    args = parser.parse_args()
    assess = str(Path(sys.executable).with_name("assess"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "ASSESS_HOME": str(folder / "home")}
        examples = Path(__file__).resolve().parent.parent / "examples" / "director-ml-engineering"
        for name in ("mid-career-2025-05", "mid-career-2025-11", "mid-career"):  # a report with progress
            subprocess.run([assess, "take", "--answers", str(examples / f"{name}.yaml")], check=True, env=env,
                           stdout=subprocess.DEVNULL)
        commands = {
            "assess report (pdf)": [assess, "report", "-p", "example"],
            "assess demo (pdf)": [assess, "demo"],
        }
        ratios = []
        for label, command in commands.items():
            html = folder / "same.html"  # the bare render gets exactly the HTML the command renders
            subprocess.run([*command, "-f", "html", "-o", str(html)], check=True, env=env, stdout=subprocess.DEVNULL)
            bare, bare_no_gc, ours = [], [], []
            for _ in range(args.repeat):
                bare.append(_timed([sys.executable, "-c", BARE, str(html), str(folder / "bare.pdf")], env))
                bare_no_gc.append(_timed([sys.executable, "-c", BARE_NO_GC, str(html), str(folder / "bare.pdf")], env))
                ours.append(_timed([*command, "-o", str(folder / "ours.pdf")], env))
            bare_wall, bare_cpu = (statistics.median(t[i] for t in bare) for i in (0, 1))
            no_gc_cpu = statistics.median(t[1] for t in bare_no_gc)
            wall, cpu = (statistics.median(t[i] for t in ours) for i in (0, 1))
            if label.startswith("assess report"):
                ratios.append(cpu / bare_cpu)
            print(f"{label}: wall {wall:.2f} s vs bare WeasyPrint {bare_wall:.2f} s = {wall / bare_wall:.2f}; "
                  f"cpu {cpu:.2f} s vs {bare_cpu:.2f} s = {cpu / bare_cpu:.2f} (goal <= {GOAL}); "
                  f"vs the bare render without cycle collection {no_gc_cpu:.2f} s = {cpu / no_gc_cpu:.2f} "
                  f"(medians of {args.repeat})")
    return 0 if max(ratios) <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
