"""History as a portable JSON document: `assess export` writes it, `assess import` reads it back.

The document carries its own format version, so a later assess can still read it and an older one
refuses it with a clear line instead of guessing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from .errors import BadInput
from .files import decode_utf8, read_limited, write_atomically
from .models import Stamp, StoredRun, Strict
from .validation import bad_input

FORMAT = "assess-history"
FORMAT_VERSION = 1
MAX_BYTES = 64 * 1024 * 1024


class Archive(Strict):
    format: Literal["assess-history"]
    version: Literal[1]
    exported_at: Stamp
    tool_version: str
    runs: list[StoredRun]


def export_document(runs: Sequence[StoredRun], *, exported_at: str, tool_version: str) -> dict[str, Any]:
    archive = Archive(format=FORMAT, version=FORMAT_VERSION, exported_at=exported_at, tool_version=tool_version,
                      runs=list(runs))
    # Field names, not aliases, so the document reads back into the same models.
    return archive.model_dump(mode="json")


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
    return archive.runs
