"""What several commands share: where this invocation keeps things, its store, JSON output, options."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from assess.core.errors import BadInput
from assess.core.text import profile_name as checked_profile
from assess.core.text import safe
from assess.io.locations import Locations

# Every command imports this module, and `assess report --help` loads little more: the models (the rubric's, the
# store's) load only in a command that reads a rubric or opens the history, not in `rubrics validate` or `--help`.
if TYPE_CHECKING:
    from assess.core.rubric import Rubric
    from assess.io.store import Store


def locations() -> Locations:
    """The places chosen by `--home` / `ASSESS_HOME` for this invocation."""
    obj = click.get_current_context().find_root().obj
    if "locations" not in obj:
        obj["locations"] = Locations.find(obj["home"], obj.get("store") or "")
    found: Locations = obj["locations"]
    return found


def open_store() -> Store:
    """The history store of this invocation; what the person should know about it is said on stderr."""
    from assess.io.store import open_store as opened  # the store's modules (see above)

    store = opened(locations())
    for warning in store.warnings:
        click.echo(f"assess: warning: {safe(warning)}", err=True)
    return store


def resolve_rubric(ref: str) -> Rubric:
    """A rubric by shipped id or path, else by the id of a rubric known from this invocation's history."""
    from assess.app.rubrics import find_rubric  # the store's modules (see above)

    return find_rubric(ref, locations())


def print_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))  # JSON has no NaN


def profile_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A --profile option's value, checked as the answers file's `profile` is: a profile name is echoed in
    messages and written into answer templates, so an escape sequence or a line break never gets that far."""
    if value is None:
        return None
    try:
        return checked_profile(value)  # composed, as a file's profile is: the same name finds the same runs
    except ValueError as err:
        raise BadInput(f"--profile: {safe(repr(value))} {err}") from None
