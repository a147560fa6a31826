"""Finding a rubric by what a person types: a shipped rubric's id, a file's path, or the id of a rubric known
only from history."""

from __future__ import annotations

from typing import NamedTuple

from assess.core.errors import RubricNotFound
from assess.core.rubric import Rubric
from assess.io.locations import Locations
from assess.io.rubric_files import bundled_rubric_paths, load_rubric, load_rubric_file, looks_like_path
from assess.io.store import open_store


def find_rubric(ref: str, locations: Locations) -> Rubric:
    """A rubric by shipped id or path, else by the id of a rubric known from the history of `locations`."""
    try:
        return load_rubric(ref)
    except RubricNotFound as err:
        if looks_like_path(ref) or not locations.has_history():
            raise
        with open_store(locations) as store:
            known = store.latest_rubric(ref)
        if known is None:
            raise err from None
        return known


class ListedRubric(NamedTuple):
    id: str
    title: str
    version: str
    competencies: int | None
    runs: int | None  # None: shipped with assess; else known from history, with this many runs


def listed_rubrics(locations: Locations) -> list[ListedRubric]:
    """The shipped rubrics, then those known only from history (usable by id)."""
    rows = []
    for path in bundled_rubric_paths():
        rubric = load_rubric_file(path)
        rows.append(ListedRubric(rubric.id, rubric.title, rubric.version, len(rubric.competencies), None))
    if locations.has_history():
        with open_store(locations) as store:
            known = store.known_rubrics()
        shipped = {(row.id, row.version) for row in rows}
        rows += [ListedRubric(k.id, k.title, k.version, k.competencies, k.runs) for k in known
                 if (k.id, k.version) not in shipped]
    return rows
