"""A report in the format asked for, as bytes, and the name a report file gets unless told.

PDF goes through `assess.report.pdf` (WeasyPrint), imported only when a PDF is asked for.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from assess.core.errors import UnknownChoice
from assess.report.input import ReportInput, has_progress, pdf_metadata
from assess.report.shared import shared_json
from assess.report.templates import Templates
from assess.report.view import PAGES

PAPERS = ("a4", "letter")
FORMATS = ("pdf", "html", "md", "json")
SUMMARY_FORMATS = ("pdf", "html")


def report_json(inp: ReportInput) -> dict[str, Any]:
    data = inp.result.model_dump(mode="json", by_alias=True)
    if has_progress(inp.progress):
        assert inp.progress is not None
        data["progress"] = inp.progress.model_dump(mode="json", by_alias=True)
    if inp.calibration is not None:
        data["calibration"] = inp.calibration.model_dump(mode="json", by_alias=True)
    if inp.expired:
        data["expired_raters"] = [group.model_dump(mode="json") for group in inp.expired]
    if inp.rescored_from is not None:
        data["rescored"] = {"taken_with": inp.rescored_from, "dropped": inp.dropped}
    return shared_json(inp.rubric, data, inp.shared) if inp.shared else data


def render(inp: ReportInput, fmt: str, paper: str, templates: Templates,
           attachment: tuple[str, bytes] | None = None, pages: str = "full") -> bytes:
    """The report in `fmt` (pdf, html, md or json); a PDF carries `attachment` (a file name and its content).
    `pages`: the full report, or its summary alone (PDF and HTML)."""
    if fmt not in FORMATS:
        raise UnknownChoice("format", fmt, FORMATS)
    if paper not in PAPERS:
        raise UnknownChoice("paper", paper, PAPERS)
    if pages not in PAGES:
        raise UnknownChoice("pages", pages, PAGES)
    if pages != "full" and fmt not in SUMMARY_FORMATS:
        raise UnknownChoice("format", fmt, SUMMARY_FORMATS, context="a format with a summary version: ")
    if fmt == "pdf":
        from assess.report.pdf import render_pdf  # weasyprint: only the PDF

        return render_pdf(templates.html(inp, paper, pages), assets=templates.folder, metadata=pdf_metadata(inp),
                          attachment=attachment)
    if fmt == "html":
        return templates.html(inp, paper, pages).encode()
    if fmt == "md":
        return templates.markdown(inp).encode()
    return (json.dumps(report_json(inp), indent=2, ensure_ascii=False) + "\n").encode()


def report_path(folder: Path, fmt: str, *, who: str, taken_on: date, run_id: str | None,
                shared: bool = False, summary: bool = False) -> Path:
    """Where a report goes unless told: assess-report-sam-rivera-2026-11-26.pdf in `folder`, named after whose
    run it is and the day it was taken (…-shared.pdf for the shared version). An existing file of that name is
    kept: this report is then named after its run too."""
    slug = re.sub(r"[^a-z0-9]+", "-", who.lower()).strip("-") or "report"
    stem = f"assess-report-{slug}-{taken_on.isoformat()}"
    suffix = ("-summary" if summary else "") + ("-shared" if shared else "")
    path = folder / f"{stem}{suffix}.{fmt}"
    if path.exists() and run_id:
        return folder / f"{stem}-{run_id}{suffix}.{fmt}"
    return path
