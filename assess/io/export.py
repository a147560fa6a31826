"""History as a portable JSON document: `assess export` writes it, `assess import` reads it back.

The document carries its own format version, so a later assess can still read it and an older one
refuses it with a clear line instead of guessing. It carries the rubric each run was scored against
(format 2), so it imports into an empty home with no rubric file around. An import is never trusted:
every result is recomputed from the run's answers and rubric.

A PDF report carries the same document as an attachment, holding the one run it shows, so `assess import
report.pdf` reads that attachment and imports it like an export. A shared report's run says it is shared:
its evidence and the facts marked private were left out before it was written, and its mark keeps what the
report stated that the redacted answers no longer tell (format 3).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from assess.core.errors import BadInput
from assess.core.fields import Strict
from assess.core.rubric import Rubric
from assess.core.runs import SharedMark, Stamp, StoredRun, utc
from assess.core.snapshot import rubric_snapshot
from assess.core.text import field_name
from assess.io.files import decode_utf8, read_limited, write_atomically
from assess.io.rubric_files import earlier_rubric
from assess.io.validation import MAX_NUMBER_LENGTH, bad_input

FORMAT = "assess-history"
FORMAT_VERSION = 3
MAX_BYTES = 64 * 1024 * 1024
MAX_RUNS = 10_000


class ExportedRun(StoredRun):
    """A run as an export holds it. Its result is not read: importing computes it again from the answers."""

    result: object = None  # type: ignore[assignment]  # whatever the file says; never read
    standing: object = None  # type: ignore[assignment]  # likewise

    @model_validator(mode="after")
    def _consistent(self) -> ExportedRun:
        if self.status == "complete" and self.finished_at is None:
            raise ValueError(f"run {self.id}: a complete run needs finished_at")
        if self.answers.profile != self.profile:
            raise ValueError(f"run {self.id}: answers.profile {self.answers.profile!r} differs from {self.profile!r}")
        if self.finished_at is not None and utc(self.finished_at) < utc(self.started_at):
            raise ValueError(f"finished_at {self.finished_at} is before started_at {self.started_at}")
        return self

    @field_validator("started_at", "finished_at")
    @classmethod
    def _not_in_the_future(cls, moment: str | None) -> str | None:
        # A run from the future would stay "latest" whatever is taken after it; a day allows for clocks set wrong.
        if moment is not None and datetime.fromisoformat(moment) > datetime.now(UTC) + timedelta(days=1):
            raise ValueError("is in the future")
        return moment


PDF_ATTACHMENT = "assess-run.json"  # the name of the document a PDF report carries
MAX_ATTACHMENT_BYTES = 16 * 1024 * 1024  # one run and its rubric; a rubric file is at most a few MB


class Archive(Strict):
    format: Literal["assess-history"]
    version: Literal[1, 2, 3]
    exported_at: Stamp
    tool_version: Annotated[str, Field(max_length=200)]
    runs: Annotated[list[ExportedRun], Field(max_length=MAX_RUNS)]
    rubrics: Annotated[dict[str, Rubric], Field(max_length=MAX_RUNS)] = {}  # by content hash; format 1 had none
    shared: SharedMark | None = None


@dataclass(frozen=True)
class ImportedRun:
    """A run a file holds, the rubric it is to be scored against, and how messages name it."""

    run: StoredRun  # its result left out: never taken from a file
    rubric: Rubric
    where: str


@dataclass(frozen=True)
class Imported:
    """The runs of a file; `shared` when they come from a shared report (each run then carries the mark too)."""

    runs: list[ImportedRun]
    shared: SharedMark | None = None


def export_document(runs: Sequence[StoredRun], rubrics: Sequence[Rubric], *, exported_at: str,
                    tool_version: str, shared: SharedMark | None = None) -> dict[str, Any]:
    """The export of `runs`; `shared` marks the runs of a shared report."""
    kept = {rubric_snapshot(rubric)[1]: json.loads(rubric_snapshot(rubric)[0]) for rubric in rubrics}
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": exported_at,
        "tool_version": tool_version,
        # Field names, not aliases, so the runs read back into the same models.
        "runs": [run.model_dump(mode="json", exclude={"standing"}) for run in runs],
        "rubrics": kept,
    }
    if shared is not None:
        document["shared"] = shared.model_dump(mode="json")
    return document


def write_private_json(path: Path, data: object) -> None:
    """Readable by the owner only: an export holds every answer and piece of evidence."""
    write_atomically(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode(), private=True)


def read_archive(path: Path) -> Imported:
    """The runs of an export, or the run a PDF report carries; see `parse_archive`."""
    raw = read_limited(path, MAX_BYTES)
    if raw.startswith(b"%PDF-"):
        from assess.io.pdf_attachments import attached_file  # pypdf: only a PDF, not an export

        carried = attached_file(raw, PDF_ATTACHMENT, limit=MAX_ATTACHMENT_BYTES, where=path)
        if carried is None:
            raise BadInput(f"{path}: this PDF carries no assess run (no {PDF_ATTACHMENT} attachment); "
                           "import a PDF report written by assess, or an `assess export` file")
        return _one_report_run(parse_archive(carried, f"{path}: {PDF_ATTACHMENT}"), path)
    if path.suffix.lower() == ".pdf":
        raise BadInput(f"{path}: not a PDF (it does not start with %PDF-)")
    return parse_archive(raw, path)


def _one_report_run(imported: Imported, path: Path) -> Imported:
    """A PDF report shows one completed self-assessment and carries that one run; anything else in it was put there
    by something other than `assess report` (a draft would be offered to resume, with the rubric the file brought)."""
    if len(imported.runs) != 1:
        raise BadInput(f"{path}: a PDF report carries one run; this one carries {len(imported.runs)}; import an "
                       "`assess export` file to bring several")
    run = imported.runs[0].run
    if run.status != "complete":
        raise BadInput(f"{path}: a PDF report carries a completed self-assessment; this one carries a draft")
    if run.answers.rater is not None:
        raise BadInput(f"{path}: a PDF report carries a self-assessment; this one carries a "
                       f"{run.answers.rater.relation}'s rating")
    return imported


class _Refused(ValueError):
    """JSON that parses but that no export holds."""


def _bounded_int(text: str) -> int:
    # Python refuses to turn more than 4,300 digits into an int, with an error naming no file.
    if len(text) > MAX_NUMBER_LENGTH:
        raise _Refused(f"a number {len(text):,} characters long; no export holds more than {MAX_NUMBER_LENGTH}")
    return int(text)


def _once_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key written twice (JSON would keep the last silently)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise _Refused(f"duplicate key {field_name(twice)!r}; give each key once")
    return found


_DIGITS_AS_ZERO = bytes(48 if chr(byte).isdigit() and byte < 128 else 32 for byte in range(256))


def _has_long_number(raw: bytes) -> bool:
    """Whether `raw` holds a run of digits longer than any number an export holds (looked for at C speed)."""
    return b"0" * (MAX_NUMBER_LENGTH + 1) in raw.translate(_DIGITS_AS_ZERO)


def parse_archive(raw: bytes, path: Path | str) -> Imported:
    """The runs of an export document, each with the rubric it names (a shipped one, else the document's own
    copy); `path` names where the document came from in every message."""
    text = decode_utf8(path, raw)
    # Each number is checked only where the file holds a run of digits long enough to need it (inside a text, say).
    parse_int = _bounded_int if _has_long_number(raw) else None
    try:
        data = json.loads(text, object_pairs_hook=_once_each, parse_int=parse_int)
    except json.JSONDecodeError as exc:
        raise BadInput(f"{path}: not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except _Refused as exc:
        raise BadInput(f"{path}: {exc}") from None
    except RecursionError:
        raise BadInput(f"{path}: not JSON this tool reads: nested too deeply") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadInput(f"{path}: not an assess history export (expected \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if isinstance(version, bool):  # true == 1 to Python, and to the model
        raise BadInput(f"{path}: version: {json.dumps(version)} is not a version number")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise BadInput(f"{path}: version: {version} is newer than this assess reads ({FORMAT_VERSION}); upgrade assess")
    try:
        archive = Archive.model_validate(data)
    except ValidationError as err:
        raise bad_input(path, err, data) from None
    seen: set[str] = set()
    found = []
    published: dict[tuple[str, str], Rubric | None] = {}
    for run in archive.runs:
        if run.id in seen:
            raise BadInput(f"{path}: runs[{run.id}]: id appears twice")
        seen.add(run.id)
        carried = archive.rubrics.get(run.rubric_hash)
        named = (carried.id, carried.version) if carried else (run.rubric_id, run.rubric_version)
        if named not in published:
            published[named] = earlier_rubric(*named, "")
        # A rubric shipped with assess is scored as shipped: a file that carries it with a threshold of 1 or its
        # gates removed, under the same id and version, does not get to say what that version holds.
        rubric = published[named] or carried
        if rubric is None:
            raise BadInput(f"{path}: runs[{run.id}]: rubric {run.rubric_id} {run.rubric_version} is neither in the "
                           "file nor shipped with assess")
        unscored = _unscored(run)
        if archive.shared is not None and unscored.shared is None:  # a format 2 shared report marks the document
            unscored = unscored.model_copy(update={"shared": archive.shared})
        found.append(ImportedRun(unscored, rubric, f"{path}: runs[{run.id}]"))
    return Imported(found, archive.shared)


def _unscored(run: ExportedRun) -> StoredRun:
    """The run as a file holds it, without the result the file claims: importing computes it anew. Every field
    was checked as the run was read, by the same rules a stored run's are."""
    fields = {name: getattr(run, name) for name in StoredRun.model_fields if name not in ("result", "standing")}
    return StoredRun.model_construct(**fields, result=None, standing=None)


