"""`assess history` and `assess progress`: the stored runs, and what moved between them."""

from __future__ import annotations

import click

from assess.cli.common import open_store, print_json, profile_name
from assess.cli.errors import runnable
from assess.cli.terminal import console
from assess.core.text import safe

# `assess history --help` loads this module as fast as `assess --help` (0.15 s of CPU, measured; 0.57 s with the
# runs' models): each command imports what it uses.

FORMATS = click.Choice(["table", "json", "csv"])


@click.command()
@click.option("--profile", "-p", callback=profile_name,
              default=None, help="Whose runs to list [default: every profile].")
@click.option("--format", "-f", "fmt", type=FORMATS, default="table", show_default=True)
def history(profile: str | None, fmt: str) -> None:
    """List the stored runs, drafts included, oldest first; others' ratings of a profile are marked in `rater`."""
    from assess.cli.history_rows import damaged_row, history_row  # the runs' models (see above)

    store = open_store()
    runs, damaged = store.runs(profile, status=None, who="all"), store.damaged(profile)
    if fmt == "json":
        print_json([history_row(run) for run in runs] + [damaged_row(run) for run in damaged])
    elif fmt == "csv":
        from assess.cli.tables import frame_csv, history_frame  # pandas: only the CSV

        click.echo(frame_csv(history_frame(runs, damaged)), nl=False)
    elif not runs and not damaged:
        whose = f" for profile {profile!r}" if profile else ""
        click.echo(runnable(f"No runs{whose} yet; take one with `assess take`."))
    else:
        from assess.app.progress import placement_titles
        from assess.cli.history_views import history_table  # rich: only the table, not JSON or CSV

        console().print(history_table(runs, damaged, placement_titles(store, runs)))
        for run in damaged:
            click.echo(runnable(safe(f"Run {run.id} is damaged ({run.reason}); `assess delete {run.id}` removes it.")),
                       err=True)


@click.command()
@click.option("--profile", "-p", callback=profile_name,
              default="default", show_default=True, help="Whose progress to show.")
@click.option("--format", "-f", "fmt", type=FORMATS, default="table", show_default=True)
def progress(profile: str, fmt: str) -> None:
    """Show what moved between a profile's completed runs: readiness, areas, ratings, goals, pace."""
    from assess.app.progress import profile_progress  # the runs' models (see above)

    store = open_store()
    found = profile_progress(store, profile)
    result, rubric = found.progress, found.rubric
    points = result.runs
    if fmt == "json":
        print_json(result.model_dump(mode="json", by_alias=True))
    elif fmt == "csv":
        from assess.cli.tables import frame_csv, progress_frame  # pandas: only the CSV

        click.echo(frame_csv(progress_frame(result)), nl=False)
    elif len(points) < 2:
        if points:
            click.echo(runnable(f"Profile {profile!r} has one completed run; progress needs two. "
                                "Run `assess take` again in a few months to see what moved."))
        else:
            click.echo(runnable(f"Profile {profile!r} has no completed runs; progress needs two. "
                                "Take one now with `assess take` and another in a few months."))
        others = [p for p in store.profiles() if p != profile]
        if not points and others:
            click.echo(f"Profiles with runs: {', '.join(others)} (choose one with --profile).")
    else:
        from assess.cli.history_views import progress_view  # rich: only the table

        assert rubric is not None
        console().print(progress_view(result, rubric))
