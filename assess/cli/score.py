"""`assess score` and `assess template`: an answers file scored without storing it, and a blank one."""

from __future__ import annotations

from pathlib import Path

import click

from ..resources import DEFAULT_RUBRIC
from .common import print_json


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def score(file: Path, fmt: str) -> None:
    """Score an answers FILE (YAML) without storing it."""
    from ..answers import check_answers, load_answers_file
    from ..rubrics import load_rubric
    from ..scoring import score as score_answers

    answers = load_answers_file(file)
    rubric = load_rubric(answers.rubric)
    result = score_answers(rubric, check_answers(answers, rubric, file))
    if fmt == "json":
        print_json(result.model_dump(mode="json", by_alias=True))
    else:
        from ..display import console, result_summary

        console().print(result_summary(rubric, result, answers.name))


@click.command()
@click.option("--rubric", "-r", default=DEFAULT_RUBRIC, show_default=True, help="Rubric id or path.")
@click.option("--profile", "-p", default="default", show_default=True, help="Profile the answers belong to.")
def template(rubric: str, profile: str) -> None:
    """Print a fill-in answers file, each question commented with its level anchors."""
    from ..rubrics import load_rubric
    from ..template import answers_template

    click.echo(answers_template(load_rubric(rubric), profile), nl=False)
