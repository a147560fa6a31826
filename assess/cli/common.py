"""What several commands share: the history store of the current invocation, JSON output, options."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from assess.core.rubric import Rubric
    from assess.io.store.sqlite import Store


def open_store() -> Store:
    """The history database chosen by `--home` / `ASSESS_HOME` for this invocation."""
    from assess.core.text import safe
    from assess.io.store.sqlite import Store

    store = Store(click.get_current_context().obj["home"])
    for warning in store.warnings:
        click.echo(f"assess: warning: {safe(warning)}", err=True)
    return store


def print_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))  # JSON has no NaN


def resolve_rubric(ref: str) -> Rubric:
    """A rubric by shipped id or path, else by the id of a rubric known from history (when there is a history)."""
    from assess.core.errors import RubricNotFound
    from assess.io.rubric_files import load_rubric, looks_like_path

    try:
        return load_rubric(ref)
    except RubricNotFound as err:
        from assess.io.store.sqlite import DB_NAME, default_home

        home = click.get_current_context().obj["home"]
        if looks_like_path(ref) or not ((home or default_home()) / DB_NAME).is_file():
            raise
        known = open_store().latest_rubric(ref)
        if known is None:
            raise err from None
        return known


def profile_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A --profile option's value, checked as the answers file's `profile` is: a profile name is echoed in
    messages and written into answer templates, so an escape sequence or a line break never gets that far."""
    import re

    from assess.core.errors import BadInput
    from assess.core.models import PROFILE_PATTERN
    from assess.core.text import safe

    if value is not None and not re.fullmatch(PROFILE_PATTERN, value):
        raise BadInput(f"--profile: {safe(repr(value))} is not a profile name: up to 64 letters, digits, '.', '_' "
                       "or '-'")
    return value
