"""Others' view (360°): a self-assessment beside the ratings a manager, peers and others gave the same person.

Pure: it reads only the runs and the rubric it is given (no clock, no storage).

Which rater runs count for a self-assessment: each rater's latest run of the same profile and rubric taken within
`rater_window_months` of it, before or after (raters usually answer in the weeks around it), and before the
person's next self-assessment, which the later ones count for instead. A rater is one relation and name.

Anonymity, as 360° programmes keep it: a manager or mentor is shown by relation (there is usually one, and the
person knows who). Peers and direct reports are shown by relation only as a group of at least `rater_group_min`;
smaller groups, and raters of relation "other", are merged into "others", and if that pool is still smaller than
the minimum beside a group shown by relation, every one of them is shown as "others". Every rater's ratings count
in others' mean and range, which are given over all raters together, never per group or per rater. No name is
ever part of the result.

Every number is shown to one decimal, rounded half away from zero, and every rule is applied to the number shown:
a difference is self minus others' mean as shown, a blind spot is a difference of at least
`blind_spot_difference`, and others' readiness scores others' mean rounded to the nearest level, halves up.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from fractions import Fraction

from pydantic import Field

from assess.core.answers import Answers
from assess.core.fields import Frozen
from assess.core.months import shift_months
from assess.core.relations import NAMED
from assess.core.rubric import Rubric
from assess.core.runs import StoredRun
from assess.core.scoring import score


class RaterGroup(Frozen):
    relation: str  # manager, mentor, peer, direct-report, or "others" (smaller groups pooled)
    count: int


class RaterRun(Frozen):
    """A rater's run that counts in the others' view, as a report may show it: never by name."""

    relation: str  # as its group is shown
    taken_on: str  # the day only


class OthersRating(Frozen):
    competency: str
    title: str
    self_: int | None = Field(serialization_alias="self")  # None: "not sure"
    others: float | None  # others' mean, one decimal; None: no rater rated it
    low: int | None
    high: int | None
    raters: int  # how many raters rated it
    difference: float | None  # self minus others' mean, one decimal


class Calibration(Frozen):
    """The self-assessment beside others' ratings of the same person (DESIGN "Others' view")."""

    raters: list[RaterGroup]
    runs: list[RaterRun]
    competencies: list[OthersRating]
    blind_spots: list[str]  # self at least `blind_spot_difference` above others' mean, widest first
    hidden_strengths: list[str]  # others at least that far above self, widest first
    readiness_others: float | None
    placement_others: str | None
    from_self: list[str]  # competencies no rater rated: the self rating stands in for others' readiness


class OthersGap(Frozen):
    """How far apart self and others are at one self-assessment: the mean absolute difference over the
    competencies both rated."""

    id: str
    finished_at: str
    raters: int
    mean_difference: float


GROUPED = ("peer", "direct-report")  # shown by relation only as a group of at least the minimum
OTHERS = "others"
SHOWN_ORDER = (*NAMED, *GROUPED, OTHERS)
RELATION_ORDER = (*NAMED, *GROUPED, "other")


def _when(run: StoredRun) -> datetime:
    assert run.finished_at is not None
    return datetime.fromisoformat(run.finished_at)


def counted_rater_runs(self_run: StoredRun, self_runs: Sequence[StoredRun], rater_runs: Sequence[StoredRun],
                       window_months: int) -> list[StoredRun]:
    """The rater runs that count for complete `self_run`: each rater's latest within the window, oldest first.

    `self_runs` are the person's complete self-assessments (any may be `self_run` itself); the next one after
    `self_run` closes its window early.
    """
    taken = _when(self_run)
    start, end = shift_months(taken, -window_months), shift_months(taken, window_months)
    next_self = min((_when(run) for run in self_runs if _same_series(run, self_run) and run.finished_at is not None
                     and _when(run) > taken), default=None)
    latest: dict[tuple[str, str], StoredRun] = {}
    for run in rater_runs:
        rater = run.answers.rater
        if rater is None or run.finished_at is None or not _same_series(run, self_run):
            continue
        when = _when(run)
        if start <= when <= end and (next_self is None or when < next_self):
            key = (rater.relation, rater.name.casefold())
            if key not in latest or when >= _when(latest[key]):
                latest[key] = run
    return sorted(latest.values(), key=_when)


class ExpiredRaters(Frozen):
    """Raters of one relation whose latest ratings are older than the window of a self-assessment: they no longer
    count, and asking them again would bring them back. Never by name."""

    relation: str
    count: int
    latest: str  # the day of the newest of those ratings


def expired_raters(self_run: StoredRun, rater_runs: Sequence[StoredRun], window_months: int) -> list[ExpiredRaters]:
    """The raters whose every rating of the person was taken more than `window_months` before `self_run`, by
    relation in the order groups are shown. A rater with a rating inside the window (or after it) is not one."""
    start = shift_months(_when(self_run), -window_months)
    latest: dict[tuple[str, str], StoredRun] = {}
    for run in rater_runs:
        rater = run.answers.rater
        if rater is None or run.finished_at is None or not _same_series(run, self_run):
            continue
        key = (rater.relation, rater.name.casefold())
        if key not in latest or _when(run) >= _when(latest[key]):
            latest[key] = run
    old = [run for run in latest.values() if _when(run) < start]
    found = []
    for relation in dict.fromkeys(sorted((_relation(run) for run in old), key=RELATION_ORDER.index)):
        theirs = [run for run in old if _relation(run) == relation]
        found.append(ExpiredRaters(relation=relation, count=len(theirs),
                                   latest=max(str(run.finished_at) for run in theirs)[:10]))
    return found


def _same_series(run: StoredRun, other: StoredRun) -> bool:
    return run.profile == other.profile and run.rubric_id == other.rubric_id


def shown_raters(runs: Sequence[StoredRun], group_min: int) -> list[tuple[str, StoredRun]]:
    """Each rater run with the group it is shown in, in the order groups are shown."""
    named = [(_relation(run), run) for run in runs if _relation(run) in NAMED]
    anonymous = [run for run in runs if _relation(run) not in NAMED]
    sizes = Counter(_relation(run) for run in anonymous)
    label = {relation: relation if relation in GROUPED and size >= group_min else OTHERS
             for relation, size in sizes.items()}
    pooled = sum(size for relation, size in sizes.items() if label[relation] == OTHERS)
    if 0 < pooled < group_min:
        label = dict.fromkeys(sizes, OTHERS)
    return _in_order(named + [(label[_relation(run)], run) for run in anonymous])


def _relation(run: StoredRun) -> str:
    assert run.answers.rater is not None
    return run.answers.rater.relation


def _in_order(shown: list[tuple[str, StoredRun]]) -> list[tuple[str, StoredRun]]:
    return sorted(shown, key=lambda pair: (SHOWN_ORDER.index(pair[0]), _when(pair[1])))


def one_decimal(value: Fraction) -> Fraction:
    """`value` to one decimal, halves away from zero (2.25 -> 2.3, -2.25 -> -2.3), exactly."""
    magnitude = Fraction(math.floor(abs(value) * 10 + Fraction(1, 2)), 10)
    return magnitude if value >= 0 else -magnitude


def _ratings(run: StoredRun, rubric: Rubric) -> dict[str, int]:
    """A run's ratings under `rubric`'s competency ids; "not sure", and what `rubric` no longer has, left out."""
    known = {comp.id for comp in rubric.competencies}
    ratings = {rubric.current_id(comp_id): value for comp_id, value in run.answers.ratings.items()}
    return {comp_id: value for comp_id, value in ratings.items()
            if comp_id in known and value is not None and value in rubric.scale}


def calibrate(rubric: Rubric, answers: Answers, counted: Sequence[StoredRun]) -> Calibration | None:
    """The self-assessment `answers` (checked against `rubric`) beside the `counted` rater runs; None without any."""
    if not counted:
        return None
    shown = shown_raters(counted, rubric.scoring.rater_group_min)
    given = [_ratings(run, rubric) for _, run in shown]
    means, differences = _compare(rubric, answers.ratings, given)
    rows = []
    for comp in rubric.competencies:
        theirs = [ratings[comp.id] for ratings in given if comp.id in ratings]
        rows.append(OthersRating(
            competency=comp.id, title=comp.title, self_=answers.ratings.get(comp.id), others=_float(means.get(comp.id)),
            low=min(theirs, default=None), high=max(theirs, default=None), raters=len(theirs),
            difference=_float(differences.get(comp.id)),
        ))
    threshold = Fraction(str(rubric.scoring.blind_spot_difference))
    widest = sorted(differences, key=lambda comp_id: -abs(differences[comp_id]))  # stable: rubric order on ties
    others = score(rubric, _others_answers(answers, means))
    groups = Counter(label for label, _ in shown)
    return Calibration(
        raters=[RaterGroup(relation=label, count=groups[label]) for label in SHOWN_ORDER if label in groups],
        runs=[RaterRun(relation=label, taken_on=str(run.finished_at)[:10]) for label, run in shown],
        competencies=rows,
        blind_spots=[comp_id for comp_id in widest if differences[comp_id] >= threshold],
        hidden_strengths=[comp_id for comp_id in widest if -differences[comp_id] >= threshold],
        readiness_others=others.readiness,
        placement_others=others.placement,
        from_self=[comp.id for comp in rubric.competencies if comp.id not in means],
    )


def _compare(rubric: Rubric, own: dict[str, int | None],
             given: Sequence[dict[str, int]]) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    """Others' mean of each competency any of them rated (`given`: each rater's ratings), as shown; and self
    minus it, where self rated too."""
    means, differences = {}, {}
    for comp in rubric.competencies:
        theirs = [ratings[comp.id] for ratings in given if comp.id in ratings]
        if not theirs:
            continue
        means[comp.id] = one_decimal(Fraction(sum(theirs), len(theirs)))
        mine = own.get(comp.id)
        if mine is not None:
            differences[comp.id] = mine - means[comp.id]
    return means, differences


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _others_answers(answers: Answers, means: dict[str, Fraction]) -> Answers:
    """The self-assessment with each rating others gave replaced by their mean, to the nearest level, halves up."""
    ratings = dict(answers.ratings) | {comp_id: math.floor(mean + Fraction(1, 2)) for comp_id, mean in means.items()}
    return answers.model_copy(update={"ratings": ratings, "evidence": {}})


def others_gap(rubric: Rubric, self_runs: Sequence[StoredRun], rater_runs: Sequence[StoredRun]) -> list[OthersGap]:
    """For each complete self-assessment (oldest first) that others' ratings count for, how far apart self and
    others are: the mean absolute difference over the competencies both rated, as its report shows them."""
    points = []
    for run in self_runs:
        if run.finished_at is None:
            continue
        counted = counted_rater_runs(run, self_runs, rater_runs, rubric.scoring.rater_window_months)
        shown = shown_raters(counted, rubric.scoring.rater_group_min)
        own = {rubric.current_id(comp_id): value for comp_id, value in run.answers.ratings.items()}
        _, differences = _compare(rubric, own, [_ratings(rated, rubric) for _, rated in shown])
        if differences:
            mean = sum((abs(d) for d in differences.values()), Fraction(0)) / len(differences)
            points.append(OthersGap(id=run.id, finished_at=run.finished_at, raters=len(shown),
                                    mean_difference=float(one_decimal(mean))))
    return points
