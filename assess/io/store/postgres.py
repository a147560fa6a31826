"""An organisation's store: every person's runs in one PostgreSQL database that decides who reads what.

The same `Store` as the local SQLite file (drafts saved after each answer, completed runs frozen by a
trigger, every write one transaction), plus what an organisation adds (`OrgStore`). It connects only as a
person's own login role: a superuser, a role that bypasses row-level security or one that owns the tables
is refused, so every row it reads is one the database itself let that person read. Answers given while the
server is out of reach are kept on this machine (`pg_pending`) and sent first when it is back.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from assess import __version__
from assess.core.answers import SECTIONS, Answers, Rater
from assess.core.errors import (
    AnswersKeptHere,
    BadInput,
    NoCompletedRun,
    RunDamaged,
    RunNotFound,
    StorageError,
    Unreachable,
)
from assess.core.results import Result
from assess.core.rubric import Rubric
from assess.core.runs import DamagedRun, RunPoint, StoredRun, iso, utc
from assess.core.snapshot import rubric_snapshot
from assess.io.store.base import KnownRubric, RunSummary, Who
from assess.io.store.pg_access import check_login
from assess.io.store.pg_base import OrgStore
from assess.io.store.pg_connection import Connection, Row
from assess.io.store.pg_pending import Pending
from assess.io.store.pg_rows import (
    INSERT_DRAFT,
    SELECT_RUNS,
    draft_row,
    dumped,
    filtered,
    loaded,
    run_point,
    with_answer,
)
from assess.io.store.postgres_org import OrgQueries

_ORDER = "coalesce(finished_at, started_at), stored_at"
_ORDER_NEWEST = "coalesce(finished_at, started_at) DESC, stored_at DESC"
_RUN_POINTS = TypeAdapter(list[RunPoint])
T = TypeVar("T")


class PostgresStore(OrgQueries, OrgStore):
    """The organisation store at `url` (a libpq address), as the person it logs in as; answers it cannot take
    yet wait in `pending` (a folder of this machine)."""

    def __init__(self, url: str, pending: Path) -> None:
        self._conn = Connection(url)
        self.where = self._conn.where
        self.warnings: list[str] = []
        self._pending = Pending(pending, url)
        try:
            self.person = check_login(self._conn)
            self._send_waiting()
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        self._conn.close()

    # --- drafts -------------------------------------------------------------------------------------

    def create_draft(self, *, answers: Answers, rubric: Rubric, started_at: datetime) -> StoredRun:
        run_id = _new_run_id()
        with self._conn.write():
            self._insert(run_id, answers, rubric, iso(started_at), __version__)
        return self.get(run_id)

    def find_draft(self, profile: str, rubric_id: str | None = None, rater: Rater | None = None) -> StoredRun | None:
        sql = "SELECT id FROM assess.runs WHERE profile = :profile AND status = 'draft'"
        params: dict[str, Any] = {"profile": profile}
        if rater is None:
            sql += " AND rater_relation IS NULL"
        else:
            sql += " AND rater_relation = :relation AND rater_name = :rater"
            params |= {"relation": rater.relation, "rater": rater.name}
        if rubric_id is not None:
            sql += " AND rubric_id = :rubric_id"
            params["rubric_id"] = rubric_id
        row = self._conn.one(sql + " ORDER BY started_at DESC, stored_at DESC LIMIT 1", params)
        return self.get(row[0]) if row else None

    def save_answer(self, run_id: str, section: str, key: str, value: Any) -> None:
        if section not in SECTIONS:
            raise BadInput(f"answer section {section!r} is not one of {', '.join(SECTIONS)}")
        waiting = [*self._pending.of(run_id), (section, key, value)]
        try:
            _again_once(lambda: self._send(run_id, waiting))
        except Unreachable:
            try:
                self._pending.add(run_id, section, key, value)
            except OSError:
                raise StorageError(f"{self.where}: cannot reach the organisation's store, nor keep the answer on "
                                   f"this machine ({self._pending.folder})") from None
            return
        self._pending.clear(run_id)

    def complete(self, run_id: str, *, result: Result, finished_at: datetime) -> StoredRun:
        def finish() -> None:
            with self._conn.write():
                self._send(run_id, self._pending.of(run_id))
                self._finish(run_id, result, iso(finished_at))

        try:
            _again_once(finish)
        except Unreachable:
            waiting = self._pending.of(run_id)
            if waiting:
                raise AnswersKeptHere(self.where, len(waiting), self._pending.path(run_id)) from None
            raise
        self._pending.clear(run_id)
        return self.get(run_id)

    def discard(self, run_id: str) -> None:
        with self._conn.write():
            self._draft_answers(run_id)
            self._conn.run("DELETE FROM assess.runs WHERE id = :id", {"id": run_id})
        self._pending.clear(run_id)

    # --- completed runs -----------------------------------------------------------------------------

    def add_complete(self, *, answers: Answers, rubric: Rubric, result: Result, started_at: datetime,
                     finished_at: datetime) -> StoredRun:
        run_id = _new_run_id()
        with self._conn.write():
            self._insert(run_id, answers, rubric, iso(started_at), __version__)
            self._finish(run_id, result, iso(finished_at))
        return self.get(run_id)

    def import_runs(self, runs: Sequence[tuple[StoredRun, Rubric]]) -> list[StoredRun]:
        added = []
        with self._conn.write():
            for run, rubric in runs:
                # A run of that id another person holds is not theirs to see; it is skipped as one already here.
                if not self._insert(run.id, run.answers, rubric, iso(utc(run.started_at)), run.tool_version,
                                    skip_present=True):
                    continue
                if run.status == "complete" and run.result is not None and run.finished_at is not None:
                    self._finish(run.id, run.result, iso(utc(run.finished_at)))
                added.append(run)
        return added

    # --- reading ------------------------------------------------------------------------------------

    def get(self, run_id_or_prefix: str) -> StoredRun:
        found = loaded(self._match(run_id_or_prefix))
        if isinstance(found, DamagedRun):
            raise RunDamaged(found.id, found.reason)
        return found

    def describe(self, run_id_or_prefix: str) -> RunSummary:
        row = self._match(run_id_or_prefix)
        return RunSummary(row[0], row[1], row[10], row[9] or row[8])

    def _match(self, run_id_or_prefix: str) -> Row:
        prefix = run_id_or_prefix.strip().lower()
        if not prefix or any(ch not in "0123456789abcdef" for ch in prefix):
            raise RunNotFound(f"run {run_id_or_prefix!r}: not a run id (12 hex characters, or a unique prefix)")
        rows = self._conn.rows(f"{SELECT_RUNS} WHERE id >= :low AND id < :high ORDER BY id LIMIT 6",
                               {"low": prefix, "high": prefix + "g"})
        if not rows:
            raise RunNotFound(f"run {run_id_or_prefix!r}: no such run in {self.where}")
        if len(rows) > 1:
            shown = ", ".join(row[0] for row in rows[:5])
            raise RunNotFound(f"run {run_id_or_prefix!r}: ambiguous, matches {shown}{', ...' if len(rows) > 5 else ''}")
        return rows[0]

    def latest(self, profile: str) -> StoredRun:
        row = self._conn.one("SELECT id FROM assess.runs WHERE profile = :profile AND status = 'complete' "  # noqa: S608
                             f"AND rater_relation IS NULL ORDER BY {_ORDER_NEWEST} LIMIT 1", {"profile": profile})
        if row is None:
            raise NoCompletedRun(profile)
        return self.get(row[0])

    def runs(self, profile: str | None = None, status: str | None = "complete", *, rubric_id: str | None = None,
             last: int | None = None, who: Who = "self", until: str | None = None) -> list[StoredRun]:
        where, params = filtered(profile, status, rubric_id, who, until)
        if last is None:
            rows = self._conn.rows(f"{SELECT_RUNS}{where} ORDER BY {_ORDER}", params)
        else:
            rows = self._conn.rows(f"{SELECT_RUNS}{where} ORDER BY {_ORDER_NEWEST} LIMIT :last",
                                   {**params, "last": last})
            rows.reverse()
        return [run for run in map(loaded, rows) if isinstance(run, StoredRun)]

    def damaged(self, profile: str | None = None) -> list[DamagedRun]:
        where, params = filtered(profile, None, who="all")
        rows = self._conn.rows(f"{SELECT_RUNS}{where} ORDER BY {_ORDER}", params)
        return [run for run in map(loaded, rows) if isinstance(run, DamagedRun)]

    def run_points(self, profile: str, rubric_id: str | None = None, until: str | None = None) -> list[RunPoint]:
        where, params = filtered(profile, "complete", rubric_id, "self", until)
        # The server cuts the few fields out of each stored result; pydantic reads them all in one call.
        row = self._conn.one(
            "SELECT coalesce(json_agg(json_build_object('id', id, 'finished_at', finished_at, "  # noqa: S608
            "'rubric_version', rubric_version, 'readiness', readiness, 'placement', placement, "
            "'readiness_by_role', result -> 'readiness_by_role', 'areas', result -> 'areas') "
            f"ORDER BY {_ORDER}), '[]')::text FROM assess.runs{where}", params)
        text = row[0] if row else "[]"
        try:
            return _RUN_POINTS.validate_json(text)
        except ValidationError:  # a damaged run among them: leave it out, as `history` lists it as damaged
            return [point for point in map(run_point, json.loads(text)) if point is not None]

    def profiles(self) -> list[str]:
        return [row[0] for row in self._conn.rows("SELECT DISTINCT profile FROM assess.runs ORDER BY profile")]

    # --- rubrics ------------------------------------------------------------------------------------

    def rubric(self, digest: str) -> Rubric | None:
        row = self._conn.one("SELECT content FROM assess.rubrics WHERE hash = :hash", {"hash": digest})
        if row is None:
            return None
        try:
            return Rubric.model_validate_json(row[0])
        except ValidationError:
            raise StorageError(f"{self.where}: the stored rubric {digest[:12]} no longer loads") from None

    def latest_rubric(self, rubric_id: str) -> Rubric | None:
        row = self._conn.one("SELECT r.hash FROM assess.rubrics r WHERE r.id = :id AND EXISTS (SELECT 1 FROM "
                             "assess.runs WHERE rubric_hash = r.hash) ORDER BY r.stored_at DESC LIMIT 1",
                             {"id": rubric_id})
        return self.rubric(row[0]) if row else None

    def known_rubrics(self) -> list[KnownRubric]:
        # Only the rubrics of this person's own runs: which rubrics others took is not theirs to list.
        rows = self._conn.rows(
            "SELECT r.id, r.version, r.title, CASE WHEN json_typeof(r.content::json -> 'competencies') = 'array' "
            "THEN json_array_length(r.content::json -> 'competencies') END, count(runs.id) "
            "FROM assess.rubrics r JOIN assess.runs ON runs.rubric_hash = r.hash GROUP BY r.hash "
            "ORDER BY r.id, r.stored_at")
        return [KnownRubric(*row) for row in rows]

    # --- forgetting ---------------------------------------------------------------------------------

    def delete_runs(self, run_ids: Sequence[str]) -> int:
        with self._conn.write():
            deleted = self._conn.run("DELETE FROM assess.runs WHERE id = ANY(:ids)", {"ids": list(run_ids)})
        for run_id in run_ids:
            self._pending.clear(run_id)
        return deleted

    def delete_profile(self, profile: str) -> int:
        with self._conn.write():
            return self._conn.run("DELETE FROM assess.runs WHERE profile = :profile", {"profile": profile})

    def purge(self) -> None:
        """Deleted rows leave every query at once; the space they held is the server's vacuum's to reclaim, which
        only its admin may run (a person's role owns no table). Deleting needs no purge, so asking for one is
        answered rather than pretended."""
        raise StorageError(f"{self.where}: deleted runs are gone from every query at once; the space they held on "
                           "the server is reclaimed by its vacuum, which the organisation's admin runs")

    # --- internals ----------------------------------------------------------------------------------

    def _send_waiting(self) -> None:
        """Answers kept on this machine while the server was out of reach: theirs first."""
        for run_id in self._pending.drafts():
            try:
                with self._conn.write():
                    self._send(run_id, self._pending.of(run_id))
            except Unreachable:
                raise
            except StorageError as exc:
                self.warnings.append(f"{len(self._pending.of(run_id))} answers kept in {self._pending.path(run_id)} "
                                     f"could not be sent ({exc})")
                continue
            self._pending.clear(run_id)

    def _send(self, run_id: str, answers: Sequence[tuple[str, str, Any]]) -> None:
        """Add `answers` to draft `run_id` (which must be one, answers or not)."""
        with self._conn.write():
            held = self._draft_answers(run_id)
            if not answers:
                return
            for section, key, value in answers:
                held = with_answer(held, section, key, value)
            self._conn.run("UPDATE assess.runs SET answers = CAST(:answers AS json) WHERE id = :id",
                           {"answers": dumped(held), "id": run_id})

    def _draft_answers(self, run_id: str) -> dict[str, Any]:
        """The answers of draft `run_id`, locked until the transaction under way ends."""
        row = self._conn.one("SELECT status, answers::text FROM assess.runs WHERE id = :id FOR UPDATE",
                             {"id": run_id})
        if row is None:
            raise RunNotFound(f"run {run_id!r}: no such run in {self.where}")
        if row[0] != "draft":
            raise StorageError(f"run {run_id}: is complete; completed runs cannot change")
        held: dict[str, Any] = json.loads(row[1])
        return held

    def _insert(self, run_id: str, answers: Answers, rubric: Rubric, started_at: str, tool_version: str, *,
                skip_present: bool = False) -> bool:
        content, digest = rubric_snapshot(rubric)
        self._conn.run("INSERT INTO assess.rubrics (hash, id, version, title, content) VALUES (:hash, :id, :version, "
                       ":title, :content) ON CONFLICT (hash) DO NOTHING",
                       {"hash": digest, "id": rubric.id, "version": rubric.version, "title": rubric.title,
                        "content": content})
        row = draft_row(run_id, answers, rubric.id, rubric.version, digest, started_at, tool_version)
        return self._conn.run(INSERT_DRAFT + (" ON CONFLICT (id) DO NOTHING" if skip_present else ""), row) > 0

    def _finish(self, run_id: str, result: Result, finished_at: str) -> None:
        self._conn.run("UPDATE assess.runs SET status = 'complete', finished_at = :finished_at, readiness = "
                       ":readiness, placement = :placement, result = CAST(:result AS json) WHERE id = :id",
                       {"finished_at": finished_at, "readiness": result.readiness, "placement": result.placement,
                        "result": result.model_dump_json(), "id": run_id})


def _new_run_id() -> str:
    return uuid.uuid4().hex[:12]


def _again_once(step: Callable[[], T]) -> T:
    """`step`, and once more on a fresh connection when the last one was dropped (a restarted server, an idle
    connection cut by the network); a server still out of reach then is the caller's to handle."""
    try:
        return step()
    except Unreachable:
        return step()
