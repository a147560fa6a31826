"""The questionnaire as data: which questions a rubric asks, in which order, with which choices.

Pure: no terminal, no storage. `prompts.ask` shows a `Question`; `take` decides which to ask.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from assess.core.answers import MAX_EVIDENCE, MAX_NAME, Answers
from assess.core.rubric import Rubric
from assess.core.rubric_parts import Area, Competency
from assess.core.text import printable
from assess.core.wording import NOT_SURE as NOT_SURE_TEXT
from assess.core.wording import count, shown_as

NOT_SURE = "n"
NO_DEFAULT: object = object()  # a select's default can be None: "not sure"
# Pace for reading five anchors and choosing (with an evidence line now and then); facts are quick.
SECONDS_PER_RATING = (24, 40)
SECONDS_PER_FACT = 10

Section = Literal["name", "facts", "ratings", "evidence", "control"]
Kind = Literal["select", "text", "number", "note"]


@dataclass(frozen=True)
class Choice:
    title: str
    value: object
    key: str | None = None  # the one keystroke that points at it


@dataclass(frozen=True)
class Anchor:
    level: int
    label: str
    text: str
    detail: str = ""  # signals and examples, shown smaller


@dataclass(frozen=True)
class Question:
    section: Section
    key: str
    kind: Kind
    prompt: str
    choices: tuple[Choice, ...] = ()
    default: object = NO_DEFAULT
    # Shown above the prompt; the anchors are printed there in full because a select cannot wrap them.
    position: str = ""
    area: str = ""
    heading: str = ""
    description: str = ""
    anchors: tuple[Anchor, ...] = ()
    maximum: float = 0  # a number's largest value, a text's most characters
    last: str = ""  # the answer the last run gave, as it reads; it is the default, and Enter keeps it

    @property
    def id(self) -> str:
        return f"{self.section}.{self.key}"


@dataclass(frozen=True)
class AreaQuestions:
    area: Area
    index: int
    questions: tuple[Question, ...]


def carried(question: Question, value: object, said: str) -> Question:
    """`question` with the last run's answer `value` as its default, saying so; `said` is how it reads. Enter
    keeps it now, so a prompt's "Enter to skip" goes."""
    prompt = question.prompt.replace(" (optional, Enter to skip)", " (optional)").replace(" (Enter to skip)", "")
    return replace(question, default=value, last=said, prompt=prompt)


def note(key: str, text: str) -> Question:
    """Something to read, not to answer: its first line is a title."""
    return Question(section="control", key=key, kind="note", prompt=text)


def name_question(default: str | None = None) -> Question:
    return Question(
        section="name",
        key="name",
        kind="text",
        prompt="Your name for the report (optional, Enter to skip):",
        default=default or "",
        maximum=MAX_NAME,
    )


def fact_questions(rubric: Rubric) -> list[Question]:
    questions = []
    for fact in rubric.facts:
        if fact.kind == "choice":
            hint = f" ({fact.hint})" if fact.hint else ""
            choices = tuple(Choice(option, option) for option in fact.options)
            questions.append(Question(section="facts", key=fact.id, kind="select", prompt=f"{fact.title}{hint}:",
                                      choices=choices))
        else:
            what = f"{fact.hint}; a number" if fact.hint else "a number"
            questions.append(Question(section="facts", key=fact.id, kind="number", maximum=fact.max,
                                      prompt=f"{fact.title} ({what}, e.g. 6 or 2.5):"))
    return questions


def rating_choices(rubric: Rubric, comp: Competency | None = None) -> tuple[Choice, ...]:
    """The rubric's levels with their names (the competency's own where it has them), then "not sure".
    A digit picks a level when every level is one digit."""
    keyed = rubric.min_level >= 0 and rubric.max_level <= 9
    levels = tuple(Choice(rubric.level_label(comp, level), level, str(level) if keyed else None)
                   for level in rubric.levels)
    return (*levels, Choice(NOT_SURE_TEXT, None, NOT_SURE))


def rating_question(rubric: Rubric, comp: Competency, default: object = NO_DEFAULT) -> Question:
    """One competency, placed in the questionnaire ("Area 3/9 · question 12/37")."""
    area_index = next(i for i, area in enumerate(rubric.areas, 1) if area.id == comp.area)
    ordered = ordered_competencies(rubric)
    number = next(i for i, c in enumerate(ordered, 1) if c.id == comp.id)
    area = rubric.area(comp.area)
    target = rubric.role(rubric.target)
    return Question(
        section="ratings",
        key=comp.id,
        kind="select",
        prompt=f"{comp.title} ({number}/{len(ordered)}):",
        choices=rating_choices(rubric, comp),
        default=default,
        position=f"Area {area_index}/{len(rubric.areas)} · question {number}/{len(ordered)}",
        area=area.title,
        heading=comp.title + (f"  (core for {target.title})" if rubric.is_core(comp, target.id) else ""),
        description=comp.description,
        anchors=tuple(
            Anchor(level, rubric.level_label(comp, level), anchor.behaviour, "; ".join([*anchor.signals,
                                                                                       *anchor.examples]))
            for level, anchor in sorted(comp.anchors.items())
        ),
    )


def evidence_question(comp: Competency, default: str | None = None, *, rater: bool = False) -> Question:
    prompt = "An example you saw, in one line (Enter to skip):" if rater else \
        "Evidence in one line, e.g. a project or result (Enter to skip):"
    return Question(section="evidence", key=comp.id, kind="text", prompt=prompt, default=default or "",
                    maximum=MAX_EVIDENCE)


def wants_evidence(rubric: Rubric, rating: int | None) -> bool:
    return rating is not None and rating >= rubric.evidence_level


def ordered_competencies(rubric: Rubric) -> list[Competency]:
    """Competencies area by area, in file order, as the questionnaire asks them."""
    return [comp for area in rubric.areas for comp in rubric.competencies_of(area.id)]


def rating_areas(rubric: Rubric) -> list[AreaQuestions]:
    return [
        AreaQuestions(
            area=area,
            index=index,
            questions=tuple(rating_question(rubric, c) for c in rubric.competencies_of(area.id)),
        )
        for index, area in enumerate(rubric.areas, 1)
    ]


def rating_label(rubric: Rubric, comp: Competency, rating: int | None) -> str:
    return NOT_SURE_TEXT if rating is None else f"{rating} {rubric.level_label(comp, rating)}"


CONTINUE = "continue"


def review_question(rubric: Rubric, area: Area, ratings: dict[str, int | None],
                    previous: dict[str, int | None] | None = None) -> Question:
    """The end-of-area check: carry on, or pick a competency to answer again. Continuing from the last run, an
    answer that differs from it is marked with what it was."""
    comps = rubric.competencies_of(area.id)
    width = max(len(c.title) for c in comps)
    choices = [Choice("Looks right, continue", CONTINUE)]
    changed = 0
    for comp in comps:
        title = f"{comp.title.ljust(width)}  {rating_label(rubric, comp, ratings.get(comp.id))}"
        if previous is not None and comp.id in previous and comp.id in ratings \
                and previous[comp.id] != ratings[comp.id]:
            title += f"  (changed; was {rating_label(rubric, comp, previous[comp.id])})"
            changed += 1
        choices.append(Choice(title, comp.id))
    since = f" ({count(changed, 'answer')} changed since last time)" if previous is not None else ""
    return Question(
        section="control",
        key=f"review-{area.id}",
        kind="select",
        prompt=f"Your answers for {area.title}{since} — change one?",
        choices=tuple(choices),
        default=CONTINUE,
    )


def missing(rubric: Rubric, answers: Answers) -> list[str]:
    """Ids ("facts.degree", "ratings.ml-strategy") of questions the answers do not cover yet.

    A key that is present counts as answered even when null: null is "not sure" for a rating and
    "not given" for a fact. The name is optional and never missing; a rater is asked no facts.
    """
    ids = [f"facts.{fact.id}" for fact in rubric.facts if fact.id not in answers.facts and answers.rater is None]
    ids += [f"ratings.{comp.id}" for comp in ordered_competencies(rubric) if comp.id not in answers.ratings]
    return ids


def total_questions(rubric: Rubric, *, rater: bool = False) -> int:
    return (0 if rater else len(rubric.facts)) + len(rubric.competencies)


def answered_count(answers: Answers) -> int:
    return len(answers.facts) + len(answers.ratings)


def duration_minutes(ratings: int, facts: int = 0) -> tuple[int, int]:
    low, high = (max(1, round((ratings * pace + facts * SECONDS_PER_FACT) / 60)) for pace in SECONDS_PER_RATING)
    return low, max(high, low + 1)


def check_text(text: str, maximum: float) -> str:
    """Typed text as it will be kept; ValueError with the reason a person reads."""
    cleaned = text.strip()
    if len(cleaned) > maximum:
        raise ValueError(f"At most {maximum:g} characters, please (this is {len(cleaned)})")
    try:
        return printable(cleaned)
    except ValueError as err:
        raise ValueError(f"That {err}; type it again without it") from None


def parse_number(text: str, maximum: float) -> float | int:
    """A number fact as typed; ValueError with the reason a person reads."""
    cleaned = text.strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError("Enter a number, e.g. 6 or 2.5") from None
    if value != value or value < 0 or value > maximum:
        raise ValueError(f"Enter a number from 0 to {maximum:g}")
    return int(value) if value.is_integer() else value


KEPT_HERE = "Everything stays on this machine."
KEPT_IN_ORG = ("Your answers go to your organisation's store, where only you can read them; your managers see only "
               "the shared version of a run you share with them.")


def welcome(rubric: Rubric, answers: Answers, continued_from: str | None = None, kept: str = KEPT_HERE) -> str:
    """What this is, how long it takes for what is left to answer, and that it is private (`kept`: where the answers
    go) and resumable; `continued_from` is when the run whose answers are the defaults was taken."""
    to_ask = missing(rubric, answers)
    ratings = sum(1 for question_id in to_ask if question_id.startswith("ratings."))
    low, high = duration_minutes(ratings, len(to_ask) - ratings)
    profile = answers.profile
    target = rubric.role(rubric.target).title
    who = "" if profile == "default" else f" (profile {profile})"
    carried = (f"\nEach question shows your answer of {continued_from[:10]} as its default: Enter keeps it, so only "
               "what changed needs an answer." if continued_from else "")
    if answers.rater is not None:
        return _rater_welcome(rubric, answers, len(to_ask), (low, high)) + carried
    return (
        f"Self-assessment: {rubric.title}{who}\n"
        f"You will rate yourself on {count(len(rubric.competencies), 'competency', 'competencies')} in "
        f"{count(len(rubric.areas), 'area')} against the expectations for {target}, and get your readiness, "
        "your gaps and next steps.\n"
        f"{count(len(to_ask), 'question')} to answer: about {low}-{high} minutes. "
        "For each competency, pick the highest statement that is already true of you most of the time.\n"
        f"{kept} Ctrl-C stops at any time; every answer is saved, "
        "and the same command resumes where you stopped." + carried
    )


def _rater_welcome(rubric: Rubric, answers: Answers, questions: int, minutes: tuple[int, int]) -> str:
    """The welcome in the third person, for someone rating the profile's person."""
    assert answers.rater is not None
    relation = answers.rater.relation.replace("-", " ")
    person = answers.name or f"the person of profile {answers.profile}"
    shown = shown_as(answers.rater.relation, rubric.scoring.rater_group_min)
    return (
        f"Rating {person}: {rubric.title}{'' if relation == 'other' else f' (you rate as their {relation})'}\n"
        f"You will rate them on {count(len(rubric.competencies), 'competency', 'competencies')} in "
        f"{count(len(rubric.areas), 'area')} against the expectations for {rubric.role(rubric.target).title}.\n"
        f"{count(questions, 'question')} to answer: about {minutes[0]}-{minutes[1]} minutes. For each competency, pick "
        "the highest statement that is true of them most of the time; \"not sure\" where you have not seen enough.\n"
        f"Your ratings join their history on this machine. Their report shows them among others' ratings, {shown}, "
        "and never your name. Ctrl-C stops at any time; every answer is saved, and the same command resumes."
    )
