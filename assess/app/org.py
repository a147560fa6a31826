"""An organisation's store: setting it up, sharing a run with one's managers, and reading one's reports.

What a manager reads is the shared projection of a run, the same redacted version `assess report --share`
writes (no evidence, no facts marked private), written by its person and readable only by the managers
above them, as the database's row-level security decides; the database also refuses a projection that
carries evidence or a fact it names private.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assess.app.runs import rescored, rubric_of, scored
from assess.app.team_inputs import LoadedRun
from assess.core.errors import BadInput, NeedsOrgStore, NoReport
from assess.core.runs import StoredRun
from assess.core.share import Sharing, shared_result, shared_run, sharing
from assess.core.team import Source
from assess.io.locations import Locations
from assess.io.store import Store, org_address
from assess.io.store.pg_base import Mean, OrgStore, Person, ReportRun

if TYPE_CHECKING:  # pg_admin loads psycopg, which only an admin's `org init` and `org add-person` need
    from assess.io.store.pg_admin import Added, Initialised

__all__ = ["Mean", "Person", "ReportRun", "Shared", "add_person", "init_org", "org_inputs", "org_store",
           "report_runs", "share_run", "team_means", "unshare_run"]


def _address(locations: Locations) -> str:
    if locations.store is None:
        raise NeedsOrgStore("setting up an organisation")
    return org_address(locations.store)


def init_org(locations: Locations) -> Initialised:
    """Create or upgrade the schema, roles and policies of the store `locations` names (as its admin)."""
    from assess.io.store.pg_admin import initialise  # psycopg, as above

    return initialise(_address(locations))


def add_person(locations: Locations, login: str, manager: str | None, *, hr: bool = False) -> Added:
    """Make `login` one of the organisation's people, under `manager` (as the store's admin)."""
    from assess.io.store.pg_admin import add_person as added  # psycopg, as above

    return added(_address(locations), login, manager, hr=hr)


def org_store(store: Store, doing: str) -> OrgStore:
    """`store` as an organisation's store, for `doing` what only one can."""
    if not isinstance(store, OrgStore):
        raise NeedsOrgStore(doing)
    return store


@dataclass(frozen=True)
class Shared:
    run: StoredRun  # the shared projection the managers read
    private_facts: tuple[str, ...]
    replaced: bool  # whether it replaced what was shared of that run before


def share_run(store: Store, run: StoredRun, private: Sequence[str] = ()) -> Shared:
    """Let the managers above this person read the shared version of complete self-assessment `run`, leaving out
    its evidence, the facts its answers mark private and `private`."""
    org = org_store(store, "sharing a run with your managers")
    if run.answers.rater is not None or run.status != "complete":
        raise NoReport(run.id, run.profile, run.answers.rater.relation if run.answers.rater else None)
    rubric = rubric_of(org, run)
    shown = scored(run, rubric)
    chosen = sharing(rubric, shown.answers, private)
    before = run.id in org.shared_ids()
    projection = shared_run(shown, rubric, chosen)
    org.share(projection, chosen.private_facts)
    return Shared(projection, chosen.private_facts, before)


def unshare_run(store: Store, run: StoredRun) -> bool:
    """Take back what the managers could read of `run`; whether anything was shared."""
    return org_store(store, "taking back a shared run").unshare(run.id)


def report_runs(store: Store, rubric_id: str | None = None, *, rescore: bool = False) -> list[ReportRun]:
    """The latest shared run of each person below this one: as its person's assess scored it when sharing (what
    their shared report shows), or with `rescore`, scored anew from its answers and rubric, as a handed-over
    file is (about 20 ms a run with the Director rubric)."""
    org = org_store(store, "reading your reports' shared runs")
    found = []
    for each in org.report_runs(rubric_id):
        if not rescore:
            found.append(each)
            continue
        try:
            again = rescored(each.run, each.rubric, f"{each.login}'s shared run {each.run.id}")
        except BadInput as err:  # one report's unreadable run does not hide everyone else's
            org.warnings.append(f"{err}; left out")
            continue
        assert again.result is not None
        hidden = Sharing(tuple(again.answers.private))
        shown = again.model_copy(update={"result": shared_result(each.rubric, again.result, hidden)})
        found.append(ReportRun(each.login, shown, each.rubric))
    return found


def org_inputs(store: Store) -> list[LoadedRun]:
    """The latest shared run of each person below this one, as a team reads a shared report handed over: scored
    anew from its shared answers and what the shared version stated. A run without a name goes by its login."""
    found = []
    for each in org_store(store, "building a team from your reports' shared runs").report_runs():
        run = each.run
        if run.name is None:  # a team tells people apart by name; the store knows who each one is
            run = run.model_copy(update={"name": each.login,
                                         "answers": run.answers.model_copy(update={"name": each.login})})
        source = Source(file=f"{each.login} (organisation's store)",
                        sha256=hashlib.sha256(run.model_dump_json().encode()).hexdigest())
        found.append(LoadedRun(run=run, rubric=each.rubric, source=source, shared=Sharing(tuple(run.answers.private)),
                               where=f"{each.login}'s shared run {run.id}"))
    if not found:
        raise BadInput(f"{store.where}: no one below you has shared a run yet; a team is built from the runs "
                       "people chose to share")
    return found


def team_means(store: Store, manager: str, rubric_id: str, k: int | None = None) -> list[Mean]:
    """The aggregate of the people under `manager`; empty for a group under k (never under 3)."""
    return org_store(store, "aggregates of a team").aggregate(manager, rubric_id, k)
