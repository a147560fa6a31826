"""What a report is made from: one scored run, its rubric, and what goes beside it (progress, others' view).

Built by the app layer (`assess.app.reports`); everything the report shows is derived from it, so the same
input gives the same report to the byte."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from assess.core.answers import Answers
from assess.core.others import Calibration, ExpiredRaters
from assess.core.progress import Progress
from assess.core.results import Result
from assess.core.rubric import Rubric
from assess.core.runs import StoredRun
from assess.core.share import Sharing


@dataclass(frozen=True)
class ReportInput:
    rubric: Rubric
    answers: Answers
    result: Result
    taken_on: date
    today: date
    tool_version: str
    run_id: str | None = None
    progress: Progress | None = None
    rescored_from: str | None = None  # the rubric version the run was taken with, when scored anew against another
    run: StoredRun | None = None  # the run as scored against `rubric`, which a PDF report carries
    shared: Sharing | None = None  # the shared version: evidence and private facts left out
    calibration: Calibration | None = None  # others' ratings of the person beside the self-assessment
    dropped: list[str] = field(default_factory=list)  # when rescored: competencies the run rated that are gone
    expired: list[ExpiredRaters] = field(default_factory=list)  # raters whose ratings are too old to count


def report_title(inp: ReportInput) -> str:
    who = inp.answers.name or inp.answers.profile
    return f"Gap analysis for {who}: {inp.rubric.role(inp.result.target).title}"


def has_progress(progress: Progress | None) -> bool:
    return progress is not None and len(progress.runs) >= 2


def pdf_metadata(inp: ReportInput) -> dict[str, str]:
    """What the PDF's document information names: tool and rubric versions, for later audits."""
    rubric = inp.rubric
    return {
        "title": report_title(inp),
        "subject": f"{rubric.title} self-assessment, rubric {rubric.id} {rubric.version}",
        "creator": f"assess {inp.tool_version}",
        "keywords": f"assess {inp.tool_version}, rubric {rubric.id} {rubric.version}, gap analysis",
    }
