"""Answers files: loading them and checking them against the rubric they name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assess.core.answers import Answers
from assess.core.errors import BadInput, OtherRubric, RubricMoved
from assess.core.rubric import Rubric
from assess.io.rubric_files import looks_like_path


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
            raise RubricMoved(where, answers.rubric)
        return resolve(named)
    chosen = resolve(override)
    try:
        theirs = resolve(named)
    except BadInput:
        return chosen
    if theirs.id != chosen.id:
        raise OtherRubric(where, answers.rubric, override)
    return chosen


