"""The bundled example history (Sam Rivera's three runs), replayed in memory for `assess demo`."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

from assess import __version__
from assess.app.reports import report_input
from assess.core.answers import check_answers
from assess.core.progress import compute_progress
from assess.core.rubric import DEFAULT_RUBRIC, Rubric
from assess.core.runs import StoredRun
from assess.core.scoring import score
from assess.core.snapshot import rubric_hash
from assess.io.answers_files import load_answers_file
from assess.io.locations import data_dir
from assess.io.rubric_files import load_rubric
from assess.io.yaml_files import read_mapping
from assess.report.input import ReportInput

MANIFEST = "mid-career-history.yaml"


def demo_runs() -> tuple[list[StoredRun], Rubric]:
    """Sam Rivera's three bundled example runs as complete runs, oldest first; nothing is stored."""
    folder = data_dir("examples") / DEFAULT_RUBRIC
    manifest = read_mapping(folder / MANIFEST, "a demo history")
    rubric = load_rubric(DEFAULT_RUBRIC)
    runs = []
    for entry in manifest["runs"]:
        answers_path = folder / entry["answers"]
        answers = check_answers(load_answers_file(answers_path), rubric, answers_path)
        runs.append(
            StoredRun(
                id=hashlib.sha256(entry["answers"].encode()).hexdigest()[:12],
                profile=answers.profile,
                name=answers.name,
                rubric_id=rubric.id,
                rubric_version=rubric.version,
                rubric_hash=rubric_hash(rubric),
                tool_version=__version__,
                started_at=entry["started_at"],
                finished_at=entry["finished_at"],
                status="complete",
                answers=answers,
                result=score(rubric, answers),
            )
        )
    return runs, rubric


def demo_input(today: date | None = None) -> ReportInput:
    runs, rubric = demo_runs()
    return report_input(runs[-1], rubric, today=today or datetime.now(UTC).date(),
                        progress=compute_progress(runs, rubric))
