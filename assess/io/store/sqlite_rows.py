"""Rows of the history database read back into runs, and runs written out as rows.

A row that no longer reads as a run (edited by hand, written by a faulty version) becomes a `DamagedRun`,
listed and deletable, rather than an error that stops every query. A complete run whose stored result
today's models cannot read keeps its answers and is handed out without a result, to be scored again by
whoever reads it (`assess.app.runs.scored`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from assess.core.answers import SECTIONS, Answers
from assess.core.results import Result
from assess.core.runs import DamagedRun, SharedMark, StoredRun
from assess.io.store.sqlite_connection import DAMAGED_TEXT, Connection, Row

COLUMNS = ("id", "profile", "name", "rubric_ref", "rubric_id", "rubric_version", "rubric_hash", "tool_version",
           "started_at", "finished_at", "status", "result", "rater_relation", "rater_name", "started_from", "shared")
SELECT_RUNS = f"SELECT {', '.join(COLUMNS)} FROM runs"  # noqa: S608 - fixed column names
INSERT_DRAFT = ("INSERT INTO runs (id, profile, name, rubric_ref, rubric_id, rubric_version, rubric_hash, "
                "tool_version, started_at, rater_relation, rater_name, started_from, shared, status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft')")
CHUNK = 500  # SQLite caps the number of bound parameters


def dumped(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def rater_columns(answers: Answers) -> tuple[str | None, str | None]:
    rater = answers.rater
    return (None, None) if rater is None else (rater.relation, rater.name)


def shared_column(mark: SharedMark | None) -> str | None:
    return None if mark is None else mark.model_dump_json()


def answer_rows(run_id: str, answers: Answers) -> list[tuple[str, str, str, str]]:
    return [(run_id, section, key, dumped(value)) for section in SECTIONS
            for key, value in getattr(answers, section).items()]


def loaded(conn: Connection, rows: Sequence[Row]) -> list[StoredRun | DamagedRun]:
    """The runs of `rows` (selected with `SELECT_RUNS`), with their answers."""
    ids = [row[0] for row in rows]
    sections: dict[str, dict[str, dict[str, Any]]] = {run_id: {s: {} for s in SECTIONS} for run_id in ids}
    unreadable: dict[str, str] = {}
    private: dict[str, list[str]] = {run_id: [] for run_id in ids}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        marks = ",".join("?" * len(chunk))
        for run_id, section, key, value in conn.rows(
                f"SELECT run_id, section, key, value FROM answers WHERE run_id IN ({marks}) ORDER BY rowid",  # noqa: S608
                chunk):
            try:
                sections[run_id][section][key] = json.loads(value)
            except ValueError:
                unreadable[run_id] = f"answer {section}.{key} is not readable"
        for run_id, fact in conn.rows(
                f"SELECT run_id, fact FROM private_facts WHERE run_id IN ({marks}) ORDER BY rowid", chunk):  # noqa: S608
            private[run_id].append(fact)
    return [run_of(row, {**sections[row[0]], "private": private[row[0]]}, unreadable.get(row[0])) for row in rows]


def run_of(row: Row, sections: dict[str, Any], unreadable: str | None) -> StoredRun | DamagedRun:
    """The run of `row` (the `COLUMNS`) with its answers `sections`, or why it no longer loads; the organisation's
    store reads its rows through it too."""
    (run_id, profile, name, rubric_ref, rubric_id, rubric_version, rubric_hash, tool_version,
     started_at, finished_at, status, result_json, rater_relation, rater_name, started_from, shared) = row
    rater = None if rater_relation is None else {"relation": rater_relation, "name": rater_name}
    damaged = [column for column, value in zip(COLUMNS, row, strict=True) if value == DAMAGED_TEXT]
    try:
        if damaged:
            raise ValueError(f"its stored {damaged[0]} is not readable text")
        if unreadable:
            raise ValueError(unreadable)
        return StoredRun(
            id=run_id, profile=profile, name=name, rubric_id=rubric_id, rubric_version=rubric_version,
            rubric_hash=rubric_hash, tool_version=tool_version, started_at=started_at, finished_at=finished_at,
            status=status,
            answers=Answers.model_validate({"rubric": rubric_ref, "profile": profile, "name": name,
                                            "rater": rater, **sections}),
            result=_result(result_json),
            started_from=started_from,
            shared=None if shared is None else SharedMark.model_validate_json(shared),
        )
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        reason = f"{'.'.join(str(part) for part in first['loc'])}: {first['msg']}"
    except ValueError as err:
        reason = str(err)
    return DamagedRun(id=str(run_id), profile=str(profile), status=str(status), started_at=str(started_at),
                      reason=reason[:200])


def _result(text: str | None) -> Result | None:
    """A stored result, or None when there is none or today's model cannot read it (it is then scored again)."""
    if text is None:
        return None
    try:
        return Result.model_validate_json(text)
    except ValidationError:
        return None
