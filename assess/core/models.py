"""The data the tool works on besides rubrics: answers, scored results, progress and stored runs.

Results are frozen; answers are strict (`extra="forbid"`) so a typo in an answers file fails loudly.
The rubric and its parts live in `assess.rubric`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictStr, ValidationInfo, field_validator, model_validator

from assess.core.rubric import FactValue, Frozen, Level, Strict, Text, printable
from assess.io.locations import DEFAULT_RUBRIC

MAX_NAME = 200
MAX_EVIDENCE = 2_000

# --- answers ------------------------------------------------------------------------------

SECTIONS = ("facts", "ratings", "evidence")  # the parts of an answers file that hold answers
PROFILE_PATTERN = r"[\w.-]{1,64}"
Profile = Annotated[StrictStr, Field(pattern=f"^{PROFILE_PATTERN}$")]
def one_line(value: str) -> str:
    """A name is shown inside a line (a panel, a title): a line break in it could forge the line after."""
    if "\n" in value or "\t" in value:
        raise ValueError("a name is one line: it contains a line break or a tab")
    return value


Name = Annotated[StrictStr, Field(max_length=MAX_NAME), AfterValidator(printable), AfterValidator(one_line)]
Evidence = Annotated[StrictStr, Field(max_length=MAX_EVIDENCE), AfterValidator(printable)]


Relation = Literal["manager", "peer", "direct-report", "mentor", "other"]  # as `relations.RELATIONS`


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
    ratings: Annotated[dict[str, Level | None], Field(max_length=1000)] = {}
    evidence: Annotated[dict[str, Evidence], Field(max_length=1000)] = {}
    # Facts a shared report (`assess report --share`) leaves out, with the status of the gates that need them.
    private: Annotated[list[Annotated[StrictStr, Field(max_length=64)]], Field(max_length=50)] = []

    @field_validator("facts", "ratings", "evidence", mode="before")
    @classmethod
    def _empty_section(cls, value: object) -> object:
        """A section left empty in YAML (`evidence:`) reads as null; it means "nothing yet"."""
        return {} if value is None else value

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


# --- result -------------------------------------------------------------------------------


class GateResult(Frozen):
    id: str
    title: str
    required: list[dict[str, FactValue]]  # the alternatives, any one of which meets it; [] = no requirement
    actual: dict[str, FactValue | None]  # what was answered for the facts the alternatives name
    met: bool
    met_by: int | None  # which alternative is met (index into `required`)
    assumed: bool  # the requirement is the rubric's assumption, not its source's


class RoleResult(Frozen):
    id: str
    title: str
    tracks: list[str]
    readiness: float
    gates_met: bool
    core_short: list[str]  # core competencies short by more than the tolerance, or not sure
    # A ladder is climbed, not skipped: a rung met on its own readiness, gates and core skills is still not met
    # while a rung below it on its track is not; this names the lowest such rung.
    unmet_below: str | None = None
    met: bool


class Gap(Frozen):
    competency: str
    title: str
    area: str
    current: int
    expected: int
    priority: float  # readiness points closing it would add for the rung it is a gap of
    core: bool
    blocking: bool  # core and short by more than the tolerance (or not sure): blocks the rung on its own
    blocks: str | None = None  # the lowest rung it blocks, on the way up to this gap's rung (None: blocks none)
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
    core: list[str]
    changes: list[RatingChange]
    readiness_after: float


class TrackPlacement(Frozen):
    track: str
    title: str
    placement: str | None
    next_role: str | None
    what_it_takes: WhatItTakes | None


class NextStep(Frozen):
    kind: Literal["career", "action"]
    text: str
    competency: str | None = None
    source: str | None = None


class PlanStep(Frozen):
    """One level up on one competency within a horizon; the next run checks it as a goal."""

    horizon: int  # months from the run
    competency: str
    title: str
    core: bool
    from_: int = Field(serialization_alias="from")
    to: int
    action: str


class Plan(Frozen):
    role: str | None  # the rung the plan aims at; None when the person already holds the top rung
    steps: list[PlanStep]
    career_steps: list[str]
    career_source: str | None

    def horizon(self, months: int) -> list[PlanStep]:
        return [step for step in self.steps if step.horizon == months]


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
    placement: str | None  # the highest rung met on the path to the target
    next_role: str | None
    placements: list[TrackPlacement]  # the same for every track
    nearer_track: str | None  # the track whose next rung takes the fewest changes
    areas: dict[str, float]
    area_levels: dict[str, AreaLevels]
    gates: list[GateResult]
    gaps: list[Gap]
    strengths: list[Strength]
    unknowns: list[str]
    what_it_takes: WhatItTakes | None
    next_steps: list[NextStep]
    plan: Plan
    evidence: EvidenceCount
    warnings: list[AnswerWarning]


# --- others' view (360°) ------------------------------------------------------------------


class RaterGroup(Frozen):
    relation: str  # manager, mentor, peer, direct-report, or "others" (smaller groups pooled)
    count: int


class RaterRun(Frozen):
    """A rater's run that counts in the others' view, as a report may show it: never by name."""

    relation: str  # as its group is shown
    taken_on: str  # the day only


class OthersRating(Frozen):
    competency: str
    title: str
    self_: int | None = Field(serialization_alias="self")  # None: "not sure"
    others: float | None  # others' mean, one decimal; None: no rater rated it
    low: int | None
    high: int | None
    raters: int  # how many raters rated it
    difference: float | None  # self minus others' mean, one decimal


class Calibration(Frozen):
    """The self-assessment beside others' ratings of the same person (DESIGN "Others' view")."""

    raters: list[RaterGroup]
    runs: list[RaterRun]
    competencies: list[OthersRating]
    blind_spots: list[str]  # self at least `blind_spot_difference` above others' mean, widest first
    hidden_strengths: list[str]  # others at least that far above self, widest first
    readiness_others: float | None
    placement_others: str | None
    from_self: list[str]  # competencies no rater rated: the self rating stands in for others' readiness


class OthersGap(Frozen):
    """How far apart self and others are at one self-assessment: the mean absolute difference over the
    competencies both rated."""

    id: str
    finished_at: str
    raters: int
    mean_difference: float


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
    """A step the previous run's plan set (one level up within a horizon), and whether it was reached."""

    competency: str
    title: str
    horizon: int
    due: bool  # its horizon had passed by the run that checks it
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
    no_projection: str | None = None  # why there is no projection, after "No projected date: "
    others_gap: list[OthersGap] = []  # per self-assessment with others' ratings, oldest first

    @classmethod
    def empty(cls, profile: str) -> Progress:
        """The progress of a profile with no completed run."""
        return cls(profile=profile, runs=[], changes=[], area_deltas={}, gaps_closed=[], gaps_opened=[], goals=[],
                   pace=None, projection=None)


# --- stored runs --------------------------------------------------------------------------

def _real_moment(value: str) -> str:
    """A timestamp that names a real moment with its offset (not 2026-02-30, not a local time)."""
    if datetime.fromisoformat(value).tzinfo is None:
        raise ValueError("needs a time zone offset")
    return value


RunId = Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")]
Stamp = Annotated[str, Field(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$"),
                  AfterValidator(_real_moment)]
Short = Annotated[str, Field(max_length=200), AfterValidator(printable)]


class DamagedRun(Frozen):
    """A stored run that no longer loads (edited by hand, written by a faulty version): listed, and deletable."""

    id: str
    profile: str
    status: str
    started_at: str
    reason: str


class StoredRun(Frozen):
    """One assessment as kept in history: its answers, and once complete, its result."""

    id: RunId
    profile: Profile
    name: Name | None
    rubric_id: Short
    rubric_version: Short
    rubric_hash: Short
    tool_version: Short
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
        if self.finished_at is not None and (datetime.fromisoformat(self.finished_at)
                                             < datetime.fromisoformat(self.started_at)):
            raise ValueError(f"run {self.id}: finished before it started")
        return self
