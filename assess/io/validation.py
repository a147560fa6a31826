"""Turn a pydantic ValidationError into the one line a person reads: file, field, value."""

from __future__ import annotations

import reprlib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assess.core.errors import BadInput

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


def field_name(key: Any) -> str:
    """A field name as written, unless it would break the one line (a newline, an escape sequence): then quoted."""
    text = str(key)
    return text if text.isprintable() and len(text) <= 64 else _value(text)


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxstring, _SHORT.maxother = 2, 4, 4, 50, 50


def _value(value: Any) -> str:
    """A short repr: the input may be an alias-shared structure far too large to print."""
    text = _SHORT.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def bad_input(path: Path | str, err: ValidationError, data: Any) -> BadInput:
    first = err.errors(include_url=False)[0]
    msg = first["msg"].removeprefix("Value error, ")
    field = _field(tuple(first["loc"]), data)
    if not field:
        return BadInput(f"{path}: {msg}")
    if first["type"] == "missing":
        return BadInput(f"{path}: {field}: required field is missing")
    if first["type"] == "extra_forbidden":
        return BadInput(f"{path}: {field}: unknown field")
    return BadInput(f"{path}: {field}: {msg} (got {_value(first.get('input'))})")
