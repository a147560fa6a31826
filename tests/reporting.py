"""The report templates as the shipped package holds them, for tests that render a report input directly."""

from __future__ import annotations

from assess.io.locations import data_dir
from assess.report.input import ReportInput
from assess.report.templates import Templates

TEMPLATES = Templates(data_dir("reports"))


def render_html(inp: ReportInput, paper: str = "a4", pages: str = "full") -> str:
    return TEMPLATES.html(inp, paper, pages)


def render_markdown(inp: ReportInput) -> str:
    return TEMPLATES.markdown(inp)
