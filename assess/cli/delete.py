"""`assess delete`: removing runs for good, answers zeroed out of the history file."""

from __future__ import annotations

import click

from assess.cli.common import open_store, profile_name
from assess.cli.terminal import has_terminal
from assess.core.errors import EXIT_INTERRUPTED, BadInput
from assess.core.wording import count


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
        held = len(store.runs(profile, status=None, who="all")) + len(store.damaged(profile))
        if not held:
            raise BadInput(f"--profile: no runs for profile {profile!r}")
        what = f"all {count(held, 'run')} of profile {profile!r}"
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
    click.echo(f"Deleted {count(deleted, 'run')}.")
