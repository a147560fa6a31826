"""The progress of a profile, for `assess progress` and for the report of any of its runs: one route for both.

Progress needs every run's few plotted numbers (`Store.run_points`, read without loading whole runs) and the
full record of only the last two, so a history of a thousand runs costs about what one of two does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from assess.app.runs import rubric_of, scored
from assess.core.errors import RubricNotStored
from assess.core.others import ExpiredRaters, counted_rater_runs, expired_raters, others_gap
from assess.core.progress import Progress, compute_progress
from assess.core.rubric import Rubric
from assess.core.runs import RunPoint, StoredRun
from assess.io.store import Store

T = TypeVar("T", RunPoint, StoredRun)


@dataclass(frozen=True)
class ProfileProgress:
    progress: Progress
    rubric: Rubric | None  # the rubric of the newest run, which progress is seen with; None: no completed run


def profile_progress(store: Store, profile: str) -> ProfileProgress:
    """What moved between the profile's completed self-assessments, seen with its newest run's rubric."""
    newest = store.runs(profile, last=1)
    if not newest:
        return ProfileProgress(Progress.empty(profile), None)
    rubric = rubric_of(store, newest[0])
    return ProfileProgress(progress_up_to(store, newest[0], rubric), rubric)


def progress_up_to(store: Store, run: StoredRun, rubric: Rubric) -> Progress:
    """The progress of `run`'s profile over its runs of the same rubric up to `run` (a report of an old run shows
    the progress up to it, not what came later), with how far apart self and others were."""
    assert run.finished_at is not None
    points = _until(store.run_points(run.profile, run.rubric_id, until=run.finished_at), run)
    full = _until(store.runs(run.profile, rubric_id=run.rubric_id, last=3, until=run.finished_at), run)[-2:]
    progress = compute_progress([scored(each, rubric) for each in full], rubric, run.profile, points=points)
    raters = store.runs(run.profile, who="raters", rubric_id=run.rubric_id)
    if not raters:
        return progress
    own = store.runs(run.profile, rubric_id=run.rubric_id)
    gap = [point for point in others_gap(rubric, own, raters) if point.finished_at <= run.finished_at]
    return progress.model_copy(update={"others_gap": gap})


def expired(store: Store, run: StoredRun, rubric: Rubric) -> list[ExpiredRaters]:
    """The raters of complete self-assessment `run` whose ratings are too old to count for it, by relation."""
    raters = store.runs(run.profile, who="raters", rubric_id=run.rubric_id)
    return expired_raters(run, raters, rubric.scoring.rater_window_months) if raters else []


def counted_raters(store: Store, run: StoredRun, rubric: Rubric) -> list[StoredRun]:
    """The stored rater runs that count for complete self-assessment `run`."""
    raters = store.runs(run.profile, who="raters", rubric_id=run.rubric_id)
    if not raters:
        return []
    own = store.runs(run.profile, rubric_id=run.rubric_id)
    return counted_rater_runs(run, own, raters, rubric.scoring.rater_window_months)


def placement_titles(store: Store, runs: list[StoredRun]) -> dict[str, str | None]:
    """Each complete self-assessment's placement by the title its own rubric gives the rung. A rater's run has
    none: it is scored without the person's facts, so its placement says nothing."""
    rubrics: dict[str, Rubric | None] = {}
    titles: dict[str, str | None] = {}
    for run in runs:
        placement = run.result.placement if run.result is not None and run.answers.rater is None else None
        if placement is None:
            titles[run.id] = None
            continue
        if run.rubric_hash not in rubrics:
            try:
                rubrics[run.rubric_hash] = rubric_of(store, run)
            except RubricNotStored:
                rubrics[run.rubric_hash] = None
        rubric = rubrics[run.rubric_hash]
        titles[run.id] = rubric.role(placement).title if rubric and placement in rubric.role_ids() else placement
    return titles


def _until(items: list[T], run: StoredRun) -> list[T]:
    """`items` (oldest first) up to and including `run`: one finished in the same second but stored after it is
    later, not earlier."""
    ids = [item.id for item in items]
    return items[:ids.index(run.id) + 1] if run.id in ids else items
