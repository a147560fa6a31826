"""A skills matrix read from a spreadsheet (`assess.io.spreadsheet`) turned into rubric data, every problem named
by sheet, row and column; the layout is in rubrics/FORMAT.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assess.core.fields import is_id
from assess.core.rubric import Rubric
from assess.core.rubric_checks import repeated_ids, scale_problem
from assess.io.spreadsheet import Findings, Row, Sheet, _parsed, _required, _slug, _whole, read_sheets
from assess.io.spreadsheet_competencies import check_columns, competencies_data
from assess.io.spreadsheet_long import stacked, widen
from assess.io.spreadsheet_settings import (
    RUNG_COLUMNS,
    SCORING,
    Places,
    broken_at_cell,
    model_problems,
    rung_settings,
    scoring_settings,
    setting_name,
)

SETTINGS = ("id", "title", "version", "source", "target", "notes")
LADDER_COLUMNS = ("title", "detail", "track", *RUNG_COLUMNS)


def import_rubric(path: Path, rungs: Path | None = None) -> tuple[dict[str, Any], Rubric]:
    """The rubric a spreadsheet describes, as the data to write and the validated model."""
    read, ladder = read_sheets(path, rungs)
    competencies = stacked(path, read) if isinstance(read, list) else read
    places: Places = {}
    data = rubric_data(competencies, ladder, places)
    try:
        return data, Rubric.model_validate(data)
    except ValidationError as err:  # the rubric's own rules, each named by the cell it was read from
        raise model_problems(path, err, data, places) from None


def rubric_data(competencies: Sheet, ladder: Sheet, places: Places | None = None) -> dict[str, Any]:
    places = {} if places is None else places
    found = Findings()
    found.attempt(lambda: check_columns(ladder, required=("kind", "id"), optional=LADDER_COLUMNS,
                                         prefixes=("requires",)))
    by_kind: dict[str, list[Row]] = {kind: [] for kind in ("rubric", "level", "rung", "fact")}
    for row in ladder.rows:
        kind = row.get("kind").lower()
        if kind not in by_kind:
            found.add(ladder.error(f"{row.get('kind')!r} is not a kind of row (level, rung, fact or rubric)",
                                   row.number, "kind"))
            continue
        by_kind[kind].append(row)
    settings = _settings(ladder, by_kind["rubric"], found)
    scale = found.attempt(lambda: _scale(ladder, by_kind["level"]))
    facts = _facts(ladder, by_kind["fact"], found, places)
    ladder_read = found.attempt(lambda: _rungs(ladder, by_kind["rung"]))
    if scale is None or ladder_read is None:
        found.check()
    assert scale is not None and ladder_read is not None  # noqa: S101 - found.check() raised otherwise
    rungs, tracks = ladder_read
    _place_ladder(ladder, by_kind, tracks, places)
    for broken in repeated_ids("rung", "ladder", [rung["id"] for rung in rungs]):
        found.add(broken_at_cell(broken, places))
    by_id = {fact["id"]: fact for fact in reversed(facts)}  # a fact given twice is the model's to name; the first
    gates = _gates(ladder, by_kind["rung"], by_id, found, places)
    target = settings.get("target") or (tracks[0]["rungs"][-1] if tracks else rungs[-1]["id"])
    found.check()  # the competencies are read against the ladder: a problem there would echo through them
    if "rung" in competencies.columns:  # the long layout: one row per competency and rung
        on = tracks or [{"rungs": [rung["id"] for rung in rungs]}]
        competencies = found.attempt(lambda: widen(competencies, scale, by_kind["level"], rungs, on)) or competencies
        found.check()
    areas, comps = competencies_data(competencies, scale, rungs, found, places)
    scoring = scoring_settings(ladder, by_kind, scale, found, places)
    found.check()
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
    if scoring:
        data["scoring"] = scoring
    data["areas"] = areas
    data["competencies"] = comps
    if facts:
        data["facts"] = facts
    if gates:
        data["gates"] = gates
    return data


def _place_ladder(ladder: Sheet, by_kind: dict[str, list[Row]], tracks: list[dict[str, Any]], places: Places) -> None:
    """Where the rungs, their tracks and the target were read, so the rubric model's errors name the cell."""
    row_of = {row.get("id"): row.number for row in by_kind["rung"]}
    for index, row in enumerate(by_kind["rung"]):
        places[("ladder", index)] = (ladder, row.number, "")
        places[("ladder", index, "id")] = (ladder, row.number, "id")
        places[("ladder", index, "in_full")] = (ladder, row.number, "in full")
        places[("ladder", index, "tolerance")] = (ladder, row.number, "tolerance")
    for index, track in enumerate(tracks):
        for k, rung in enumerate(track["rungs"]):
            places[("tracks", index, "rungs", k)] = (ladder, row_of[rung], "track")
    target = next((row for row in by_kind["rubric"] if setting_name(row.get("id")) == "target"), None)
    if target is not None:
        places[("target",)] = (ladder, target.number, "detail")


def _settings(ladder: Sheet, rows: list[Row], found: Findings) -> dict[str, str]:
    settings: dict[str, str] = {}
    for row in rows:
        name = setting_name(row.get("id"))
        if name not in SETTINGS and name not in SCORING:
            found.add(ladder.error(f"{row.get('id')!r} is not a setting ({', '.join(SETTINGS + SCORING)})",
                                   row.number, "id"))
            continue
        if name in settings:
            found.add(ladder.error(f"setting {name!r} is given twice", row.number, "id"))
            continue
        value = row.get("detail")
        if not value:
            found.add(ladder.error(f"setting {name!r} has no value", row.number, "detail"))
            continue
        if name in ("id", "target") and not is_id(value):
            found.add(ladder.error(f"{value!r} is not an id (lower-case letters, digits, - and _)", row.number,
                                   "detail"))
            continue
        settings[name] = value
    return {name: value for name, value in settings.items() if name in SETTINGS}


def _scale(ladder: Sheet, rows: list[Row]) -> dict[int, str]:
    if not rows:
        raise ladder.error("needs a row of kind level for each level of the scale")
    scale: dict[int, str] = {}
    for row in rows:
        level = _whole(ladder, row.get("id"), row.number, "id")
        if level in scale:
            raise ladder.error(f"level {level} is given twice", row.number, "id")
        scale[level] = _required(ladder, row, "title")
    problem = scale_problem(sorted(scale))  # the rubric's rule, needed before the competencies read against it
    if problem:
        raise ladder.error(f"the scale's {problem}")
    return dict(sorted(scale.items()))


def _facts(ladder: Sheet, rows: list[Row], found: Findings, places: Places) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    for row in rows:
        fact = found.attempt(lambda row=row: _fact(ladder, row))  # type: ignore[misc]
        if fact is not None:
            places[("facts", len(facts))] = (ladder, row.number, "")
            places[("facts", len(facts), "id")] = (ladder, row.number, "id")
            places[("facts", len(facts), "options")] = (ladder, row.number, "detail")
            facts.append(fact)
    return facts


def _fact(ladder: Sheet, row: Row) -> dict[str, Any]:
    fact: dict[str, Any] = {"id": _id(ladder, row), "title": _required(ladder, row, "title")}
    options = [option.strip() for option in row.get("detail").split(",") if option.strip()]
    if options and options != ["number"]:
        fact |= {"kind": "choice", "options": options}
    else:
        fact["kind"] = "number"
    return fact


def _rungs(ladder: Sheet, rows: list[Row]) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """The rungs, lowest first, and the tracks their `track` cells name (an empty cell: on every track)."""
    if not rows:
        raise ladder.error("needs a row of kind rung for each rung of the ladder, lowest first")
    rungs: list[dict[str, str]] = []
    named: list[list[str]] = []  # each rung's tracks' titles
    for row in rows:
        rung = {"id": _id(ladder, row), "title": _required(ladder, row, "title")}
        if row.get("detail"):
            rung["summary"] = row.get("detail")
        rungs.append(rung | rung_settings(ladder, row))
        named.append([title.strip() for title in row.get("track").split(",") if title.strip()])
    titles = list(dict.fromkeys(title for titles in named for title in titles))
    tracks = [{"id": _slug(title), "title": title,
               "rungs": [rung["id"] for rung, on in zip(rungs, named, strict=True) if not on or title in on]}
              for title in titles]
    for track in tracks:
        if not track["id"]:
            raise ladder.error(f"track {track['title']!r} needs a name with letters or digits")
    return rungs, tracks


def _gates(ladder: Sheet, rows: list[Row], facts: dict[str, dict[str, Any]], found: Findings,
           places: Places) -> list[dict[str, Any]]:
    gates: list[dict[str, Any]] = []
    for column in ladder.columns:
        if column.startswith("requires: "):
            gate = found.attempt(lambda column=column: _gate(ladder, rows, facts, column))  # type: ignore[misc]
            if gate:
                for row in rows:
                    places[("gates", len(gates), "required", row.get("id"))] = (ladder, row.number, column)
                gates.append(gate)
    return gates


ADVISORY = re.compile(r"\s*\(advisory\)\s*$", re.IGNORECASE)


def _gate(ladder: Sheet, rows: list[Row], facts: dict[str, dict[str, Any]], column: str) -> dict[str, Any] | None:
    """The gate of a `requires: FACT` column: the fact's minimum at each rung whose cell is filled in; a cell ending
    "(advisory)" advises at that rung and never blocks it. An option is read in any case; the rubric model checks
    it is one, and that no requirement falls going up a track."""
    fact_id = column.removeprefix("requires: ")
    fact = facts.get(fact_id)
    if fact is None:
        raise ladder.error(f"{fact_id!r} is not a fact (add a row of kind fact)", 1, column)
    required: dict[str, dict[str, Any]] = {}
    advisory = []
    for row in rows:
        cell = ADVISORY.sub("", row.get(column))
        if cell != row.get(column):
            advisory.append(row.get("id"))
        if not cell:
            continue
        if fact["kind"] == "choice":
            spelt = {option.casefold(): option for option in fact["options"]}
            required[row.get("id")] = {fact_id: spelt.get(cell.casefold(), cell)}
        else:
            required[row.get("id")] = {fact_id: _parsed(ladder, cell, row.number, column)}
    if not required:
        return None
    gate = {"id": fact_id, "title": fact["title"], "required": required}
    return gate | {"advisory": advisory} if advisory else gate


def _id(sheet: Sheet, row: Row) -> str:
    value = _required(sheet, row, "id")
    if not is_id(value):
        raise sheet.error(f"{value!r} is not an id (lower-case letters, digits, - and _)", row.number, "id")
    return value
