"""The rubrics of an organisation's store, as the person logged in reads them: those of their own runs.

Rubrics are stored under the hash of their content (the database checks it), so a copy with other content
is another row. Which copy an id and version name for a person is the first their runs were stored with, so
an import that brings another copy under the same id and version changes nothing that id means to them.
"""

from __future__ import annotations

from pydantic import ValidationError

from assess.core.errors import StoredRubricDamaged
from assess.core.rubric import Rubric
from assess.core.snapshot import rubric_snapshot
from assess.io.store.base import KnownRubric
from assess.io.store.pg_connection import Connection


class RubricQueries:
    """The rubric side of `PostgresStore`."""

    _conn: Connection
    where: str

    def rubric(self, digest: str) -> Rubric | None:
        row = self._conn.one("SELECT content FROM assess.rubrics WHERE hash = :hash", {"hash": digest})
        if row is None:
            return None
        try:
            return Rubric.model_validate_json(row[0])
        except ValidationError:
            raise StoredRubricDamaged(self.where, digest) from None

    def latest_rubric(self, rubric_id: str) -> Rubric | None:
        # Of the rubrics of this person's runs, the first copy of each version (by the first run stored with it):
        # the newest of those.
        row = self._conn.one(
            "SELECT hash FROM (SELECT DISTINCT ON (r.version) r.hash, min(runs.stored_at) AS first "
            "FROM assess.rubrics r JOIN assess.runs ON runs.rubric_hash = r.hash WHERE r.id = :id "
            "GROUP BY r.hash, r.version ORDER BY r.version, min(runs.stored_at), r.hash) AS firsts "
            "ORDER BY first DESC LIMIT 1", {"id": rubric_id})
        return self.rubric(row[0]) if row else None

    def held_rubric(self, rubric_id: str, version: str) -> Rubric | None:
        row = self._conn.one("SELECT r.hash FROM assess.rubrics r JOIN assess.runs ON runs.rubric_hash = r.hash "
                             "WHERE r.id = :id AND r.version = :version GROUP BY r.hash "
                             "ORDER BY min(runs.stored_at), r.hash LIMIT 1", {"id": rubric_id, "version": version})
        try:
            return self.rubric(row[0]) if row else None
        except StoredRubricDamaged:  # as in the local store: a held copy that no longer loads holds nothing
            return None

    def known_rubrics(self) -> list[KnownRubric]:
        # Only the rubrics of this person's own runs: which rubrics others took is not theirs to list.
        rows = self._conn.rows(
            "SELECT r.id, r.version, r.title, CASE WHEN json_typeof(r.content::json -> 'competencies') = 'array' "
            "THEN json_array_length(r.content::json -> 'competencies') END, count(runs.id) "
            "FROM assess.rubrics r JOIN assess.runs ON runs.rubric_hash = r.hash GROUP BY r.hash "
            "ORDER BY r.id, r.stored_at")
        return [KnownRubric(*row) for row in rows]

    def _keep_rubric(self, rubric: Rubric) -> str:
        content, digest = rubric_snapshot(rubric)
        self._conn.run("INSERT INTO assess.rubrics (hash, id, version, title, content) VALUES (:hash, :id, :version, "
                       ":title, :content) ON CONFLICT (hash) DO NOTHING",
                       {"hash": digest, "id": rubric.id, "version": rubric.version, "title": rubric.title,
                        "content": content})
        return digest
