"""A skills matrix read from a spreadsheet (`assess.io.spreadsheet`) turned into rubric data, every problem named
by sheet, row and column; the layout is in rubrics/FORMAT.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assess.core.rubric import Rubric
from assess.io.spreadsheet import Row, Sheet, _number, _required, _slug, _weight, _whole, read_sheets
from assess.io.validation import bad_input

SETTINGS = ("id", "title", "version", "source", "target", "notes", "threshold")
ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def import_rubric(path: Path, rungs: Path | None = None) -> tuple[dict[str, Any], Rubric]:
    """The rubric a spreadsheet describes, as the data to write and the validated model."""
    competencies, ladder = read_sheets(path, rungs)
    data = rubric_data(competencies, ladder)
    try:
        return data, Rubric.model_validate(data)
    except ValidationError as err:  # what the checks above do not catch, named by its place in the rubric
        raise bad_input(path, err, data) from None


def rubric_data(competencies: Sheet, ladder: Sheet) -> dict[str, Any]:
    _check_columns(ladder, required=("kind", "id"), optional=("title", "detail", "track"), prefixes=("requires",))
    by_kind: dict[str, list[Row]] = {kind: [] for kind in ("rubric", "level", "rung", "fact")}
    for row in ladder.rows:
        kind = row.get("kind").lower()
        if kind not in by_kind:
            raise ladder.error(f"{row.get('kind')!r} is not a kind of row (level, rung, fact or rubric)", row.number,
                               "kind")
        by_kind[kind].append(row)
    settings = _settings(ladder, by_kind["rubric"])
    scale = _scale(ladder, by_kind["level"])
    facts = _facts(ladder, by_kind["fact"])
    rungs, tracks = _rungs(ladder, by_kind["rung"])
    gates = _gates(ladder, by_kind["rung"], facts, tracks or [{"rungs": [rung["id"] for rung in rungs]}])
    target = settings.get("target") or (tracks[0]["rungs"][-1] if tracks else rungs[-1]["id"])
    if target not in {rung["id"] for rung in rungs}:
        raise ladder.error(f"{target!r} is not a rung", _setting_row(by_kind, "target"), "detail")
    areas, comps = _competencies(competencies, scale, rungs, tracks)
    data: dict[str, Any] = {
        "id": settings.get("id") or _slug(competencies.file.stem) or "imported",
        "title": settings.get("title") or competencies.file.stem.replace("-", " ").replace("_", " "),
        "version": settings.get("version", "1"),
        "source": settings.get("source") or competencies.file.name,
        "target": target,
    }
    if "notes" in settings:
        data["notes"] = settings["notes"]
    data["scale"] = scale
    data["ladder"] = rungs
    if len(tracks) > 1:
        data["tracks"] = tracks
    if "threshold" in settings:
        data["scoring"] = {"threshold": _number(ladder, settings["threshold"], _setting_row(by_kind, "threshold"),
                                                "detail")}
    data["areas"] = areas
    data["competencies"] = comps
    if facts:
        data["facts"] = list(facts.values())
    if gates:
        data["gates"] = gates
    return data


def _setting_row(by_kind: dict[str, list[Row]], name: str) -> int:
    return next(row.number for row in by_kind["rubric"] if row.get("id").lower() == name)


def _check_columns(sheet: Sheet, *, required: tuple[str, ...], optional: tuple[str, ...],
                   prefixes: tuple[str, ...]) -> None:
    for column in required:
        if column not in sheet.columns:
            raise sheet.error(f'column "{column}" is missing (the header row names {", ".join(sheet.columns)})')
    for column in sheet.columns:
        prefix = column.split(": ", 1)[0] if ": " in column else None
        if column not in required + optional and prefix not in prefixes:
            raise sheet.error("is not a column this import reads (see rubrics/FORMAT.md)", 1, column)


def _settings(ladder: Sheet, rows: list[Row]) -> dict[str, str]:
    settings: dict[str, str] = {}
    for row in rows:
        name = row.get("id").lower()
        if name not in SETTINGS:
            raise ladder.error(f"{row.get('id')!r} is not a setting ({', '.join(SETTINGS)})", row.number, "id")
        if name in settings:
            raise ladder.error(f"setting {name!r} is given twice", row.number, "id")
        value = row.get("detail")
        if not value:
            raise ladder.error(f"setting {name!r} has no value", row.number, "detail")
        if name in ("id", "target") and not ID.match(value):
            raise ladder.error(f"{value!r} is not an id (lower-case letters, digits, - and _)", row.number, "detail")
        settings[name] = value
    return settings


def _scale(ladder: Sheet, rows: list[Row]) -> dict[int, str]:
    if len(rows) < 2:
        raise ladder.error("needs a row of kind level for each level of the scale (at least two)")
    scale: dict[int, str] = {}
    for row in rows:
        level = _whole(ladder, row.get("id"), row.number, "id")
        if level in scale:
            raise ladder.error(f"level {level} is given twice", row.number, "id")
        scale[level] = _required(ladder, row, "title")
    levels = sorted(scale)
    if levels != list(range(levels[0], levels[0] + len(levels))):
        raise ladder.error(f"the levels must be whole numbers in a row, got {', '.join(map(str, levels))}")
    return dict(sorted(scale.items()))


def _facts(ladder: Sheet, rows: list[Row]) -> dict[str, dict[str, Any]]:
    facts: dict[str, dict[str, Any]] = {}
    for row in rows:
        fact_id = _id(ladder, row, facts, "fact")
        fact: dict[str, Any] = {"id": fact_id, "title": _required(ladder, row, "title")}
        options = [option.strip() for option in row.get("detail").split(",") if option.strip()]
        if len(set(options)) != len(options):
            raise ladder.error("an option appears twice", row.number, "detail")
        if options and options != ["number"]:
            fact |= {"kind": "choice", "options": options}
        else:
            fact["kind"] = "number"
        facts[fact_id] = fact
    return facts


def _rungs(ladder: Sheet, rows: list[Row]) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """The rungs, lowest first, and the tracks their `track` cells name (an empty cell: on every track)."""
    if not rows:
        raise ladder.error("needs a row of kind rung for each rung of the ladder, lowest first")
    rungs: dict[str, dict[str, str]] = {}
    named: dict[str, list[str]] = {}  # rung -> its tracks' titles
    for row in rows:
        rung_id = _id(ladder, row, rungs, "rung")
        rungs[rung_id] = {"id": rung_id, "title": _required(ladder, row, "title")}
        if row.get("detail"):
            rungs[rung_id]["summary"] = row.get("detail")
        named[rung_id] = [title.strip() for title in row.get("track").split(",") if title.strip()]
    titles = list(dict.fromkeys(title for titles in named.values() for title in titles))
    tracks = [{"id": _slug(title), "title": title, "rungs": [r for r in rungs if not named[r] or title in named[r]]}
              for title in titles]
    row_of = {row.get("id"): row.number for row in rows}
    for i, first in enumerate(tracks):
        if not first["id"]:
            raise ladder.error(f"track {first['title']!r} needs a name with letters or digits")
        for second in tracks[i + 1:]:
            shared = [rung for rung in first["rungs"] if rung in second["rungs"]]
            for k, rung in enumerate(shared):
                if rung != first["rungs"][k] or rung != second["rungs"][k]:
                    raise ladder.error(f"{rung!r} is on tracks {first['title']!r} and {second['title']!r} after they "
                                       "branched; tracks share their first rungs, then branch", row_of[rung], "track")
    return list(rungs.values()), tracks


def _gates(ladder: Sheet, rows: list[Row], facts: dict[str, dict[str, Any]], tracks: list[dict[str, Any]]
           ) -> list[dict[str, Any]]:
    """One gate per `requires: FACT` column: the fact's minimum at each rung whose cell is filled in."""
    row_of = {row.get("id"): row.number for row in rows}
    gates = []
    for column in ladder.columns:
        if not column.startswith("requires: "):
            continue
        fact_id = column.removeprefix("requires: ")
        fact = facts.get(fact_id)
        if fact is None:
            raise ladder.error(f"{fact_id!r} is not a fact (add a row of kind fact)", 1, column)
        required: dict[str, dict[str, Any]] = {}
        for row in rows:
            cell = row.get(column)
            if not cell:
                continue
            if fact["kind"] == "choice":
                if cell not in fact["options"]:
                    raise ladder.error(f"{cell!r} is not one of {', '.join(fact['options'])}", row.number, column)
                required[row.get("id")] = {fact_id: cell}
            else:
                required[row.get("id")] = {fact_id: _number(ladder, cell, row.number, column)}
        options = fact.get("options")
        for track in tracks:
            filled = [rung for rung in track["rungs"] if rung in required]
            for lower, upper in zip(filled, filled[1:], strict=False):
                low, high = required[lower][fact_id], required[upper][fact_id]
                if (options.index(high) < options.index(low)) if options else high < low:
                    raise ladder.error(f"{high!r} is below the {low!r} required at {lower!r}; a requirement never "
                                       "falls going up a track", row_of[upper], column)
        if required:
            gates.append({"id": fact_id, "title": fact["title"], "required": required})
    return gates


def _competencies(sheet: Sheet, scale: dict[int, str], rungs: list[dict[str, str]], tracks: list[dict[str, Any]]
                  ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    levels = list(scale)
    rung_ids = [rung["id"] for rung in rungs]
    for column in sheet.columns:
        kind, _, key = column.partition(": ")
        if kind == "action" and key == str(levels[-1]):
            raise sheet.error(f"{key} is the top of the scale: there is no step up from it; leave the column out",
                              1, column)
        if kind in ("anchor", "name", "action") and key not in {str(level) for level in levels}:
            raise sheet.error(f"{key!r} is not a level of the scale ({levels[0]}-{levels[-1]})", 1, column)
        if kind == "expected" and key not in rung_ids:
            raise sheet.error(f"{key!r} is not a rung ({', '.join(rung_ids)})", 1, column)
    _check_columns(sheet, required=("area", "competency", "description",
                                    *(f"anchor: {level}" for level in levels),
                                    *(f"action: {level}" for level in levels[:-1]),
                                    *(f"expected: {rung}" for rung in rung_ids)),
                   optional=("area weight", "id", "weight", "core at", "source",
                             *(f"name: {level}" for level in levels)), prefixes=())
    areas: dict[str, dict[str, Any]] = {}
    comps: dict[str, dict[str, Any]] = {}
    for row in sheet.rows:
        title = _required(sheet, row, "area")
        area = areas.setdefault(title, {"id": _slug(title), "title": title, "weight": None})
        if not area["id"]:
            raise sheet.error(f"{title!r} needs letters or digits to make an id", row.number, "area")
        if row.get("area weight"):
            weight = _weight(sheet, row, "area weight")
            if area["weight"] not in (None, weight):
                raise sheet.error(f"area {title!r} already has weight {area['weight']:g}", row.number, "area weight")
            area["weight"] = weight
        comp = _competency(sheet, row, area["id"], scale, rung_ids, comps)
        _check_expected(sheet, row, comp, tracks or [{"rungs": rung_ids}])
        comps[comp["id"]] = comp
    by_id: dict[str, str] = {}
    for area in areas.values():
        if area["id"] in by_id:
            raise sheet.error(f"areas {by_id[area['id']]!r} and {area['title']!r} make the same id {area['id']!r}")
        by_id[area["id"]] = area["title"]
        area["weight"] = area["weight"] or 1
    return list(areas.values()), list(comps.values())


def _competency(sheet: Sheet, row: Row, area: str, scale: dict[int, str], rung_ids: list[str],
                comps: dict[str, dict[str, Any]]) -> dict[str, Any]:
    title = _required(sheet, row, "competency")
    comp_id = row.get("id") or _slug(title)
    if not ID.match(comp_id) or len(comp_id) > 64:
        column = "id" if row.get("id") else "competency"
        raise sheet.error(f"{comp_id!r} is not an id (lower-case letters, digits, - and _; give one in column id)",
                          row.number, column)
    if comp_id in comps:
        raise sheet.error(f"competency id {comp_id!r} appears twice", row.number, "id" if row.get("id") else
                          "competency")
    names = {level: row.get(f"name: {level}") for level in scale if row.get(f"name: {level}")}
    expected = {rung: _level(sheet, row, f"expected: {rung}", scale, names) for rung in rung_ids}
    comp: dict[str, Any] = {
        "id": comp_id,
        "area": area,
        "title": title,
        "description": _required(sheet, row, "description"),
        "weight": _weight(sheet, row, "weight") if row.get("weight") else 1,
    }
    core = _core(sheet, row, rung_ids, expected, min(scale))
    if core:
        comp["critical"] = core
    comp["source"] = [part.strip() for part in row.get("source").split(";") if part.strip()] or \
        [f"{sheet.file.name} > row {row.number}"]
    if names:
        comp["levels"] = names
    comp["anchors"] = {level: _required(sheet, row, f"anchor: {level}") for level in scale}
    comp["expected"] = expected
    comp["actions"] = {level: _required(sheet, row, f"action: {level}") for level in list(scale)[:-1]}
    return comp


def _core(sheet: Sheet, row: Row, rung_ids: list[str], expected: dict[str, int], floor: int) -> bool | list[str]:
    cell = row.get("core at")
    if not cell:
        return False
    if cell.lower() in ("all", "every rung", "yes"):
        return True
    core = [part.strip() for part in cell.split(",") if part.strip()]
    for rung in core:
        if rung not in rung_ids:
            raise sheet.error(f"{rung!r} is not a rung ({', '.join(rung_ids)})", row.number, "core at")
        if expected[rung] == floor:
            raise sheet.error(f"core at {rung!r}, where it expects the lowest level ({floor}); expect more there "
                              "or leave the rung out", row.number, "core at")
    return core


def _check_expected(sheet: Sheet, row: Row, comp: dict[str, Any], tracks: list[dict[str, Any]]) -> None:
    expected = comp["expected"]
    for track in tracks:
        for lower, upper in zip(track["rungs"], track["rungs"][1:], strict=False):
            if expected[upper] < expected[lower]:
                raise sheet.error(f"{expected[upper]} is below the {expected[lower]} expected at {lower!r}; an "
                                  "expectation never falls going up a track", row.number, f"expected: {upper}")


def _id(sheet: Sheet, row: Row, seen: dict[str, Any], kind: str) -> str:
    value = _required(sheet, row, "id")
    if not ID.match(value) or len(value) > 64:
        raise sheet.error(f"{value!r} is not an id (lower-case letters, digits, - and _)", row.number, "id")
    if value in seen:
        raise sheet.error(f"{kind} id {value!r} appears twice", row.number, "id")
    return value


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


