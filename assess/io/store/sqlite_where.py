"""Which runs a query of the history selects, and in which order: the WHERE clause of the store's queries."""

from __future__ import annotations

from typing import Any

from assess.core.errors import BadInput
from assess.core.runs import iso, utc
from assess.io.store.base import STATUSES, WHO

WHO_CLAUSE = {"self": "rater_relation IS NULL", "raters": "rater_relation IS NOT NULL"}
# By the moment, not by its text: a run kept with another offset (an older assess, a hand edit) sorts where it
# happened, so an old run written at +14:00 is never "latest".
WHEN = "julianday(coalesce(finished_at, started_at))"
ORDER = f"{WHEN}, rowid"
ORDER_NEWEST = f"{WHEN} DESC, rowid DESC"


def runs_where(profile: str | None, status: str | None, rubric_id: str | None = None, who: str = "self",
               until: str | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause (and its parameters) of the runs of `profile` (every profile: None), of `status` (any:
    None), taken with rubric `rubric_id`, by `who`, finished (or started) by `until`."""
    if who not in WHO:
        raise BadInput(f"runs of {who!r}: not one of {', '.join(WHO)}")
    clauses = [WHO_CLAUSE[who]] if who in WHO_CLAUSE else []
    params: list[Any] = []
    for column, value in (("rubric_id", rubric_id), ("profile", profile)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if status is not None:
        if status not in STATUSES:
            raise BadInput(f"status {status!r} is not one of {', '.join(STATUSES)}")
        clauses.append("status = ?")
        params.append(status)
    if until is not None:
        clauses.append(f"{WHEN} <= julianday(?)")
        params.append(iso(utc(until)))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
