"""`assess score` and `assess template`: an answers file scored without storing it, and a blank one."""

from __future__ import annotations

from pathlib import Path

import click

from assess.cli.common import open_store, print_json, profile_name, resolve_rubric
from assess.cli.terminal import console
from assess.core.errors import BadInput, NoCompletedRun
from assess.core.relations import RELATIONS
from assess.core.rubric import DEFAULT_RUBRIC
from assess.io.rubric_files import canonical_ref


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--rubric", "-r", help="Rubric id or path [default: the one the answers file names].")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def score(file: Path, rubric: str | None, fmt: str) -> None:
    """Score an answers FILE (YAML) without storing it."""
    # The answers' and scoring's models, 0.07 s of CPU (measured): `assess score --help` needs none of them.
    from assess.core.answers import check_answers
    from assess.core.scoring import score as score_answers
    from assess.io.answers_files import load_answers_file, rubric_for

    answers = load_answers_file(file)
    loaded = rubric_for(answers, file, rubric, resolve_rubric)
    result = score_answers(loaded, check_answers(answers, loaded, file))
    if fmt == "json":
        print_json(result.model_dump(mode="json", by_alias=True))
    else:
        from assess.cli.summary import result_summary  # rich: only the table, not JSON, needs it

        console().print(result_summary(loaded, result, answers.name))


@click.command()
@click.option("--rubric", "-r", help=f"Rubric id or path [default: {DEFAULT_RUBRIC}; with --from-last, its run's].")
@click.option("--profile", "-p", callback=profile_name,
              default="default", show_default=True, help="Profile the answers belong to.")
@click.option("--rater", type=click.Choice(RELATIONS),
              help="A file for someone rating the profile's person, as their manager, peer ... (no facts).")
@click.option("--from-last", is_flag=True,
              help="Filled in with the profile's last answers, to edit and take again with `take --answers`.")
def template(rubric: str | None, profile: str, rater: str | None, from_last: bool) -> None:
    """Print a fill-in answers file, each question commented with its level anchors."""
    from assess.io.answers_template import answers_template  # with the wording's modules, which `score` never needs

    if not from_last:
        ref = rubric or DEFAULT_RUBRIC
        click.echo(answers_template(resolve_rubric(ref), canonical_ref(ref), profile, rater), nl=False)
        return
    if rater is not None:
        raise BadInput("--from-last: gives the profile's own last answers; a rater's file (--rater) starts blank")
    # The stored runs' modules: only --from-last reads the history, and `score` (this module) would load them for
    # nothing, about 8% of its time.
    from assess.app.take import carried_answers, last_run

    with open_store() as store:
        last = last_run(store, profile, resolve_rubric(rubric).id if rubric else None)
    if last is None or last.finished_at is None:
        raise NoCompletedRun(profile)
    ref = rubric or last.answers.rubric
    try:
        today = resolve_rubric(ref)
    except BadInput:  # its file moved: the newest version history knows, by its id
        ref, today = last.rubric_id, resolve_rubric(last.rubric_id)
    head = (f"# Your answers of {last.finished_at[:10]} (run {last.id}) for {today.title} (rubric {today.id} "
            f"{today.version}): change what moved")
    click.echo(answers_template(today, canonical_ref(ref), profile, filled=carried_answers(last, today), head=head),
               nl=False)
