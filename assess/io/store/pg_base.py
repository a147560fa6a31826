"""What an organisation's store adds to the `Store` interface: sharing with managers, a manager's reports, and
aggregates. Importing it loads no database library, so the app and CLI can name it on the local path."""

from __future__ import annotations

from abc import abstractmethod
from typing import NamedTuple

from assess.core.rubric import Rubric
from assess.core.runs import StoredRun
from assess.io.store.base import Store


class Person(NamedTuple):
    """Who this connection is in the organisation."""

    login: str
    manager: str | None
    hr: bool
    reports: int  # people below them along the management chain


class ReportRun(NamedTuple):
    """A report's shared run, as their manager reads it: whose it is, the shared projection, and its rubric."""

    login: str
    run: StoredRun
    rubric: Rubric


class Mean(NamedTuple):
    """One figure of an aggregate: readiness (competency None) or a competency's mean rating, over `people`."""

    competency: str | None
    people: int
    mean: float


class OrgStore(Store):
    """A store shared by an organisation, where the database decides who reads what."""

    @abstractmethod
    def whoami(self) -> Person: ...

    @abstractmethod
    def share(self, shared: StoredRun, private_facts: tuple[str, ...]) -> None:
        """Show the managers above this person `shared`, the shared projection of their complete run of that id
        (replacing what was shared of it before)."""

    @abstractmethod
    def unshare(self, run_id: str) -> bool:
        """Take back what was shared of a run; whether anything was shared."""

    @abstractmethod
    def shared_ids(self) -> set[str]:
        """This person's runs that their managers can read."""

    @abstractmethod
    def report_runs(self, rubric_id: str | None = None) -> list[ReportRun]:
        """The latest shared run of each person below this one along the management chain (of `rubric_id`)."""

    @abstractmethod
    def aggregate(self, manager: str, rubric_id: str, k: int | None = None) -> list[Mean]:
        """Means over the people under `manager`; nothing for a group under k (never under 3)."""
