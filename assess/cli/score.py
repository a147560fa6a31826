"""`assess score` and `assess template`: an answers file scored without storing it, and a blank one."""

from __future__ import annotations

from pathlib import Path

import click

from assess.cli.common import print_json, profile_name, resolve_rubric
from assess.core.relations import RELATIONS
from assess.core.rubric import DEFAULT_RUBRIC


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--rubric", "-r", help="Rubric id or path [default: the one the answers file names].")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def score(file: Path, rubric: str | None, fmt: str) -> None:
    """Score an answers FILE (YAML) without storing it."""
    from assess.core.answers import check_answers
    from assess.core.scoring import score as score_answers
    from assess.io.answers_files import load_answers_file, rubric_for

    answers = load_answers_file(file)
    loaded = rubric_for(answers, file, rubric, resolve_rubric)
    result = score_answers(loaded, check_answers(answers, loaded, file))
    if fmt == "json":
        print_json(result.model_dump(mode="json", by_alias=True))
    else:
        from assess.cli.summary import result_summary
        from assess.cli.terminal import console

        console().print(result_summary(loaded, result, answers.name))


@click.command()
@click.option("--rubric", "-r", default=DEFAULT_RUBRIC, show_default=True, help="Rubric id or path.")
@click.option("--profile", "-p", callback=profile_name,
              default="default", show_default=True, help="Profile the answers belong to.")
@click.option("--rater", type=click.Choice(RELATIONS),
              help="A file for someone rating the profile's person, as their manager, peer ... (no facts).")
def template(rubric: str, profile: str, rater: str | None) -> None:
    """Print a fill-in answers file, each question commented with its level anchors."""
    from assess.io.answers_template import answers_template
    from assess.io.rubric_files import canonical_ref

    click.echo(answers_template(resolve_rubric(rubric), canonical_ref(rubric), profile, rater), nl=False)
