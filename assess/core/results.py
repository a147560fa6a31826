"""A scored result: readiness per rung, placement on every track, gates, gaps in the order to work on them,
what it would take, the plan and the answer checks. Frozen: a result is what the scorer said, never edited."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from assess.core.fields import FactValue, Frozen

# --- answers ------------------------------------------------------------------------------


# --- result -------------------------------------------------------------------------------


class GateResult(Frozen):
    id: str
    title: str
    required: list[dict[str, FactValue]]  # the alternatives, any one of which meets it; [] = no requirement
    actual: dict[str, FactValue | None]  # what was answered for the facts the alternatives name
    met: bool
    met_by: int | None  # which alternative is met (index into `required`)
    assumed: bool  # the requirement is the rubric's assumption, not its source's
    advisory: bool  # the requirement advises and never blocks the rung


class RoleResult(Frozen):
    id: str
    title: str
    tracks: list[str]
    readiness: float
    gates_met: bool  # every gate that blocks is met (advisory ones never block)
    advisory_unmet: list[str]  # the gates whose advisory requirement here is not met: shown, never blocking
    core_short: list[str]  # core competencies short by more than their tolerance, or not sure
    # A ladder is climbed, not skipped: a rung met on its own readiness, gates and core skills is still not met
    # while a rung below it on its track is not; this names the lowest such rung.
    unmet_below: str | None = None
    met: bool
    points_needed: float | None = None  # under the points model: the rung's minimum total


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
    gates: list[GateResult]  # the gates not met that block the rung
    advisory: list[GateResult]  # the advisory requirements not met: worth knowing, never blocking
    core: list[str]
    changes: list[RatingChange]
    readiness_after: float
    reachable: bool = True  # False: no ratings meet the rung (under transitions, one that asks nothing of its own)
    # Under the points model: the total now, the rung's minimum, and the total after the changes.
    points: float | None = None
    points_needed: float | None = None
    points_after: float | None = None


class TrackPlacement(Frozen):
    track: str
    title: str
    placement: str | None
    next_role: str | None
    what_it_takes: WhatItTakes | None


class Furthest(Frozen):
    """The highest rung met on any track, and the track it is on: where the person is furthest."""

    track: str
    title: str
    placement: str


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


class PointsTotal(Frozen):
    """Under the points model: the person's total, and the named level within their rung it reaches."""

    total: float
    grade: str | None  # the level within the rung placed on the path (Snowflake's 4.2), where the rubric names them
    next_grade: str | None
    to_next_grade: float | None  # points from the total to the next named level


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
    furthest: Furthest | None  # the highest rung met on any track; None when none is met
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
    points: PointsTotal | None = None  # the points model's total; None under the others


# --- others' view (360°) ------------------------------------------------------------------


# --- progress between stored runs ---------------------------------------------------------


# --- stored runs --------------------------------------------------------------------------


