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
from assess.core.rubric import Rubric
from assess.core.runs import DamagedRun, RunPoint, SharedMark, Standing, StoredRun, iso, utc
from assess.io.store.sqlite_connection import DAMAGED_TEXT, Connection, Row

COLUMNS = ("id", "profile", "name", "rubric_ref", "rubric_id", "rubric_version", "rubric_hash", "tool_version",
           "started_at", "finished_at", "status", "result", "rater_relation", "rater_name", "started_from", "shared",
           "answers_json")
SELECT_RUNS = f"SELECT {', '.join(COLUMNS)} FROM runs"  # noqa: S608 - fixed column names
INSERT_DRAFT = ("INSERT INTO runs (id, profile, name, rubric_ref, rubric_id, rubric_version, rubric_hash, "
                "tool_version, started_at, rater_relation, rater_name, started_from, shared, status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft')")
INSERT_WHOLE = ("INSERT INTO runs (id, profile, name, rubric_ref, rubric_id, rubric_version, rubric_hash, "
                "tool_version, started_at, rater_relation, rater_name, started_from, shared, status, finished_at, "
                "readiness, placement, result, point, answers_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'complete', ?, ?, ?, ?, ?, ?)")
CHUNK = 500  # SQLite caps the number of bound parameters


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def dumped(value: Any) -> str:
    if type(value) is int:  # most answers are ratings: their JSON is their digits
        return str(value)
    return _ENCODE(value)


def rater_columns(answers: Answers) -> tuple[str | None, str | None]:
    rater = answers.rater
    return (None, None) if rater is None else (rater.relation, rater.name)


def shared_column(mark: SharedMark | None) -> str | None:
    return None if mark is None else mark.model_dump_json()


def answer_rows(run_id: str, answers: Answers) -> list[tuple[str, str, str, str]]:
    return [(run_id, section, key, dumped(value)) for section in SECTIONS
            for key, value in getattr(answers, section).items()]


def run_row(run: StoredRun, rubric: Rubric, digest: str) -> tuple[Any, ...]:
    """The columns `INSERT_DRAFT` writes for `run`, taken with `rubric` (of hash `digest`); moments in UTC, as this
    store writes them, so runs sort by time whatever offset a file used."""
    answers = run.answers
    return (run.id, answers.profile, answers.name, answers.rubric, rubric.id, rubric.version, digest,
            run.tool_version, iso(utc(run.started_at)), *rater_columns(answers), run.started_from,
            shared_column(run.shared))


def whole_row(run: StoredRun, rubric: Rubric, digest: str) -> tuple[Any, ...] | None:
    """The columns `INSERT_WHOLE` writes for complete `run`, its answers in one document; its full result, or
    (an import's) its standing, which reads back as a run whose result is computed when read. None for a draft."""
    scored = run.result or run.standing
    if run.status != "complete" or run.finished_at is None or scored is None:
        return None
    point = scored.model_dump_json(include={"readiness_by_role", "areas"})
    return (*run_row(run, rubric, digest), iso(utc(run.finished_at)), scored.readiness, scored.placement,
            scored.model_dump_json(), point, run.answers.model_dump_json(include={*SECTIONS, "private"}))


def loaded(conn: Connection, rows: Sequence[Row]) -> list[StoredRun | DamagedRun]:
    """The runs of `rows` (selected with `SELECT_RUNS`), with their answers."""
    ids = [row[0] for row in rows]
    sections: dict[str, dict[str, dict[str, Any]]] = {run_id: {s: {} for s in SECTIONS} for run_id in ids}
    unreadable: dict[str, str] = {}
    private: dict[str, list[str]] = {run_id: [] for run_id in ids}
    for row in rows:
        if row[-1] is not None:  # kept whole: no rows to look for
            try:
                whole = json.loads(row[-1])
                sections[row[0]] = {section: whole[section] for section in SECTIONS}
                private[row[0]] = whole["private"]
            except (ValueError, TypeError, KeyError):
                unreadable[row[0]] = "its stored answers are not readable"
    by_rows = [row[0] for row in rows if row[-1] is None]
    for start in range(0, len(by_rows), CHUNK):
        chunk = by_rows[start:start + CHUNK]
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
     started_at, finished_at, status, result_json, rater_relation, rater_name, started_from, shared, _) = row
    rater = None if rater_relation is None else {"relation": rater_relation, "name": rater_name}
    damaged = [column for column, value in zip(COLUMNS, row, strict=True) if value == DAMAGED_TEXT]
    result = _result(result_json)
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
            result=result,
            standing=None if result is not None else _standing(result_json),
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


def _standing(text: str | None) -> Standing | None:
    """The standing an import stored in place of a full result; None for a full result (it holds its standing), or
    for one today's models cannot read (extra fields are refused, so a full result never reads as a standing)."""
    if text is None:
        return None
    try:
        return Standing.model_validate_json(text)
    except ValidationError:
        return None


def json_or_none(text: str | None) -> Any:
    try:
        return None if text is None else json.loads(text)
    except ValueError:
        return None


def run_point(data: Any) -> RunPoint | None:
    try:
        return RunPoint.model_validate(data)
    except ValidationError:
        return None
