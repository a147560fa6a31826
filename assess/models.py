"""The data the tool works on: rubrics, answers files and scored results.

Models are strict (`extra="forbid"`) so a typo in a YAML file fails loudly, and the rubric's
cross-field rules (DESIGN "Rubric evolution") live here, next to the fields they relate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, field_validator, model_validator

from .resources import DEFAULT_RUBRIC

LEVELS = (0, 1, 2, 3, 4)
MAX_LEVEL = LEVELS[-1]

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Level = Annotated[StrictInt, Field(ge=0, le=MAX_LEVEL)]
Weight = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Text = Annotated[StrictStr, Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- rubric -------------------------------------------------------------------------------


class Role(Strict):
    id: Id
    title: Text
    summary: Text = "-"


class ScoringSettings(Strict):
    threshold: Annotated[float, Field(gt=0, le=100)] = 85
    critical_tolerance: Annotated[StrictInt, Field(ge=0, le=MAX_LEVEL)] = 1


class Area(Strict):
    id: Id
    title: Text
    weight: Weight


class PlausibilityCheck(Strict):
    """A rating above `max_level` is implausible while fact `fact` is below `min`."""

    fact: Id
    min: Annotated[float, Field(ge=0)]
    max_level: Level


class Competency(Strict):
    id: Id
    area: Id
    title: Text
    description: Text
    weight: Weight
    critical: bool = False
    source: Annotated[list[Text], Field(min_length=1)]
    anchors: dict[StrictInt, Text]
    expected: dict[str, Level]
    actions: dict[StrictInt, Text]
    plausible: list[PlausibilityCheck] = []

    @model_validator(mode="after")
    def _every_level_anchored(self) -> Competency:
        for level in LEVELS:
            if level not in self.anchors:
                raise ValueError(f"competency {self.id!r}: level {level} has no anchor")
        extra = sorted(set(self.anchors) - set(LEVELS))
        if extra:
            raise ValueError(f"competency {self.id!r}: anchor for unknown level {extra[0]}")
        for level in LEVELS[:-1]:
            if level not in self.actions:
                raise ValueError(f"competency {self.id!r}: no action to move from level {level} to {level + 1}")
        extra = sorted(set(self.actions) - set(LEVELS[:-1]))
        if extra:
            raise ValueError(f"competency {self.id!r}: action for unknown step from level {extra[0]}")
        return self


class Gate(Strict):
    id: Id
    title: Text
    kind: Literal["choice", "number"]
    options: list[Text] = []
    required: dict[str, StrictStr | StrictInt | StrictFloat]
    source: Text = "-"

    @model_validator(mode="after")
    def _requirements_fit_kind(self) -> Gate:
        if self.kind == "choice":
            if not self.options:
                raise ValueError(f"gate {self.id!r}: a choice gate needs options")
            if len(set(self.options)) != len(self.options):
                raise ValueError(f"gate {self.id!r}: duplicate option")
            for role, value in self.required.items():
                if value not in self.options:
                    raise ValueError(f"gate {self.id!r}: required[{role}] = {value!r} is not one of {self.options}")
        else:
            if self.options:
                raise ValueError(f"gate {self.id!r}: a number gate takes no options")
            for role, value in self.required.items():
                if isinstance(value, str) or value < 0:
                    raise ValueError(f"gate {self.id!r}: required[{role}] = {value!r} is not a number >= 0")
        return self

    def rank(self, value: str | float) -> float:
        """Position of a value on this gate's scale, so requirements compare by `>=`."""
        if self.kind == "choice":
            return float(self.options.index(str(value)))
        return float(value)


class CareerStep(Strict):
    from_: Id | None = Field(alias="from")
    to: Id
    source: Text
    steps: Annotated[list[Text], Field(min_length=1)]


class MarketFact(Strict):
    label: Text
    value: Text
    source: Text


class Rubric(Strict):
    id: Id
    title: Text
    version: Text
    source: Text
    target: Id
    scale: dict[StrictInt, Text]
    ladder: Annotated[list[Role], Field(min_length=1)]
    scoring: ScoringSettings = ScoringSettings()
    areas: Annotated[list[Area], Field(min_length=1)]
    competencies: Annotated[list[Competency], Field(min_length=1)]
    gates: list[Gate] = []
    career_steps: list[CareerStep] = []
    market: list[MarketFact] = []
    renamed: dict[str, str] = {}

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        if sorted(self.scale) != list(LEVELS):
            raise ValueError(f"scale: must label exactly levels 0-4, got {sorted(self.scale)}")
        for kind, items in (
            ("role", self.ladder),
            ("area", self.areas),
            ("competency", self.competencies),
            ("gate", self.gates),
        ):
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    raise ValueError(f"duplicate {kind} id {item.id!r}")
                seen.add(item.id)
        roles = [role.id for role in self.ladder]
        if self.target not in roles:
            raise ValueError(f"target: unknown role {self.target!r}")
        areas = {area.id for area in self.areas}
        number_facts = {gate.id for gate in self.gates if gate.kind == "number"}
        for comp in self.competencies:
            if comp.area not in areas:
                raise ValueError(f"competency {comp.id!r}: unknown area {comp.area!r}")
            _check_roles(f"competency {comp.id!r}: expected", comp.expected, roles, complete=True)
            for lower, upper in zip(roles, roles[1:], strict=False):
                if comp.expected[upper] < comp.expected[lower]:
                    raise ValueError(
                        f"competency {comp.id!r}: expected level falls going up the ladder, "
                        f"{lower} {comp.expected[lower]} > {upper} {comp.expected[upper]}"
                    )
            for check in comp.plausible:
                if check.fact not in number_facts:
                    raise ValueError(f"competency {comp.id!r}: plausible: unknown fact {check.fact!r}")
        used_areas = {comp.area for comp in self.competencies}
        for area in self.areas:
            if area.id not in used_areas:
                raise ValueError(f"area {area.id!r} has no competency")
        for gate in self.gates:
            _check_roles(f"gate {gate.id!r}: required", gate.required, roles, complete=False)
            ranked = [gate.rank(gate.required[r]) for r in roles if r in gate.required]
            if ranked != sorted(ranked):
                raise ValueError(f"gate {gate.id!r}: requirement falls going up the ladder")
        for step in self.career_steps:
            if step.to not in roles:
                raise ValueError(f"career_steps: unknown role {step.to!r}")
            expected_from = roles[roles.index(step.to) - 1] if roles.index(step.to) else None
            if step.from_ != expected_from:
                raise ValueError(
                    f"career_steps: the move to {step.to!r} starts from {expected_from!r}, not {step.from_!r}"
                )
        comp_ids = {comp.id for comp in self.competencies}
        for old, new in self.renamed.items():
            if new not in comp_ids:
                raise ValueError(f"renamed: {old!r} -> unknown competency {new!r}")
            if old in comp_ids:
                raise ValueError(f"renamed: {old!r} is still a competency id")
        return self

    @property
    def evidence_level(self) -> int:
        """Ratings from this level up are claims worth a sentence of proof ("claimed" without one)."""
        return MAX_LEVEL - 1

    # Lookups the rest of the code needs; lists stay the source of truth so file order is kept.
    def role_ids(self) -> list[str]:
        return [role.id for role in self.ladder]

    def role(self, role_id: str) -> Role:
        return next(role for role in self.ladder if role.id == role_id)

    def area(self, area_id: str) -> Area:
        return next(area for area in self.areas if area.id == area_id)

    def competency(self, comp_id: str) -> Competency:
        return next(comp for comp in self.competencies if comp.id == comp_id)

    def gate(self, gate_id: str) -> Gate:
        return next(gate for gate in self.gates if gate.id == gate_id)

    def current_id(self, comp_id: str) -> str:
        """Follow `renamed` (possibly through several edits) to today's id."""
        seen = set()
        while comp_id in self.renamed and comp_id not in seen:
            seen.add(comp_id)
            comp_id = self.renamed[comp_id]
        return comp_id


def _check_roles(where: str, mapping: Mapping[str, object], roles: list[str], *, complete: bool) -> None:
    for role in mapping:
        if role not in roles:
            raise ValueError(f"{where}: unknown role {role!r}")
    if complete:
        for role in roles:
            if role not in mapping:
                raise ValueError(f"{where}: missing role {role!r}")


# --- answers ------------------------------------------------------------------------------

FactValue = StrictStr | StrictInt | StrictFloat


SECTIONS = ("facts", "ratings", "evidence")  # the parts of an answers file that hold answers
Profile = Annotated[StrictStr, Field(pattern=r"^[\w.-]{1,64}$")]


class Answers(Strict):
    rubric: Text = DEFAULT_RUBRIC
    profile: Profile = "default"
    name: StrictStr | None = None
    facts: dict[str, FactValue | None] = {}
    ratings: dict[str, Level | None] = {}
    evidence: dict[str, StrictStr] = {}

    @field_validator("facts", "ratings", "evidence", mode="before")
    @classmethod
    def _empty_section(cls, value: object) -> object:
        """A section left empty in YAML (`evidence:`) reads as null; it means "nothing yet"."""
        return {} if value is None else value


# --- result -------------------------------------------------------------------------------


class GateResult(Frozen):
    id: str
    title: str
    required: FactValue | None
    actual: FactValue | None
    met: bool


class RoleResult(Frozen):
    id: str
    title: str
    readiness: float
    gates_met: bool
    critical_short: list[str]
    met: bool


class Gap(Frozen):
    competency: str
    title: str
    area: str
    current: int
    expected: int
    priority: float
    critical: bool
    unknown: bool


class Strength(Frozen):
    competency: str
    title: str
    current: int
    expected: int


class RatingChange(Frozen):
    competency: str
    title: str
    from_: int = Field(serialization_alias="from")
    to: int


class WhatItTakes(Frozen):
    role: str
    readiness: float
    threshold: float
    points_short: float
    gates: list[GateResult]
    critical: list[str]
    changes: list[RatingChange]
    readiness_after: float


class NextStep(Frozen):
    kind: Literal["career", "action"]
    text: str
    competency: str | None = None
    source: str | None = None


class AreaLevels(Frozen):
    current: float
    expected: float


class EvidenceCount(Frozen):
    claimed: int
    evidenced: int


class AnswerWarning(Frozen):
    kind: Literal["straight-lining", "implausible"]
    message: str
    competency: str | None = None


class Result(Frozen):
    rubric: str
    rubric_version: str
    target: str
    readiness: float
    readiness_by_role: dict[str, float]
    roles: list[RoleResult]
    placement: str | None
    next_role: str | None
    areas: dict[str, float]
    area_levels: dict[str, AreaLevels]
    gates: list[GateResult]
    gaps: list[Gap]
    strengths: list[Strength]
    unknowns: list[str]
    what_it_takes: WhatItTakes | None
    next_steps: list[NextStep]
    evidence: EvidenceCount
    warnings: list[AnswerWarning]


# --- progress between stored runs ---------------------------------------------------------


class RunPoint(Frozen):
    id: str
    finished_at: str
    rubric_version: str
    readiness: float
    readiness_by_role: dict[str, float]
    placement: str | None
    areas: dict[str, float]


class RatingMove(Frozen):
    competency: str
    title: str
    from_: int | None = Field(serialization_alias="from")
    to: int | None
    status: Literal["up", "down", "new", "removed"]


class Goal(Frozen):
    """A step the previous run's plan set (raise a top gap by one level), and whether it was reached."""

    competency: str
    title: str
    from_: int = Field(serialization_alias="from")
    target: int
    now: int | None
    met: bool


class Projection(Frozen):
    role: str
    readiness_now: float
    threshold: float
    date: str


class Progress(Frozen):
    profile: str
    runs: list[RunPoint]
    changes: list[RatingMove]
    area_deltas: dict[str, float]
    gaps_closed: list[str]
    gaps_opened: list[str]
    goals: list[Goal]
    pace: float | None
    projection: Projection | None

    @classmethod
    def empty(cls, profile: str) -> Progress:
        """The progress of a profile with no completed run."""
        return cls(profile=profile, runs=[], changes=[], area_deltas={}, gaps_closed=[], gaps_opened=[], goals=[],
                   pace=None, projection=None)


# --- stored runs --------------------------------------------------------------------------

RunId = Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")]
Stamp = Annotated[str, Field(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$")]


class StoredRun(Frozen):
    """One assessment as kept in history: its answers, and once complete, its result."""

    id: RunId
    profile: Profile
    name: str | None
    rubric_id: str
    rubric_version: str
    rubric_hash: str
    tool_version: str
    started_at: Stamp
    finished_at: Stamp | None
    status: Literal["draft", "complete"]
    answers: Answers
    result: Result | None

    @model_validator(mode="after")
    def _complete_runs_have_results(self) -> StoredRun:
        if self.status == "complete" and (self.result is None or self.finished_at is None):
            raise ValueError(f"run {self.id}: a complete run needs finished_at and result")
        if self.answers.profile != self.profile:
            raise ValueError(f"run {self.id}: answers.profile {self.answers.profile!r} differs from {self.profile!r}")
        return self
