"""A report as a file: render the chosen format, name the file, write it atomically.

PDF goes through `assess.pdf` (WeasyPrint), imported only when a PDF is asked for. A PDF carries the run
it shows as an `assess export` document, so `assess import report.pdf` brings the run into any history.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import jinja2

from assess import __version__
from assess.core.errors import BadInput
from assess.core.models import OthersGap, StoredRun
from assess.core.rubric import Rubric
from assess.io.export import PDF_ATTACHMENT, export_document
from assess.io.files import check_writable_target, write_atomically
from assess.io.locations import data_dir
from assess.io.store.sqlite import Store, iso
from assess.report.view import FORMATS, PAPERS, ReportInput, pdf_metadata, render_html, render_markdown, report_json


def render(inp: ReportInput, fmt: str = "pdf", paper: str = "a4") -> bytes:
    """The report in `fmt` (pdf, html, md or json)."""
    if fmt not in FORMATS:
        raise BadInput(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if paper not in PAPERS:
        raise BadInput(f"--paper: {paper!r} is not one of {', '.join(PAPERS)}")
    if fmt == "pdf":
        from assess.report.pdf import render_pdf

        return render_pdf(render_html(inp, paper, _templates()), assets=data_dir("reports"), metadata=pdf_metadata(inp),
                          attachment=carried_run(inp))
    if fmt == "html":
        return render_html(inp, paper, _templates()).encode()
    if fmt == "md":
        return render_markdown(inp, _templates()).encode()
    return (json.dumps(report_json(inp), indent=2, ensure_ascii=False) + "\n").encode()


def carried_run(inp: ReportInput) -> tuple[str, bytes] | None:
    """The attachment of the PDF of `inp`: its run and rubric as an export document (redacted when shared)."""
    if inp.run is None:
        return None
    document = export_document([inp.run], [inp.rubric], exported_at=iso(datetime.now(UTC)), tool_version=__version__,
                               shared_without=inp.shared.private_facts if inp.shared else None)
    return PDF_ATTACHMENT, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def write_input(inp: ReportInput, path: Path, fmt: str = "pdf", paper: str = "a4") -> Path:
    """Write the report to `path`, readable by its owner only: it holds private self-ratings and evidence. A
    shared version is for others, so it follows the umask, yet never opens up the file it replaces."""
    check_writable_target(path)
    return write_atomically(path, render(inp, fmt, paper), private=inp.shared is None)


def stored_report(run: StoredRun, store: Store, *, rescore_with: Rubric | None = None,
                  today: date | None = None) -> ReportInput:
    """The report of stored `run`, with its progress over the profile's earlier runs; scored as it was then,
    unless `rescore_with` gives another version of its rubric to score its answers against."""
    from assess.app.reports import earlier_runs, report_input

    rubric = rescore_with or store.rubric_of(run)
    others, gap = others_of(run, store, rubric)
    return report_input(run, earlier_runs(run, store.runs(run.profile)), rubric,
                        today=today or datetime.now(UTC).date(), rescored=rescore_with is not None,
                        others=others, others_gap=gap)


def others_of(run: StoredRun, store: Store, rubric: Rubric) -> tuple[list[StoredRun], list[OthersGap]]:
    """The stored rater runs that count for complete self-assessment `run`, and how far apart self and others
    were at it and the person's earlier runs (see `assess.calibration`)."""
    from assess.core.others import counted_rater_runs, others_gap

    raters = store.runs(run.profile, who="raters", rubric_id=run.rubric_id)
    if run.finished_at is None or not raters:
        return [], []
    own = store.runs(run.profile, rubric_id=run.rubric_id)
    gap = [point for point in others_gap(rubric, own, raters) if point.finished_at <= run.finished_at]
    return counted_rater_runs(run, own, raters, rubric.scoring.rater_window_months), gap


def report_path(folder: Path, fmt: str, *, who: str, taken_on: date, run_id: str | None,
                shared: bool = False) -> Path:
    """Where a report goes unless told: assess-report-sam-rivera-2026-11-26.pdf in `folder`, named after whose
    run it is and the day it was taken (…-shared.pdf for the shared version). An existing file of that name is
    kept: this report is then named after its run too."""
    slug = re.sub(r"[^a-z0-9]+", "-", who.lower()).strip("-") or "report"
    stem = f"assess-report-{slug}-{taken_on.isoformat()}"
    suffix = "-shared" if shared else ""
    path = folder / f"{stem}{suffix}.{fmt}"
    if path.exists() and run_id:
        return folder / f"{stem}-{run_id}{suffix}.{fmt}"
    return path


def _templates() -> jinja2.BytecodeCache | None:
    """The compiled report templates, kept in the user's cache folder (private to them) between runs; none when
    that folder cannot be made."""
    import platformdirs

    folder = Path(platformdirs.user_cache_dir("assess", appauthor=False)) / "templates"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
