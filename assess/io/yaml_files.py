"""Reading YAML files people hand us, safely: size, encoding, aliases and depth are bounded."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from assess.core.errors import BadInput
from assess.io.files import decode_utf8, read_limited
from assess.io.validation import MAX_NUMBER_LENGTH, bad_input

M = TypeVar("M", bound=BaseModel)

MAX_BYTES = 2 * 1024 * 1024
MAX_ALIASES = 100
MAX_DEPTH = 50


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml's safe loader, refusing a key written twice in one mapping (YAML would keep the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<: *defaults` merges keys that the mapping may then override
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: the base constructor reports it
                break
            if duplicate:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        # Python refuses to turn more than 4,300 digits into an int, with an error naming no file.
        if len(node.value) > MAX_NUMBER_LENGTH:
            raise yaml.constructor.ConstructorError(None, None, f"a number {len(node.value):,} characters long",
                                                    node.start_mark)
        return super().construct_yaml_int(node)  # type: ignore[no-any-return]


_FastLoader.add_constructor("tag:yaml.org,2002:int", _FastLoader.construct_yaml_int)


def _check_shape(text: str) -> None:
    """Refuse alias bombs and very deep nesting from the event stream, before building objects.

    The event pass and the load both run in libyaml's C code where available: ten times faster
    than the pure-Python loader on the Director rubric, which every command reads.
    """
    aliases = depth = 0
    for event in yaml.parse(text, Loader=_FastLoader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases")
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.YAMLError(f"nested deeper than {MAX_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; every way it can be unreadable becomes a `BadInput` naming the file."""
    raw = read_limited(path, MAX_BYTES)
    if b"\x00" in raw:
        raise BadInput(f"{path}: binary file, expected YAML text")
    text = decode_utf8(path, raw)
    try:
        _check_shape(text)
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - CSafeLoader or SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        if exc.problem and exc.problem.startswith("duplicate key"):
            raise BadInput(f"{path}: {exc.problem}{where}; give each key once") from None
        if exc.problem and exc.problem.startswith("a number"):
            raise BadInput(f"{path}: {exc.problem}{where}; no number here needs more than {MAX_NUMBER_LENGTH}"
                           ) from None
        raise BadInput(f"{path}: YAML syntax error{where}: {exc.problem}") from None
    except yaml.reader.ReaderError as exc:
        where = f"character {exc.character!r} at position {exc.position}"
        raise BadInput(f"{path}: {where} is not allowed in YAML") from None
    except yaml.YAMLError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BadInput(f"{path}: cannot parse YAML: {reason}") from None
    except RecursionError:
        raise BadInput(f"{path}: cannot parse YAML: nested too deeply") from None


def read_mapping(path: Path, what: str) -> dict[str, Any]:
    data = read_yaml(path)
    if data is None:
        raise BadInput(f"{path}: file is empty, expected {what}")
    if not isinstance(data, dict):
        raise BadInput(f"{path}: expected {what} (a mapping of keys), got a {type(data).__name__}")
    return data


def read_model(path: Path, model: type[M], what: str) -> M:
    """The YAML mapping in `path` validated as `model`; a mistake is one line naming the file, field and value."""
    data = read_mapping(path, what)
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise bad_input(path, err, data) from None
