"""The fill-in answers file `assess template` prints: every fact and competency, with anchors."""

from __future__ import annotations

import json
import textwrap

from .rubric import Rubric
from .wording import levels_from, scale_text

WIDTH = 100


def _comment(text: str, indent: str, hang: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=f"{indent}# ", subsequent_indent=f"{indent}# {hang}")


def answers_template(rubric: Rubric, ref: str, profile: str = "default") -> str:
    """The template for `rubric`, naming it as `ref` (its id if shipped, else the path it is read from)."""
    target = rubric.role(rubric.target)
    lines = [
        f"# Answers for {rubric.title} (rubric {rubric.id} {rubric.version})",
        "# Fill it in, then run:  assess score FILE   or   assess take --answers FILE",
        f"# Ratings: {scale_text(rubric)}. Leave a rating empty for \"not sure\".",
        f"rubric: {_yaml_string(ref)}",
        f"profile: {profile}",
        "name:",
        "facts:" if rubric.facts else "facts: {}",
    ]
    for fact in rubric.facts:
        kind = f"one of {', '.join(fact.options)}" if fact.kind == "choice" else f"a number from 0 to {fact.max:g}"
        lines += _comment(f"{fact.title}: {kind}", "  ")
        lines.append(f"  {fact.id}:")
    if rubric.facts:
        lines += _comment("Facts a shared report (assess report --share) leaves out, with whether the gates that "
                          "need them are met, e.g.", "")
        lines.append(f"# private: [{rubric.facts[0].id}]")
    lines.append("ratings:")
    for area in rubric.areas:
        lines.append(f"  # ==== {area.title} ====")
        for comp in rubric.competencies:
            if comp.area != area.id:
                continue
            core = f" [core for {target.title}]" if rubric.is_core(comp, target.id) else ""
            lines += _comment(f"{comp.title}{core}: {comp.description}", "  ")
            for level, anchor in sorted(comp.anchors.items()):
                lines += _comment(f"{level} {rubric.level_label(comp, level)}: {anchor.behaviour}", "  ", "    ")
            lines.append(f"  {comp.id}:")
    lines += [
        "evidence:",
        f"  # For each rating of {levels_from(rubric, rubric.evidence_level)}, one sentence of proof (optional; "
        "shown as evidenced), e.g.",
        f"  # {rubric.competencies[0].id}: What you did, where, and what came of it, in one sentence.",
        "",
    ]
    return "\n".join(lines)


def _yaml_string(text: str) -> str:
    """`text` as one YAML scalar; quoted when a plain scalar would read differently (a path with ': ', '#')."""
    plain = text and text.strip() == text and not any(ch in text for ch in ":#{}[],&*!|>'\"%@`\n") \
        and text[0] not in "-?"
    return text if plain else json.dumps(text, ensure_ascii=False)
