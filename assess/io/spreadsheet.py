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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from assess.core.errors import BadInput, LadderTable, Problems
from assess.core.fields import MAX_TEXT
from assess.io.files import decode_utf8, read_limited

MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED = 50 * 1024 * 1024  # a workbook is a zip: bound what it expands to before openpyxl opens it
MAX_ROWS = 1_000  # rows with content, after the header
MAX_SCANNED = 20_000  # rows looked at, empty or not: a sheet formatted down to row 1,048,576 is refused quickly
MAX_COLUMNS = 200
COMPETENCIES, LADDER = "competencies", "ladder"
T = TypeVar("T")


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: dict[str, str]  # header (lower case) -> cell text, stripped; "" for an empty cell

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


# Where a cell of a table built from another came from: (row, column) -> (sheet, row, column) as the person sees it.
Origin = dict[tuple[int, str], tuple[str | None, int, str]]


@dataclass(frozen=True)
class Sheet:
    file: Path
    name: str | None  # None for a CSV file, which is one sheet
    columns: list[str]
    rows: list[Row]
    origin: Origin | None = None  # a table built from another layout: where each of its cells was read

    def where(self, row: int | None = None, column: str | None = None) -> str:
        name = self.name
        if self.origin is not None and row is not None:
            name, row, column = self.origin.get((row, column or ""), self.origin.get((row, ""), (name, row, column)))
        parts = [f"sheet {name}"] if name else []
        if row is not None:
            parts.append(f"row {row}")
        if column is not None:
            parts.append(f'column "{column}"')
        return f"{self.file}: " + ", ".join(parts) if parts else str(self.file)

    def error(self, message: str, row: int | None = None, column: str | None = None) -> BadInput:
        return BadInput(f"{self.where(row, column)}: {message}")


MAX_PROBLEMS = 20  # problems one import names; the count of the rest follows


class Findings:
    """The problems found in a spreadsheet so far, so that one import names them all (up to MAX_PROBLEMS): a person
    fixing a sheet should not learn of its problems one run at a time."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.found = 0

    def add(self, err: BadInput) -> None:
        lines = err.lines if isinstance(err, Problems) else [str(err)]
        self.found += err.found if isinstance(err, Problems) else 1
        self.lines += lines[:MAX_PROBLEMS - len(self.lines)]

    def attempt(self, read: Callable[[], T]) -> T | None:
        """What `read` gives, or None with its problem kept."""
        try:
            return read()
        except BadInput as err:
            self.add(err)
            return None

    def check(self) -> None:
        """Stop here, naming every problem kept, when there is one."""
        if self.lines:
            raise Problems(self.lines, self.found)


# --- reading ---------------------------------------------------------------------------------------------


def read_sheets(path: Path, rungs: Path | None) -> tuple[Sheet | list[Sheet], Sheet]:
    """The competencies and ladder tables of an XLSX workbook, or of a CSV file and the CSV given as `rungs`; a
    workbook without a competencies sheet gives its other sheets, one per rung, in the long layout."""
    if path.suffix.lower() == ".xlsx":
        if rungs is not None:
            raise LadderTable(rungs, given=True)
        return _read_workbook(path)
    if path.suffix.lower() != ".csv":
        raise BadInput(f"{path}: expected a .csv or .xlsx file")
    if rungs is None:
        raise LadderTable(path, given=False)
    return _read_csv(path), _read_csv(rungs)


def _read_csv(path: Path) -> Sheet:
    import pandas as pd  # pandas: only a CSV matrix; validating a rubric or reading an XLSX never loads it

    raw = read_limited(path, MAX_BYTES)
    if b"\x00" in raw:
        raise BadInput(f"{path}: binary file, expected CSV text")
    text = decode_utf8(path, raw).removeprefix("\ufeff")
    if not text.strip():
        raise Sheet(path, None, [], []).error("is empty; expected a header row, then one row per item "
                                              "(see rubrics/FORMAT.md)")
    first = text.split("\n", 1)[0]
    sep = max((",", ";", "\t"), key=first.count)
    _bound_csv(Sheet(path, None, [], []), text, sep)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, header=None, dtype=str, keep_default_na=False,
                            skip_blank_lines=False, nrows=MAX_SCANNED + 1)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BadInput(f"{path}: not CSV this import reads: {reason}") from None
    return _sheet(path, None, ([cell if isinstance(cell, str) and cell else None for cell in row]
                               for row in frame.itertuples(index=False)))


_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"')
MAX_SEPARATORS = 10 * MAX_COLUMNS  # in one row, empty trailing cells included


def _bound_csv(where: Sheet, text: str, sep: str) -> None:
    """Refuse, before the parser builds a table of it, a CSV with a row of more columns than a table may have or a
    cell longer than a cell may be: one wide row in a few hundred KB took a parser seconds and half a GB. Quoted
    cells are taken out first (their separators and line breaks are text), so each line left is one row."""
    longest = 0

    def blank(found: re.Match[str]) -> str:
        nonlocal longest
        longest = max(longest, len(found.group()) - 2)
        return ""

    rows = _QUOTED.sub(blank, text).split("\n")
    if longest > MAX_TEXT:
        raise where.error(f"a cell of {longest:,} characters; the limit is {MAX_TEXT:,}")
    for number, line in enumerate(rows, start=1):
        if line.rstrip(sep + " \r").count(sep) >= MAX_COLUMNS or line.count(sep) > MAX_SEPARATORS:
            raise where.error(f"more than {MAX_COLUMNS} columns", number)
        if len(line) > MAX_COLUMNS * (MAX_TEXT + 1):
            raise where.error(f"a row of {len(line):,} characters; the limit is {MAX_TEXT:,} a cell", number)


def _read_workbook(path: Path) -> tuple[Sheet | list[Sheet], Sheet]:
    raw = read_limited(path, MAX_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise BadInput(f"{path}: not an XLSX workbook (not a zip file)") from None
    if unzipped > MAX_UNZIPPED:
        raise BadInput(f"{path}: unpacks to {unzipped:,} bytes; the limit is {MAX_UNZIPPED:,}")
    from openpyxl import load_workbook  # openpyxl: only an XLSX matrix

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken workbook; each is bad input
        raise BadInput(f"{path}: not an XLSX workbook this import reads ({type(exc).__name__})") from None
    try:
        named = {name: next((title for title in book.sheetnames if title.strip().lower() == name), None)
                 for name in (COMPETENCIES, LADDER)}
        others = [title for title in book.sheetnames if title not in named.values()]
        missing = next((name for name, title in named.items() if title is None and (name == LADDER or not others)),
                       None)
        if missing is not None:
            raise BadInput(f"{path}: no sheet {missing!r} (sheets: {', '.join(book.sheetnames)})")
        ladder = _worksheet(path, book, str(named[LADDER]), LADDER)
        if named[COMPETENCIES] is not None:
            return _worksheet(path, book, named[COMPETENCIES], COMPETENCIES), ladder
        # One sheet per rung, named by it, in the long layout: stacked into one, each row naming its sheet's rung.
        sheets = [_worksheet(path, book, title, title) for title in others]
        if any(column.startswith(("expected: ", "anchor: ")) for sheet in sheets for column in sheet.columns):
            raise BadInput(f"{path}: no sheet 'competencies' (sheets: {', '.join(book.sheetnames)})")
        return sheets, ladder
    finally:
        book.close()


def _worksheet(path: Path, book: Any, title: str, name: str) -> Sheet:
    worksheet = book[title]
    # The size a sheet declares (its `dimension`) is not trusted: a stale one would end the rows early.
    worksheet.reset_dimensions()
    return _sheet(path, name, _workbook_rows(Sheet(path, name, [], []), worksheet))


@dataclass(frozen=True)
class _Formula:
    text: str


def _workbook_rows(where: Sheet, worksheet: Any) -> Iterator[list[object]]:
    """The sheet's rows as values. openpyxl reads a sheet as it is iterated, so damaged XML or a cell whose value
    does not read as its type (a number "abc", a shared string that is not there) shows up here, as many kinds of
    error: each is one line naming the sheet and the row reached."""
    rows = worksheet.iter_rows(max_col=MAX_COLUMNS + 1)
    number = 0
    while True:
        try:
            cells = next(rows)
            values = [_Formula(str(cell.value)) if getattr(cell, "data_type", None) == "f" else cell.value
                      for cell in cells]
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - a damaged sheet fails in openpyxl's own ways; each is bad input
            raise where.error(f"damaged after row {number}, not a sheet this import reads ({type(exc).__name__})") \
                from None
        number += 1
        yield values


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
    # A line break typed in a cell on Windows is CR LF, on an old Mac CR: the rubric keeps one kind, LF.
    text = value.text if isinstance(value, _Formula) else str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
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


# --- cells ----------------------------------------------------------------------------------------------


# --- writing --------------------------------------------------------------------------------------------


def _required(sheet: Sheet, row: Row, column: str) -> str:
    text = row.get(column)
    if not text:
        raise sheet.error("is empty", row.number, column)
    return text


def _whole(sheet: Sheet, cell: str, row: int, column: str) -> int:
    try:
        return int(cell)
    except ValueError:
        raise sheet.error(f"{cell!r} is not a whole number", row, column) from None


def _parsed(sheet: Sheet, cell: str, row: int, column: str) -> float | int:
    """A number as people type it (a decimal comma too); what it may be is for the rubric to say."""
    try:
        value = float(cell.replace(",", "."))
    except ValueError:
        raise sheet.error(f"{cell!r} is not a number", row, column) from None
    return int(value) if value.is_integer() else value


def _number(sheet: Sheet, cell: str, row: int, column: str) -> float | int:
    value = _parsed(sheet, cell, row, column)
    if not 0 <= value <= 1_000_000:
        raise sheet.error(f"{cell!r} is not a number from 0 to 1,000,000", row, column)
    return value


def _weight(sheet: Sheet, row: Row, column: str) -> float | int:
    value = _number(sheet, row.get(column), row.number, column)
    if value <= 0:
        raise sheet.error(f"{row.get(column)!r} is not a weight above 0", row.number, column)
    return value


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64].strip("-")
