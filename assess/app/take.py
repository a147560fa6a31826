"""The questionnaire flow: ask what the answers lack, save each answer as it is given, score, store.

`take` is given an `ask` function (the terminal's `prompts.ask`, or a script in tests) and returns
what happened: a completed run, or an interruption with the number of answers saved. It prints
nothing and decides no exit code; the `take` command does both. Each answer lands in the draft run
as it is given, so Ctrl-C or a crash loses at most the answer being typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from assess.app.runs import rubric_of
from assess.core.answers import SECTIONS, Answers, check_answers
from assess.core.questions import (
    CONTINUE,
    KEPT_HERE,
    KEPT_IN_ORG,
    NO_DEFAULT,
    START_OVER,
    Question,
    answered_count,
    evidence_question,
    fact_questions,
    missing,
    name_question,
    note,
    rating_areas,
    rating_question,
    resume_question,
    review_question,
    total_questions,
    wants_evidence,
    welcome,
)
from assess.core.rubric import Rubric
from assess.core.rubric_parts import Area, Competency
from assess.core.runs import StoredRun
from assess.core.scoring import score
from assess.io.store import Store
from assess.io.store.pg_base import OrgStore

Ask = Callable[[Question], object]
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Completed:
    run: StoredRun
    rubric: Rubric  # what it was scored against: a resumed draft keeps the rubric it was started with
    asked: bool  # whether any question was asked (a complete answers file asks none)


@dataclass(frozen=True)
class Interrupted:
    saved: int  # answers kept in the draft, for `assess take` to resume


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


def take(rubric: Rubric, store: Store, *, given: Answers, ask_name: bool, clock: Clock,
         ask: Ask) -> Completed | Interrupted:
    """Complete `given` (checked answers) by asking what it lacks, then score and store the run."""
    if not missing(rubric, given):
        now = clock()
        run = store.add_complete(answers=given, rubric=rubric, result=score(rubric, given), started_at=now,
                                 finished_at=now)
        return Completed(run, rubric, asked=False)
    draft: Draft | None = None
    try:
        resumed = _resume(rubric, store, given, ask)
        if resumed is not None:
            rubric, draft = resumed
            _fill_from(draft, check_answers(given, rubric, "the answers"))
        kept = KEPT_IN_ORG if isinstance(store, OrgStore) else KEPT_HERE
        ask(note("welcome", welcome(rubric, draft.answers if draft else given, kept)))
        if draft is None:
            draft = _start(rubric, store, given, ask_name, clock, ask)
        ask_missing(rubric, draft, ask)
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D at a prompt: stop, keeping every answer given
        return Interrupted(saved=answered_count(draft.answers) if draft else 0)
    answers = check_answers(draft.answers, rubric, f"draft run {draft.run_id}")
    run = store.complete(draft.run_id, result=score(rubric, answers), finished_at=clock())
    return Completed(run, rubric, asked=True)


def _resume(rubric: Rubric, store: Store, given: Answers, ask: Ask) -> tuple[Rubric, Draft] | None:
    """This profile's unfinished run of this rubric (by this rater, for a rater), if there is one and the person
    wants to carry on with it, with the rubric it was started with."""
    previous = store.find_draft(given.profile, rubric.id, given.rater)
    if previous is None:
        return None
    started_with = rubric_of(store, previous)
    total = total_questions(started_with, rater=given.rater is not None)
    question = resume_question(answered_count(previous.answers), total, previous.started_at)
    if ask(question) == START_OVER:
        store.discard(previous.id)
        return None
    return started_with, Draft(store, previous.id, check_answers(previous.answers, started_with,
                                                                 f"draft run {previous.id}"))


def _fill_from(draft: Draft, given: Answers) -> None:
    """A resumed draft takes what an --answers file adds; what the draft already holds stays."""
    for section in SECTIONS:
        held = getattr(draft.answers, section)
        for key, value in getattr(given, section).items():
            if key not in held:
                draft.save(section, key, value)


def _start(rubric: Rubric, store: Store, given: Answers, ask_name: bool, clock: Clock, ask: Ask) -> Draft:
    if ask_name:
        given = given.model_copy(update={"name": ask(name_question()) or None})
    run = store.create_draft(answers=given, rubric=rubric, started_at=clock())
    return Draft(store, run.id, given)


def ask_missing(rubric: Rubric, draft: Draft, ask: Ask) -> None:
    """Facts, then ratings area by area, each area ending with a review of its answers."""
    for question in fact_questions(rubric) if draft.answers.rater is None else []:
        if question.key not in draft.answers.facts:
            draft.save("facts", question.key, ask(question))
    for group in rating_areas(rubric):
        asked = False
        for question in group.questions:
            if question.key not in draft.answers.ratings:
                ask_rating(rubric, draft, rubric.competency(question.key), ask)
                asked = True
        if asked:
            review_area(rubric, draft, group.area, ask)


def ask_rating(rubric: Rubric, draft: Draft, comp: Competency, ask: Ask, default: object = NO_DEFAULT) -> None:
    rating = ask(rating_question(rubric, comp, default))
    draft.save("ratings", comp.id, rating)
    if wants_evidence(rubric, rating):  # type: ignore[arg-type]
        text = ask(evidence_question(comp, draft.answers.evidence.get(comp.id), rater=draft.answers.rater is not None))
        draft.save("evidence", comp.id, text or None)


def review_area(rubric: Rubric, draft: Draft, area: Area, ask: Ask) -> None:
    while (choice := ask(review_question(rubric, area, draft.answers.ratings))) != CONTINUE:
        comp = rubric.competency(str(choice))
        ask_rating(rubric, draft, comp, ask, default=draft.answers.ratings.get(comp.id))
