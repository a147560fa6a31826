"""`assess export`, `import` and `delete`: moving history between machines, and removing it for good."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from assess import __version__
from assess.cli.common import open_store, profile_name
from assess.core.errors import EXIT_INTERRUPTED, BadInput
from assess.core.text import has_terminal, safe


def _runs(count: int) -> str:
    return f"{count} run{'' if count == 1 else 's'}"


@click.command("export")
@click.option("--profile", "-p", callback=profile_name,
              default=None, help="Only this profile's runs [default: every profile].")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="JSON file to write (readable by you only).")
def export(profile: str | None, output: Path) -> None:
    """Write stored runs, with their answers and results, to a JSON file."""
    from assess.io.export import export_document, write_private_json
    from assess.io.store.sqlite import iso

    store = open_store()
    runs = store.runs(profile, status=None, who="all")
    rubrics = {run.rubric_hash: store.rubric(run.rubric_hash) for run in runs}
    document = export_document(runs, [rubric for rubric in rubrics.values() if rubric is not None],
                               exported_at=iso(datetime.now(UTC)), tool_version=__version__)
    write_private_json(output, document)
    left_out = len(store.damaged(profile))
    note = f" ({_runs(left_out)} damaged, left out; see `assess history`)" if left_out else ""
    click.echo(safe(f"Exported {_runs(len(runs))} to {output}{note}"))


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
def import_(file: Path) -> None:
    """Add the runs of an `assess export` FILE, or the run a PDF report carries; runs already stored are left
    as they are. Every result is computed anew from the answers."""
    from assess.io.export import read_archive

    imported = read_archive(file)
    added = open_store().import_runs(imported.runs)
    click.echo(safe(f"Imported {_runs(len(added))} from {file} ({len(imported.runs) - len(added)} already present)"))
    if imported.shared is not None:
        facts = ", ".join(imported.shared.private_facts)
        without = f", and the facts marked private ({facts}), so gates that ask about them count as not met" \
            if facts else ""
        click.echo(f"It is the run of a shared report: its evidence was left out{without}.")


@click.command()
@click.argument("run_id", metavar="RUN", required=False)
@click.option("--profile", "-p", callback=profile_name, default=None, help="Delete every run of this profile.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@click.option("--purge", is_flag=True,
              help="Only clear deleted answers out of the history file (after a delete another assess held up).")
def delete(run_id: str | None, profile: str | None, yes: bool, purge: bool) -> None:
    """Delete one RUN (an id or unique prefix) or all runs of --profile, for good."""
    store = open_store()
    if purge and run_id is None and profile is None:
        store.purge()
        click.echo("Deleted answers are cleared out of the history file.")
        return
    if (run_id is None) == (profile is None):
        raise BadInput("delete: give either a RUN id or --profile, not both or neither")
    if run_id is not None:
        found, owner, status, when = store.describe(run_id)
        what = f"run {found} (profile {owner!r}, {status}, {when})"
    else:
        count = len(store.runs(profile, status=None, who="all")) + len(store.damaged(profile))
        if not count:
            raise BadInput(f"--profile: no runs for profile {profile!r}")
        what = f"all {_runs(count)} of profile {profile!r}"
    if not yes:
        if not has_terminal():
            raise BadInput(f"delete: no terminal to confirm deleting {what}; pass --yes")
        try:
            confirmed = click.confirm(f"Delete {what}? This cannot be undone", default=False)
        except click.exceptions.Abort:  # Ctrl-C or Ctrl-D at the question
            click.echo("\nNothing deleted.", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        if not confirmed:
            click.echo("Nothing deleted.")
            return
    deleted = store.delete_runs([found]) if run_id is not None else store.delete_profile(str(profile))
    click.echo(f"Deleted {_runs(deleted)}.")
