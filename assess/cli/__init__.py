"""The `assess` command line: one group, its commands registered from one table.

Command modules (`assess.cli.take`, ...) hold the commands; none of them imports this module, so
there is no import circle, and each imports heavy libraries (pandas, weasyprint, questionary) only
inside the command that uses them, so `--help` stays fast. Errors become exit codes in one place,
`_CaughtOnce`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import Any

import click

from assess import __version__
from assess.core.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, AssessError
from assess.core.text import one_line

# (module, attribute) of every top-level command, in the order `--help` lists them.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("take", "take"),
    ("report", "report"),
    ("report", "demo"),
    ("history", "history"),
    ("history", "progress"),
    ("score", "score"),
    ("score", "template"),
    ("rubrics", "rubrics"),
    ("transfer", "export"),
    ("transfer", "import_"),
    ("transfer", "delete"),
)


class _CaughtOnce(click.Group):
    """The one place errors become exit codes, so the real entry point and CliRunner agree."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except AssessError as err:
            click.echo(f"assess: {one_line(str(err))}", err=True)
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
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **kwargs)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as err:
            click.echo(err.ctx.get_help() if err.ctx else err.format_message())
            code = 0
        except click.UsageError as err:
            where = err.ctx.command_path if err.ctx else "assess"
            click.echo(f"assess: {one_line(err.format_message().rstrip('.'))}; see `{where} --help`", err=True)
            code = EXIT_BAD_INPUT
        except click.ClickException as err:
            click.echo(f"assess: {one_line(err.format_message())}", err=True)
            code = err.exit_code
        except click.exceptions.Abort:
            click.echo("assess: cancelled", err=True)
            code = EXIT_INTERRUPTED
        sys.exit(code if isinstance(code, int) else 0)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # the table's order, not alphabetical


@click.group(cls=_CaughtOnce, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", type=click.Path(path_type=Path), envvar="ASSESS_HOME", show_envvar=True,
              help="Folder for the history database [default: the user data dir].")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.version_option(__version__, "--version", prog_name="assess", message="%(prog)s %(version)s")
@click.pass_context
def app(ctx: click.Context, home: Path | None, debug: bool) -> None:
    """Measure yourself against a role, see your gaps and how to close them.

    Everything stays on this machine. Start with `assess take`.
    """
    ctx.obj = {"home": home, "debug": debug}


for _module, _name in COMMANDS:
    app.add_command(getattr(import_module(f".{_module}", __name__), _name))


def main() -> None:
    """The `assess` command; Ctrl-C between the commands' own handling and the exit still ends in one line."""
    try:
        sys.exit(app(prog_name="assess"))
    except KeyboardInterrupt:
        sys.stderr.write("\nassess: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
