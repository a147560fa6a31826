"""`assess org`, `assess share` and `assess unshare`: an organisation's store, its people, and what they share."""

from __future__ import annotations

import click

from assess.cli.common import locations, open_store, print_json, profile_name
from assess.core.errors import BadInput
from assess.core.text import safe

# `assess org --help` and `assess share --help` load this module as fast as `assess --help` (0.16 s of CPU,
# measured; 0.75 s with the organisation's use cases and their models): each command imports the ones it uses.


@click.group()
def org() -> None:
    """Set up an organisation's store (as its admin) and read what your reports share with you.

    Every command works on the store that --store (or ASSESS_STORE) names, a PostgreSQL address such as
    postgresql://db.example.org/assess; your password or certificate stays where libpq looks for it
    (~/.pgpass, a service file), never in the address.
    """


@org.command("init")
def init() -> None:
    """Create the store's schema, roles and row-level security, or bring them up to date (as its admin)."""
    from assess.app.org import init_org  # see above

    done = init_org(locations())
    what = f"applied {', '.join(done.applied)}" if done.applied else "already up to date"
    click.echo(safe(f"Organisation store in database {done.database!r}: {what}. People log in as their own roles, "
                    f"members of {done.roles.member!r}."))


@org.command("add-person")
@click.option("--login", required=True, help="The person's PostgreSQL login role (created if missing, no password).")
@click.option("--manager", help="The login of the person they report to [default: none, at the top].")
@click.option("--hr", is_flag=True, help="May read aggregates (groups of at least k) of any team.")
def add_person(login: str, manager: str | None, hr: bool) -> None:
    """Make LOGIN one of the organisation's people under MANAGER (as the store's admin); again to move them."""
    from assess.app.org import add_person as added  # see above

    done = added(locations(), login, manager, hr=hr)
    under = f"reporting to {manager!r}" if manager else "at the top of the organisation"
    made = "created the login role; set how it authenticates (e.g. \\password in psql)" if done.created \
        else "the login role existed"
    click.echo(safe(f"Added {login!r}, {under} ({made})."))


@org.command("whoami")
def whoami() -> None:
    """Who the store knows you as: your login, your manager, how many people are below you."""
    from assess.app.org import org_store  # see above

    with open_store() as store:
        me = org_store(store, "saying who you are in an organisation").whoami()
    manager = f"reports to {me.manager!r}" if me.manager else "at the top"
    click.echo(safe(f"{me.login}: {manager}; {me.reports} people below you{'; hr' if me.hr else ''}"))


@org.command("reports")
@click.option("--rubric", "-r", help="Only runs of this rubric id.")
@click.option("--rescore", is_flag=True, help="Score each run anew from its answers, as a handed-over file is.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def reports(rubric: str | None, rescore: bool, fmt: str) -> None:
    """The latest run each person below you shared with their managers (shared versions only)."""
    from assess.app.org import report_runs  # see above

    with open_store() as store:
        found = report_runs(store, rubric, rescore=rescore)
        for warning in store.warnings:
            click.echo(f"assess: warning: {safe(warning)}", err=True)
    rows = [{"login": each.login, "name": each.run.name, "run": each.run.id, "rubric": each.run.rubric_id,
             "finished_at": each.run.finished_at, "readiness": each.run.result.readiness if each.run.result else None,
             "placement": each.run.result.placement if each.run.result else None} for each in found]
    if fmt == "json":
        print_json(rows)
    elif not found:
        click.echo("No one below you has shared a run yet.")
    for each in found if fmt != "json" else []:
        result, finished = each.run.result, each.run.finished_at or ""
        readiness = f"{result.readiness:5.1f}" if result else "    -"
        click.echo(safe(f"{each.login:<20} {each.run.name or '-':<24} {each.run.id} {finished[:10]} {readiness} "
                        f"{(result.placement if result else None) or '-'}"))


@org.command("summary")
@click.option("--manager", required=True, help="Whose team (everyone below them) to summarise.")
@click.option("--rubric", "-r", required=True, help="The rubric id the runs were taken with.")
@click.option("-k", "k", type=int, help="Smallest group shown [default: 5; never under 3].")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def summary(manager: str, rubric: str, k: int | None, fmt: str) -> None:
    """Means over a team's latest shared runs, only for groups of at least k people (the database's rule)."""
    from assess.app.org import team_means  # see above

    with open_store() as store:
        means = team_means(store, manager, rubric, k)
    if fmt == "json":
        print_json([mean._asdict() for mean in means])
    elif not means:
        click.echo(safe(f"Nothing to show: fewer than {max(k or 5, 3)} people under {manager!r} shared a run of "
                        f"{rubric!r}."))
    else:
        for mean in means:
            click.echo(safe(f"{mean.competency or 'readiness':<40} {mean.mean:6.2f}  over {mean.people} people"))


@click.command()
@click.argument("run", default="latest")
@click.option("--profile", "-p", callback=profile_name, default="default", show_default=True,
              help="Whose latest run, with RUN=latest.")
@click.option("--to-org", is_flag=True, help="Let your managers in the organisation's store read its shared version.")
@click.option("--private", "private", metavar="FACT", multiple=True,
              help="Leave out this fact too (repeatable), besides those the answers mark `private`.")
def share(run: str, profile: str, to_org: bool, private: tuple[str, ...]) -> None:
    """Let the managers above you read the shared version of RUN: scores and ratings, no evidence, no private
    facts (what `assess report --share` writes). Sharing it again replaces what they read."""
    from assess.app.org import org_store, share_run  # see above

    if not to_org:
        raise BadInput("share: say where with --to-org (your managers in the organisation's store); for a file, "
                       "use `assess report --share`")
    with open_store() as store:
        org_store(store, "sharing a run with your managers")
        stored = store.latest(profile) if run == "latest" else store.get(run)
        done = share_run(store, stored, private)
    left_out = f"; left out: evidence{', ' + ', '.join(done.private_facts) if done.private_facts else ''}"
    click.echo(safe(f"{'Shared again' if done.replaced else 'Shared'} run {done.run.id} with your managers"
                    f"{left_out}"))


@click.command()
@click.argument("run", default="latest")
@click.option("--profile", "-p", callback=profile_name, default="default", show_default=True,
              help="Whose latest run, with RUN=latest.")
def unshare(run: str, profile: str) -> None:
    """Take back what your managers could read of RUN."""
    from assess.app.org import org_store, unshare_run  # see above

    with open_store() as store:
        org_store(store, "taking back a shared run")
        stored = store.latest(profile) if run == "latest" else store.get(run)
        taken = unshare_run(store, stored)
    click.echo(f"Run {stored.id}: {'no longer shared' if taken else 'was not shared'}")
