"""A team's needs file: reading it (validated like every file this tool reads) and the fill-in `assess team needs`
prints for a rubric."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from assess.core.rubric import Rubric
from assess.core.team_needs import NeedsFile

WIDTH = 100


def load_needs_file(path: Path) -> NeedsFile:
    from assess.io.yaml_files import read_model  # the YAML parser: only when a team's needs file is read

    return read_model(path, NeedsFile, "a team's needs file")


def needs_template(rubric: Rubric, ref: str) -> str:
    """A needs file for `rubric` with one example of each kind of need and every id it may name in comments."""
    level = max(rubric.min_level, rubric.max_level - 1)
    first, top = rubric.competencies[0], rubric.ladder[-1]
    scale = " · ".join(f"{n} {label}" for n, label in sorted(rubric.scale.items()))
    lines = [f"# What the team needs, against {rubric.title} (rubric {rubric.id} {rubric.version}).",
             "# Then:  assess team add TEAM FILE... --needs THIS_FILE   (the format: rubrics/FORMAT.md)",
             f"rubric: {json.dumps(ref, ensure_ascii=False)}",
             *_comment(f"At least `people` people at `level` or above in a competency. Levels: {scale}."),
             "skills:",
             f"  - competency: {first.id}", f"    level: {level}", "    people: 2",
             "# Competencies: " + ", ".join(comp.id for comp in rubric.competencies),
             *_comment("At least `people` people who meet a rung (a rung above it on its track counts): "
                       "e.g. a successor for a lead's own rung."),
             "rungs:",
             f"  - rung: {top.id}", "    people: 1",
             "# Rungs: " + ", ".join(role.id for role in rubric.ladder)]
    return "\n".join(textwrap.fill(line, WIDTH, subsequent_indent="#   ") if line.startswith("# ") else line
                     for line in lines) + "\n"


def _comment(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent="# ", subsequent_indent="# ")
