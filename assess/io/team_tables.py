"""A team's views as tables for a spreadsheet: pandas pivots of people x competencies, written as CSV or as an
XLSX workbook through openpyxl.

Nothing a spreadsheet would run gets in: in CSV a text cell starting with = + - @, a tab or a carriage return is
written after an apostrophe (a spreadsheet opening the file would evaluate it, or read it as a formula); in XLSX
every text cell is written as text, never as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd

from assess.core.rubric import Rubric
from assess.core.team import TeamView
from assess.core.team_rollup import Anonymous, Rollup
from assess.core.text import inert_cell as inert

NOT_SURE = "not sure"


def levels_frame(view: TeamView, rubric: Rubric, field: str = "level") -> pd.DataFrame:
    """People x competencies, in the heatmap's order: each cell's level ("not sure" as such) or levels short."""
    long = [{"person": row.person, "competency": rubric.competency(cell.competency).title,
             "value": NOT_SURE if field == "level" and cell.level is None else getattr(cell, field)}
            for row in view.heatmap.rows for cell in row.cells]
    titles = [rubric.competency(comp).title for comp in view.heatmap.competencies]
    people = [row.person for row in view.heatmap.rows]
    if not long:
        return pd.DataFrame(index=pd.Index(people, name="person"), columns=titles)
    frame = pd.DataFrame(long).pivot(index="person", columns="competency", values="value")
    frame = frame.reindex(index=people, columns=titles)
    frame.columns.name = None
    return frame


def heatmap_table(view: TeamView, rubric: Rubric) -> pd.DataFrame:
    frame = levels_frame(view, rubric)
    titles = {role.id: role.title for role in rubric.ladder}
    frame.insert(0, "against", [titles.get(row.expects, "the needs") if row.expects else "the needs"
                                for row in view.heatmap.rows])
    frame.insert(1, "levels short", [row.short for row in view.heatmap.rows])
    return frame.reset_index()


def coverage_table(view: TeamView) -> pd.DataFrame:
    return pd.DataFrame([{"need": row.label, "people needed": row.people, "people who hold it": row.count,
                          "met": "yes" if row.met else "no", "flag": row.flag or "", "who": ", ".join(row.holders)}
                         for row in view.coverage])


def inputs_table(view: TeamView) -> pd.DataFrame:
    return pd.DataFrame([{"person": row.person, "file": row.file, "taken on": row.taken_on, "rubric": row.rubric,
                          "version": row.version, "shared": "yes" if row.shared else "no", "status": row.status,
                          "sha256": row.sha256} for row in view.inputs])


def anonymous_table(view: Anonymous, rubric: Rubric) -> pd.DataFrame:
    return pd.DataFrame([{"competency": row.title, **{f"level {level}": n for level, n in row.levels.items()},
                          NOT_SURE: row.not_sure} for row in view.distributions])


def rollup_table(view: Rollup, rubric: Rubric) -> pd.DataFrame:
    rows = []
    for figures in [*view.teams, view.total]:
        row: dict[str, object] = {"group": figures.group, "people": figures.people}
        for role in rubric.ladder:
            row[f"meet {role.title}"] = None if figures.rungs is None else figures.rungs[role.id]
        for comp in rubric.competencies:
            row[f"{comp.title} {view.level}+"] = None if figures.skills is None else figures.skills[comp.id]
        rows.append(row)
    return pd.DataFrame(rows)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    safe = frame.map(inert)
    safe.columns = [inert(column) for column in safe.columns]
    return safe.to_csv(index=False, lineterminator="\n").encode()


def xlsx_bytes(sheets: Sequence[tuple[str, pd.DataFrame]]) -> bytes:
    """A workbook of one sheet per table; text is written as text, so no cell is a formula."""
    from openpyxl import Workbook  # openpyxl: only the XLSX, not the CSV
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)  # streamed: a team of a thousand writes in a fraction of the time
    for title, frame in sheets:
        sheet = book.create_sheet(title)

        def row(values: Sequence[object], sheet: object = sheet) -> list[object]:
            cells: list[object] = []
            for value in values:
                written = _written(value)
                if isinstance(written, str):
                    cell = WriteOnlyCell(sheet, value=written)
                    cell.data_type = "s"  # openpyxl would take "=..." for a formula
                    written = cell
                cells.append(written)
            return cells

        sheet.append(row(list(frame.columns)))
        for values in frame.itertuples(index=False):
            sheet.append(row(values))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _written(value: object) -> object:
    if value is None or (isinstance(value, float) and value != value):  # NaN: an empty cell
        return None
    if hasattr(value, "item"):  # a numpy number
        return value.item()  # type: ignore[no-any-return]
    return value


def team_sheets(view: TeamView, rubric: Rubric) -> list[tuple[str, pd.DataFrame]]:
    return [("heatmap", heatmap_table(view, rubric)), ("coverage", coverage_table(view)),
            ("inputs", inputs_table(view))]
