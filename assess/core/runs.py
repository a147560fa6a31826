"""Stored runs: one assessment as history keeps it, and the few numbers of it that progress plots.

Moments are ISO 8601 text with an offset; this tool writes them in UTC to the second (`iso`), so stored runs
sort by time as text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from assess.core.answers import Answers, Name, Profile
from assess.core.fields import Frozen, Id, Strict
from assess.core.results import Result
from assess.core.text import printable


class RunPoint(Frozen):
    """What progress plots of one complete run."""

    id: str
    finished_at: str
    rubric_version: str
    readiness: float
    readiness_by_role: dict[str, float]
    placement: str | None
    areas: dict[str, float]

    @classmethod
    def of(cls, run: StoredRun) -> RunPoint:
        """The point of complete, scored `run`; a store hands out the same for its runs without loading them."""
        if run.result is None or run.finished_at is None:
            raise ValueError(f"run {run.id} is not scored; progress needs complete, scored runs")
        result = run.result
        return cls(id=run.id, finished_at=run.finished_at, rubric_version=run.rubric_version,
                   readiness=result.readiness, readiness_by_role=result.readiness_by_role,
                   placement=result.placement, areas=result.areas)


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


class SharedMark(Strict):
    """The run is the one a shared report (`assess report --share`) carried: its evidence sentences and these
    facts were left out. So that every report of it reads as the shared report did, the mark keeps what that
    report stated and the redacted answers no longer tell: each track's placement (which says the gates of the
    rungs up to it are met) and which ratings had a sentence of evidence (not the sentences). None: not stated,
    by a report of an older assess."""

    private_facts: Annotated[list[Id], Field(max_length=50)] = []
    placements: Annotated[dict[Id, Id | None], Field(max_length=50)] | None = None
    evidenced: Annotated[list[Id], Field(max_length=1000)] | None = None


class StoredRun(Frozen):
    """One assessment as kept in history: its answers, and once complete, its result. A complete run's result
    is None when the one stored was written by an older assess and today's models cannot read it: whoever
    reads the run scores it again (`assess.app.runs.scored`)."""

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
    started_from: RunId | None = None  # the run whose answers a rerun offered as its defaults
    shared: SharedMark | None = None  # imported from a shared report

    @model_validator(mode="after")
    def _consistent(self) -> StoredRun:
        if self.status == "complete" and self.finished_at is None:
            raise ValueError(f"run {self.id}: a complete run needs finished_at")
        if self.status == "draft" and self.result is not None:
            raise ValueError(f"run {self.id}: a draft has no result")
        if self.answers.profile != self.profile:
            raise ValueError(f"run {self.id}: answers.profile {self.answers.profile!r} differs from {self.profile!r}")
        if self.finished_at is not None and (datetime.fromisoformat(self.finished_at)
                                             < datetime.fromisoformat(self.started_at)):
            raise ValueError(f"run {self.id}: finished before it started")
        return self


def utc(stamp: str) -> datetime:
    """The moment ISO 8601 text with an offset names, in UTC."""
    return datetime.fromisoformat(stamp).astimezone(UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC to the second; naive datetimes are taken to be UTC already."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")
