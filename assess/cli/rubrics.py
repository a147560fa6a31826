"""`assess rubrics list|show|validate`: the rubrics a person can measure against."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def rubrics() -> None:
    """List, show and validate rubrics."""


@rubrics.command("list")
def rubrics_list() -> None:
    """List the shipped rubrics."""
    from ..display import console, rubric_list
    from ..rubrics import bundled_rubric_paths, load_rubric_file

    rows = []
    for path in bundled_rubric_paths():
        rubric = load_rubric_file(path)
        rows.append((rubric.id, rubric.title, rubric.version, len(rubric.competencies)))
    console().print(rubric_list(rows))


@rubrics.command("show")
@click.argument("rubric")
def rubrics_show(rubric: str) -> None:
    """Show RUBRIC's areas, competencies and expected levels per role (an id or a path)."""
    from ..display import console, rubric_detail
    from ..rubrics import load_rubric

    console().print(rubric_detail(load_rubric(rubric)))


@rubrics.command("validate")
@click.argument("path", type=click.Path(path_type=Path))
def rubrics_validate(path: Path) -> None:
    """Check the rubric file PATH; exit 2 naming the first problem."""
    from ..rubrics import load_rubric_file

    rubric = load_rubric_file(path)
    click.echo(f"{path}: ok ({rubric.id} {rubric.version}, {len(rubric.competencies)} competencies)")
