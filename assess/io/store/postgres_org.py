"""What an organisation's store adds to the runs it keeps: sharing with managers, reading one's reports, aggregates.

Each query runs as the person logged in, so row-level security decides what it finds: `report_runs` reads
`shared_runs` and gets back only the rows of people below them; `aggregate` is the database's function that
returns nothing for a group under k.
"""

from __future__ import annotations

from assess.core.errors import BadInput
from assess.core.rubric import Rubric
from assess.core.runs import DamagedRun, StoredRun
from assess.io.store.pg_base import Mean, Person, ReportRun
from assess.io.store.pg_connection import Connection
from assess.io.store.pg_rows import SELECT_SHARED, draft_row, loaded, shared_column


class OrgQueries:
    """The organisation's side of `PostgresStore`."""

    _conn: Connection
    person: Person
    warnings: list[str]

    def rubric(self, digest: str) -> Rubric | None:
        """The stored rubric of that hash (the store's own query)."""
        raise NotImplementedError  # PostgresStore's, which comes first

    def whoami(self) -> Person:
        return self.person

    def share(self, shared: StoredRun, private_facts: tuple[str, ...]) -> None:
        if shared.result is None or shared.finished_at is None or shared.answers.rater is not None:
            raise BadInput(f"run {shared.id}: only a complete self-assessment can be shared")
        row = draft_row(shared.id, shared.answers, shared.rubric_id, shared.rubric_version, shared.rubric_hash,
                        shared.started_at, shared.tool_version)
        del row["rater_relation"], row["rater_name"], row["started_from"], row["shared"]
        with self._conn.write():
            self._conn.run("DELETE FROM assess.shared_runs WHERE run_id = :id", {"id": shared.id})
            self._conn.run(
                "INSERT INTO assess.shared_runs (run_id, profile, name, rubric_ref, rubric_id, rubric_version, "
                "rubric_hash, tool_version, started_at, finished_at, readiness, placement, result, answers, "
                "private_facts, mark) VALUES (:id, :profile, :name, :rubric_ref, :rubric_id, :rubric_version, "
                ":rubric_hash, :tool_version, :started_at, :finished_at, :readiness, :placement, "
                "CAST(:result AS json), CAST(:answers AS json), :private, CAST(:mark AS json))",
                {**row, "finished_at": shared.finished_at, "readiness": shared.result.readiness,
                 "placement": shared.result.placement, "result": shared.result.model_dump_json(),
                 "private": list(private_facts), "mark": shared_column(shared.shared)})

    def unshare(self, run_id: str) -> bool:
        with self._conn.write():
            return self._conn.run("DELETE FROM assess.shared_runs WHERE run_id = :id", {"id": run_id}) > 0

    def shared_ids(self) -> set[str]:
        return {row[0] for row in self._conn.rows("SELECT run_id FROM assess.shared_runs WHERE owner = current_user")}

    def report_runs(self, rubric_id: str | None = None) -> list[ReportRun]:
        where = " AND rubric_id = :rubric_id" if rubric_id is not None else ""
        rows = self._conn.rows(f"SELECT DISTINCT ON (owner) {SELECT_SHARED.removeprefix('SELECT ')} "
                               f"WHERE owner <> current_user{where} ORDER BY owner, finished_at DESC, shared_at DESC",
                               {"rubric_id": rubric_id})
        rubrics: dict[str, Rubric | None] = {}
        found = []
        for login, *columns in rows:
            run = loaded(tuple(columns))
            if isinstance(run, DamagedRun):
                self.warnings.append(f"{login}'s shared run {run.id} no longer loads ({run.reason}); left out")
                continue
            if run.rubric_hash not in rubrics:
                rubrics[run.rubric_hash] = self.rubric(run.rubric_hash)
            rubric = rubrics[run.rubric_hash]
            if rubric is not None:
                found.append(ReportRun(login, run, rubric))
        return found

    def aggregate(self, manager: str, rubric_id: str, k: int | None = None) -> list[Mean]:
        rows = self._conn.rows("SELECT competency, people, mean FROM assess.team_aggregate(:manager, :rubric, "
                               "coalesce(:k, 5))", {"manager": manager, "rubric": rubric_id, "k": k})
        return [Mean(*row) for row in rows]
