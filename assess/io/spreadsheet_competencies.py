"""The competencies table of a skills matrix (wide layout: one row per competency) read into rubric data, each
value's cell kept so the rubric model's errors can name it; the layout is in rubrics/FORMAT.md."""

from __future__ import annotations

import re
from typing import Any

from assess.core.fields import is_id
from assess.io.spreadsheet import Findings, Row, Sheet, _required, _slug, _weight
from assess.io.spreadsheet_settings import Places

LEVEL_COLUMNS = ("anchor", "name", "action", "signals", "examples")


def check_columns(sheet: Sheet, *, required: tuple[str, ...], optional: tuple[str, ...],
                   prefixes: tuple[str, ...]) -> None:
    """Every column missing, and every column this import does not read, named at once."""
    found = Findings()
    missing = [column for column in required if column not in sheet.columns]
    if len(missing) == 1:
        found.add(sheet.error(f'column "{missing[0]}" is missing (the header row names {", ".join(sheet.columns)})'))
    elif missing:
        named = ", ".join(f'"{column}"' for column in missing)
        found.add(sheet.error(f"columns {named} are missing (the header row names {', '.join(sheet.columns)})"))
    for column in sheet.columns:
        prefix = column.split(": ", 1)[0] if ": " in column else None
        if column not in required + optional and prefix not in prefixes:
            found.add(sheet.error("is not a column this import reads (see rubrics/FORMAT.md)", 1, column))
    found.check()


def competencies_data(sheet: Sheet, scale: dict[int, str], rungs: list[dict[str, str]], found: Findings,
                      places: Places) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    levels = list(scale)
    rung_ids = [rung["id"] for rung in rungs]
    for column in sheet.columns:
        kind, _, key = column.partition(": ")
        if kind == "action" and key == str(levels[-1]):
            found.add(sheet.error(f"{key} is the top of the scale: there is no step up from it; leave the column out",
                                  1, column))
        elif kind in LEVEL_COLUMNS and key not in {str(level) for level in levels}:
            found.add(sheet.error(f"{key!r} is not a level of the scale ({levels[0]}-{levels[-1]})", 1, column))
        elif kind == "expected" and key not in rung_ids:
            found.add(sheet.error(f"{key!r} is not a rung ({', '.join(rung_ids)})", 1, column))
    found.attempt(lambda: check_columns(
        sheet, required=("area", "competency", "description", *(f"anchor: {level}" for level in levels),
                         *(f"action: {level}" for level in levels[:-1]), *(f"expected: {rung}" for rung in rung_ids)),
        optional=("area weight", "id", "weight", "core at", "source",
                  *(f"{kind}: {level}" for kind in ("name", "signals", "examples") for level in levels)),
        prefixes=tuple(LEVEL_COLUMNS) + ("expected",)))
    found.check()  # without its columns, no row reads
    areas: dict[str, dict[str, Any]] = {}
    comps: list[dict[str, Any]] = []
    for row in sheet.rows:
        comp = found.attempt(lambda row=row: _row(sheet, row, areas, scale, rung_ids))  # type: ignore[misc]
        if comp is not None:
            _place(places, ("competencies", len(comps)), sheet, row, comp)
            comps.append(comp)
    by_id: dict[str, str] = {}
    for area in areas.values():
        if area["id"] in by_id:
            found.add(sheet.error(f"areas {by_id[area['id']]!r} and {area['title']!r} make the same id "
                                  f"{area['id']!r}"))
        by_id[area["id"]] = area["title"]
        area["weight"] = area["weight"] or 1
    return list(areas.values()), comps


def _place(places: Places, at: tuple[Any, ...], sheet: Sheet, row: Row, comp: dict[str, Any]) -> None:
    """Where each value of a competency was read, so the rubric model's errors name the cell."""
    places[at] = (sheet, row.number, "")
    places[(*at, "id")] = (sheet, row.number, "id" if row.get("id") else "competency")
    for key, column in (("title", "competency"), ("description", "description"), ("weight", "weight"),
                        ("critical", "core at"), ("source", "source")):
        places[(*at, key)] = (sheet, row.number, column)
    for key, column in (("anchors", "anchor"), ("actions", "action"), ("levels", "name"), ("expected", "expected")):
        for name in comp.get(key, {}):
            places[(*at, key, name)] = (sheet, row.number, f"{column}: {name}")


def _row(sheet: Sheet, row: Row, areas: dict[str, dict[str, Any]], scale: dict[int, str],
         rung_ids: list[str]) -> dict[str, Any]:
    title = _required(sheet, row, "area")
    area = areas.setdefault(title, {"id": _slug(title), "title": title, "weight": None})
    if not area["id"]:
        raise sheet.error(f"{title!r} needs letters or digits to make an id", row.number, "area")
    if row.get("area weight"):
        weight = _weight(sheet, row, "area weight")
        if area["weight"] not in (None, weight):
            raise sheet.error(f"area {title!r} already has weight {area['weight']:g}", row.number, "area weight")
        area["weight"] = weight
    return _competency(sheet, row, area["id"], scale, rung_ids)


def _competency(sheet: Sheet, row: Row, area: str, scale: dict[int, str], rung_ids: list[str]) -> dict[str, Any]:
    title = _required(sheet, row, "competency")
    comp_id = row.get("id") or _slug(title)
    if not is_id(comp_id):
        column = "id" if row.get("id") else "competency"
        raise sheet.error(f"{comp_id!r} is not an id (lower-case letters, digits, - and _; give one in column id)",
                          row.number, column)
    names = {level: row.get(f"name: {level}") for level in scale if row.get(f"name: {level}")}
    expected = {rung: _level(sheet, row, f"expected: {rung}", scale, names) for rung in rung_ids}
    comp: dict[str, Any] = {
        "id": comp_id,
        "area": area,
        "title": title,
        "description": _required(sheet, row, "description"),
        "weight": _weight(sheet, row, "weight") if row.get("weight") else 1,
    }
    core = _core(row)
    if core:
        comp["critical"] = core
    comp["source"] = [part.strip() for part in row.get("source").split(";") if part.strip()] or \
        [f"{sheet.file.name} > row {row.number}"]
    if names:
        comp["levels"] = names
    comp["anchors"] = {level: _anchor(sheet, row, level) for level in scale}
    comp["expected"] = expected
    comp["actions"] = {level: _required(sheet, row, f"action: {level}") for level in list(scale)[:-1]}
    return comp


def _anchor(sheet: Sheet, row: Row, level: int) -> str | dict[str, Any]:
    """A level's behaviour, with the signals and examples its columns list (one a line, or split by ";")."""
    behaviour = _required(sheet, row, f"anchor: {level}")
    more = {kind: [part.strip() for part in re.split(r"[;\n]", row.get(f"{kind}: {level}")) if part.strip()]
            for kind in ("signals", "examples")}
    return {"behaviour": behaviour, **{kind: items for kind, items in more.items() if items}} if any(
        more.values()) else behaviour


def _core(row: Row) -> bool | list[str]:
    """The rungs a competency is core at, as its cell names them; the rubric model checks they are rungs that
    expect more than the lowest level."""
    cell = row.get("core at")
    if not cell:
        return False
    if cell.lower() in ("all", "every rung", "yes"):
        return True
    return [part.strip() for part in cell.split(",") if part.strip()]


def _level(sheet: Sheet, row: Row, column: str, scale: dict[int, str], names: dict[int, str]) -> int:
    """A level by number, or by its name (the scale's, or the competency's own), case aside."""
    cell = _required(sheet, row, column)
    by_name = {label.lower(): level for level, label in (*scale.items(), *names.items())}
    if cell.lower() in by_name:
        return by_name[cell.lower()]
    try:
        level = int(cell)
    except ValueError:
        level = None
    if level is None or level not in scale:
        raise sheet.error(f"{cell!r} is not a level ({min(scale)}-{max(scale)})", row.number, column)
    return level


