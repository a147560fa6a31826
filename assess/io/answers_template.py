"""The fill-in answers file `assess template` prints: every fact and competency, with anchors."""

from __future__ import annotations

import json
import textwrap

from assess.core.answers import Answers
from assess.core.rubric import Rubric
from assess.core.wording import levels_from, scale_text, shown_as

WIDTH = 100


def _comment(text: str, indent: str, hang: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=f"{indent}# ", subsequent_indent=f"{indent}# {hang}")


def answers_template(rubric: Rubric, ref: str, profile: str = "default", rater: str | None = None,
                     filled: Answers | None = None, head: str | None = None) -> str:
    """The template for `rubric`, naming it as `ref` (its id if shipped, else the path it is read from); with
    `rater` (a relation), worded for someone rating the profile's person, with no facts. `filled` fills it in
    with a run's answers (`assess template --from-last`), under the first line `head`."""
    scale = scale_text(rubric)
    target = rubric.role(rubric.target)
    given = filled or Answers()
    if rater is None:
        lines = [
            head or f"# Answers for {rubric.title} (rubric {rubric.id} {rubric.version})",
            "# Fill it in, then run:  assess score FILE   or   assess take --answers FILE",
            f"# Ratings: {scale}. Leave a rating empty for \"not sure\".",
            f"rubric: {_yaml_string(ref)}",
            f"profile: {profile}",
            "name:" + _value(given.name),
            "facts:" if rubric.facts else "facts: {}",
        ]
    else:
        lines = _rater_head(rubric, ref, profile, rater, scale)
    for fact in rubric.facts if rater is None else []:
        kind = f"one of {', '.join(fact.options)}" if fact.kind == "choice" else f"a number from 0 to {fact.max:g}"
        hint = f" ({fact.hint})" if fact.hint else ""
        lines += _comment(f"{fact.title}{hint}: {kind}", "  ")
        lines.append(f"  {fact.id}:" + _value(given.facts.get(fact.id)))
    if given.private:
        lines.append(f"private: {json.dumps(given.private)}")
    elif rubric.facts:
        lines += _comment("Facts a shared report (assess report --share) leaves out, with whether the gates that "
                          "need them are met, e.g.", "")
        lines.append(f"# private: [{rubric.facts[0].id}]")
    lines.append("ratings:")
    for area in rubric.areas:
        lines.append(f"  # ==== {area.title} ====")
        for comp in rubric.competencies_of(area.id):
            core = f" [core for {target.title}]" if rubric.is_core(comp, target.id) else ""
            lines += _comment(f"{comp.title}{core}: {comp.description}", "  ")
            for level, anchor in sorted(comp.anchors.items()):
                lines += _comment(f"{level} {rubric.level_label(comp, level)}: {anchor.behaviour}", "  ", "    ")
            rating = given.ratings.get(comp.id)
            unsure = filled is not None and comp.id in given.ratings and rating is None
            lines.append(f"  {comp.id}:" + ("  # not sure" if unsure else _value(rating)))
    lines += ["evidence:"]
    if rater is None:
        lines += [f"  # For each rating of {levels_from(rubric, rubric.evidence_level)}, one sentence of proof "
                  "(optional; shown as evidenced), e.g.",
                  f"  # {rubric.competencies[0].id}: What you did, where, and what came of it, in one sentence."]
    else:
        lines += [f"  # For each rating of {levels_from(rubric, rubric.evidence_level)}, an example you saw (optional; "
                  "kept with their history, never quoted in a report), e.g.",
                  f"  # {rubric.competencies[0].id}: What they did, where, and what came of it, in one sentence."]
    lines += [f"  {comp_id}: {json.dumps(text, ensure_ascii=False)}" for comp_id, text in given.evidence.items()]
    return "\n".join([*lines, ""])


def _value(value: object) -> str:
    """A value after its key: a number as it is, text always quoted (YAML would read `yes` or `1e3` otherwise)."""
    if value is None:
        return ""
    return f" {value}" if isinstance(value, int | float) else f" {json.dumps(value, ensure_ascii=False)}"


def _rater_head(rubric: Rubric, ref: str, profile: str, relation: str, scale: str) -> list[str]:
    shown = shown_as(relation, rubric.scoring.rater_group_min)
    lines = [f"# Ratings of a colleague for {rubric.title} (rubric {rubric.id} {rubric.version})"]
    for text in ("For each competency, choose the highest statement that is true of them most of the time.",
                 f"Ratings: {scale}. Leave a rating empty for \"not sure\" where you have not seen enough.",
                 f"Their report shows your ratings among others' ratings, {shown}, and never your name.",
                 "Send the filled-in file back; it is added with:  assess take --answers FILE"):
        lines += _comment(text, "")
    return [
        *lines,
        f"rubric: {_yaml_string(ref)}",
        f"profile: {profile}",
        "name:      # the name of the person you rate (optional)",
        "rater:",
        f"  relation: {relation}",
        "  name:    # yours, or your initials: it tells your ratings apart; no report shows it",
    ]


def _yaml_string(text: str) -> str:
    """`text` as one YAML scalar; quoted when a plain scalar would read differently (a path with ': ', '#')."""
    plain = text and text.strip() == text and not any(ch in text for ch in ":#{}[],&*!|>'\"%@`\n") \
        and text[0] not in "-?"
    return text if plain else json.dumps(text, ensure_ascii=False)
