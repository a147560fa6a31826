"""The fill-in answers file `assess template` prints: every fact and competency, with anchors."""

from __future__ import annotations

import textwrap

from .models import Rubric

WIDTH = 100


def _comment(text: str, indent: str, hang: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=f"{indent}# ", subsequent_indent=f"{indent}# {hang}")


def answers_template(rubric: Rubric, profile: str = "default") -> str:
    scale = " · ".join(f"{level} {label}" for level, label in sorted(rubric.scale.items()))
    lines = [
        f"# Answers for {rubric.title} (rubric {rubric.id} {rubric.version})",
        "# Fill it in, then run:  assess score FILE   or   assess take --answers FILE",
        f"# Ratings: {scale}. Leave a rating empty for \"not sure\".",
        f"rubric: {rubric.id}",
        f"profile: {profile}",
        "name:",
        "facts:",
    ]
    for gate in rubric.gates:
        kind = f"one of {', '.join(gate.options)}" if gate.kind == "choice" else "a number of years"
        lines += _comment(f"{gate.title}: {kind}", "  ")
        lines.append(f"  {gate.id}:")
    lines.append("ratings:")
    for area in rubric.areas:
        lines.append(f"  # ==== {area.title} ====")
        for comp in rubric.competencies:
            if comp.area != area.id:
                continue
            critical = " [critical]" if comp.critical else ""
            lines += _comment(f"{comp.title}{critical}: {comp.description}", "  ")
            for level in sorted(comp.anchors):
                lines += _comment(f"{level} {rubric.scale[level]}: {comp.anchors[level]}", "  ", "    ")
            lines.append(f"  {comp.id}:")
    example = rubric.competencies[0].id
    lines += [
        "evidence:",
        "  # For each rating of 3 or 4, one sentence of proof (optional; shown as evidenced), e.g.",
        f"  # {example}: Wrote the 2025 ML platform roadmap adopted by three product teams.",
        "",
    ]
    return "\n".join(lines)
