"""What several commands share: where this invocation keeps things, its store, JSON output, options."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import click

from assess.core.errors import BadInput
from assess.core.text import PROFILE_PATTERN, safe

if TYPE_CHECKING:
    from assess.core.rubric import Rubric
    from assess.io.locations import Locations
    from assess.io.store import Store


def locations() -> Locations:
    """The places chosen by `--home` / `ASSESS_HOME` for this invocation."""
    from assess.io.locations import Locations

    obj = click.get_current_context().find_root().obj
    if "locations" not in obj:
        obj["locations"] = Locations.find(obj["home"], obj.get("store") or "")
    found: Locations = obj["locations"]
    return found


def open_store() -> Store:
    """The history store of this invocation; what the person should know about it is said on stderr."""
    from assess.io.store import open_store as opened

    store = opened(locations())
    for warning in store.warnings:
        click.echo(f"assess: warning: {safe(warning)}", err=True)
    return store


def resolve_rubric(ref: str) -> Rubric:
    """A rubric by shipped id or path, else by the id of a rubric known from this invocation's history."""
    from assess.app.rubrics import find_rubric

    return find_rubric(ref, locations())


def print_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))  # JSON has no NaN


def profile_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A --profile option's value, checked as the answers file's `profile` is: a profile name is echoed in
    messages and written into answer templates, so an escape sequence or a line break never gets that far."""
    if value is not None and not re.fullmatch(PROFILE_PATTERN, value):
        raise BadInput(f"--profile: {safe(repr(value))} is not a profile name: up to 64 letters, digits, '.', '_' "
                       "or '-'")
    return value

