"""`assess report` and `assess demo`: the gap-analysis report of a stored run, or of the bundled example."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from assess.cli.common import locations, open_store, profile_name, resolve_rubric
from assess.cli.terminal import console
from assess.core.errors import BadInput
from assess.core.text import safe

# `assess report --help` and `assess demo --help` load this module as fast as `assess --help` (0.15 s of CPU,
# measured): the report's modules and models (0.8 s with them) are imported by the functions that use them.
if TYPE_CHECKING:
    from assess.core.runs import StoredRun
    from assess.report.input import ReportInput


def _output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed([
        click.option("--output", "-o", type=click.Path(path_type=Path),
                     help="File to write [default: assess-report-NAME-DATE.FORMAT in the current folder]."),
        click.option("--format", "-f", "fmt", type=click.Choice(["pdf", "html", "md", "json", "text"]),
                     default="pdf", show_default=True,
                     help="`text` prints the summary to the terminal, with others' view when raters have answered."),
        click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
                     help="Paper size of the PDF."),
        click.option("--pages", type=click.Choice(["full", "summary"]), default="full", show_default=True,
                     help="`summary`: only the first pages, at most four (verdict, rungs, gates, what it would "
                          "take); PDF or HTML."),
        click.option("--share", is_flag=True,
                     help="A version for someone else: no evidence, and no facts marked private (see --private)."),
        click.option("--private", "private", metavar="FACT", multiple=True,
                     help="With --share: leave out this fact too (repeatable), besides those the answers mark "
                          "`private`."),
    ]):
        command = option(command)
    return command


def _write(inp: ReportInput, output: Path | None, fmt: str, paper: str, share: bool, private: tuple[str, ...],
           pages: str) -> None:
    from assess.app.reports import write_report  # the report's modules (see above)
    from assess.report.render import report_path

    if private and not share:
        raise BadInput("--private: only a shared report (--share) leaves facts out; add --share")
    if fmt == "text":
        _print(inp, output, share)
        return
    if share:
        from assess.core.share import sharing  # the report's modules (see above)
        from assess.report.shared import shared_input

        shared = sharing(inp.rubric, inp.answers, private)
        inp = shared_input(inp, replace(shared, imported=inp.shared.imported) if inp.shared else shared)
    default = report_path(Path("."), fmt, who=inp.answers.name or inp.answers.profile, taken_on=inp.taken_on,
                          run_id=inp.run_id, shared=share, summary=pages == "summary")
    path = write_report(inp, output or default, fmt, paper, locations(), pages)
    click.echo(safe(f"Wrote {path}{' (shared version)' if share else ''}"))


def _print(inp: ReportInput, output: Path | None, share: bool) -> None:
    """The summary `take` ends with, for a stored run: after raters answer, this is where the person sees them."""
    from assess.cli.summary import calibration_summary, result_summary  # rich: only `--format text` prints here

    if output is not None or share:
        raise BadInput(f"--format text: prints to this terminal; {'--output' if output else '--share'} is for a "
                       "file, so choose pdf, html, md or json")
    out = console()
    result = inp.result
    if inp.shared is not None:  # a shared run's private facts are not "no answer": their gates are not shown
        out.print(f"Shared version: {'; '.join(inp.shared.left_out(inp.rubric))}.", style="bold")
        result = result.model_copy(update={"gates": [gate for gate in result.gates if not inp.shared.hides(gate)]})
    out.print(result_summary(inp.rubric, result, inp.answers.name))
    if inp.calibration is not None:
        out.print(calibration_summary(inp.rubric, inp.result, inp.calibration))
    if inp.expired:
        from assess.cli.raters_view import expired_summary  # rich, as the summary

        out.print(expired_summary(inp.rubric, inp.expired, inp.answers.profile))


@click.command()
@click.argument("run", default="latest")
@click.option("--profile", "-p", callback=profile_name,
              default="default", show_default=True, help="Whose latest run, with RUN=latest.")
@click.option("--rescore", is_flag=True,
              help="Score the run's answers against today's version of its rubric, not the one it was taken with.")
@click.option("--rubric", "-r", help="With --rescore: where today's version is, an id or path "
                                    "[default: the file the run was taken from, else its rubric's id].")
@_output_options
def report(run: str, profile: str, rescore: bool, rubric: str | None, output: Path | None, fmt: str, paper: str,
           pages: str, share: bool, private: tuple[str, ...]) -> None:
    """Write the gap-analysis report of RUN (a run id or unique prefix, or `latest`); a PDF carries the run, for
    `assess import`.

    A report shows the run as it was scored; with --rescore it says on its cover that it was scored anew.
    """
    from assess.app.reports import stored_report  # the report's modules (see above)

    if rubric is not None and not rescore:
        raise BadInput(f"--rubric: {rubric!r} is only used with --rescore")
    store = open_store()
    stored = store.latest(profile) if run == "latest" else store.get(run)
    today = None
    if rescore:
        ref = rubric or _current_ref(stored)
        today = resolve_rubric(ref)
        if today.id != stored.rubric_id:
            raise BadInput(f"{'--rubric: ' if rubric else ''}{ref} is rubric {today.id!r}; run {stored.id} was "
                           f"taken with {stored.rubric_id!r}")
    _write(stored_report(store, stored, rescore_with=today), output, fmt, paper, share, private, pages)


def _current_ref(run: StoredRun) -> str:
    """Where today's version of a run's rubric is: the file it was taken from while that file is there, else its
    id (shipped, or the newest version known from history)."""
    from assess.io.rubric_files import looks_like_path  # the report's modules (see above)

    ref = run.answers.rubric
    return ref if looks_like_path(ref) and Path(ref).expanduser().is_file() else run.rubric_id


@click.command()
@_output_options
def demo(output: Path | None, fmt: str, paper: str, pages: str, share: bool, private: tuple[str, ...]) -> None:
    """Write the report of a bundled example candidate with two earlier runs; nothing is stored."""
    from assess.app.demo import demo_input  # the YAML parser too, which `report` of a stored run never loads

    _write(demo_input(), output, fmt, paper, share, private, pages)
