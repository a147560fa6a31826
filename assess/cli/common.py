"""What several commands share: the history store of the current invocation, JSON output, options."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..storage import Store


def open_store() -> Store:
    """The history database chosen by `--home` / `ASSESS_HOME` for this invocation."""
    from ..storage import Store

    return Store(click.get_current_context().obj["home"])


def print_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
