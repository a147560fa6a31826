"""`assess report` and `assess demo`: the gap-analysis report of a stored run, or of the bundled example."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import BadInput
from ..terminal import safe
from .common import open_store

if TYPE_CHECKING:
    from ..report import ReportInput


def _output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed([
        click.option("--output", "-o", type=click.Path(path_type=Path),
                     help="File to write [default: assess-report-NAME-DATE.FORMAT in the current folder]."),
        click.option("--format", "-f", "fmt", type=click.Choice(["pdf", "html", "md", "json"]), default="pdf",
                     show_default=True),
        click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
                     help="Paper size of the PDF."),
        click.option("--share", is_flag=True,
                     help="A version for someone else: no evidence, and no facts marked private (see --private)."),
        click.option("--private", "private", metavar="FACT", multiple=True,
                     help="With --share: leave out this fact too (repeatable), besides those the answers mark "
                          "`private`."),
    ]):
        command = option(command)
    return command


def _write(inp: ReportInput, output: Path | None, fmt: str, paper: str, share: bool, private: tuple[str, ...]) -> None:
    from ..report_files import report_path, write_input

    if private and not share:
        raise BadInput("--private: only a shared report (--share) leaves facts out; add --share")
    if share:
        from ..share import shared_input, sharing

        inp = shared_input(inp, sharing(inp.rubric, inp.answers, private))
    default = report_path(Path("."), fmt, who=inp.answers.name or inp.answers.profile, taken_on=inp.taken_on,
                          run_id=inp.run_id, shared=share)
    path = write_input(inp, output or default, fmt, paper)
    click.echo(safe(f"Wrote {path}{' (shared version)' if share else ''}"))


@click.command()
@click.argument("run", default="latest")
@click.option("--profile", "-p", default="default", show_default=True, help="Whose latest run, with RUN=latest.")
@_output_options
def report(run: str, profile: str, output: Path | None, fmt: str, paper: str, share: bool,
           private: tuple[str, ...]) -> None:
    """Write the gap-analysis report of RUN (a run id or unique prefix, or `latest`); a PDF carries the run, for
    `assess import`."""
    from ..report_files import stored_report

    store = open_store()
    stored = store.latest(profile) if run == "latest" else store.get(run)
    _write(stored_report(stored, store), output, fmt, paper, share, private)


@click.command()
@_output_options
def demo(output: Path | None, fmt: str, paper: str, share: bool, private: tuple[str, ...]) -> None:
    """Write the report of a bundled example candidate with two earlier runs; nothing is stored."""
    from ..demo import demo_input

    _write(demo_input(), output, fmt, paper, share, private)
