"""The `assess` command line: one group whose commands are loaded from one table when they run.

The table carries each command's one-line help, so `assess --help` imports no command module; a command's
module is imported when that command (or its own --help) is asked for. Errors become exit codes in one
place, `_CaughtOnce`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import Any, NamedTuple

import click

from assess import __version__
from assess.cli.errors import cli_message, runnable
from assess.cli.terminal import fit_streams
from assess.core.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, AssessError, Problems
from assess.core.text import one_line


class Command(NamedTuple):
    name: str
    module: str  # under assess.cli
    attribute: str
    help: str  # what `assess --help` lists, so listing the commands imports none of them


COMMANDS: tuple[Command, ...] = (
    Command("take", "take", "take", "Take the self-assessment; Ctrl-C stops, running it again resumes."),
    Command("report", "report", "report", "Write the gap-analysis report of a stored run."),
    Command("demo", "report", "demo", "Write the report of a bundled example; nothing is stored."),
    Command("history", "history", "history", "List the stored runs, drafts and others' ratings included."),
    Command("progress", "history", "progress", "Show what moved between a profile's completed runs."),
    Command("score", "score", "score", "Score an answers FILE (YAML) without storing it."),
    Command("template", "score", "template", "Print a fill-in answers file, commented with the level anchors."),
    Command("rubrics", "rubrics", "rubrics", "List, show, validate and import rubrics."),
    Command("export", "transfer", "export", "Write stored runs, with their answers and results, to a JSON file."),
    Command("import", "transfer", "import_", "Add the runs of an export, or the run a PDF report carries."),
    Command("delete", "delete", "delete", "Delete a run or a profile's runs, for good."),
    Command("team", "team", "team", "A lead's view of a team, from the reports people chose to hand over."),
    Command("share", "org", "share", "Let your managers in an organisation's store read a run's shared version."),
    Command("unshare", "org", "unshare", "Take back a run shared with your managers."),
    Command("org", "org", "org", "Set up an organisation's store and its people; read your reports' shared runs."),
)


class _CaughtOnce(click.Group):
    """The one place errors become exit codes, so the real entry point and CliRunner agree."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [command.name for command in COMMANDS]  # the table's order, not alphabetical

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = next((command for command in COMMANDS if command.name == cmd_name), None)
        if found is None:
            return None
        loaded: click.Command = getattr(import_module(f"{__name__}.{found.module}"), found.attribute)
        return loaded

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(command.name, command.help) for command in COMMANDS])

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except Problems as err:  # each problem its own line, so a spreadsheet's are all fixed in one go
            for line in err.lines:
                click.echo(f"assess: {one_line(line)}", err=True)
            if err.found > len(err.lines):
                click.echo(f"assess: {err.found - len(err.lines)} more problems not shown; fix these first", err=True)
            raise click.exceptions.Exit(err.exit_code) from None
        except AssessError as err:
            click.echo(f"assess: {one_line(runnable(cli_message(err)))}", err=True)
            raise click.exceptions.Exit(err.exit_code) from None
        except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D at a prompt
            click.echo("assess: interrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except Exception as err:  # noqa: BLE001 - internal errors are reported here and only here
            if ctx.obj and ctx.obj.get("debug"):
                raise
            message = f"internal error: {type(err).__name__}: {err} (rerun with --debug for details)"
            click.echo(f"assess: {one_line(message)}", err=True)
            raise click.exceptions.Exit(EXIT_INTERNAL) from None

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,  # type: ignore[override]
             complete_var: str | None = None, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Click's own messages as ours: one line and a pointer to --help for a usage error, exit 2;
        a cancelled prompt exits 130 like Ctrl-C."""
        fit_streams()  # a Latin-1 terminal gets look-alikes for what it cannot show, not an encoding error
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **kwargs)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as err:
            click.echo(err.ctx.get_help() if err.ctx else err.format_message())
            code = 0
        except click.UsageError as err:
            where = err.ctx.command_path if err.ctx else "assess"
            said = runnable(f"{err.format_message().rstrip('.')}; see `{where} --help`")
            click.echo(f"assess: {one_line(said)}", err=True)
            code = EXIT_BAD_INPUT
        except click.ClickException as err:
            click.echo(f"assess: {one_line(err.format_message())}", err=True)
            code = err.exit_code
        except click.exceptions.Abort:
            click.echo("assess: cancelled", err=True)
            code = EXIT_INTERRUPTED
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_CaughtOnce, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", type=click.Path(path_type=Path), envvar="ASSESS_HOME", show_envvar=True,
              help="Folder for the history database and the tool's cache [default: the user data dir].")
@click.option("--store", metavar="URL", envvar="ASSESS_STORE", show_envvar=True,
              help="An organisation's store (postgresql://...) instead of the history in --home; your password "
                   "stays in ~/.pgpass or a service file.")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.version_option(__version__, "--version", prog_name="assess", message="%(prog)s %(version)s")
@click.pass_context
def app(ctx: click.Context, home: Path | None, store: str | None, debug: bool) -> None:
    """Measure yourself against a role, see your gaps and how to close them.

    Everything stays on this machine, unless --store names your organisation's store. Start with `assess take`.
    """
    ctx.obj = {"home": home, "store": store or None, "debug": debug}


def main() -> None:
    """The `assess` command; Ctrl-C between the commands' own handling and the exit still ends in one line."""
    try:
        sys.exit(app(prog_name="assess"))
    except KeyboardInterrupt:
        sys.stderr.write("\nassess: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
