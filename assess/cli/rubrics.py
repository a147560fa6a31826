"""`assess rubrics list|show|validate`: the rubrics a person can measure against."""

from __future__ import annotations

from pathlib import Path

import click

from ..terminal import safe
from .common import resolve_rubric


@click.group()
def rubrics() -> None:
    """List, show and validate rubrics."""


@rubrics.command("list")
def rubrics_list() -> None:
    """List the shipped rubrics and those known from history (usable by id)."""
    from ..display import console, rubric_list
    from ..rubric_files import bundled_rubric_paths, load_rubric_file
    from ..storage import DB_NAME, default_home
    from .common import open_store

    rows: list[tuple[str, str, str, int | None, str]] = []
    for path in bundled_rubric_paths():
        rubric = load_rubric_file(path)
        rows.append((rubric.id, rubric.title, rubric.version, len(rubric.competencies), "shipped"))
    home = click.get_current_context().obj["home"]
    if ((home or default_home()) / DB_NAME).is_file():
        for rubric_id, version, title, runs in open_store().known_rubrics():
            if (rubric_id, version) not in {(row[0], row[2]) for row in rows}:
                rows.append((rubric_id, title, version, None, f"history ({runs} run{'' if runs == 1 else 's'})"))
    console().print(rubric_list(rows))


@rubrics.command("show")
@click.argument("rubric")
def rubrics_show(rubric: str) -> None:
    """Show RUBRIC (an id or a path): its tracks, and per rung each competency's expected level and share."""
    from ..display import console, rubric_detail

    console().print(rubric_detail(resolve_rubric(rubric)))


@rubrics.command("validate")
@click.argument("path", type=click.Path(path_type=Path))
def rubrics_validate(path: Path) -> None:
    """Check the rubric file PATH; exit 2 naming the first problem."""
    from ..rubric_files import load_rubric_file

    rubric = load_rubric_file(path)
    click.echo(safe(f"{path}: ok ({rubric.id} {rubric.version}, {len(rubric.competencies)} competencies)"))
