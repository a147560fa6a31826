"""Turn a pydantic ValidationError into the one line a person reads: file, field, value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assess.core.errors import BadInput
from assess.core.text import field_name, short_repr

MAX_NUMBER_LENGTH = 30  # characters of a number written in a file: ample for any count, year or score


def _field(loc: tuple[Any, ...], data: Any) -> str:
    """Name list items by their id where they have one: competencies[ml-strategy].anchors.3."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int) and isinstance(node, list):
            item = node[key] if 0 <= key < len(node) else None
            label = item.get("id") if isinstance(item, dict) else None
            parts[-1:] = [f"{parts[-1]}[{label if isinstance(label, str) else key}]"] if parts else [f"[{key}]"]
            node = item
        else:
            parts.append(field_name(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts)


def bad_input(path: Path | str, err: ValidationError, data: Any) -> BadInput:
    return error_line(path, dict(err.errors(include_url=False)[0]), data)


def error_line(path: Path | str, first: dict[str, Any], data: Any) -> BadInput:
    """One of a ValidationError's errors as the line a person reads."""
    msg = first["msg"].removeprefix("Value error, ")
    field = _field(tuple(first["loc"]), data)
    if not field:
        return BadInput(f"{path}: {msg}")
    if first["type"] == "missing":
        return BadInput(f"{path}: {field}: required field is missing")
    if first["type"] == "extra_forbidden":
        return BadInput(f"{path}: {field}: unknown field")
    given = first.get("input")
    shown = short_repr(given)
    if isinstance(given, dict | list) and "..." in shown:
        # a rule across a whole part (a run that finished before it started): the message names its fields
        return BadInput(f"{path}: {field}: {msg}")
    return BadInput(f"{path}: {field}: {msg} (got {shown})")
