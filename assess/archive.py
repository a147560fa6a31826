"""History as a portable JSON document: `assess export` writes it, `assess import` reads it back.

The document carries its own format version, so a later assess can still read it and an older one
refuses it with a clear line instead of guessing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, model_validator

from .errors import BadInput
from .files import decode_utf8, read_limited, write_atomically
from .models import Answers, Result, Strict
from .storage import StoredRun
from .validation import bad_input

FORMAT = "assess-history"
FORMAT_VERSION = 1
MAX_BYTES = 64 * 1024 * 1024

Stamp = Annotated[str, Field(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$")]


class ExportedRun(Strict):
    id: Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")]
    profile: Annotated[str, Field(pattern=r"^[\w.-]{1,64}$")]
    name: str | None
    rubric_id: str
    rubric_version: str
    rubric_hash: str
    tool_version: str
    started_at: Stamp
    finished_at: Stamp | None
    status: Literal["draft", "complete"]
    answers: Answers
    result: Result | None

    @model_validator(mode="after")
    def _complete_runs_have_results(self) -> ExportedRun:
        if self.status == "complete" and (self.result is None or self.finished_at is None):
            raise ValueError(f"run {self.id}: a complete run needs finished_at and result")
        if self.answers.profile != self.profile:
            raise ValueError(f"run {self.id}: answers.profile {self.answers.profile!r} differs from {self.profile!r}")
        return self


class Archive(Strict):
    format: Literal["assess-history"]
    version: Literal[1]
    exported_at: Stamp
    tool_version: str
    runs: list[ExportedRun]


def export_document(runs: Sequence[StoredRun], *, exported_at: str, tool_version: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": exported_at,
        "tool_version": tool_version,
        "runs": [
            {
                "id": run.id,
                "profile": run.profile,
                "name": run.name,
                "rubric_id": run.rubric_id,
                "rubric_version": run.rubric_version,
                "rubric_hash": run.rubric_hash,
                "tool_version": run.tool_version,
                "started_at": run.started_at,
                "finished_at": run.finished_at,
                "status": run.status,
                "answers": run.answers.model_dump(mode="json"),
                # Field names, not aliases, so the result reads back into the same model.
                "result": run.result.model_dump(mode="json") if run.result else None,
            }
            for run in runs
        ],
    }


def write_private_json(path: Path, data: object) -> None:
    """Readable by the owner only: an export holds every answer and piece of evidence."""
    write_atomically(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode(), private=True)


def read_archive(path: Path) -> list[StoredRun]:
    text = decode_utf8(path, read_limited(path, MAX_BYTES))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"{path}: not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadInput(f"{path}: not an assess history export (expected \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise BadInput(f"{path}: version: {version} is newer than this assess reads ({FORMAT_VERSION}); upgrade assess")
    try:
        archive = Archive.model_validate(data)
    except ValidationError as err:
        raise bad_input(path, err, data) from None
    seen: set[str] = set()
    for run in archive.runs:
        if run.id in seen:
            raise BadInput(f"{path}: runs[{run.id}]: id appears twice")
        seen.add(run.id)
    return [StoredRun(**{name: getattr(run, name) for name in ExportedRun.model_fields}) for run in archive.runs]
