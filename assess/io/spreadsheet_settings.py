"""The settings of a rubric read from a spreadsheet's ladder table, where people write them: scoring settings as
rows of kind `rubric` (`threshold`, `model`, `points` ...), a rung's own (`in full`, `tolerance`, `minimum total`)
as columns of its row. Their values are checked by the rubric model itself, whose errors `model_problems` names by
the cell each value came from, so the import keeps no second copy of the rubric's rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assess.core.errors import BadInput
from assess.core.rubric_checks import Broken
from assess.core.text import short_repr
from assess.io.spreadsheet import Findings, Row, Sheet
from assess.io.validation import bad_input, error_line

# The scoring settings a row of kind `rubric` may set, as rubrics/FORMAT.md names them (spaces for underscores).
SCORING = ("model", "threshold", "critical tolerance", "core weight", "evidence level", "rater window months",
           "blind spot difference", "rater group min", "fold gaps below", "points", "grades")
RUNG_COLUMNS = ("in full", "tolerance", "minimum total")
# Where each value of the rubric data was read: its place in the data -> (sheet, row, column).
Places = dict[tuple[Any, ...], tuple[Sheet, int, str]]


def setting_name(cell: str) -> str:
    """A setting's name as people write it: any case, spaces or underscores between words."""
    return " ".join(cell.lower().replace("_", " ").split())


def rung_settings(ladder: Sheet, row: Row) -> dict[str, Any]:
    """A rung's own requirements from its row: the core skills it needs in full and its tolerance."""
    found: dict[str, Any] = {}
    if row.get("in full"):
        found["in_full"] = [part.strip() for part in row.get("in full").split(",") if part.strip()]
    if row.get("tolerance"):
        found["tolerance"] = _value(row.get("tolerance"))
    return found


def scoring_settings(ladder: Sheet, by_kind: dict[str, list[Row]], scale: dict[int, str], found: Findings,
                     places: Places) -> dict[str, Any]:
    """The `scoring` block the ladder table sets, each value where the model reads it; {} when it sets none."""
    scoring: dict[str, Any] = {}
    for row in by_kind["rubric"]:
        name = setting_name(row.get("id"))
        if name not in SCORING or not row.get("detail"):
            continue
        key = name.replace(" ", "_")
        places[("scoring", key)] = (ladder, row.number, "detail")
        if name == "points":
            scoring[key] = found.attempt(lambda row=row: _points(ladder, row, scale))  # type: ignore[misc]
        elif name == "grades":
            scoring[key] = found.attempt(lambda row=row: _grades(ladder, row))  # type: ignore[misc]
        else:
            scoring[key] = _value(row.get("detail"))
    bands = {}
    for row in by_kind["rung"]:
        if row.get("minimum total"):
            bands[row.get("id")] = _value(row.get("minimum total"))
            places[("scoring", "bands", row.get("id"))] = (ladder, row.number, "minimum total")
    if bands:
        scoring["bands"] = bands
    return scoring


def _value(cell: str) -> Any:
    """A number where the cell holds one (a decimal comma too), else the text: the model says what it needs."""
    for kind in (int, float):
        try:
            return kind(cell.replace(",", ".") if kind is float else cell)
        except ValueError:
            continue
    return cell


def _points(ladder: Sheet, row: Row, scale: dict[int, str]) -> dict[int, Any]:
    """Points per level, "0: 0, 1: 1, 2: 3" or, in the scale's order, "0, 1, 3"."""
    parts = [part.strip() for part in row.get("detail").replace(";", ",").split(",") if part.strip()]
    if all(":" in part for part in parts):
        pairs = [part.split(":", 1) for part in parts]
        try:
            return {int(level): _value(points.strip()) for level, points in pairs}
        except ValueError:
            raise ladder.error("write the points as LEVEL: POINTS, e.g. 0: 0, 1: 1, 2: 3", row.number,
                               "detail") from None
    if len(parts) != len(scale):
        raise ladder.error(f"{len(parts)} points for the {len(scale)} levels of the scale; give one a level, lowest "
                           "first, or write LEVEL: POINTS", row.number, "detail")
    return {level: _value(points) for level, points in zip(scale, parts, strict=True)}


def _grades(ladder: Sheet, row: Row) -> list[dict[str, Any]]:
    """Named levels within rungs, "1.1: 0, 1.2: 5" (name: its minimum total), lowest first."""
    grades = []
    for part in (p.strip() for p in row.get("detail").replace(";", ",").split(",")):
        name, colon, low = part.rpartition(":")
        if not colon or not name.strip():
            raise ladder.error(f"{part!r}: write each as NAME: MINIMUM TOTAL, e.g. 1.1: 0, 1.2: 5", row.number,
                               "detail")
        grades.append({"name": name.strip(), "min": _value(low.strip())})
    return grades


def model_problems(path: Path, err: ValidationError, data: dict[str, Any], places: Places) -> BadInput:
    """The rubric model's errors, each named by the sheet, row and column its value came from where one did; the
    rest by their place in the rubric."""
    found = Findings()
    for error in _each_broken(err):
        loc = (*error["loc"], *error.get("at", ()))
        known = next((n for n in range(len(loc), 0, -1) if loc[:n] in places), None)
        if known is None:
            found.add(error_line(path, error, data))
            continue
        found.add(_at_cell(places, loc, known, error))
    try:
        found.check()
    except BadInput as problems:
        return problems
    return bad_input(path, err, data)


def broken_at_cell(broken: Broken, places: Places) -> BadInput:
    """A rule of the rubric broken, checked before the rubric is whole, named by the cell its value came from."""
    loc = broken.at
    known = next((n for n in range(len(loc), 0, -1) if loc[:n] in places), 0)
    return _at_cell(places, loc, known, {"type": "value_error", "msg": str(broken), "broken": broken})


def _at_cell(places: Places, loc: tuple[Any, ...], known: int, error: dict[str, Any]) -> BadInput:
    sheet, row, column = places[loc[:known]]
    field = ".".join(str(part) for part in loc[known:])
    broken = error.get("broken")
    # the cell names the part a rule is about (its row, its column), so the line says only what is wrong there
    message = broken.rule if isinstance(broken, Broken) else error["msg"].removeprefix("Value error, ")
    shown = error.get("input")
    got = "" if error["type"] in ("missing", "extra_forbidden") or "input" not in error or \
        isinstance(shown, dict | list) else f" (got {short_repr(shown)})"
    return sheet.error(f"{field + ': ' if field else ''}{message}{got}", row, column or None)


def _each_broken(err: ValidationError) -> list[dict[str, Any]]:
    """The model's errors, a rule of the rubric broken (`Broken`, with the others it carries) as one each, located
    where in the data its value lies."""
    errors = []
    for error in err.errors(include_url=False):
        first = (error.get("ctx") or {}).get("error")
        if not isinstance(first, Broken):
            errors.append(dict(error))
            continue
        for broken in (first, *first.also):
            errors.append(dict(error, at=broken.at, msg=str(broken), broken=broken))
    return errors
