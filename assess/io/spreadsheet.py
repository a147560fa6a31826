"""A skills matrix kept in a spreadsheet (CSV, or XLSX) read into a rubric; the layout is in rubrics/FORMAT.md.

Two tables: `competencies` (one row per competency: area, title, description, an anchor per level, an
action per step, an expected level per rung) and `ladder` (rows of kind `level`, `rung`, `fact` and
`rubric`). An XLSX workbook holds them as two sheets of those names; CSV files hold one each (the ladder
given with `--rungs`). Every problem is one line naming the file, sheet, row and column, as a person sees
them in the spreadsheet (the header is row 1). The only module that imports openpyxl; pandas parses CSV.
Files are bounded before they are parsed: bytes, the unzipped size of a workbook, rows and columns.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assess.core.errors import BadInput
from assess.core.rubric import MAX_TEXT, Rubric
from assess.io.files import decode_utf8, read_limited
from assess.io.validation import bad_input

MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED = 50 * 1024 * 1024  # a workbook is a zip: bound what it expands to before openpyxl opens it
MAX_ROWS = 1_000  # rows with content, after the header
MAX_SCANNED = 20_000  # rows looked at, empty or not: a sheet formatted down to row 1,048,576 is refused quickly
MAX_COLUMNS = 200
COMPETENCIES, LADDER = "competencies", "ladder"
SETTINGS = ("id", "title", "version", "source", "target", "notes", "threshold")
ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: dict[str, str]  # header (lower case) -> cell text, stripped; "" for an empty cell

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass(frozen=True)
class Sheet:
    file: Path
    name: str | None  # None for a CSV file, which is one sheet
    columns: list[str]
    rows: list[Row]

    def where(self, row: int | None = None, column: str | None = None) -> str:
        parts = [f"sheet {self.name}"] if self.name else []
        if row is not None:
            parts.append(f"row {row}")
        if column is not None:
            parts.append(f'column "{column}"')
        return f"{self.file}: " + ", ".join(parts) if parts else str(self.file)

    def error(self, message: str, row: int | None = None, column: str | None = None) -> BadInput:
        return BadInput(f"{self.where(row, column)}: {message}")


# --- reading ---------------------------------------------------------------------------------------------


def read_sheets(path: Path, rungs: Path | None) -> tuple[Sheet, Sheet]:
    """The competencies and ladder tables of an XLSX workbook, or of a CSV file and the CSV given as `rungs`."""
    if path.suffix.lower() == ".xlsx":
        if rungs is not None:
            raise BadInput(f"--rungs: {rungs}: only for a CSV file; a workbook keeps its ladder in sheet {LADDER}")
        return _read_workbook(path)
    if path.suffix.lower() != ".csv":
        raise BadInput(f"{path}: expected a .csv or .xlsx file")
    if rungs is None:
        raise BadInput(f"{path}: a CSV file holds one table; give the ladder (levels, rungs, facts) with --rungs FILE")
    return _read_csv(path), _read_csv(rungs)


def _read_csv(path: Path) -> Sheet:
    import pandas as pd

    raw = read_limited(path, MAX_BYTES)
    if b"\x00" in raw:
        raise BadInput(f"{path}: binary file, expected CSV text")
    text = decode_utf8(path, raw).removeprefix("\ufeff")
    if not text.strip():
        raise Sheet(path, None, [], []).error("is empty; expected a header row, then one row per item "
                                              "(see rubrics/FORMAT.md)")
    first = text.split("\n", 1)[0]
    sep = max((",", ";", "\t"), key=first.count)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, header=None, dtype=str, keep_default_na=False,
                            skip_blank_lines=False, nrows=MAX_SCANNED + 1)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BadInput(f"{path}: not CSV this import reads: {reason}") from None
    return _sheet(path, None, ([cell if isinstance(cell, str) and cell else None for cell in row]
                               for row in frame.itertuples(index=False)))


def _read_workbook(path: Path) -> tuple[Sheet, Sheet]:
    raw = read_limited(path, MAX_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise BadInput(f"{path}: not an XLSX workbook (not a zip file)") from None
    if unzipped > MAX_UNZIPPED:
        raise BadInput(f"{path}: unpacks to {unzipped:,} bytes; the limit is {MAX_UNZIPPED:,}")
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken workbook; each is bad input
        raise BadInput(f"{path}: not an XLSX workbook this import reads ({type(exc).__name__})") from None
    try:
        sheets = []
        for name in (COMPETENCIES, LADDER):
            found = next((title for title in book.sheetnames if title.strip().lower() == name), None)
            if found is None:
                raise BadInput(f"{path}: no sheet {name!r} (sheets: {', '.join(book.sheetnames)})")
            sheets.append(_sheet(path, name, _workbook_rows(book[found])))
        return sheets[0], sheets[1]
    finally:
        book.close()


@dataclass(frozen=True)
class _Formula:
    text: str


def _workbook_rows(worksheet: Any) -> Iterator[list[object]]:
    for cells in worksheet.iter_rows(max_col=MAX_COLUMNS + 1):
        yield [_Formula(str(cell.value)) if getattr(cell, "data_type", None) == "f" else cell.value for cell in cells]


def _sheet(path: Path, name: str | None, rows: Iterator[list[object]]) -> Sheet:
    where = Sheet(path, name, [], [])
    header: list[str] | None = None
    found: list[Row] = []
    for number, values in enumerate(rows, start=1):
        if number > MAX_SCANNED + 1:
            raise where.error(f"more than {MAX_SCANNED:,} rows; the limit is {MAX_ROWS:,} rows with content")
        texts = [_text(where, number, header[i] if header and i < len(header) and header[i] else str(i + 1), value)
                 for i, value in enumerate(values)]
        while texts and not texts[-1]:
            texts.pop()
        if not texts:
            continue
        if len(texts) > MAX_COLUMNS:
            raise where.error(f"more than {MAX_COLUMNS} columns", number)
        if header is None:
            header = _header(where, number, texts)
            continue
        if len(found) == MAX_ROWS:
            raise where.error(f"more than {MAX_ROWS:,} rows with content; the limit is {MAX_ROWS:,}", number)
        extra = next((i for i, text in enumerate(texts) if text and (i >= len(header) or not header[i])), None)
        if extra is not None:
            raise where.error(f"a value in a column without a header ({texts[extra][:40]!r})", number)
        found.append(Row(number, {column: text for column, text in zip(header, texts, strict=False) if column}))
    if header is None:
        raise where.error("is empty; expected a header row and one row per item (see rubrics/FORMAT.md)")
    if not found:
        raise where.error("has a header but no rows")
    return Sheet(path, name, [c for c in header if c], found)


def _text(where: Sheet, number: int, column: str, value: object) -> str:
    """A cell as text; formulas are refused (what they compute is not in the file, and they are not data)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise where.error(f"{value} is a true/false cell; type the text or number instead", number, column)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value.text if isinstance(value, _Formula) else str(value).strip()
    if isinstance(value, _Formula) or text.startswith("="):
        raise where.error(f"a formula ({text[:40]}); type its value instead", number, column)
    if len(text) > MAX_TEXT:
        raise where.error(f"a cell of {len(text):,} characters; the limit is {MAX_TEXT:,}", number, column)
    return text


def _header(where: Sheet, number: int, texts: list[str]) -> list[str]:
    header = [" ".join(text.lower().split()) for text in texts]
    header = [re.sub(r"\s*:\s*", ": ", column) for column in header]
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise where.error("appears twice in the header", number, column)
        if column:
            seen.add(column)
    return header


# --- building the rubric ---------------------------------------------------------------------------------


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


# --- cells ----------------------------------------------------------------------------------------------


def _required(sheet: Sheet, row: Row, column: str) -> str:
    text = row.get(column)
    if not text:
        raise sheet.error("is empty", row.number, column)
    return text


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


def _whole(sheet: Sheet, cell: str, row: int, column: str) -> int:
    try:
        return int(cell)
    except ValueError:
        raise sheet.error(f"{cell!r} is not a whole number", row, column) from None


def _number(sheet: Sheet, cell: str, row: int, column: str) -> float | int:
    try:
        value = float(cell.replace(",", "."))
    except ValueError:
        raise sheet.error(f"{cell!r} is not a number", row, column) from None
    if not 0 <= value <= 1_000_000:
        raise sheet.error(f"{cell!r} is not a number from 0 to 1,000,000", row, column)
    return int(value) if value.is_integer() else value


def _weight(sheet: Sheet, row: Row, column: str) -> float | int:
    value = _number(sheet, row.get(column), row.number, column)
    if value <= 0:
        raise sheet.error(f"{row.get(column)!r} is not a weight above 0", row.number, column)
    return value


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64].strip("-")


# --- writing --------------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Long text as folded blocks and text with line breaks as literal blocks, so the file reads as prose."""


def _text_style(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else ">" if len(text) > 72 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _short_ids_inline(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.SequenceNode:
    inline = all(isinstance(item, str) and ID.match(item) for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=inline)


def _levels_inline(dumper: yaml.SafeDumper, mapping: dict[Any, Any]) -> yaml.MappingNode:
    """`expected: {junior: 1, senior: 3}` on one line; every other mapping in blocks."""
    inline = bool(mapping) and all(isinstance(value, int | float) for value in mapping.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", mapping, flow_style=inline)


_Dumper.add_representer(str, _text_style)
_Dumper.add_representer(list, _short_ids_inline)
_Dumper.add_representer(dict, _levels_inline)


def rubric_yaml(data: dict[str, Any], source: Path) -> str:
    head = (f"# Rubric imported from {source.name} by `assess rubrics import`; format in rubrics/FORMAT.md.\n"
            "# Edit it freely, change `version` when the content changes, and check it with "
            "`assess rubrics validate`.\n")
    return head + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                            default_flow_style=False)
