"""`assess report` and `assess demo`: the gap-analysis report of a stored run, or of the bundled example."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from .cli import app

FORMAT = click.Choice(["pdf", "html", "md", "json"])
PAPER = click.Choice(["a4", "letter"])


def _output_options(command):  # type: ignore[no-untyped-def]
    for option in reversed([
        click.option("--output", "-o", type=click.Path(path_type=Path),
                     help="File to write [default: assess-report-NAME-DATE.FORMAT in the current folder]."),
        click.option("--format", "-f", "fmt", type=FORMAT, default="pdf", show_default=True),
        click.option("--paper", type=PAPER, default="a4", show_default=True, help="Paper size of the PDF."),
    ]):
        command = option(command)
    return command


@app.command()
@click.argument("run", default="latest")
@click.option("--profile", "-p", default="default", show_default=True, help="Whose latest run, with RUN=latest.")
@_output_options
def report(run: str, profile: str, output: Path | None, fmt: str, paper: str) -> None:
    """Write the gap-analysis report of RUN (a run id or unique prefix, or `latest`)."""
    from .report import default_filename
    from .report_files import earlier_runs, report_input, write_input
    from .storage import Store

    store = Store(click.get_current_context().obj["home"])
    stored = store.latest(profile) if run == "latest" else store.get(run)
    inp = report_input(stored, earlier_runs(stored, store), today=datetime.now(UTC).date())
    path = write_input(inp, output or Path(default_filename(inp, fmt)), fmt, paper)
    click.echo(f"Wrote {path}")


@app.command()
@_output_options
def demo(output: Path | None, fmt: str, paper: str) -> None:
    """Write the report of a bundled example candidate with two earlier runs; nothing is stored."""
    from .report import default_filename
    from .report_files import demo_input, write_input

    inp = demo_input(datetime.now(UTC).date())
    path = write_input(inp, output or Path(default_filename(inp, fmt)), fmt, paper)
    click.echo(f"Wrote {path}")
