"""Finding, loading and fingerprinting rubric files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import ValidationError

from .errors import RubricNotFound
from .models import Rubric, StoredRun
from .resources import DEFAULT_RUBRIC, data_dir
from .validation import bad_input
from .yamlfile import read_mapping


def bundled_rubric_paths() -> list[Path]:
    return sorted(data_dir("rubrics").glob("*.yaml"))


def rubric_path(ref: str) -> Path:
    """A rubric reference is a shipped rubric's id or a path to a YAML file."""
    for path in bundled_rubric_paths():
        if path.stem == ref:
            return path
    candidate = Path(ref).expanduser()
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return candidate
    known = ", ".join(p.stem for p in bundled_rubric_paths())
    raise RubricNotFound(f"unknown rubric {ref!r}; shipped rubrics: {known}")


def load_rubric_file(path: Path) -> Rubric:
    data = read_mapping(path, "a rubric")
    try:
        return Rubric.model_validate(data)
    except ValidationError as err:
        raise bad_input(path, err, data) from None


def load_rubric(ref: str = DEFAULT_RUBRIC) -> Rubric:
    return load_rubric_file(rubric_path(ref))


def rubric_hash(rubric: Rubric) -> str:
    """Content fingerprint that ignores YAML formatting and comments."""
    canonical = json.dumps(rubric.model_dump(mode="json", by_alias=True), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def rubric_of(run: StoredRun) -> Rubric:
    """Today's version of the rubric the run was taken with: shipped by id, else the path it came from."""
    try:
        return load_rubric(run.rubric_id)
    except RubricNotFound:
        if run.answers.rubric == run.rubric_id:
            raise
        return load_rubric(run.answers.rubric)
