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
from assess.core.answers import SECTIONS, Answers, Rater, check_answers
from assess.core.errors import RunDamaged, RunNotFound
from assess.core.flow_questions import BLANK, START_OVER, resume_question, start_from_question
from assess.core.questions import (
    CONTINUE,
    KEPT_HERE,
    KEPT_IN_ORG,
    NO_DEFAULT,
    Question,
    answered_count,
    carried,
    evidence_question,
    fact_questions,
    missing,
    name_question,
    note,
    rating_areas,
    rating_label,
    rating_question,
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
    """The run being answered: a local copy of its answers, each also saved to the store. `last` holds the
    answers of the run it continues, offered as each question's default."""

    store: Store
    run_id: str
    answers: Answers
    asked: set[str] = field(default_factory=set)
    last: Answers | None = None
    last_on: str | None = None  # when that run was taken

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
    """Complete `given` (checked answers) by asking what it lacks, then score and store the run. With no
    unfinished run to resume, a profile's last completed run is offered as the defaults of every question."""
    if not missing(rubric, given):
        now = clock()
        run = store.add_complete(answers=given, rubric=rubric, result=score(rubric, given), started_at=now,
                                 finished_at=now)
        return Completed(run, rubric, asked=False)
    draft: Draft | None = None
    try:
        resumed = _resume(rubric, store, given, ask)
        last = None
        if resumed is not None:
            rubric, draft = resumed
            _fill_from(draft, check_answers(given, rubric, "the answers"))
        else:
            last = _offer_last(rubric, store, given, ask)
        answers = draft.answers if draft else given
        kept = KEPT_IN_ORG if isinstance(store, OrgStore) else KEPT_HERE
        ask(note("welcome", welcome(rubric, answers, draft.last_on if draft else last and last.finished_at, kept)))
        if draft is None:
            draft = _start(rubric, store, given, ask_name, clock, ask, last)
        ask_missing(rubric, draft, ask)
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D at a prompt: stop, keeping every answer given
        return _stopped(store, draft)
    answers = check_answers(draft.answers, rubric, f"draft run {draft.run_id}")
    run = store.complete(draft.run_id, result=score(rubric, answers), finished_at=clock())
    return Completed(run, rubric, asked=True)


def _stopped(store: Store, draft: Draft | None) -> Interrupted:
    """Stopped: a draft without a single answer is not kept, so the next run does not offer to resume nothing."""
    if draft is None:
        return Interrupted(saved=0)
    saved = answered_count(draft.answers)
    if not saved and not draft.answers.evidence:
        store.discard(draft.run_id)
    return Interrupted(saved=saved)


def _offer_last(rubric: Rubric, store: Store, given: Answers, ask: Ask) -> StoredRun | None:
    """The profile's last completed run of this rubric (by this rater, for a rater), if the person wants to start
    from its answers."""
    last = last_run(store, given.profile, rubric.id, given.rater)
    if last is None or last.finished_at is None:
        return None
    return None if ask(start_from_question(last.finished_at)) == BLANK else last


def last_run(store: Store, profile: str, rubric_id: str | None = None, rater: Rater | None = None
             ) -> StoredRun | None:
    """The newest completed run of `profile` (of `rubric_id`), the person's own, or with `rater`, that rater's."""
    if rater is None:
        found = store.runs(profile, rubric_id=rubric_id, last=1)
        return found[-1] if found else None
    theirs = [run for run in store.runs(profile, rubric_id=rubric_id, who="raters") if run.answers.rater is not None
              and (run.answers.rater.relation, run.answers.rater.name.casefold())
              == (rater.relation, rater.name.casefold())]
    return theirs[-1] if theirs else None


def carried_answers(run: StoredRun, rubric: Rubric) -> Answers:
    """`run`'s answers as `rubric` asks them: renamed competencies followed, what it no longer has left out."""
    comps = {comp.id for comp in rubric.competencies}
    facts = {fact.id for fact in rubric.facts}
    ratings = {rubric.current_id(key): value for key, value in run.answers.ratings.items()}
    evidence = {rubric.current_id(key): text for key, text in run.answers.evidence.items()}
    return run.answers.model_copy(update={
        "ratings": {key: value for key, value in ratings.items() if key in comps},
        "evidence": {key: text for key, text in evidence.items() if key in comps},
        "facts": {key: value for key, value in run.answers.facts.items() if key in facts},
    })


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
    draft = Draft(store, previous.id, check_answers(previous.answers, started_with, f"draft run {previous.id}"))
    if previous.started_from is not None:  # it continues an earlier run: that run's answers stay the defaults
        try:
            last = store.get(previous.started_from)
        except (RunNotFound, RunDamaged):  # deleted since: the draft carries on without defaults
            last = None
        if last is not None:
            draft.last, draft.last_on = carried_answers(last, started_with), last.finished_at
    return started_with, draft


def _fill_from(draft: Draft, given: Answers) -> None:
    """A resumed draft takes what an --answers file adds; what the draft already holds stays."""
    for section in SECTIONS:
        held = getattr(draft.answers, section)
        for key, value in getattr(given, section).items():
            if key not in held:
                draft.save(section, key, value)


def _start(rubric: Rubric, store: Store, given: Answers, ask_name: bool, clock: Clock, ask: Ask,
           last: StoredRun | None) -> Draft:
    kept = carried_answers(last, rubric) if last is not None else None
    if ask_name:
        question = name_question()
        if kept is not None and kept.name:
            question = carried(question, kept.name, kept.name)
        given = given.model_copy(update={"name": ask(question) or None})
    if kept is not None and not given.private:
        given = given.model_copy(update={"private": [fact for fact in kept.private if fact in kept.facts]})
    run = store.create_draft(answers=given, rubric=rubric, started_at=clock(),
                             started_from=last.id if last is not None else None)
    return Draft(store, run.id, given, last=kept, last_on=last.finished_at if last is not None else None)


def ask_missing(rubric: Rubric, draft: Draft, ask: Ask) -> None:
    """Facts, then ratings area by area, each area ending with a review of its answers."""
    last = draft.last
    for question in fact_questions(rubric) if draft.answers.rater is None else []:
        if question.key not in draft.answers.facts:
            if last is not None and last.facts.get(question.key) is not None:
                value = last.facts[question.key]
                question = carried(question, value, f"{value:g}" if isinstance(value, int | float) else str(value))
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
    question = rating_question(rubric, comp, default)
    last = draft.last
    if default is NO_DEFAULT and last is not None and comp.id in last.ratings:
        question = carried(question, last.ratings[comp.id], rating_label(rubric, comp, last.ratings[comp.id]))
    rating = ask(question)
    draft.save("ratings", comp.id, rating)
    if wants_evidence(rubric, rating):  # type: ignore[arg-type]
        said = draft.answers.evidence.get(comp.id)
        question = evidence_question(comp, said, rater=draft.answers.rater is not None)
        if said is None and last is not None and last.evidence.get(comp.id):
            question = carried(evidence_question(comp, last.evidence[comp.id], rater=draft.answers.rater is not None),
                               last.evidence[comp.id], "your sentence of last time")
        text = ask(question)
        draft.save("evidence", comp.id, text or None)


def review_area(rubric: Rubric, draft: Draft, area: Area, ask: Ask) -> None:
    last = draft.last.ratings if draft.last is not None else None
    while (choice := ask(review_question(rubric, area, draft.answers.ratings, last))) != CONTINUE:
        comp = rubric.competency(str(choice))
        ask_rating(rubric, draft, comp, ask, default=draft.answers.ratings.get(comp.id))
