"""A report as a file: render the chosen format, name the file, write it atomically.

PDF goes through `assess.pdf` (WeasyPrint), imported only when a PDF is asked for.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

from .errors import BadInput
from .files import check_writable_target, write_atomically
from .models import OthersGap, StoredRun
from .report import FORMATS, PAPERS, ReportInput, pdf_metadata, render_html, render_markdown, report_json
from .resources import data_dir
from .rubric import Rubric
from .storage import Store


def render(inp: ReportInput, fmt: str = "pdf", paper: str = "a4") -> bytes:
    """The report in `fmt` (pdf, html, md or json)."""
    if fmt not in FORMATS:
        raise BadInput(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if paper not in PAPERS:
        raise BadInput(f"--paper: {paper!r} is not one of {', '.join(PAPERS)}")
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(render_html(inp, paper), assets=data_dir("reports"), metadata=pdf_metadata(inp))
    if fmt == "html":
        return render_html(inp, paper).encode()
    if fmt == "md":
        return render_markdown(inp).encode()
    return (json.dumps(report_json(inp), indent=2, ensure_ascii=False) + "\n").encode()


def write_input(inp: ReportInput, path: Path, fmt: str = "pdf", paper: str = "a4") -> Path:
    """Write the report to `path`, readable by its owner only: it holds private self-ratings and evidence."""
    check_writable_target(path)
    return write_atomically(path, render(inp, fmt, paper), private=True)


def stored_report(run: StoredRun, store: Store, *, rescore_with: Rubric | None = None,
                  today: date | None = None) -> ReportInput:
    """The report of stored `run`, with its progress over the profile's earlier runs; scored as it was then,
    unless `rescore_with` gives another version of its rubric to score its answers against."""
    from .report_input import earlier_runs, report_input

    rubric = rescore_with or store.rubric_of(run)
    others, gap = others_of(run, store, rubric)
    return report_input(run, earlier_runs(run, store.runs(run.profile)), rubric,
                        today=today or datetime.now(UTC).date(), rescored=rescore_with is not None,
                        others=others, others_gap=gap)


def others_of(run: StoredRun, store: Store, rubric: Rubric) -> tuple[list[StoredRun], list[OthersGap]]:
    """The stored rater runs that count for complete self-assessment `run`, and how far apart self and others
    were at it and the person's earlier runs (see `assess.calibration`)."""
    from .calibration import counted_rater_runs, others_gap

    raters = store.runs(run.profile, who="raters", rubric_id=run.rubric_id)
    if run.finished_at is None or not raters:
        return [], []
    own = store.runs(run.profile, rubric_id=run.rubric_id)
    gap = [point for point in others_gap(rubric, own, raters) if point.finished_at <= run.finished_at]
    return counted_rater_runs(run, own, raters, rubric.scoring.rater_window_months), gap


def report_path(folder: Path, fmt: str, *, who: str, taken_on: date, run_id: str | None) -> Path:
    """Where a report goes unless told: assess-report-sam-rivera-2026-11-26.pdf in `folder`, named after whose
    run it is and the day it was taken. An existing file of that name is kept: this report is then named after
    its run too."""
    slug = re.sub(r"[^a-z0-9]+", "-", who.lower()).strip("-") or "report"
    path = folder / f"assess-report-{slug}-{taken_on.isoformat()}.{fmt}"
    if path.exists() and run_id:
        return path.with_stem(f"{path.stem}-{run_id}")
    return path
