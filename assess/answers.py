"""Answers files: loading them and checking them against the rubric they name."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from .errors import BadInput
from .models import Answers, Rubric
from .validation import bad_input
from .yamlfile import read_mapping

T = TypeVar("T")


def load_answers_file(path: Path) -> Answers:
    data = read_mapping(path, "an answers file")
    try:
        return Answers.model_validate(data)
    except ValidationError as err:
        raise bad_input(path, err, data) from None


def check_answers(answers: Answers, rubric: Rubric, where: Path | str) -> Answers:
    """Answers with renamed competency ids followed; unknown ids and bad facts are refused."""
    ratings = _current_ids(answers.ratings, "ratings", rubric, where)
    evidence = _current_ids(answers.evidence, "evidence", rubric, where)
    gates = {gate.id: gate for gate in rubric.gates}
    for fact, value in answers.facts.items():
        gate = gates.get(fact)
        if gate is None:
            raise BadInput(f"{where}: facts.{fact}: unknown fact; expected one of {', '.join(gates)}")
        if value is None:
            continue
        if gate.kind == "choice" and value not in gate.options:
            raise BadInput(f"{where}: facts.{fact}: {value!r} is not one of {', '.join(gate.options)}")
        if gate.kind == "number" and (isinstance(value, str) or not 0 <= value <= 80):
            raise BadInput(f"{where}: facts.{fact}: {value!r} is not a number of years from 0 to 80")
    return answers.model_copy(update={"ratings": ratings, "evidence": {k: v.strip() for k, v in evidence.items()}})


def _current_ids(mapping: dict[str, T], field: str, rubric: Rubric, where: Path | str) -> dict[str, T]:
    comp_ids = {comp.id for comp in rubric.competencies}
    out: dict[str, T] = {}
    for comp_id, value in mapping.items():
        current = rubric.current_id(comp_id)
        if current not in comp_ids:
            raise BadInput(f"{where}: {field}.{comp_id}: unknown competency for rubric {rubric.id!r}")
        out[current] = value
    return out
