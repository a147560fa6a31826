"""The inputs of a team: the files people handed over (shared or full report PDFs, export documents), read and
scored anew by the engine, and runs already loaded from elsewhere (an organisation's store) scored the same way.

A file's numbers are never taken: each run's answers are checked against its rubric and scored again
(`rescored`). What a member keeps of a run is in `assess.core.team_members`; evidence sentences are dropped here,
before anything is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assess.app.runs import rescored
from assess.core.errors import BadInput
from assess.core.others import calibrate, counted_rater_runs
from assess.core.rubric import Rubric
from assess.core.runs import StoredRun
from assess.core.share import Sharing, shared_answers
from assess.core.snapshot import rubric_hash
from assess.core.team import Source, TeamInput
from assess.core.team_members import Point, evidenced_of, member_of, others_of
from assess.io.export import MAX_BYTES, read_archive
from assess.io.files import read_limited


@dataclass(frozen=True)
class LoadedRun:
    """A complete self-assessment as it was read, with the rubric it names and what came with it."""

    run: StoredRun  # its result, if any, is not trusted
    rubric: Rubric
    source: Source
    shared: Sharing | None = None  # from a shared report: evidence and these private facts were left out
    earlier: Sequence[StoredRun] = ()  # the person's earlier runs, for their pace
    raters: Sequence[StoredRun] = ()  # others' ratings of the person (360°)
    where: str = ""


@dataclass(frozen=True)
class Scored:
    """An input as a team keeps it: its member, and its run without evidence or result."""

    input: TeamInput
    run: StoredRun
    private_facts: list[str] | None
    rubric: Rubric
    digest: str


def scored_input(loaded: LoadedRun, history: Sequence[Point] = ()) -> Scored:
    """`loaded` scored anew by the engine, as a team member; `history` adds runs the team knew of before."""
    where = loaded.where or loaded.source.file
    sharing = sharing_of(loaded)
    # The placements a shared run's mark states are the file's word, and the team takes none: a gate that asks
    # about a fact kept private stays unknown, never met on the file's say-so.
    given = loaded.run.model_copy(update={"shared": None})
    if sharing is not None:  # whoever loaded it, a shared run counts only what a shared report holds
        given = given.model_copy(update={"answers": shared_answers(given.answers, sharing)})
    run = rescored(given, loaded.rubric, where)
    digest = rubric_hash(loaded.rubric)
    earlier = [rescored(each, loaded.rubric, where) for each in loaded.earlier
               if each.rubric_id == loaded.rubric.id and each.status == "complete"]
    points = [*history, *(Point(run_id=each.id, finished_at=each.finished_at or "", readiness_by_role=each.result
                                .readiness_by_role) for each in earlier if each.result is not None)]
    others = []
    if loaded.raters:
        counted = counted_rater_runs(run, [*earlier, run], loaded.raters, loaded.rubric.scoring.rater_window_months)
        others = others_of(calibrate(loaded.rubric, run.answers, counted))
    member = member_of(run, loaded.rubric, digest, sharing, evidenced=evidenced_of(run, loaded.rubric),
                       history=[p for p in points if p.finished_at], others=others)
    kept = run.model_copy(update={"answers": run.answers.model_copy(update={"evidence": {}}), "result": None})
    return Scored(TeamInput(source=loaded.source, member=member), kept,
                  None if sharing is None else list(sharing.private_facts), loaded.rubric, digest)


def sharing_of(loaded: LoadedRun) -> Sharing | None:
    """What was left out of `loaded`: as the file it came in says, or as the run's own shared mark says (a run a
    mentor imported from a shared report and exported again, a shared run read from an organisation's store)."""
    if loaded.shared is not None:
        return loaded.shared
    mark = loaded.run.shared
    return Sharing(tuple(mark.private_facts)) if mark is not None else None


def read_inputs(path: Path) -> list[LoadedRun]:
    """The self-assessments a file holds, the latest of each person's with their earlier ones and others' ratings."""
    sha = hashlib.sha256(read_limited(path, MAX_BYTES)).hexdigest()
    imported = read_archive(path)
    shared = Sharing(tuple(imported.shared.private_facts)) if imported.shared is not None else None
    by_profile: dict[str, list[tuple[StoredRun, Rubric, str]]] = {}
    raters: dict[str, list[StoredRun]] = {}
    for each in imported.runs:
        run = each.run
        if run.answers.rater is not None:
            raters.setdefault(run.profile, []).append(run)
        elif run.status == "complete" and run.finished_at is not None:
            by_profile.setdefault(run.profile, []).append((run, each.rubric, each.where))
    if not by_profile:
        raise BadInput(f"{path}: holds no completed self-assessment; a team is built from people's own runs")
    found = []
    for profile, runs in by_profile.items():
        runs.sort(key=lambda item: (item[0].finished_at or "", item[0].id))
        run, rubric, where = runs[-1]
        if run.answers.name is None and profile == "default":
            raise BadInput(f"{where}: name: not given, and profile 'default' tells no one apart; a team keys people "
                           "by name: ask for a report of a run with a name")
        found.append(LoadedRun(run=run, rubric=rubric, source=Source(file=path.name, sha256=sha), shared=shared,
                               earlier=[r for r, rub, _ in runs[:-1] if rub.version == rubric.version],
                               raters=raters.get(profile, []), where=where))
    return found
