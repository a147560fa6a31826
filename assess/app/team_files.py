"""A team's views written to files (PDF, HTML, JSON, CSV, XLSX), and a department's roll-up across teams."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from pydantic_core import to_json

# The module, not its functions: a test may stand in for them after this module is imported.
from assess.app import team as team_use
from assess.core.errors import BadInput
from assess.core.rubric import Rubric
from assess.core.team_members import Member
from assess.core.team_report import TeamReport
from assess.core.team_rollup import Rollup, rollup
from assess.io.files import check_writable_target, write_atomically
from assess.io.locations import Locations, data_dir
from assess.report.team_data import anonymous_data, anonymous_view, team_data


def team_bytes(found: TeamReport, fmt: str, paper: str, locations: Locations, *, anonymous: bool, k: int) -> bytes:
    if fmt == "json":
        return team_json(anonymous_data(found, k) if anonymous else team_data(found))
    if fmt in ("csv", "xlsx"):
        from assess.io import team_tables  # pandas and openpyxl: only the tables

        if anonymous:
            frame = team_tables.anonymous_table(anonymous_view(found.view, found.rubric, found.members, k),
                                                found.rubric)
            return team_tables.csv_bytes(frame) if fmt == "csv" else team_tables.xlsx_bytes([("distributions", frame)])
        if fmt == "csv":
            return team_tables.csv_bytes(team_tables.heatmap_table(found.view, found.rubric))
        return team_tables.xlsx_bytes(team_tables.team_sheets(found.view, found.rubric))
    from assess.report.team_render import render_team  # jinja2: the tables and JSON render no template

    return render_team(found, fmt, paper, data_dir("reports"), anonymous=anonymous, k=k)


def team_json(data: object) -> bytes:
    """Indented JSON, written by pydantic's encoder: the standard library's indents a team of a thousand (6 MB) ten
    times slower."""
    return to_json(data, indent=2) + b"\n"


def write_team_report(found: TeamReport, path: Path, fmt: str, paper: str, locations: Locations, *,
                      anonymous: bool = False, k: int = 5) -> Path:
    """Readable by its owner only: a team's view names people and their levels. Never over the history."""
    locations.keep_out(path)
    check_writable_target(path)
    return write_atomically(path, team_bytes(found, fmt, paper, locations, anonymous=anonymous, k=k), private=True)


def department(locations: Locations, name: str, teams: Sequence[str], *, on: date | None, window: int,
               k: int) -> tuple[Rollup, Rubric]:
    """The roll-up of `teams` as department `name`: every team read against the rubric version most of them
    use; a team read against another is left out, and said."""
    on = on or datetime.now(UTC).date()
    found: dict[str, TeamReport] = {}
    for team in dict.fromkeys(teams):
        team_use.load_roster(locations, team)
        found[team] = team_use.roster_report(locations, team, on=on, window=window)
    versions = [report.view.rubric_hash for report in found.values()]
    chosen = max(dict.fromkeys(versions), key=versions.count)
    left_out = [f"{team}: read against {report.view.rubric} {report.view.rubric_version}, not the version of the "
                "others" for team, report in found.items() if report.view.rubric_hash != chosen]
    counted: dict[str, list[Member]] = {team: report.members for team, report in found.items()
                                        if report.view.rubric_hash == chosen}
    if not counted:
        raise BadInput(f"department {name}: no team to count")
    rubric = next(report.rubric for report in found.values() if report.view.rubric_hash == chosen)
    return rollup(rubric, name, counted, k, left_out), rubric
