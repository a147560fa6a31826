"""`assess export`, `import` and `delete`: moving history between machines, and removing it for good."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from .. import __version__
from ..errors import BadInput
from ..terminal import has_terminal
from .common import open_store


def _runs(count: int) -> str:
    return f"{count} run{'' if count == 1 else 's'}"


@click.command("export")
@click.option("--profile", "-p", default=None, help="Only this profile's runs [default: every profile].")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="JSON file to write (readable by you only).")
def export(profile: str | None, output: Path) -> None:
    """Write stored runs, with their answers and results, to a JSON file."""
    from ..archive import export_document, write_private_json
    from ..storage import iso

    store = open_store()
    runs = store.runs(profile, status=None, who="all")
    rubrics = {run.rubric_hash: store.rubric(run.rubric_hash) for run in runs}
    document = export_document(runs, [rubric for rubric in rubrics.values() if rubric is not None],
                               exported_at=iso(datetime.now(UTC)), tool_version=__version__)
    write_private_json(output, document)
    click.echo(f"Exported {_runs(len(runs))} to {output}")


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
def import_(file: Path) -> None:
    """Add the runs of an `assess export` FILE; runs already stored are left as they are."""
    from ..archive import read_archive

    runs = read_archive(file)
    added = open_store().import_runs(runs)
    click.echo(f"Imported {_runs(len(added))} from {file} ({len(runs) - len(added)} already present)")


@click.command()
@click.argument("run_id", metavar="RUN", required=False)
@click.option("--profile", "-p", default=None, help="Delete every run of this profile.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def delete(run_id: str | None, profile: str | None, yes: bool) -> None:
    """Delete one RUN (an id or unique prefix) or all runs of --profile, for good."""
    if (run_id is None) == (profile is None):
        raise BadInput("delete: give either a RUN id or --profile, not both or neither")
    store = open_store()
    if run_id is not None:
        run = store.get(run_id)
        what = f"run {run.id} (profile {run.profile!r}, {run.status}, {run.finished_at or run.started_at})"
    else:
        count = len(store.runs(profile, status=None, who="all"))
        if not count:
            raise BadInput(f"--profile: no runs for profile {profile!r}")
        what = f"all {_runs(count)} of profile {profile!r}"
    if not yes:
        if not has_terminal():
            raise BadInput(f"delete: no terminal to confirm deleting {what}; pass --yes")
        if not click.confirm(f"Delete {what}? This cannot be undone", default=False):
            click.echo("Nothing deleted.")
            return
    deleted = store.delete_runs([run.id]) if run_id is not None else store.delete_profile(str(profile))
    click.echo(f"Deleted {_runs(deleted)}.")
