"""What a report shows for a stored run: the run, its rubric, and progress over the runs before it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assess import __version__
from assess.core.errors import BadInput
from assess.core.models import OthersGap, StoredRun
from assess.core.others import calibrate
from assess.core.rubric import Rubric
from assess.io.export import rescored as rescored_run
from assess.report.view import ReportInput


def report_input(run: StoredRun, earlier: Sequence[StoredRun], rubric: Rubric, *, today: date,
                 rescored: bool = False, others: Sequence[StoredRun] = (),
                 others_gap: Sequence[OthersGap] = ()) -> ReportInput:
    """The report of complete `run`, with progress over `earlier` complete runs (oldest first) and beside the
    rater runs that count for it (`others`, see `calibration.counted_rater_runs`); `others_gap` says how far
    apart self and others were at this and earlier runs (`calibration.others_gap`).

    `rubric` is the one the run was scored against, and the report shows the result stored then; with
    `rescored`, `rubric` is another version of it and the run's answers are scored against it instead.
    """
    if run.answers.rater is not None:
        raise BadInput(f"run {run.id}: is a {run.answers.rater.relation}'s rating of profile {run.profile!r}, not a "
                       f"self-assessment; it shows in that profile's report (`assess report --profile {run.profile}`)")
    if run.result is None or run.finished_at is None:
        raise BadInput(f"run {run.id}: a draft has no report yet; finish it with `assess take`")
    scored = rescored_run(run, rubric, f"run {run.id}") if rescored else run
    assert scored.result is not None
    runs = [*earlier, run]
    progress = None
    if len(runs) >= 2:
        from assess.core.progress import compute_progress

        progress = compute_progress(runs, rubric).model_copy(update={"others_gap": list(others_gap)})
    return ReportInput(
        rubric=rubric,
        answers=scored.answers,
        result=scored.result,
        taken_on=date.fromisoformat(run.finished_at[:10]),
        today=today,
        tool_version=__version__,
        run_id=run.id,
        progress=progress,
        rescored_from=run.rubric_version if rescored else None,
        run=scored,
        calibration=calibrate(rubric, scored.answers, others),
    )


def earlier_runs(run: StoredRun, candidates: Sequence[StoredRun]) -> list[StoredRun]:
    """The complete runs among `candidates` of the same profile and rubric finished before `run`: a report of
    an old run shows the progress up to it, not what came later."""
    return [
        other
        for other in candidates
        if other.id != run.id
        and other.profile == run.profile
        and other.rubric_id == run.rubric_id
        and other.answers.rater is None
        and other.finished_at is not None
        and run.finished_at is not None
        and other.finished_at <= run.finished_at
    ]
