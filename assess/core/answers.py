"""Answers: what a person (or a rater) said, as an answers file or the questionnaire gives them, and their check
against the rubric they name.

Answers are strict (`extra="forbid"`) so a typo in an answers file fails loudly."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, StrictInt, StrictStr, ValidationInfo, field_validator

from assess.core.errors import BadInput
from assess.core.fields import FactValue, Strict, Text
from assess.core.relations import Relation
from assess.core.rubric import DEFAULT_RUBRIC, Rubric
from assess.core.rubric_parts import yes_no
from assess.core.text import field_name, printable, profile_name, visible_name

MAX_NAME = 200
MAX_EVIDENCE = 2_000
SECTIONS = ("facts", "ratings", "evidence")  # the parts of an answers file that hold answers
Profile = Annotated[StrictStr, AfterValidator(profile_name)]


def one_line(value: str) -> str:
    """A name is shown inside a line (a panel, a title): a line break in it could forge the line after."""
    if "\n" in value or "\t" in value:
        raise ValueError("a name is one line: it contains a line break or a tab")
    return value


Name = Annotated[StrictStr, Field(max_length=MAX_NAME), AfterValidator(printable), AfterValidator(one_line),
                 AfterValidator(visible_name)]
Evidence = Annotated[StrictStr, Field(max_length=MAX_EVIDENCE), AfterValidator(printable)]

NOT_SURE_WORDS = ("n", "not sure", "?")  # what a file may write for "not sure", as the questionnaire's key is n


def _level_or_not_sure(value: object) -> object:
    """A rating as a file gives it: a whole number (whether it is a level is the rubric's to say, as for 7 or -1),
    or "not sure" written as empty, n or "not sure"; anything else explained in the same one line."""
    if value is None or isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().casefold() in NOT_SURE_WORDS:
        return None
    raise ValueError('not a level: write the level\'s number, or n for "not sure"')


Rating = Annotated[StrictInt, Field(ge=-1_000_000, le=1_000_000)]


class Rater(Strict):
    """Someone else rating the profile's person. The name only tells one rater's runs from another's;
    no report shows it."""

    name: Name
    relation: Relation

    @field_validator("name", mode="before")
    @classmethod
    def _named(cls, value: object) -> object:
        if value is None or isinstance(value, str) and not value.strip():
            raise ValueError("give a name or initials that tell this rater apart (no report shows it)")
        return value.strip() if isinstance(value, str) else value


class Answers(Strict):
    rubric: Annotated[Text, Field(max_length=4096)] = DEFAULT_RUBRIC
    profile: Profile = "default"
    name: Name | None = None
    rater: Rater | None = None  # None: the person's own self-assessment
    facts: Annotated[dict[str, FactValue | None], Field(max_length=50)] = {}
    ratings: Annotated[dict[str, Annotated[Rating | None, BeforeValidator(_level_or_not_sure)]],
                       Field(max_length=1000)] = {}
    evidence: Annotated[dict[str, Evidence], Field(max_length=1000)] = {}
    # Facts a shared report (`assess report --share`) leaves out, with the status of the gates that need them.
    private: Annotated[list[Annotated[StrictStr, Field(max_length=64)]], Field(max_length=50)] = []

    @field_validator("facts", "ratings", "evidence", mode="before")
    @classmethod
    def _empty_section(cls, value: object) -> object:
        """A section left empty in YAML (`evidence:`) reads as null; it means "nothing yet"."""
        return {} if value is None else value

    @field_validator("facts", mode="before")
    @classmethod
    def _yes_no_as_written(cls, value: object) -> object:
        return {key: yes_no(fact) for key, fact in value.items()} if isinstance(value, dict) else value

    @field_validator("private", mode="before")
    @classmethod
    def _nothing_private(cls, value: object) -> object:
        return [] if value is None else value

    @field_validator("facts")
    @classmethod
    def _facts_are_the_persons_own(cls, value: dict[str, object], info: ValidationInfo) -> dict[str, object]:
        if value and info.data.get("rater") is not None:
            raise ValueError("a rater's answers hold ratings (and evidence) only; remove the facts")
        return value


T = TypeVar("T")


def check_answers(answers: Answers, rubric: Rubric, where: Path | str) -> Answers:
    """Answers with renamed competency ids followed; unknown ids, levels off the scale and bad facts are refused."""
    ratings = _current_ids(answers.ratings, "ratings", rubric, where)
    for comp_id, rating in ratings.items():
        if rating is not None and rating not in rubric.scale:
            raise BadInput(f"{where}: ratings.{comp_id}: {rating} is not a level of rubric {rubric.id!r} "
                           f"({rubric.min_level}-{rubric.max_level}, or n for \"not sure\")")
    evidence = _current_ids(answers.evidence, "evidence", rubric, where)
    facts = {fact.id: fact for fact in rubric.facts}
    given = {}
    for fact_id, value in answers.facts.items():
        fact = facts.get(fact_id)
        if fact is None:
            raise BadInput(f"{where}: facts.{field_name(fact_id)}: unknown fact; {_known_facts(rubric)}")
        given[fact_id] = None if value is None else fact.option(value)
        refused = None if value is None else fact.refuses(given[fact_id])
        if refused:
            raise BadInput(f"{where}: facts.{fact_id}: {value!r} {refused}")
    for index, fact_id in enumerate(answers.private):
        if fact_id not in facts:
            raise BadInput(f"{where}: private[{index}]: {fact_id!r} is not a fact; {_known_facts(rubric)}")
    return answers.model_copy(update={"ratings": ratings, "facts": given,
                                      "evidence": {k: v.strip() for k, v in evidence.items()},
                                      "private": list(dict.fromkeys(answers.private))})


def _known_facts(rubric: Rubric) -> str:
    if rubric.facts:
        return f"expected one of {', '.join(fact.id for fact in rubric.facts)}"
    return f"rubric {rubric.id!r} asks for no facts"


def _current_ids(mapping: dict[str, T], field: str, rubric: Rubric, where: Path | str) -> dict[str, T]:
    comp_ids = {comp.id for comp in rubric.competencies}
    out: dict[str, T] = {}
    for comp_id, value in mapping.items():
        current = rubric.current_id(comp_id)
        if current not in comp_ids:
            raise BadInput(f"{where}: {field}.{field_name(comp_id)}: unknown competency for rubric {rubric.id!r}")
        out[current] = value
    return out
