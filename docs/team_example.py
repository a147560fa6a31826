"""The README's team of eight, made again: its transcript and docs/team-heatmap.png are this script's output.

    .venv/bin/python docs/team_example.py [--keep DIR]

Eight people (benchmarks/bench_team.py's generator, on the shipped Director rubric) each take the assessment in
their own history in April and, two of them having moved, again in August; each hands over `assess report
--share`. The lead then runs the journey the README shows, as of 2026-06-15 and 2026-09-15, and the heatmap page
of the team PDF becomes the picture (pdftoppm, cropped to the heatmap).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_team import people  # noqa: E402

from assess.core.scoring import score  # noqa: E402
from assess.io.rubric_files import load_rubric  # noqa: E402
from assess.io.store.sqlite import SQLiteStore  # noqa: E402

Q2, Q3 = "2026-06-15", "2026-09-15"
NEEDS = """rubric: director-ml-engineering
skills:
  - {competency: mlops-pipelines, level: 3, people: 2}
  - {competency: ml-strategy, level: 3, people: 1}
rungs:
  - {rung: senior-mle, people: 3}
  - {rung: director-ml-eng, people: 1}
"""
# What two people worked on between the quarters.
RAISED = {1: {"production-ml-engineering": 3}, 4: {"ml-communication": 2, "stakeholder-alignment": 2}}


def assess(*args: object, cwd: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "assess", *map(str, args)], cwd=cwd, check=True,
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "110"})
    return done.stdout


def hand_over(folder: Path) -> None:
    """Everyone's runs in their own history, and the shared report each hands over, per quarter."""
    rubric = load_rubric()
    for i, answers in enumerate(people(8)):
        home = folder / f"person-{i}"
        store = SQLiteStore(home)
        taken = []
        for quarter, when in (("inbox", datetime(2026, 4, 15, 9, tzinfo=UTC)),
                              ("inbox-q3", datetime(2026, 8, 20, 9, tzinfo=UTC))):
            if quarter == "inbox-q3" and i in RAISED:
                answers = answers.model_copy(update={"ratings": {**answers.ratings, **RAISED[i]}})
            when += timedelta(minutes=83 * i)
            run = store.add_complete(answers=answers, rubric=rubric, result=score(rubric, answers), started_at=when,
                                     finished_at=when)
            taken.append((quarter, run.id))
        store.close()
        slug = answers.name.lower().replace(" ", "-")
        for quarter, run_id in taken:
            (folder / quarter).mkdir(exist_ok=True)
            assess("--home", home, "report", run_id, "--share", "-o", f"{quarter}/{slug}.pdf", cwd=folder)


def crop(path: Path, out: Path) -> None:
    """The heatmap and its caption: from the page's first ink down to the first wide blank band below it (above
    the page's footer), with a small margin."""
    from PIL import Image, ImageChops

    page = Image.open(path).convert("RGB")
    ink = ImageChops.difference(page, Image.new("RGB", page.size, "white")).convert("L").point(
        lambda v: 255 if v > 24 else 0)
    rows = [ink.crop((0, y, page.width, y + 1)).getbbox() is not None for y in range(page.height)]
    top = rows.index(True)
    bottom, blank = top, 0
    for y in range(top, page.height):
        blank = 0 if rows[y] else blank + 1
        if blank > 40:
            break
        bottom = y if rows[y] else bottom
    box = ink.crop((0, top, page.width, bottom + 1)).getbbox()
    assert box is not None
    left, right = box[0], box[2]
    page.crop((max(0, left - 10), max(0, top - 10), min(page.width, right + 10), bottom + 10)).save(out, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="Work here and keep everything (the PDFs, the team).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = (args.keep or Path(tmp)).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        hand_over(folder)
        (folder / "needs.yaml").write_text(NEEDS)
        lead = ("--home", folder / "lead", "team")
        inbox = sorted(str(p.relative_to(folder)) for p in (folder / "inbox").glob("*.pdf"))
        later = sorted(str(p.relative_to(folder)) for p in (folder / "inbox-q3").glob("*.pdf"))
        for shown, command in (
                ("team add platform inbox/*.pdf --needs needs.yaml",
                 [*lead, "add", "platform", *inbox, "--needs", "needs.yaml", "--on", Q2]),
                ("team show platform", [*lead, "show", "platform", "--on", Q2]),
                ("team report platform -o platform.pdf", [*lead, "report", "platform", "--on", Q2, "-o",
                                                          "platform.pdf"]),
                ("team add platform inbox-q3/*.pdf", [*lead, "add", "platform", *later, "--on", Q3]),
                ("team show platform", [*lead, "show", "platform", "--on", Q3])):
            print(f"$ assess {shown}")
            print(assess(*command, cwd=folder), end="")
        prefix = folder / "page"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "2", "-l", "2", folder / "platform.pdf", prefix],
                       check=True)
        page = next(folder.glob("page*.png"))
        crop(page, ROOT / "docs" / "team-heatmap.png")
        print(f"Wrote {ROOT / 'docs' / 'team-heatmap.png'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
