"""The long layout of a skills matrix (one row per competency and rung, as trackers and HR exports keep it, or one
sheet per rung) turned into the wide one the import reads, each cell remembering where it was typed.

Two shapes, told apart by an `expected` column:
- with it, rows of the same competency (its `id`, else its title) give what each rung expects of it and the
  `anchor` there: that rung's own statement of the level. Two rungs expecting one level with different statements
  are refused, so a level's anchor is only ever its own rung's text;
- without it, every row is a statement of its own, asked from its rung up (yes from there, the lowest level below).
Levels no row describes take an `anchor: N` column of the competency's rows, else the `detail` of the level's row in
the ladder table; a step up without an `action` names the level it leads to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assess.core.errors import BadInput
from assess.io.spreadsheet import MAX_ROWS, Origin, Row, Sheet, _slug

KEPT = ("area", "area weight", "id", "competency", "description", "weight", "source")


def widen(sheet: Sheet, scale: dict[int, str], level_rows: list[Row], rungs: list[dict[str, Any]],
          tracks: list[dict[str, Any]]) -> Sheet:
    rung_ids = [rung["id"] for rung in rungs]
    by_title = {rung["title"].casefold(): rung["id"] for rung in rungs}
    known = (*KEPT, "rung", "expected", "anchor", "action", "signals", "examples", "core",
             *(f"anchor: {level}" for level in scale))
    for column in sheet.columns:
        if column not in known:
            raise sheet.error("is not a column the long layout reads (see rubrics/FORMAT.md)", 1, column)
    for column in ("area", "competency"):
        if column not in sheet.columns:
            raise sheet.error(f'column "{column}" is missing (the header row names {", ".join(sheet.columns)})')
    general = {int(row.get("id")): row.get("detail") for row in level_rows
               if row.get("id").lstrip("-").isdigit() and row.get("detail")}
    groups: dict[str, list[Row]] = {}
    for row in sheet.rows:
        rung = row.get("rung")
        if not rung:
            raise sheet.error("is empty: name the rung this row is for", row.number, "rung")
        if rung not in rung_ids and rung.casefold() not in by_title:
            raise sheet.error(f"{rung!r} is not a rung ({', '.join(rung_ids)})", row.number, "rung")
        grouped = "expected" in sheet.columns
        key = (row.get("id") or _slug(row.get("competency"))) if grouped else f"{row.number}"
        groups.setdefault(key, []).append(row)
    origin: Origin = {}
    wide = []
    for number, rows in enumerate(groups.values(), start=2):
        cells = _competency(sheet, rows, scale, general, rungs, by_title, tracks, origin, number)
        wide.append(Row(number, cells))
    columns = list(dict.fromkeys(column for row in wide for column in row.cells))
    return Sheet(sheet.file, sheet.name, columns, wide, origin)


def _competency(sheet: Sheet, rows: list[Row], scale: dict[int, str], general: dict[int, str],
                rungs: list[dict[str, Any]], by_title: dict[str, str], tracks: list[dict[str, Any]], origin: Origin,
                number: int) -> dict[str, str]:
    rung_ids = [rung["id"] for rung in rungs]
    titles = {rung["id"]: rung["title"] for rung in rungs}
    first = rows[0]
    cells = {column: next((row.get(column) for row in rows if row.get(column)), "") for column in KEPT}
    for column in KEPT:
        source = next((row for row in rows if row.get(column)), first)
        origin[(number, column)] = _at(sheet, source.number, column)
    origin[(number, "")] = _at(sheet, first.number, "")
    levels = list(scale)
    at: dict[str, tuple[int, Row]] = {}  # rung -> the level its row expects, and the row
    for row in rows:
        rung = row.get("rung") if row.get("rung") in rung_ids else by_title[row.get("rung").casefold()]
        if rung in at:
            raise sheet.error(f"a second row for {rung!r} of {cells['competency']!r} (the first is row "
                              f"{at[rung][1].number})", row.number, "rung")
        at[rung] = (_level(sheet, row, scale) if "expected" in sheet.columns else levels[-1], row)
    for rung in rung_ids:
        level = at[rung][0] if rung in at else _inherited(rung, at, tracks, levels[0])
        cells[f"expected: {rung}"] = str(level)
        if rung in at:
            origin[(number, f"expected: {rung}")] = _at(sheet, at[rung][1].number, "expected" if
                                                     "expected" in sheet.columns else "rung")
    cells["core at"] = ", ".join(rung for rung, (_, row) in at.items() if row.get("core").lower() in YES)
    origin[(number, "core at")] = _at(sheet, first.number, "core")
    if "expected" not in sheet.columns:  # a statement: its own text is what "yes" looks like
        ((rung, (_, row)),) = at.items()
        cells["description"] = cells["description"] or f"Asked from {titles[rung]} up."
        at = {rung: (levels[-1], Row(row.number, row.cells | {"anchor": row.get("anchor") or row.get("competency")}))}
    _described(sheet, rows, at, scale, general, cells, origin, number)
    return cells


def _described(sheet: Sheet, rows: list[Row], at: dict[str, tuple[int, Row]], scale: dict[int, str],
               general: dict[int, str], cells: dict[str, str], origin: Origin, number: int) -> None:
    """Each level's anchor (the statement of the rung expecting it, else a typed `anchor: N`, else the level's own
    words) and each step's action."""
    first = rows[0]
    levels = list(scale)
    said: dict[int, Row] = {}
    for rung, (level, row) in at.items():
        text = row.get("anchor")
        if not text:
            continue
        if level in said and said[level].get("anchor") != text:
            raise sheet.error(f"{rung!r} and {said[level].get('rung')!r} (row {said[level].number}) both expect "
                              f"level {level} of {cells['competency']!r} with different statements; a level has one "
                              "statement, so give the same one or expect another level", row.number, "anchor")
        said[level] = row
    for level in levels:
        column = f"anchor: {level}"
        typed = next((row for row in rows if row.get(column)), None)
        source = said.get(level)
        if source is not None:
            cells[column] = source.get("anchor")
            origin[(number, column)] = _at(sheet, source.number, "anchor")
            for kind in ("signals", "examples"):
                cells[f"{kind}: {level}"] = source.get(kind)
        elif typed is not None:
            cells[column] = typed.get(column)
            origin[(number, column)] = _at(sheet, typed.number, column)
        else:
            cells[column] = general.get(level, "")
            origin[(number, column)] = _at(sheet, first.number, f"anchor: {level}")
    for lower, upper in zip(levels, levels[1:], strict=False):
        stepped = next((row for _, (level, row) in at.items() if level == upper and row.get("action")), None)
        cells[f"action: {lower}"] = stepped.get("action") if stepped else \
            f"Work towards {scale[upper]}: {cells[f'anchor: {upper}']}" if cells[f"anchor: {upper}"] else ""
        origin[(number, f"action: {lower}")] = _at(sheet, (stepped or first).number, "action")


YES = ("yes", "y", "true", "x", "✓", "core")


def _at(sheet: Sheet, row: int, column: str) -> tuple[str | None, int, str]:
    """Where a cell of `sheet` was typed: through the sheets it was stacked from, where it was."""
    if sheet.origin is None:
        return sheet.name, row, column
    return sheet.origin.get((row, column), sheet.origin.get((row, ""), (sheet.name, row, column)))


def _inherited(rung: str, at: dict[str, tuple[int, Row]], tracks: list[dict[str, Any]], lowest: int) -> int:
    """What a rung no row names expects: the most a rung below it on one of its tracks expects, else the lowest."""
    below = [at[lower][0] for track in tracks if rung in track["rungs"]
             for lower in track["rungs"][:track["rungs"].index(rung)] if lower in at]
    return max(below, default=lowest)


def _level(sheet: Sheet, row: Row, scale: dict[int, str]) -> int:
    """A level as people write it: its number, its name, or yes and no on a scale of two."""
    cell = row.get("expected")
    by_name = {label.casefold(): level for level, label in scale.items()}
    if len(scale) == 2:
        by_name |= {word: max(scale) for word in ("yes", "y", "true", "x", "✓")}
        by_name |= {word: min(scale) for word in ("no", "n", "false", "-")}
    if cell.casefold() in by_name:
        return by_name[cell.casefold()]
    if cell.lstrip("-").isdigit() and int(cell) in scale:
        return int(cell)
    raise sheet.error(f"{cell!r} is not a level ({min(scale)}-{max(scale)})", row.number, "expected")


def stacked(path: Path, sheets: list[Sheet]) -> Sheet:
    """Sheets of the long layout, one per rung, as one table with a `rung` column (the sheet's name where the sheet
    has no such column); every cell still names its own sheet and row."""
    origin: Origin = {}
    rows: list[Row] = []
    for sheet in sheets:
        for column in sheet.columns:  # a header's problem names the first sheet with that column
            origin.setdefault((1, column), (sheet.name, 1, column))
        for row in sheet.rows:
            number = len(rows) + 2
            for column in (*row.cells, ""):
                origin[(number, column)] = (sheet.name, row.number, column)
            origin[(number, "rung")] = (sheet.name, row.number, "rung") if row.get("rung") else (sheet.name, 1, "")
            rows.append(Row(number, {"rung": sheet.name or ""} | {k: v for k, v in row.cells.items() if v or
                                                                   k != "rung"}))
    columns = list(dict.fromkeys(["rung", *(column for sheet in sheets for column in sheet.columns)]))
    if len(rows) > MAX_ROWS:
        raise BadInput(f"{path}: more than {MAX_ROWS:,} rows with content across its sheets")
    return Sheet(path, "competencies", columns, rows, origin)
