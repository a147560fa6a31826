"""The parts of a rubric: rungs and tracks, areas and competencies with their anchors, facts and gates,
career steps and market figures. The rubric that holds them, and the rules across them, are in `rubric`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    Field,
    StrictInt,
    field_validator,
    model_validator,
)

from assess.core.fields import MAX_ITEMS, FactValue, Id, Level, LevelKey, Strict, Text, Weight


class Role(Strict):
    """A rung of the ladder, and how strictly it holds its core competencies."""

    id: Id
    title: Text
    summary: Text = "-"
    # Core competencies this rung needs at their expected level: no tolerance, because the rung is defined by them.
    in_full: Annotated[list[Id], Field(max_length=MAX_ITEMS)] = []
    # How many levels short its other core competencies may be; None: the rubric's `critical_tolerance`.
    tolerance: Annotated[StrictInt, Field(ge=0, le=100)] | None = None


class Track(Strict):
    """A path up the ladder from its lowest rung, e.g. management or individual contributor."""

    id: Id
    title: Text
    rungs: Annotated[list[Id], Field(min_length=1, max_length=MAX_ITEMS)]


Model = Literal["attainment", "points", "transitions"]
Amount = Annotated[float, Field(ge=0, le=1_000_000_000, allow_inf_nan=False)]


class Grade(Strict):
    """A named level within a rung under the points model (Snowflake's 1.1, 1.2, 1.3), from a minimum total."""

    name: Annotated[Text, Field(max_length=40)]
    min: Amount


class ScoringSettings(Strict):
    # How a rung's score is computed: attainment against expected (the default), points summed against a
    # minimum total per rung, or transitions (a rung judged on what it newly asks). `assess.core.models`.
    model: Model = "attainment"
    threshold: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = 85
    # A core competency may be at most this many levels short of a rung's expectation.
    critical_tolerance: Annotated[StrictInt, Field(ge=0, le=100)] = 1
    # A core competency weighs this many times its weight at the rungs where it is core.
    core_weight: Annotated[float, Field(ge=1, le=100, allow_inf_nan=False)] = 2
    # Ratings from this level up are claims worth a sentence of proof; default: one below the top, never the lowest.
    evidence_level: Level | None = None
    # Others' view (360°): a rater's latest run counts when taken within this many months of the self-assessment.
    rater_window_months: Annotated[StrictInt, Field(ge=1, le=120)] = 12
    # Self at least this far above others' mean is a blind spot; others this far above self, a hidden strength.
    blind_spot_difference: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = 2
    # Peers and direct reports are shown only as a group of at least this many raters.
    rater_group_min: Annotated[StrictInt, Field(ge=1, le=100)] = 3
    # The report's gap table lists gaps adding at least this many readiness points (and every core one); the
    # smaller ones share one line.
    fold_gaps_below: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = 1
    # The points model: each level's points, the minimum total of each rung, and named levels within rungs.
    points: Annotated[dict[LevelKey, Amount], Field(max_length=101)] = {}
    bands: Annotated[dict[Id, Amount], Field(max_length=MAX_ITEMS)] = {}
    grades: Annotated[list[Grade], Field(max_length=MAX_ITEMS)] = []

    @model_validator(mode="after")
    def _points_meet_a_rung_at_its_band(self) -> ScoringSettings:
        """Under points a rung's readiness is the share of its minimum total reached, so it is met at 100. Set
        here rather than by every reader of `threshold`; left out of the fields set, so a rubric's snapshot holds
        only what its file says."""
        if self.model == "points" and "threshold" not in self.model_fields_set:
            self.threshold = 100
            self.__pydantic_fields_set__.discard("threshold")
        return self


class Area(Strict):
    id: Id
    title: Text
    weight: Weight


class PlausibilityCheck(Strict):
    """A rating above `max_level` is implausible while number fact `fact` is below `min`."""

    fact: Id
    min: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    max_level: Level


class Anchor(Strict):
    """What a person at one level observably does: one behaviour, with optional signals and examples."""

    behaviour: Text
    signals: Annotated[list[Text], Field(max_length=10)] = []
    examples: Annotated[list[Text], Field(max_length=10)] = []


class Competency(Strict):
    id: Id
    area: Id
    title: Text
    description: Text
    weight: Weight
    # Core at every rung (true), at none (false), or at the rungs listed: a rung is not met while one of its
    # core competencies is short by more than the tolerance or answered "not sure".
    critical: bool | Annotated[list[Id], Field(max_length=MAX_ITEMS)] = False
    source: Annotated[list[Text], Field(min_length=1, max_length=20)]
    levels: dict[LevelKey, Text] = {}  # this competency's own names for the levels, where a framework has them
    anchors: dict[LevelKey, Anchor]
    expected: dict[str, Level]
    actions: dict[LevelKey, Text]
    plausible: Annotated[list[PlausibilityCheck], Field(max_length=20)] = []

    @field_validator("anchors", mode="before")
    @classmethod
    def _plain_anchor_is_its_behaviour(cls, value: object) -> object:
        if isinstance(value, dict):
            return {level: {"behaviour": a} if isinstance(a, str) else a for level, a in value.items()}
        return value


SAME_ANSWER = {"yes": "true", "true": "yes", "no": "false", "false": "no", "y": "yes", "n": "no"}


def yes_no(value: object) -> object:
    """YAML reads an unquoted yes, no, true, false, on or off as true or false; a fact's answers are text, so such a
    value is read back as the yes or no the person wrote (or meant)."""
    return ("yes" if value else "no") if isinstance(value, bool) else value


class Fact(Strict):
    """Something a person states about themselves (a degree, years of experience) for gates and checks."""

    id: Id
    title: Text  # short: gates and reports name the fact by it
    hint: Text | None = None  # what counts, for the person answering
    kind: Literal["choice", "number"]
    options: Annotated[list[Text], Field(max_length=50)] = []  # a choice's options, lowest first
    max: Annotated[float, Field(gt=0, le=1_000_000, allow_inf_nan=False)] = 80  # a number's largest sensible value

    @field_validator("options", mode="before")
    @classmethod
    def _yes_no_as_written(cls, value: object) -> object:
        return [yes_no(option) for option in value] if isinstance(value, list) else value

    def option(self, value: FactValue) -> FactValue:
        """The option `value` names as people write it: in any case, and yes or no for true or false."""
        if self.kind != "choice" or not isinstance(value, str):
            return value
        spelt = {option.casefold(): option for option in self.options}
        said = value.strip().casefold()
        return spelt.get(said) or spelt.get(SAME_ANSWER.get(said, said)) or value

    def refuses(self, value: FactValue) -> str | None:
        """Why `value` is no answer to this fact ("is not one of ..."), or None when it is one."""
        if self.kind == "choice" and value not in self.options:
            return f"is not one of {', '.join(self.options)}"
        if self.kind == "number" and (isinstance(value, str) or not 0 <= value <= self.max):
            return f"is not a number from 0 to {self.max:g}"
        return None

    def rank(self, value: FactValue) -> float:
        """Position of a value on this fact's scale, so requirements compare by `>=`."""
        if self.kind == "choice":
            return float(self.options.index(str(value)))
        return float(value)


Alternative = dict[Id, FactValue]  # facts and their minimums; all of them must hold


class Gate(Strict):
    """A hard requirement of some rungs, met by any one of its alternatives; reported apart from the score."""

    id: Id
    title: Text
    source: Text = "-"
    required: dict[str, Annotated[list[Alternative], Field(min_length=1, max_length=20)]]
    # Rungs whose requirement is this rubric's assumption rather than the source's, and why.
    assumed: list[Id] = []
    assumption: Text | None = None
    # Rungs where the requirement advises and never blocks: shown with the gates, but the rung can be met without
    # it. For requirements the source does not state; an advisory requirement is an assumption of the rubric.
    advisory: list[Id] = []

    @field_validator("required", mode="before")
    @classmethod
    def _one_alternative_needs_no_list(cls, value: object) -> object:
        if isinstance(value, dict):
            value = {rung: [alt] if isinstance(alt, dict) else alt for rung, alt in value.items()}
            return {rung: [{fact: yes_no(need) for fact, need in alt.items()} if isinstance(alt, dict) else alt
                           for alt in alts] if isinstance(alts, list) else alts for rung, alts in value.items()}
        return value


class CareerStep(Strict):
    from_: Id | None = Field(alias="from")
    to: Id
    source: Text
    steps: Annotated[list[Text], Field(min_length=1, max_length=20)]


class MarketFact(Strict):
    label: Text
    value: Text
    source: Text  # where the role profile states it
    publisher: Text | None = None
    year: Text | None = None
    scope: Text | None = None
    note: Text | None = None
