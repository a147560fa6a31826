"""The `assess` command line: parse options, call the core, call one adapter, print.

Errors are caught once, in `_CaughtOnce`: an `AssessError` prints one line and exits with its
code; anything else is an internal error (exit 1), with a traceback only under `--debug`.
Heavy libraries (pandas, weasyprint, questionary) are imported inside the commands
that use them, so `--help` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_INTERNAL, EXIT_INTERRUPTED, AssessError

DEFAULT_RUBRIC = "director-ml-engineering"


class _CaughtOnce(click.Group):
    """The one place errors become exit codes, so the real entry point and CliRunner agree."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except AssessError as err:
            click.echo(f"assess: {err}", err=True)
            raise click.exceptions.Exit(err.exit_code) from None
        except KeyboardInterrupt:
            click.echo("assess: interrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except Exception as err:  # noqa: BLE001 - internal errors are reported here and only here
            if ctx.obj and ctx.obj.get("debug"):
                raise
            message = f"internal error: {type(err).__name__}: {err} (rerun with --debug for details)"
            click.echo(f"assess: {message}", err=True)
            raise click.exceptions.Exit(EXIT_INTERNAL) from None


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


def print_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@app.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def score(file: Path, fmt: str) -> None:
    """Score an answers FILE (YAML) without storing it."""
    from .answers import check_answers, load_answers_file
    from .rubrics import load_rubric
    from .scoring import score as score_answers

    answers = load_answers_file(file)
    rubric = load_rubric(answers.rubric)
    result = score_answers(rubric, check_answers(answers, rubric, file))
    if fmt == "json":
        print_json(result.model_dump(mode="json", by_alias=True))
    else:
        from .display import console, result_summary

        console().print(result_summary(rubric, result, answers.name))


@app.command()
@click.option("--rubric", "-r", default=DEFAULT_RUBRIC, show_default=True, help="Rubric id or path.")
@click.option("--profile", "-p", default="default", show_default=True, help="Profile the answers belong to.")
def template(rubric: str, profile: str) -> None:
    """Print a fill-in answers file, each question commented with its level anchors."""
    from .rubrics import load_rubric
    from .template import answers_template

    click.echo(answers_template(load_rubric(rubric), profile), nl=False)


@app.group()
def rubrics() -> None:
    """List, show and validate rubrics."""


@rubrics.command("list")
def rubrics_list() -> None:
    """List the shipped rubrics."""
    from .display import console, rubric_list
    from .rubrics import bundled_rubric_paths, load_rubric_file

    rows = []
    for path in bundled_rubric_paths():
        rubric = load_rubric_file(path)
        rows.append((rubric.id, rubric.title, rubric.version, len(rubric.competencies)))
    console().print(rubric_list(rows))


@rubrics.command("show")
@click.argument("rubric")
def rubrics_show(rubric: str) -> None:
    """Show RUBRIC's areas, competencies and expected levels per role (an id or a path)."""
    from .display import console, rubric_detail
    from .rubrics import load_rubric

    console().print(rubric_detail(load_rubric(rubric)))


@rubrics.command("validate")
@click.argument("path", type=click.Path(path_type=Path))
def rubrics_validate(path: Path) -> None:
    """Check the rubric file PATH; exit 2 naming the first problem."""
    from .rubrics import load_rubric_file

    rubric = load_rubric_file(path)
    click.echo(f"{path}: ok ({rubric.id} {rubric.version}, {len(rubric.competencies)} competencies)")


# Command modules register themselves on `app`; imported last because they import `app`.
from . import cli_history, cli_report, cli_take  # noqa: E402, F401
