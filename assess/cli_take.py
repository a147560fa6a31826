"""`assess take`: the interactive self-assessment (see `take.py`)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from .cli import DEFAULT_RUBRIC, app


@app.command()
@click.option("--rubric", "-r", help=f"Rubric id or path [default: the answers file's rubric, else {DEFAULT_RUBRIC}].")
@click.option("--profile", "-p",
              help="Whose history the run joins [default: the answers file's profile, else default].")
@click.option("--answers", "answers_file", type=click.Path(path_type=Path),
              help="Answers file (YAML, see `assess template`); only what it lacks is asked.")
@click.option("--name", help="Your name for the report (otherwise asked, optional).")
def take(rubric: str | None, profile: str | None, answers_file: Path | None, name: str | None) -> None:
    """Take the self-assessment; Ctrl-C stops, and running it again resumes.

    Every answer is saved as you give it. With a complete --answers file nothing is asked.
    """
    from pydantic import ValidationError

    from .answers import check_answers, load_answers_file
    from .errors import BadInput
    from .models import Answers
    from .rubrics import load_rubric
    from .storage import Store
    from .take import take as take_assessment

    given = load_answers_file(answers_file) if answers_file else None
    loaded = load_rubric(rubric or (given.rubric if given else DEFAULT_RUBRIC))
    if given and rubric and load_rubric(given.rubric).id != loaded.id:
        raise BadInput(f"{answers_file}: rubric: {given.rubric!r} is not the --rubric given ({rubric!r})")
    base = given or Answers()
    update = {"rubric": loaded.id, "profile": profile or base.profile, "name": name or base.name}
    try:
        merged = Answers.model_validate(base.model_dump() | update)
    except ValidationError:
        raise BadInput(f"--profile: {profile!r} is not a profile name (letters, digits . _ -; up to 64)") from None
    answers = check_answers(merged, loaded, answers_file or "the answers")
    command = "assess take" + (f" --rubric {rubric}" if rubric else "") + (f" --profile {profile}" if profile else "")
    if answers_file:
        command += f" --answers {answers_file}"
    with Store(click.get_current_context().obj["home"]) as store:
        take_assessment(
            loaded,
            store,
            given=answers,
            ask_name=name is None and not (given and "name" in given.model_fields_set),
            clock=lambda: datetime.now(UTC),
            answers_file=answers_file,
            resume_command=command,
        )
