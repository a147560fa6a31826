"""Writing a report file for a stored run, and the bundled demo history.

`write_report` is what the questionnaire calls at its end and what `assess report` calls: it finds
the run's earlier runs for the progress section, renders the chosen format and writes it
atomically. PDF goes through `assess.pdf` (WeasyPrint), imported only when a PDF is asked for.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path

from . import __version__
from .answers import check_answers, load_answers_file
from .errors import BadInput
from .files import check_writable_target, write_atomically
from .models import Progress, Rubric
from .report import (
    FORMATS,
    PAPERS,
    ReportInput,
    pdf_metadata,
    render_html,
    render_markdown,
    report_json,
)
from .report import (
    report_filename as filename_for,
)
from .resources import data_dir
from .rubrics import load_rubric, rubric_hash
from .scoring import score
from .storage import Store, StoredRun
from .yamlfile import read_mapping

DEMO_HISTORY = ("director-ml-engineering", "mid-career-history.yaml")


def report_input(run: StoredRun, earlier: list[StoredRun], *, today: date, rubric: Rubric | None = None) -> ReportInput:
    """What the report shows for `run`, with progress over `earlier` complete runs (oldest first)."""
    if run.result is None or run.finished_at is None:
        raise BadInput(f"run {run.id}: a draft has no report yet; finish it with `assess take`")
    rubric = rubric or load_rubric(run.rubric_id)
    result = run.result
    answers = run.answers
    if run.rubric_hash != rubric_hash(rubric):
        # The rubric changed since the run: rescore so every id the report looks up exists today.
        answers = check_answers(run.answers, rubric, f"run {run.id}")
        result = score(rubric, answers)
    return ReportInput(
        rubric=rubric,
        answers=answers,
        result=result,
        taken_on=date.fromisoformat(run.finished_at[:10]),
        today=today,
        tool_version=__version__,
        run_id=run.id,
        progress=_progress([*earlier, run], rubric),
    )


def _progress(runs: list[StoredRun], rubric: Rubric) -> Progress | None:
    if len(runs) < 2:
        return None
    from .progress import compute_progress

    return compute_progress(runs, rubric)


def earlier_runs(run: StoredRun, store: Store) -> list[StoredRun]:
    """The profile's complete runs of the same rubric finished before `run`: a report of an old run
    shows the progress up to it, not what came later."""
    return [
        other
        for other in store.runs(run.profile)
        if other.id != run.id
        and other.rubric_id == run.rubric_id
        and other.finished_at is not None
        and run.finished_at is not None
        and other.finished_at <= run.finished_at
    ]


def write_report(run: StoredRun, store: Store, path: Path, fmt: str = "pdf", paper: str = "a4",
                 today: date | None = None) -> Path:
    """Write the report of stored `run` to `path` in `fmt` (pdf, html, md or json); returns the path."""
    today = today or datetime.now(UTC).date()
    return write_input(report_input(run, earlier_runs(run, store), today=today), path, fmt, paper)


def report_filename(run: StoredRun, fmt: str = "pdf", today: date | None = None) -> Path:
    """The default file name, e.g. assess-report-sam-rivera-2026-11-26.pdf, in the current folder."""
    return Path(filename_for(run.name or run.profile, today or datetime.now(UTC).date(), fmt))


def write_input(inp: ReportInput, path: Path, fmt: str = "pdf", paper: str = "a4") -> Path:
    if fmt not in FORMATS:
        raise BadInput(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if paper not in PAPERS:
        raise BadInput(f"--paper: {paper!r} is not one of {', '.join(PAPERS)}")
    check_writable_target(path)
    if fmt == "pdf":
        from .pdf import render_pdf

        data = render_pdf(render_html(inp, paper), assets=data_dir("reports"), metadata=pdf_metadata(inp))
    elif fmt == "html":
        data = render_html(inp, paper).encode()
    elif fmt == "md":
        data = render_markdown(inp).encode()
    else:
        data = (json.dumps(report_json(inp), indent=2, ensure_ascii=False) + "\n").encode()
    return write_atomically(path, data)


def demo_runs() -> tuple[list[StoredRun], Rubric]:
    """Sam Rivera's three bundled example runs as complete runs, in memory, oldest first."""
    folder = data_dir("examples") / DEMO_HISTORY[0]
    manifest_path = folder / DEMO_HISTORY[1]
    manifest = read_mapping(manifest_path, "a demo history")
    runs = []
    rubric: Rubric | None = None
    for entry in manifest["runs"]:
        answers_path = folder / entry["answers"]
        answers = load_answers_file(answers_path)
        rubric = rubric or load_rubric(answers.rubric)
        checked = check_answers(answers, rubric, answers_path)
        runs.append(
            StoredRun(
                id=hashlib.sha256(entry["answers"].encode()).hexdigest()[:12],
                profile=checked.profile,
                name=checked.name,
                rubric_id=rubric.id,
                rubric_version=rubric.version,
                rubric_hash=rubric_hash(rubric),
                tool_version=__version__,
                started_at=entry["started_at"],
                finished_at=entry["finished_at"],
                status="complete",
                answers=checked,
                result=score(rubric, checked),
            )
        )
    assert rubric is not None, f"{manifest_path}: no runs"
    return runs, rubric


def demo_input(today: date) -> ReportInput:
    runs, rubric = demo_runs()
    return report_input(runs[-1], runs[:-1], today=today, rubric=rubric)
