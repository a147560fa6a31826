"""Rows of an organisation store read back into runs, and runs written out as rows.

A run's answers are one JSON document (facts, ratings, evidence, the facts marked private), kept as `json`
so its keys stay in the order they were answered. As in the local store, a row that no longer reads as a run
becomes a `DamagedRun`, and a result today's models cannot read is left for the app to score again.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from assess.core.answers import SECTIONS, Answers
from assess.core.errors import BadInput
from assess.core.rubric import Rubric
from assess.core.runs import DamagedRun, RunPoint, SharedMark, StoredRun, iso, utc
from assess.io.store.base import STATUSES, WHO
from assess.io.store.sqlite_rows import run_of, shared_column

COLUMNS = ("id", "profile", "name", "rubric_ref", "rubric_id", "rubric_version", "rubric_hash", "tool_version",
           "started_at", "finished_at", "status", "result::text", "answers::text", "rater_relation", "rater_name",
           "started_from", "shared::text")
SELECT_RUNS = f"SELECT {', '.join(COLUMNS)} FROM assess.runs"  # noqa: S608 - fixed column names
SHARED_COLUMNS = ("run_id", "profile", "name", "rubric_ref", "rubric_id", "rubric_version", "rubric_hash",
                  "tool_version", "started_at", "finished_at", "'complete'", "result::text", "answers::text", "NULL",
                  "NULL", "NULL", "mark::text")
SELECT_SHARED = f"SELECT owner, {', '.join(SHARED_COLUMNS)} FROM assess.shared_runs"  # noqa: S608 - fixed columns

_WHO_CLAUSE = {"self": "rater_relation IS NULL", "raters": "rater_relation IS NOT NULL"}
INSERT_DRAFT = ("INSERT INTO assess.runs (id, profile, name, rubric_ref, rubric_id, rubric_version, rubric_hash, "
                "tool_version, started_at, rater_relation, rater_name, answers, started_from, shared, status) VALUES "
                "(:id, :profile, :name, :rubric_ref, :rubric_id, :rubric_version, :rubric_hash, :tool_version, "
                ":started_at, :rater_relation, :rater_name, CAST(:answers AS json), :started_from, "
                "CAST(:shared AS json), 'draft')")
# A complete run an import brings, in one statement: its result, or (an import of many) its standing only.
INSERT_WHOLE = ("INSERT INTO assess.runs (id, profile, name, rubric_ref, rubric_id, rubric_version, rubric_hash, "
                "tool_version, started_at, rater_relation, rater_name, answers, started_from, shared, status, "
                "finished_at, readiness, placement, result) VALUES (:id, :profile, :name, :rubric_ref, :rubric_id, "
                ":rubric_version, :rubric_hash, :tool_version, :started_at, :rater_relation, :rater_name, "
                "CAST(:answers AS json), :started_from, CAST(:shared AS json), 'complete', :finished_at, :readiness, "
                ":placement, CAST(:result AS json)) ON CONFLICT (id) DO NOTHING")


def dumped(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def document(answers: Answers) -> dict[str, Any]:
    """What a run keeps of its answers beyond its columns."""
    return {**{section: dict(getattr(answers, section)) for section in SECTIONS}, "private": list(answers.private)}


def with_answer(held: dict[str, Any], section: str, key: str, value: Any) -> dict[str, Any]:
    """The answers document `held` with one answer given (an empty evidence sentence takes the sentence away)."""
    changed = dict(held.get(section) or {})
    if value is None and section == "evidence":
        changed.pop(key, None)
    else:
        changed[key] = value
    return {**held, section: changed}


def draft_row(run_id: str, answers: Answers, rubric_id: str, rubric_version: str, digest: str, started_at: str,
              tool_version: str, *, started_from: str | None = None, shared: SharedMark | None = None
              ) -> dict[str, Any]:
    rater = answers.rater
    return {"id": run_id, "profile": answers.profile, "name": answers.name, "rubric_ref": answers.rubric,
            "rubric_id": rubric_id, "rubric_version": rubric_version, "rubric_hash": digest,
            "tool_version": tool_version, "started_at": started_at,
            "rater_relation": rater.relation if rater else None, "rater_name": rater.name if rater else None,
            "answers": dumped(document(answers)), "started_from": started_from,
            "shared": shared_column(shared)}


def whole_row(run: StoredRun, rubric: Rubric, digest: str) -> dict[str, Any] | None:
    """The parameters `INSERT_WHOLE` takes for complete `run` (moments in UTC, as this store writes them), with its
    result or its standing; None for a draft."""
    scored = run.result or run.standing
    if run.status != "complete" or run.finished_at is None or scored is None:
        return None
    return {**draft_row(run.id, run.answers, rubric.id, rubric.version, digest, iso(utc(run.started_at)),
                        run.tool_version, started_from=run.started_from, shared=run.shared),
            "finished_at": iso(utc(run.finished_at)), "readiness": scored.readiness, "placement": scored.placement,
            "result": scored.model_dump_json()}


def loaded(row: tuple[Any, ...]) -> StoredRun | DamagedRun:
    """The run of `row` (selected with `SELECT_RUNS`, or `SELECT_SHARED` without its owner)."""
    held, unreadable = json.loads(row[12]), None
    if not isinstance(held, dict):
        held, unreadable = {}, "its stored answers are not a document"
    sections = {part: held.get(part) for part in (*SECTIONS, "private")}
    return run_of((*row[:12], *row[13:], None), sections, unreadable)  # None: no answers_json, they are in row[12]


def filtered(profile: str | None, status: str | None, rubric_id: str | None = None, who: str = "self",
            until: str | None = None) -> tuple[str, dict[str, Any]]:
    if who not in WHO:
        raise BadInput(f"runs of {who!r}: not one of {', '.join(WHO)}")
    clauses = [_WHO_CLAUSE[who]] if who in _WHO_CLAUSE else []
    params: dict[str, Any] = {}
    for column, value in (("rubric_id", rubric_id), ("profile", profile)):
        if value is not None:
            clauses.append(f"{column} = :{column}")
            params[column] = value
    if status is not None:
        if status not in STATUSES:
            raise BadInput(f"status {status!r} is not one of {', '.join(STATUSES)}")
        clauses.append("status = :status")
        params["status"] = status
    if until is not None:
        clauses.append("coalesce(finished_at, started_at) <= :until")
        params["until"] = iso(utc(until))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def run_point(data: Any) -> RunPoint | None:
    try:
        return RunPoint.model_validate(data)
    except ValidationError:
        return None

