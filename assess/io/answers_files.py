"""Answers files: loading them and checking them against the rubric they name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from assess.core.errors import BadInput
from assess.core.models import Answers
from assess.core.rubric import Rubric
from assess.io.rubric_files import looks_like_path
from assess.io.validation import field_name

T = TypeVar("T")


def load_answers_file(path: Path) -> Answers:
    from assess.io.yaml_files import read_model  # here: a report, which reads no YAML, need not load the YAML parser

    return read_model(path, Answers, "an answers file")


def named_rubric(answers: Answers, where: Path) -> str:
    """The rubric an answers file at `where` names: a relative path is read from the file's folder first."""
    named = answers.rubric
    if looks_like_path(named) and not Path(named).expanduser().is_absolute() and (where.parent / named).exists():
        return str(where.parent / named)
    return named


def rubric_for(answers: Answers, where: Path, override: str | None, resolve: Callable[[str], Rubric]) -> Rubric:
    """The rubric to score an answers file against: `override` (--rubric) if given, else the one the file names.

    An override must be the rubric the file names, when that one can still be found; when it cannot (its file
    moved), the override says where it went.
    """
    named = named_rubric(answers, where)
    if override is None:
        if looks_like_path(named) and not Path(named).expanduser().exists():
            raise BadInput(f"{where}: rubric: {answers.rubric} does not exist (moved?); give its new place with "
                           "--rubric PATH")
        return resolve(named)
    chosen = resolve(override)
    try:
        theirs = resolve(named)
    except BadInput:
        return chosen
    if theirs.id != chosen.id:
        raise BadInput(f"{where}: rubric: {answers.rubric!r} is not the --rubric given ({override!r})")
    return chosen


def check_answers(answers: Answers, rubric: Rubric, where: Path | str) -> Answers:
    """Answers with renamed competency ids followed; unknown ids, levels off the scale and bad facts are refused."""
    ratings = _current_ids(answers.ratings, "ratings", rubric, where)
    for comp_id, rating in ratings.items():
        if rating is not None and rating not in rubric.scale:
            raise BadInput(f"{where}: ratings.{comp_id}: {rating} is not a level of rubric {rubric.id!r} "
                           f"({rubric.min_level}-{rubric.max_level}, or empty for \"not sure\")")
    evidence = _current_ids(answers.evidence, "evidence", rubric, where)
    facts = {fact.id: fact for fact in rubric.facts}
    for fact_id, value in answers.facts.items():
        fact = facts.get(fact_id)
        if fact is None:
            raise BadInput(f"{where}: facts.{field_name(fact_id)}: unknown fact; {_known_facts(rubric)}")
        if value is None:
            continue
        if fact.kind == "choice" and value not in fact.options:
            raise BadInput(f"{where}: facts.{fact_id}: {value!r} is not one of {', '.join(fact.options)}")
        if fact.kind == "number" and (isinstance(value, str) or not 0 <= value <= fact.max):
            raise BadInput(f"{where}: facts.{fact_id}: {value!r} is not a number from 0 to {fact.max:g}")
    for index, fact_id in enumerate(answers.private):
        if fact_id not in facts:
            raise BadInput(f"{where}: private[{index}]: {fact_id!r} is not a fact; {_known_facts(rubric)}")
    return answers.model_copy(update={"ratings": ratings, "evidence": {k: v.strip() for k, v in evidence.items()},
                                      "private": list(dict.fromkeys(answers.private))})


def _known_facts(rubric: Rubric) -> str:
    if rubric.facts:
        return f"expected one of {', '.join(fact.id for fact in rubric.facts)}"
    return f"rubric {rubric.id!r} asks for no facts"


def _current_ids(mapping: dict[str, T], field: str, rubric: Rubric, where: Path | str) -> dict[str, T]:
    comp_ids = {comp.id for comp in rubric.competencies}
    out: dict[str, T] = {}
    for comp_id, value in mapping.items():
        current = rubric.current_id(comp_id)
        if current not in comp_ids:
            raise BadInput(f"{where}: {field}.{field_name(comp_id)}: unknown competency for rubric {rubric.id!r}")
        out[current] = value
    return out
