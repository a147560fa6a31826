"""`assess take`: the self-assessment. The flow lives in `assess.take`; this command speaks."""

from __future__ import annotations

import shlex
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
from pydantic import ValidationError

from assess.cli import terminal
from assess.cli.common import locations, open_store, profile_name, resolve_rubric
from assess.cli.errors import command as assess_command
from assess.cli.errors import runnable
from assess.core.errors import EXIT_INTERRUPTED, BadInput, NeedsTerminal
from assess.core.relations import RELATIONS
from assess.core.rubric import DEFAULT_RUBRIC, Rubric
from assess.core.text import safe

# `assess take --help` loads this module: with the take's use cases and the run's models at the top it costs 0.58 s
# of CPU instead of 0.45 s (measured), so each function imports what it uses.
if TYPE_CHECKING:
    from assess.app.take import Ask, Completed, Interrupted
    from assess.core.answers import Answers, Rater
    from assess.core.questions import Question
    from assess.core.runs import StoredRun
    from assess.io.store import Store


@click.command()
@click.option("--rubric", "-r", help=f"Rubric id or path [default: the answers file's rubric, else {DEFAULT_RUBRIC}].")
@click.option("--profile", "-p", callback=profile_name,
              help="Whose history the run joins [default: the answers file's profile, else default].")
@click.option("--answers", "answers_file", type=click.Path(path_type=Path),
              help="Answers file (YAML, see `assess template`); only what it lacks is asked.")
@click.option("--name", help="Your name for the report (otherwise asked, optional).")
@click.option("--rater-relation", type=click.Choice(RELATIONS),
              help="Rate someone else, as their manager, peer ...: the run joins --profile's history as others' view.")
@click.option("--rater-name", help="With --rater-relation: your name or initials; no report shows it.")
def take(rubric: str | None, profile: str | None, answers_file: Path | None, name: str | None,
         rater_relation: str | None, rater_name: str | None) -> None:
    """Take the self-assessment; Ctrl-C stops, and running it again resumes.

    Every answer is saved as you give it. With a complete --answers file nothing is asked. With
    --rater-relation and --rater-name, someone else rates the profile's person instead (no facts asked).
    """
    from assess.app.take import Interrupted  # the run's models (see above)
    from assess.io.answers_files import load_answers_file, rubric_for

    given = load_answers_file(answers_file) if answers_file else None
    rater = _rater(rater_relation, rater_name) or (given.rater if given else None)
    with open_store() as store:
        if given is not None and answers_file is not None:
            loaded, ref = rubric_for(given, answers_file, rubric, resolve_rubric), None
        elif rubric is not None:
            loaded, ref = resolve_rubric(rubric), None
        else:
            loaded, ref = _rubric_to_continue(store, profile or "default", rater)
        outcome = _take(store, loaded, given, rubric or ref, profile, answers_file, name, rater)
    if isinstance(outcome, Interrupted):
        command = _resume_command(rubric, profile, answers_file, rater_relation, rater_name)
        if outcome.saved:
            plural = "s" if outcome.saved != 1 else ""
            click.echo(safe(f"\nSaved {outcome.saved} answer{plural} — run `{command}` to resume"), err=True)
        else:
            click.echo(safe(f"\nStopped before the first answer — run `{command}` to start"), err=True)
        raise click.exceptions.Exit(EXIT_INTERRUPTED)


def _rater(relation: str | None, name: str | None) -> Rater | None:
    """The rater the options name, if any; both options or neither."""
    from assess.core.answers import Rater  # the run's models (see above)

    if relation is None and name is None:
        return None
    if relation is None or name is None:
        raise BadInput("--rater-relation and --rater-name go together: give both to rate someone else")
    try:
        return Rater(relation=relation, name=name)  # type: ignore[arg-type]
    except ValidationError as err:
        raise _option_error("--rater-name", err) from None


def _option_error(option: str, err: ValidationError) -> BadInput:
    return BadInput(f"{option}: {err.errors(include_url=False)[0]['msg'].removeprefix('Value error, ')}")


def _rubric_to_continue(store: Store, profile: str, rater: Rater | None) -> tuple[Rubric, str | None]:
    """With no --rubric: the rubric of the profile's unfinished run, so a plain `assess take` resumes it whatever
    rubric it is; else today's version of the rubric of its last run, which a rerun continues; else the default.
    Also how the run names it (None: by its id)."""
    from assess.app.runs import rubric_of  # the run's models (see above)
    from assess.app.take import last_run

    draft = store.find_draft(profile, rater=rater)
    if draft is not None:
        return rubric_of(store, draft), None
    last = last_run(store, profile, rater=rater)
    if last is None:
        return resolve_rubric(DEFAULT_RUBRIC), None
    try:
        return resolve_rubric(last.answers.rubric), last.answers.rubric
    except BadInput:  # its file moved: the newest version history knows
        return resolve_rubric(last.rubric_id), None


def _take(store: Store, loaded: Rubric, given: Answers | None, rubric: str | None, profile: str | None,
          answers_file: Path | None, name: str | None, rater: Rater | None) -> Completed | Interrupted:
    from assess.app.take import Completed  # the run's models (see above)
    from assess.app.take import take as take_assessment
    from assess.core.answers import Answers, check_answers
    from assess.core.questions import missing
    from assess.io.answers_files import named_rubric
    from assess.io.rubric_files import canonical_ref

    base = given or Answers()
    if rater is not None and base.facts:
        raise BadInput(f"{answers_file}: facts: a rater's answers hold ratings (and evidence) only; remove the facts")
    named = named_rubric(given, answers_file) if given and answers_file else loaded.id
    update = {"rubric": canonical_ref(rubric or named),
              "profile": profile or base.profile, "name": name or base.name, "rater": rater}
    try:
        merged = Answers.model_validate(base.model_dump() | update)
    except ValidationError as err:  # only --name is new here: the file is checked, the profile and rater parsed
        raise _option_error("--name", err) from None
    answers = check_answers(merged, loaded, answers_file or "the answers")
    lacking = len(missing(loaded, answers))
    if lacking and not terminal.has_terminal():
        raise NeedsTerminal(_no_terminal_message(lacking, answers_file))
    ask = _terminal_ask() if lacking else _never_ask
    answers = _whose(store, answers)
    outcome = take_assessment(
        loaded,
        store,
        given=answers,
        ask_name=name is None and rater is None and not (given and "name" in given.model_fields_set),
        clock=lambda: datetime.now(UTC),
        ask=ask,
    )
    if isinstance(outcome, Completed):
        try:
            if rater is not None:
                _show_rated(outcome.run, rater)
                return outcome
            _show(outcome.rubric, outcome.run, store)
            if outcome.asked:
                _offer_report(outcome.run, store, ask)
        except (KeyboardInterrupt, EOFError):
            # The run is stored: say so, or a retry would store it twice.
            click.echo(runnable(f"\nStopped after the run was saved as {outcome.run.id}; `assess report "
                                f"{outcome.run.id}` writes its report"), err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
    return outcome


def _whose(store: Store, answers: Answers) -> Answers:
    """The answers, for the profile the person means: a profile with no self-assessment is asked about at a
    terminal (the closest existing one offered) and warned about elsewhere."""
    from assess.app.profiles import unknown_profile  # the run's models (see above)
    from assess.cli import prompts  # questionary: only when a person is asked at a terminal
    from assess.core.flow_questions import STOP, profile_question

    unknown = unknown_profile(store, answers.profile, answers.rater)
    if unknown is None:
        return answers
    if not terminal.has_terminal():
        click.echo(safe(f"assess: warning: {unknown.said()}"), err=True)
        return answers
    chosen = prompts.ask(profile_question(unknown.name, unknown.near, rater=unknown.rater))
    if chosen is STOP:
        raise click.exceptions.Abort
    return answers if chosen == answers.profile else answers.model_copy(update={"profile": chosen})


def _never_ask(question: Question) -> object:
    raise AssertionError("a complete answers file asks nothing")


def _terminal_ask() -> Ask:
    from assess.cli import prompts  # questionary: only when something is left to ask

    def ask(question: Question) -> object:
        if question.kind == "note":
            _print_note(question.prompt)
            return None
        return prompts.ask(question)  # looked up per call: the seam CLI tests script

    return ask


def _print_note(text: str) -> None:
    from rich.text import Text  # rich: only a questionnaire at a terminal shows notes

    title, _, body = text.partition("\n")
    terminal.console().print(Text(title, style="bold"), Text(body + "\n"), sep="\n")


def _no_terminal_message(count: int, answers_file: Path | None) -> str:
    what = f"{count} answer{'s' if count != 1 else ''} missing and no terminal to ask them on"
    if answers_file:
        return f"{what}; fill them in the file given to --answers ({answers_file}; see `assess template`)"
    return f"{what}; give them in a file with --answers (see `assess template`)"


def _resume_command(rubric: str | None, profile: str | None, answers_file: Path | None, rater_relation: str | None,
                    rater_name: str | None) -> str:
    command = f"{assess_command()} take" + (f" --rubric {rubric}" if rubric else "") + \
        (f" --profile {profile}" if profile else "")
    if rater_relation and rater_name:
        command += f" --rater-relation {rater_relation} --rater-name {shlex.quote(rater_name)}"
    return command + (f" --answers {answers_file}" if answers_file else "")


def _show(rubric: Rubric, run: StoredRun, store: Store) -> None:
    from assess.app.progress import counted_raters, expired  # the run's models (see above)
    from assess.cli.summary import calibration_summary, result_summary  # rich: a rater's run shows no summary
    from assess.core.others import calibrate

    assert run.result is not None
    out = terminal.console()
    out.print()
    out.print(result_summary(rubric, run.result, run.name))
    calibration = calibrate(rubric, run.answers, counted_raters(store, run, rubric))
    if calibration is not None:
        out.print(calibration_summary(rubric, run.result, calibration))
    too_old = expired(store, run, rubric)
    if too_old:
        from assess.cli.raters_view import expired_summary  # rich, as the summary above

        out.print(expired_summary(rubric, too_old, run.profile))
    who = "" if run.profile == "default" else f" for profile {run.profile}"
    out.print(f"\nSaved as run {run.id}{who}.")


def _show_rated(run: StoredRun, rater: Rater) -> None:
    """A rater sees that their ratings are kept, not the person's results."""
    click.echo(f"\nSaved your ratings as {rater.relation} of profile {run.profile!r} (run {run.id}). They count in "
               "that profile's report among others' ratings, never by your name.")


def _offer_report(run: StoredRun, store: Store, ask: Ask) -> Path | None:
    """After an interactive run, offer the PDF report in the current folder; returns where it went."""
    from assess.app.reports import stored_report, write_report  # jinja2: only a finished questionnaire offers one
    from assess.core.flow_questions import WRITE, report_question
    from assess.report.render import report_path

    assert run.finished_at is not None
    taken_on = date.fromisoformat(run.finished_at[:10])
    path = report_path(Path.cwd(), "pdf", who=run.name or run.profile, taken_on=taken_on, run_id=run.id)
    if ask(report_question(path.name)) != WRITE:
        return None
    click.echo("Writing the report…")
    written = write_report(stored_report(store, run), path, "pdf", "a4", locations())
    click.echo(safe(f"Report written to {written}"))
    return written
