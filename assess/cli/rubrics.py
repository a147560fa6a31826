"""`assess rubrics list|show|validate|import`: the rubrics a person can measure against."""

from __future__ import annotations

from pathlib import Path

import click

from assess.cli.common import locations, resolve_rubric
from assess.cli.errors import runnable
from assess.cli.terminal import console
from assess.core.errors import BadInput
from assess.core.text import safe
from assess.io.files import write_atomically

# `assess rubrics --help` loads this module as fast as `assess --help` (0.15 s of CPU, measured; 0.45 s with the
# rubric's models): what reads a rubric, lists the history or builds a view is imported where it is used.


@click.group()
def rubrics() -> None:
    """List, show, validate and import rubrics."""


@rubrics.command("list", short_help="List the shipped rubrics and those known from history.")
def rubrics_list() -> None:
    """List the shipped rubrics and those known from history (usable by id)."""
    from assess.app.rubrics import listed_rubrics  # the rubric's and the store's models (see above)
    from assess.cli.rubric_views import rubric_list  # rich: `validate` and `import` print plain lines

    console().print(rubric_list(listed_rubrics(locations())))


@rubrics.command("show", short_help="Show a rubric: its tracks, rungs, gates, core skills and shares.")
@click.argument("rubric")
def rubrics_show(rubric: str) -> None:
    """Show RUBRIC (an id or a path): its tracks, and per rung each competency's expected level and share."""
    from assess.cli.rubric_views import rubric_detail  # rich, as `list`

    console().print(rubric_detail(resolve_rubric(rubric)))


@rubrics.command("validate", short_help="Check a rubric file; exit 2 naming the first problem.")
@click.argument("path", type=click.Path(path_type=Path))
def rubrics_validate(path: Path) -> None:
    """Check the rubric file PATH; exit 2 naming the first problem."""
    from assess.io.rubric_files import load_rubric_file  # the rubric's models (see above)

    rubric = load_rubric_file(path)
    click.echo(safe(f"{path}: ok ({rubric.id} {rubric.version}, {len(rubric.competencies)} competencies)"))


@rubrics.command("import", short_help="Write a rubric file from a skills matrix (XLSX or CSV).")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--rungs", type=click.Path(path_type=Path),
              help="With a CSV FILE: the CSV of the ladder (levels, rungs, facts).")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Rubric file to write [default: ID.yaml in the current folder, never replacing a file].")
def rubrics_import(file: Path, rungs: Path | None, output: Path | None) -> None:
    """Write a rubric file from a skills matrix: an XLSX FILE with sheets `competencies` and `ladder`, or a CSV
    FILE of competencies with --rungs. The columns are described in rubrics/FORMAT.md; exit 2 naming the sheet,
    row and column of the first problem."""
    # The spreadsheet reader's modules and the wording's (with the scoring models): only `import` needs them.
    from assess.core.wording import count
    from assess.io.rubric_yaml import rubric_yaml
    from assess.io.spreadsheet_rubric import import_rubric

    data, rubric = import_rubric(file, rungs)
    path = output or Path(f"{rubric.id}.yaml")
    locations().keep_out(path)
    if output is None and path.exists():
        raise BadInput(f"{path}: already exists; give -o {path} to replace it, or another name")
    write_atomically(path, rubric_yaml(data, file).encode())
    click.echo(runnable(safe(f"Wrote {path}: {rubric.id} {rubric.version}, "
               f"{count(len(rubric.competencies), 'competency', 'competencies')} in "
               f"{count(len(rubric.areas), 'area')}, {count(len(rubric.ladder), 'rung')}"
               f"{', ' + count(len(rubric.tracks), 'track') if rubric.tracks else ''}. "
               f"See it with `assess rubrics show {path}`.")))
