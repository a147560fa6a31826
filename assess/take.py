"""The `assess take` flow: ask what the answers lack, save each answer as it is given, score, store.

Questions come from `questions` (pure), are shown by `prompts.ask` (the one seam to the terminal)
and land in the draft run of `storage.Store` one by one, so Ctrl-C or a crash loses at most the
answer being typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import click

from . import prompts
from .answers import check_answers
from .errors import EXIT_INTERRUPTED, NeedsTerminal
from .models import Answers, Area, Competency, Rubric
from .questions import (
    CONTINUE,
    NO_DEFAULT,
    START_OVER,
    WRITE,
    answered_count,
    evidence_question,
    fact_questions,
    missing,
    name_question,
    rating_areas,
    rating_question,
    report_question,
    resume_question,
    review_question,
    total_questions,
    wants_evidence,
    welcome,
)
from .scoring import score
from .storage import Store, StoredRun

Clock = Callable[[], datetime]


@dataclass
class Draft:
    """The run being answered: a local copy of its answers, each also saved to the store."""

    store: Store
    run_id: str
    answers: Answers
    asked: set[str] = field(default_factory=set)

    def save(self, section: str, key: str, value: object) -> None:
        self.store.save_answer(self.run_id, section, key, value)
        mapping = dict(getattr(self.answers, section))
        if value is None and section == "evidence":
            mapping.pop(key, None)
        else:
            mapping[key] = value
        self.answers = self.answers.model_copy(update={section: mapping})


def take(
    rubric: Rubric,
    store: Store,
    *,
    given: Answers,
    ask_name: bool,
    clock: Clock,
    answers_file: Path | None = None,
    resume_command: str = "assess take",
) -> StoredRun:
    """Complete `given` (checked answers) by asking what it lacks, then store and show the run."""
    if not missing(rubric, given):
        now = clock()
        result = score(rubric, given)
        run = store.add_complete(answers=given, rubric=rubric, result=result, started_at=now, finished_at=now)
        show_result(rubric, run)
        return run
    if not prompts.has_terminal():
        raise NeedsTerminal(_no_terminal_message(len(missing(rubric, given)), answers_file))
    draft: Draft | None = None
    try:
        draft = _resume(rubric, store, given.profile)
        if draft is not None:
            _fill_from(draft, given)
        _print_welcome(welcome(rubric, draft.answers if draft else given))
        if draft is None:
            draft = _start(rubric, store, given, ask_name, clock)
        ask_missing(rubric, draft)
    except KeyboardInterrupt:
        saved = answered_count(draft.answers) if draft else 0
        if saved:
            plural = "s" if saved != 1 else ""
            click.echo(f"\nSaved {saved} answer{plural} — run `{resume_command}` to resume", err=True)
        else:
            click.echo(f"\nStopped before the first answer — run `{resume_command}` to start", err=True)
        raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
    answers = check_answers(draft.answers, rubric, f"draft run {draft.run_id}")
    run = store.complete(draft.run_id, result=score(rubric, answers), finished_at=clock())
    show_result(rubric, run)
    offer_report(run, store)
    return run


def _no_terminal_message(count: int, answers_file: Path | None) -> str:
    what = f"{count} answer{'s' if count != 1 else ''} missing and no terminal to ask them on"
    if answers_file:
        return f"{what}; fill them in the file given to --answers ({answers_file}; see `assess template`)"
    return f"{what}; give them in a file with --answers (see `assess template`)"


def _resume(rubric: Rubric, store: Store, profile: str) -> Draft | None:
    """This profile's unfinished run, if there is one and the person wants to carry on with it."""
    previous = store.find_draft(profile, rubric.id)
    if previous is None:
        return None
    question = resume_question(answered_count(previous.answers), total_questions(rubric), previous.started_at)
    if prompts.ask(question) == START_OVER:
        store.discard(previous.id)
        return None
    return Draft(store, previous.id, check_answers(previous.answers, rubric, f"draft run {previous.id}"))


def _fill_from(draft: Draft, given: Answers) -> None:
    """A resumed draft takes what an --answers file adds; what the draft already holds stays."""
    for section in ("facts", "ratings", "evidence"):
        held = getattr(draft.answers, section)
        for key, value in getattr(given, section).items():
            if key not in held:
                draft.save(section, key, value)


def _start(rubric: Rubric, store: Store, given: Answers, ask_name: bool, clock: Clock) -> Draft:
    if ask_name:
        given = given.model_copy(update={"name": prompts.ask(name_question()) or None})
    run = store.create_draft(answers=given, rubric=rubric, started_at=clock())
    return Draft(store, run.id, given)


def ask_missing(rubric: Rubric, draft: Draft) -> None:
    """Facts, then ratings area by area, each area ending with a review of its answers."""
    for question in fact_questions(rubric):
        if question.key not in draft.answers.facts:
            draft.save("facts", question.key, prompts.ask(question))
    for group in rating_areas(rubric):
        asked = False
        for question in group.questions:
            if question.key not in draft.answers.ratings:
                ask_rating(rubric, draft, rubric.competency(question.key))
                asked = True
        if asked:
            review_area(rubric, draft, group.area)


def ask_rating(rubric: Rubric, draft: Draft, comp: Competency, default: object = NO_DEFAULT) -> None:
    rating = prompts.ask(rating_question(rubric, comp, default))
    draft.save("ratings", comp.id, rating)
    if wants_evidence(rating):  # type: ignore[arg-type]
        text = prompts.ask(evidence_question(comp, draft.answers.evidence.get(comp.id)))
        draft.save("evidence", comp.id, text or None)


def review_area(rubric: Rubric, draft: Draft, area: Area) -> None:
    while (choice := prompts.ask(review_question(rubric, area, draft.answers.ratings))) != CONTINUE:
        comp = rubric.competency(str(choice))
        ask_rating(rubric, draft, comp, default=draft.answers.ratings.get(comp.id))


def _print_welcome(text: str) -> None:
    from rich.text import Text

    from .display import console

    title, _, body = text.partition("\n")
    console().print(Text(title, style="bold"), Text(body + "\n"), sep="\n")


def show_result(rubric: Rubric, run: StoredRun) -> None:
    from .display import console, result_summary

    assert run.result is not None
    out = console()
    out.print()
    out.print(result_summary(rubric, run.result, run.name))
    who = "" if run.profile == "default" else f" for profile {run.profile}"
    out.print(f"\nSaved as run {run.id}{who}.")


def offer_report(run: StoredRun, store: Store, folder: Path | None = None) -> Path | None:
    """After an interactive run, offer the PDF report in the current folder; returns where it went."""
    from .report_files import report_filename, write_report

    path = (folder or Path.cwd()) / report_filename(run)
    if path.exists():  # an earlier report of today: keep it, name this one after its run
        path = path.with_stem(f"{path.stem}-{run.id}")
    if prompts.ask(report_question(str(path.name))) != WRITE:
        return None
    click.echo("Writing the report…")
    written = write_report(run, store, path)
    click.echo(f"Report written to {written}")
    return written
