"""`assess history`, `progress`, `export`, `import` and `delete`: the stored runs, as a skin over storage."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from . import __version__
from .cli import app, print_json
from .errors import BadInput

FORMATS = click.Choice(["table", "json", "csv"])


def _store():  # type: ignore[no-untyped-def]
    from .storage import Store

    return Store(click.get_current_context().obj["home"])


def _interactive() -> bool:
    return sys.stdin.isatty()


@app.command()
@click.option("--profile", "-p", default=None, help="Whose runs to list [default: every profile].")
@click.option("--format", "-f", "fmt", type=FORMATS, default="table", show_default=True)
def history(profile: str | None, fmt: str) -> None:
    """List the stored runs, drafts included, oldest first."""
    from .history import frame_csv, frame_text, history_frame, history_row

    runs = _store().runs(profile, status=None)
    if fmt == "json":
        print_json([history_row(run) for run in runs])
    elif fmt == "csv":
        click.echo(frame_csv(history_frame(runs)), nl=False)
    elif not runs:
        whose = f" for profile {profile!r}" if profile else ""
        click.echo(f"No runs{whose} yet; take one with `assess take`.")
    else:
        click.echo(frame_text(history_frame(runs)))


@app.command()
@click.option("--profile", "-p", default="default", show_default=True, help="Whose progress to show.")
@click.option("--format", "-f", "fmt", type=FORMATS, default="table", show_default=True)
def progress(profile: str, fmt: str) -> None:
    """Show what moved between a profile's completed runs: readiness, areas, ratings, goals, pace."""
    from .history import frame_csv, progress_frame, progress_text
    from .progress import compute_progress

    store = _store()
    newest = store.runs(profile, last=1)
    rubric = _rubric_of(newest[0]) if newest else None
    runs = store.runs(profile, rubric_id=rubric.id, last=2) if rubric else []
    points = store.run_points(profile, rubric.id) if rubric else []
    result = compute_progress(runs, rubric, profile, points=points) if rubric else None
    if fmt == "json":
        print_json((result or _empty_progress(profile)).model_dump(mode="json", by_alias=True))
    elif fmt == "csv":
        click.echo(frame_csv(progress_frame(result if result else _empty_progress(profile))), nl=False)
    elif len(points) < 2:
        if points:
            click.echo(f"Profile {profile!r} has one completed run; progress needs two. "
                       "Run `assess take` again in a few months to see what moved.")
        else:
            click.echo(f"Profile {profile!r} has no completed runs; progress needs two. "
                       "Take one now with `assess take` and another in a few months.")
        others = [p for p in store.profiles() if p != profile]
        if not points and others:
            click.echo(f"Profiles with runs: {', '.join(others)} (choose one with --profile).")
    else:
        assert rubric is not None and result is not None
        click.echo(progress_text(result, rubric), nl=False)


def _rubric_of(run):  # type: ignore[no-untyped-def]
    """Today's version of the rubric the run was taken with: shipped by id, else the path it came from."""
    from .errors import RubricNotFound
    from .rubrics import load_rubric

    try:
        return load_rubric(run.rubric_id)
    except RubricNotFound:
        if run.answers.rubric == run.rubric_id:
            raise
        return load_rubric(run.answers.rubric)


def _empty_progress(profile: str):  # type: ignore[no-untyped-def]
    from .models import Progress

    return Progress(profile=profile, runs=[], changes=[], area_deltas={}, gaps_closed=[], gaps_opened=[], goals=[],
                    pace=None, projection=None)


@app.command("export")
@click.option("--profile", "-p", default=None, help="Only this profile's runs [default: every profile].")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="JSON file to write (readable by you only).")
def export_(profile: str | None, output: Path) -> None:
    """Write stored runs, with their answers and results, to a JSON file."""
    from .archive import export_document, write_private_json
    from .storage import iso

    runs = _store().runs(profile, status=None)
    now = iso(datetime.now(UTC))
    write_private_json(output, export_document(runs, exported_at=now, tool_version=__version__))
    click.echo(f"Exported {len(runs)} run{'' if len(runs) == 1 else 's'} to {output}")


@app.command("import")
@click.argument("file", type=click.Path(path_type=Path))
def import_(file: Path) -> None:
    """Add the runs of an `assess export` FILE; runs already stored are left as they are."""
    from .archive import read_archive

    runs = read_archive(file)
    added = _store().import_runs(runs)
    click.echo(f"Imported {len(added)} run{'' if len(added) == 1 else 's'} from {file}"
               f" ({len(runs) - len(added)} already present)")


@app.command()
@click.argument("run_id", metavar="RUN", required=False)
@click.option("--profile", "-p", default=None, help="Delete every run of this profile.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def delete(run_id: str | None, profile: str | None, yes: bool) -> None:
    """Delete one RUN (an id or unique prefix) or all runs of --profile, for good."""
    if (run_id is None) == (profile is None):
        raise BadInput("delete: give either a RUN id or --profile, not both or neither")
    store = _store()
    if run_id is not None:
        run = store.get(run_id)
        what = f"run {run.id} (profile {run.profile!r}, {run.status}, {run.finished_at or run.started_at})"
    else:
        count = len(store.runs(profile, status=None))
        if not count:
            raise BadInput(f"--profile: no runs for profile {profile!r}")
        what = f"all {count} run{'' if count == 1 else 's'} of profile {profile!r}"
    if not yes:
        if not _interactive():
            raise BadInput(f"delete: no terminal to confirm deleting {what}; pass --yes")
        if not click.confirm(f"Delete {what}? This cannot be undone", default=False):
            click.echo("Nothing deleted.")
            return
    deleted = store.delete_runs([run.id]) if run_id is not None else store.delete_profile(str(profile))
    click.echo(f"Deleted {deleted} run{'' if deleted == 1 else 's'}.")
