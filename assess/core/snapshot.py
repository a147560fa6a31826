"""The content-addressed snapshot a run keeps of its rubric: canonical JSON and its SHA-256."""

from __future__ import annotations

import hashlib
import json

from assess.core.memo import derived
from assess.core.rubric import Rubric


def rubric_snapshot(rubric: Rubric) -> tuple[str, str]:
    """The rubric's content as canonical JSON, and its SHA-256: what a run keeps of the rubric it was scored
    against. Only what the file says goes in (no defaults the model fills in), so the same file gives the same
    snapshot whatever later versions of assess add, and formatting or comments change nothing. Worked out once
    per rubric: an import of thousands of runs names the same one each time."""
    return derived(rubric, "snapshot", lambda: _snapshot(rubric))


def _snapshot(rubric: Rubric) -> tuple[str, str]:
    data = rubric.model_dump(mode="json", by_alias=True, exclude_unset=True)
    content = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return content, hashlib.sha256(content.encode()).hexdigest()


def rubric_hash(rubric: Rubric) -> str:
    return rubric_snapshot(rubric)[1]
