"""`assess team`: a lead's view of a team, from the reports and exports people chose to hand over."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from assess.app.rubrics import find_rubric
from assess.cli.common import locations, open_store, print_json
from assess.core.errors import BadInput
from assess.core.text import safe
from assess.core.wording import count
from assess.io.needs_files import needs_template
from assess.io.rubric_files import canonical_ref

# The team's use cases load its models, about 0.2 s of CPU: each command imports the ones it uses, as `team needs`
# (and `team --help`) use none of them.
if TYPE_CHECKING:
    from assess.app.team_inputs import LoadedRun

DAY = click.DateTime(formats=["%Y-%m-%d"])


def _on(value: object) -> date | None:
    return value.date() if value is not None else None  # type: ignore[attr-defined]


def _view_options(command):  # type: ignore[no-untyped-def]
    for option in reversed([
        click.option("--on", "on", type=DAY, help="The day the view is for: inputs older than the window before it "
                                                  "are listed, not counted [default: today]."),
        click.option("--window", type=click.IntRange(1, 120), default=6, show_default=True,
                     help="Months an input counts for."),
        click.option("--against", type=click.Choice(["rung", "needs"]), default="rung", show_default=True,
                     help="What the heatmap reads each level against: the person's next rung, or the needs."),
        click.option("--anonymous", is_flag=True, help="Distributions only: no names, nothing under --k people."),
        click.option("--k", "k", type=click.IntRange(min=3), default=5, show_default=True,
                     help="The fewest people an aggregate beyond named people may be shown for (at least 3)."),
    ]):
        command = option(command)
    return command


@click.group()
def team() -> None:
    """A lead's view of a team: heatmap, coverage and single points of failure, what if someone leaves,
    successors, and actions that help several people; from the reports people handed over."""


@team.command("needs")
@click.option("--rubric", "-r", default="director-ml-engineering", show_default=True, help="Rubric id or path.")
def needs(rubric: str) -> None:
    """Print a needs file to fill in: what the team needs, in skills and rungs."""
    click.echo(needs_template(find_rubric(rubric, locations()), canonical_ref(rubric)), nl=False)


@team.command("add")
@click.argument("name")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--needs", "needs_file", type=click.Path(path_type=Path), help="The team's needs (YAML); kept.")
@click.option("--on", "on", type=DAY, help="The day this build is for [default: today].")
@click.option("--from-org", is_flag=True, help="Add the latest run each person below you shared in the "
                                               "organisation's store (--store), as their shared reports.")
def add(name: str, files: tuple[Path, ...], needs_file: Path | None, on: object, from_org: bool) -> None:
    """Add the shared or full report PDFs and export documents FILES to team NAME (made if new); each person's
    latest run counts. Every run is scored anew."""
    from assess.app.team import add_to_team  # the team's models (see above)

    if not files and needs_file is None and not from_org:
        raise BadInput("give the files people handed over, --from-org, or --needs FILE")
    more = _org_inputs() if from_org else []
    added = add_to_team(locations(), name, files, needs_file, _on(on), more)
    # Every run from the store is a shared one: worth saying only beside files, which may be full reports.
    shared = f", {added.shared} of them shared" if added.shared and files else ""
    kept = f"; {count(added.kept, 'file')} held an older run than the team has" if added.kept else ""
    needs = f"; needs from {needs_file}" if needs_file else ""
    sources = [count(len(files), "file")] if files or not from_org else []
    sources += [f"{count(len(more), 'shared run')} in the organisation's store"] if from_org else []
    click.echo(safe(f"Team {name}: {count(added.people, 'person', 'people')}; {count(added.new, 'new input')} from "
                    f"{' and '.join(sources)}{shared}{kept}{needs}"))


def _org_inputs() -> list[LoadedRun]:
    from assess.app.org import org_inputs  # the team's models (see above)

    with open_store() as store:
        found = org_inputs(store)
        for warning in store.warnings:
            click.echo(f"assess: warning: {safe(warning)}", err=True)
    return found


@team.command("show")
@click.argument("name")
@_view_options
@click.option("--leaves", metavar="PERSON", help="What if this person leaves: only their part of the what-if view.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(name: str, on: object, window: int, against: str, anonymous: bool, k: int, leaves: str | None,
         fmt: str) -> None:
    """Show team NAME in the terminal (or as JSON): every view, and what moved since its previous build."""
    from assess.app.team import roster_report  # the team's models (see above)
    from assess.report.team_data import anonymous_data, team_data

    found = roster_report(locations(), name, on=_on(on), window=window, against=against,  # type: ignore[arg-type]
                          leaves=None if anonymous else leaves)
    if fmt == "json":
        from assess.app.team_files import team_json  # only JSON

        click.echo(team_json(anonymous_data(found, k) if anonymous else team_data(found)).decode(), nl=False)
        return
    from assess.cli.team_text import anonymous_text, team_text  # rich: JSON needs none

    (anonymous_text if anonymous else team_text)(found, k)


@team.command("report")
@click.argument("name")
@_view_options
@click.option("--format", "-f", "fmt", type=click.Choice(["pdf", "html", "json", "csv", "xlsx"]), default="pdf",
              show_default=True, help="csv and xlsx: the heatmap as a table (xlsx adds coverage and inputs).")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="[default: assess-team-NAME-DAY.FORMAT]")
def report(name: str, on: object, window: int, against: str, anonymous: bool, k: int, fmt: str, paper: str,
           output: Path | None) -> None:
    """Write the views of team NAME to a file (readable by you only): PDF, HTML, JSON, CSV or XLSX."""
    from assess.app.team import roster_report  # the team's models (see above)
    from assess.app.team_files import write_team_report

    found = roster_report(locations(), name, on=_on(on), window=window, against=against)  # type: ignore[arg-type]
    path = output or Path(f"assess-team-{name}-{found.view.as_of}{'-anonymous' if anonymous else ''}.{fmt}")
    write_team_report(found, path, fmt, paper, locations(), anonymous=anonymous, k=k)
    click.echo(safe(f"Wrote {path}"))


@team.command("list")
def list_() -> None:
    """List the teams kept here."""
    from assess.app.team import load_roster  # the team's models (see above)
    from assess.io.team_rosters import roster_names

    names = roster_names(locations())
    if not names:
        click.echo("No teams yet; `assess team add NAME FILE...` builds one from the reports people handed over.")
    for name in names:
        roster = load_roster(locations(), name)
        latest = roster.build()
        people = len(latest.members) if latest else 0
        click.echo(safe(f"{name}: {count(people, 'person', 'people')}, {count(len(roster.builds), 'build')}"
                        f"{', latest for ' + latest.on if latest else ''}"))


@team.command("remove")
@click.argument("name")
@click.argument("people", nargs=-1, required=True)
def remove(name: str, people: tuple[str, ...]) -> None:
    """Remove PEOPLE from team NAME: every input of theirs, from every build."""
    from assess.app.team import forget  # the team's models (see above)

    dropped = forget(locations(), name, people)
    click.echo(safe(f"Team {name}: removed {', '.join(people)} ({count(dropped, 'input')})"))


@team.command("rollup")
@click.argument("department")
@click.argument("teams", nargs=-1, required=True)
@click.option("--on", "on", type=DAY, help="The day the view is for [default: today].")
@click.option("--window", type=click.IntRange(1, 120), default=6, show_default=True)
@click.option("--k", "k", type=click.IntRange(min=3), default=5, show_default=True,
              help="The fewest people a figure may be shown for (at least 3).")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
def rollup(department: str, teams: tuple[str, ...], on: object, window: int, k: int, fmt: str) -> None:
    """Figures of DEPARTMENT across TEAMS, none for fewer than --k people (and none that would tell one)."""
    from assess.app.team_files import department as roll_up  # the team's models (see above)

    found, rubric = roll_up(locations(), department, teams, on=_on(on), window=window, k=k)
    if fmt == "json":
        print_json(found.model_dump(mode="json"))
    elif fmt == "csv":
        from assess.io.team_tables import csv_bytes, rollup_table  # pandas: only the CSV

        click.echo(csv_bytes(rollup_table(found, rubric)).decode(), nl=False)
    else:
        from assess.cli.team_text import rollup_text  # rich: only the text

        rollup_text(found, rubric)


@team.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask first.")
def delete(name: str, yes: bool) -> None:
    """Delete team NAME: its roster, with every input kept for it (the files people handed over stay theirs)."""
    from assess.app.team import delete_team, load_roster  # the team's models (see above)

    load_roster(locations(), name)
    if not yes and not click.confirm(f"Delete team {name} and every input kept for it?", default=False):
        raise click.exceptions.Exit(1)
    delete_team(locations(), name)
    click.echo(safe(f"Deleted team {name}"))
