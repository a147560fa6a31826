"""Team rosters: a lead's teams, each a JSON file under the home folder, readable by its owner only.

A roster keeps a team's name, its needs, every input it was built from (each as the member the engine made of it,
with the run it came from, its evidence left out) and its builds: which input counted for each person on the day
of each build, so a later build shows what moved. Nothing in it is trusted when it is read back but what assess
wrote: a roster that does not parse as one is refused in one line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StrictStr, ValidationError

from assess.core.errors import BadInput
from assess.core.fields import Strict
from assess.core.rubric import Rubric
from assess.core.runs import Stamp
from assess.core.snapshot import rubric_snapshot
from assess.core.team import TeamInput
from assess.core.team_needs import NeedsFile
from assess.core.text import PROFILE_PATTERN, safe
from assess.io.files import decode_utf8, read_limited, write_atomically
from assess.io.locations import Locations, private_folder
from assess.io.validation import bad_input

FORMAT: Literal["assess-team"] = "assess-team"
FORMAT_VERSION: Literal[1] = 1
MAX_BYTES = 512 * 1024 * 1024
MAX_BUILDS = 12  # three years of quarterly builds; older ones are dropped with the inputs only they held
FOLDER = "teams"

TeamName = Annotated[StrictStr, Field(pattern=f"^{PROFILE_PATTERN}$")]
Day = Annotated[str, Field(pattern=r"^\d{4}-\d\d-\d\d$")]


class StoredInput(Strict):
    """An input as a roster keeps it: its member, and the run it was made from (result and evidence left out)."""

    input: TeamInput
    # The run as the engine scored it (evidence and result left out), kept as written: it is read only to score
    # it again, so a team of a thousand does not pay to check every run each time it is shown.
    run: dict[str, Any]
    private_facts: list[str] | None  # None: a full report or export; else a shared one, without these facts
    added_on: Day


class Build(Strict):
    on: Day  # the day the build was made for
    members: dict[str, str]  # person key -> input id


class Roster(Strict):
    format: Literal["assess-team"] = FORMAT
    version: Literal[1] = FORMAT_VERSION
    name: TeamName
    tool_version: Annotated[str, Field(max_length=200)]
    created_at: Stamp
    needs: NeedsFile | None = None
    needs_file: Annotated[str, Field(max_length=4096)] | None = None
    rubrics: dict[str, Rubric] = {}  # by content hash
    inputs: dict[str, StoredInput] = {}  # by input id
    builds: list[Build] = []

    def build(self, index: int = -1) -> Build | None:
        return self.builds[index] if -len(self.builds) <= index < len(self.builds) else None


def check_team_name(name: str) -> str:
    if not re.fullmatch(PROFILE_PATTERN, name):
        raise BadInput(f"team name: {safe(repr(name))} is not a team name: up to 64 letters, digits, '.', '_' or '-'")
    return name


def teams_folder(locations: Locations) -> Path:
    return locations.home / FOLDER


def roster_path(locations: Locations, name: str) -> Path:
    return teams_folder(locations) / f"{check_team_name(name)}.json"


def read_roster(path: Path) -> Roster:
    raw = read_limited(path, MAX_BYTES)
    try:
        data = json.loads(decode_utf8(path, raw))
    except json.JSONDecodeError as exc:
        raise BadInput(f"{path}: not a team roster (not JSON: {exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadInput(f"{path}: not an assess team roster (expected \"format\": \"{FORMAT}\")")
    if isinstance(data.get("version"), int) and data["version"] > FORMAT_VERSION:
        raise BadInput(f"{path}: version: {data['version']} is newer than this assess reads; upgrade assess")
    try:
        return Roster.model_validate(data)
    except ValidationError as err:
        raise bad_input(path, err, data) from None


def write_roster(path: Path, roster: Roster) -> None:
    """Written whole, 0600, in a folder only its owner can enter."""
    folder = private_folder(path.parent)
    if folder is None:
        raise BadInput(f"{path.parent}: cannot keep team rosters there (not a folder only you can write)")
    data = roster.model_dump(mode="json", exclude={"rubrics"})
    # A rubric is kept as its snapshot, the form a run's rubric hash names (and its own aliases, as `from`).
    data["rubrics"] = {digest: json.loads(rubric_snapshot(rubric)[0]) for digest, rubric in roster.rubrics.items()}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    write_atomically(path, (text + "\n").encode(), private=True)


def roster_names(locations: Locations) -> list[str]:
    folder = teams_folder(locations)
    if not folder.is_dir():
        return []
    return sorted(path.stem for path in folder.glob("*.json") if re.fullmatch(PROFILE_PATTERN, path.stem))
