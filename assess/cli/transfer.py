"""`assess export` and `assess import`: moving history between machines, and reports into a history."""

from __future__ import annotations

from pathlib import Path

import click

from assess.app.transfer import export_history, import_history
from assess.cli.common import locations, open_store, profile_name
from assess.cli.errors import runnable
from assess.core.text import safe
from assess.core.wording import count
from assess.io.export import write_private_json


@click.command("export")
@click.option("--profile", "-p", callback=profile_name,
              default=None, help="Only this profile's runs [default: every profile].")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="JSON file to write (readable by you only).")
def export(profile: str | None, output: Path) -> None:
    """Write stored runs, with their answers and results, to a JSON file."""
    locations().keep_out(output)
    exported = export_history(open_store(), profile)
    write_private_json(output, exported.document)
    note = f" ({count(exported.damaged, 'run')} damaged, left out; see `assess history`)" if exported.damaged else ""
    click.echo(runnable(safe(f"Exported {count(exported.runs, 'run')} to {output}{note}")))
    if exported.without_rubric:
        click.echo(f"{count(exported.without_rubric, 'run')} exported without the rubric it was taken with: its "
                   "stored copy is damaged. Importing them needs that rubric shipped with assess.", err=True)


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--profile", "-p", callback=profile_name,
              help="The profile the runs join, e.g. a mentee's own [default: the one each run names].")
def import_(file: Path, profile: str | None) -> None:
    """Add the runs of an `assess export` FILE, or the run a PDF report carries; runs already stored are left
    as they are. Every result is computed anew from the answers."""
    imported = import_history(open_store(), file, profile)
    click.echo(safe(f"Imported {count(imported.added, 'run')} from {file} ({imported.present} already present)"))
    for named in imported.held:
        click.echo(safe(f"The file carries its own copy of rubric {named}, which differs from the one this history "
                        "holds: its runs were scored against this history's."))
    if imported.shared is not None:
        facts = ", ".join(imported.shared.private_facts)
        without = f", and the facts marked private ({facts}): the gates that ask about them count as met up to the " \
            "placement the report showed" if facts else ""
        click.echo(f"It is the run of a shared report: its evidence was left out{without}. Every report of it is a "
                   "shared version, with the scores, placement and evidence counts the shared report showed.")
