"""A rubric written as a YAML file a person reads and edits: prose as block text, short id lists and level maps
inline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from assess.core.fields import is_id


class _Dumper(yaml.SafeDumper):
    """Long text as folded blocks and text with line breaks as literal blocks, so the file reads as prose."""


def _text_style(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else ">" if len(text) > 72 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _short_ids_inline(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.SequenceNode:
    inline = all(isinstance(item, str) and is_id(item) for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=inline)


def _levels_inline(dumper: yaml.SafeDumper, mapping: dict[Any, Any]) -> yaml.MappingNode:
    """`expected: {junior: 1, senior: 3}` on one line; every other mapping in blocks."""
    inline = bool(mapping) and all(isinstance(value, int | float) for value in mapping.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", mapping, flow_style=inline)


_Dumper.add_representer(str, _text_style)
_Dumper.add_representer(list, _short_ids_inline)
_Dumper.add_representer(dict, _levels_inline)


def rubric_yaml(data: dict[str, Any], source: Path) -> str:
    head = (f"# Rubric imported from {source.name} by `assess rubrics import`; format in rubrics/FORMAT.md.\n"
            "# Edit it freely, change `version` when the content changes, and check it with "
            "`assess rubrics validate`.\n")
    return head + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                            default_flow_style=False)
