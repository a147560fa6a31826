"""The report of a stored run: the run, its rubric, progress up to it and others' view, written to a file.

A PDF carries the run it shows as an `assess export` document, so importing the PDF brings the run into any
history.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from assess import __version__
from assess.app.progress import counted_raters, expired, progress_up_to
from assess.app.runs import rescore, rubric_of, scored
from assess.core.errors import NoReport
from assess.core.others import ExpiredRaters, calibrate
from assess.core.progress import Progress
from assess.core.rubric import Rubric
from assess.core.runs import StoredRun, iso
from assess.core.share import sharing
from assess.io.export import PDF_ATTACHMENT, export_document
from assess.io.files import check_writable_target, write_atomically
from assess.io.locations import Locations, data_dir
from assess.io.store import Store
from assess.report.input import ReportInput
from assess.report.render import render
from assess.report.shared import shared_input
from assess.report.templates import Templates


def report_input(run: StoredRun, rubric: Rubric, *, today: date, progress: Progress | None = None,
                 others: list[StoredRun] | None = None, rescored_from: str | None = None,
                 dropped: list[str] | None = None, expired: list[ExpiredRaters] | None = None) -> ReportInput:
    """The report of complete, scored `run` against `rubric`, with its `progress` and the rater runs that count
    for it (`others`); `rescored_from` names the rubric version it was taken with when scored anew."""
    if run.answers.rater is not None or run.result is None or run.finished_at is None:
        relation = run.answers.rater.relation if run.answers.rater else None
        raise NoReport(run.id, run.profile, relation)
    return ReportInput(
        rubric=rubric,
        answers=run.answers,
        result=run.result,
        taken_on=date.fromisoformat(run.finished_at[:10]),
        today=today,
        tool_version=__version__,
        run_id=run.id,
        progress=progress if progress is not None and len(progress.runs) >= 2 else None,
        rescored_from=rescored_from,
        run=run,
        calibration=calibrate(rubric, run.answers, others or []),
        dropped=dropped or [],
        expired=expired or [],
    )


def stored_report(store: Store, run: StoredRun, *, rescore_with: Rubric | None = None,
                  today: date | None = None) -> ReportInput:
    """The report of stored `run`, with its progress over the profile's runs up to it; scored as it was then,
    unless `rescore_with` gives another version of its rubric to score its answers against."""
    if run.answers.rater is not None or run.finished_at is None:
        raise NoReport(run.id, run.profile, run.answers.rater.relation if run.answers.rater else None)
    taken_with = rubric_of(store, run) if rescore_with is None else rescore_with
    shown, dropped = scored(run, taken_with), []
    if rescore_with is not None:
        again = rescore(run, rescore_with)
        shown, dropped = again.run, again.dropped
    inp = report_input(shown, taken_with, today=today or datetime.now(UTC).date(),
                       progress=progress_up_to(store, run, taken_with), others=counted_raters(store, run, taken_with),
                       rescored_from=run.rubric_version if rescore_with is not None else None, dropped=dropped,
                       expired=expired(store, run, taken_with))
    if run.shared is None:
        return inp
    # The run a shared report carried: every report of it is a shared version too, as the one it came from was.
    return shared_input(inp, replace(sharing(taken_with, run.answers, ()), imported=True))


def carried_run(inp: ReportInput) -> tuple[str, bytes] | None:
    """The attachment of the PDF of `inp`: its run and rubric as an export document (redacted when shared)."""
    if inp.run is None:
        return None
    document = export_document([inp.run], [inp.rubric], exported_at=iso(datetime.now(UTC)), tool_version=__version__,
                               shared=inp.run.shared if inp.shared else None)
    return PDF_ATTACHMENT, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def templates(locations: Locations) -> Templates:
    """The report templates, compiled once into the cache of `locations` when that cache can be trusted."""
    return Templates(data_dir("reports"), locations.template_cache())


def report_bytes(inp: ReportInput, fmt: str, paper: str, locations: Locations, pages: str = "full") -> bytes:
    shipped = Templates(data_dir("reports")) if fmt == "json" else templates(locations)  # JSON compiles none
    return render(inp, fmt, paper, shipped, attachment=carried_run(inp) if fmt == "pdf" else None, pages=pages)


def write_report(inp: ReportInput, path: Path, fmt: str, paper: str, locations: Locations,
                 pages: str = "full") -> Path:
    """Write the report to `path`, readable by its owner only: it holds private self-ratings and evidence. A
    shared version is for others, so it follows the umask, yet never opens up the file it replaces."""
    check_writable_target(path)
    return write_atomically(path, report_bytes(inp, fmt, paper, locations, pages), private=inp.shared is None)
