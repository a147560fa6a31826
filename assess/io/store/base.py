"""The store interface: every way the tool keeps and reads runs, whichever database holds them.

The app layer speaks only this interface. A store hands out the core's own models (`StoredRun`,
`DamagedRun`, `RunPoint`, `Rubric`); no database type or SQL leaves an implementation. Drafts are saved an
answer at a time; completed runs never change; every write is one transaction.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal, NamedTuple

from assess.core.answers import Answers, Rater
from assess.core.results import Result
from assess.core.rubric import Rubric
from assess.core.runs import DamagedRun, RunPoint, StoredRun

Who = Literal["self", "raters", "all"]  # the person's self-assessments, others' ratings of them, or both
WHO: tuple[Who, ...] = ("self", "raters", "all")
STATUSES = ("draft", "complete")


class RunSummary(NamedTuple):
    """Enough of a run, damaged or not, to confirm deleting it."""

    id: str
    profile: str
    status: str
    when: str


class KnownRubric(NamedTuple):
    """A rubric version held in a store, and how many runs were taken with it."""

    id: str
    version: str
    title: str
    competencies: int | None  # None: its stored copy does not say
    runs: int


class Store(ABC):
    """Where a person's (or an organisation's) runs are kept."""

    where: str  # how messages name the store: a file's path, or a database's address
    warnings: list[str]  # for the person, e.g. a folder others can read

    # --- drafts: the questionnaire saves every answer as it is given ---------------------------------

    @abstractmethod
    def create_draft(self, *, answers: Answers, rubric: Rubric, started_at: datetime,
                     started_from: str | None = None) -> StoredRun:
        """A new unfinished run; `started_from`: the run whose answers the questionnaire offers as defaults."""

    @abstractmethod
    def find_draft(self, profile: str, rubric_id: str | None = None, rater: Rater | None = None) -> StoredRun | None:
        """The profile's newest unfinished self-assessment, or with `rater`, that rater's unfinished rating of it."""

    @abstractmethod
    def save_answer(self, run_id: str, section: str, key: str, value: Any) -> None: ...

    @abstractmethod
    def complete(self, run_id: str, *, result: Result, finished_at: datetime) -> StoredRun: ...

    @abstractmethod
    def discard(self, run_id: str) -> None:
        """Delete a draft."""

    # --- completed runs ----------------------------------------------------------------------------

    @abstractmethod
    def add_complete(self, *, answers: Answers, rubric: Rubric, result: Result, started_at: datetime,
                     finished_at: datetime) -> StoredRun: ...

    @abstractmethod
    def import_runs(self, runs: Sequence[tuple[StoredRun, Rubric]]) -> list[StoredRun]:
        """Add runs kept elsewhere, each with its rubric, keeping their ids (and a shared report's mark); those
        already here are skipped."""

    # --- reading -----------------------------------------------------------------------------------

    @abstractmethod
    def get(self, run_id_or_prefix: str) -> StoredRun: ...

    @abstractmethod
    def describe(self, run_id_or_prefix: str) -> RunSummary: ...

    @abstractmethod
    def latest(self, profile: str) -> StoredRun:
        """The profile's newest complete self-assessment."""

    @abstractmethod
    def runs(self, profile: str | None = None, status: str | None = "complete", *, rubric_id: str | None = None,
             last: int | None = None, who: Who = "self", until: str | None = None) -> list[StoredRun]:
        """Runs oldest first; `last=n` only the newest n; `until` only those finished (or started) by then."""

    @abstractmethod
    def damaged(self, profile: str | None = None) -> list[DamagedRun]:
        """The runs that no longer load, so they can be listed and deleted."""

    @abstractmethod
    def run_points(self, profile: str, rubric_id: str | None = None, until: str | None = None) -> list[RunPoint]:
        """The numbers progress plots for every complete self-assessment (`RunPoint.of` each), without loading
        whole runs."""

    @abstractmethod
    def profiles(self) -> list[str]: ...

    # --- rubrics each run was taken with -------------------------------------------------------------

    @abstractmethod
    def rubric(self, digest: str) -> Rubric | None:
        """The stored copy of a rubric, by its content hash."""

    @abstractmethod
    def latest_rubric(self, rubric_id: str) -> Rubric | None:
        """The most recently stored rubric with this id."""

    @abstractmethod
    def known_rubrics(self) -> list[KnownRubric]: ...

    # --- forgetting --------------------------------------------------------------------------------

    @abstractmethod
    def delete_runs(self, run_ids: Sequence[str]) -> int: ...

    @abstractmethod
    def delete_profile(self, profile: str) -> int: ...

    @abstractmethod
    def purge(self) -> None:
        """Make sure deleted answers are gone from the disk, not only from the tables."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
