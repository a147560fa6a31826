"""A lead's teams: building a roster from the files people handed over, and every view of it.

`team_of_runs` is the one route from already-loaded runs to the views, whoever loaded them (files here; an
organisation's store elsewhere); a roster keeps what the engine made of each input so that reading a team of a
thousand costs no rescoring.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from assess import __version__
from assess.app.rubrics import find_rubric
from assess.app.team_inputs import LoadedRun, Scored, read_inputs, scored_input, sharing_of
from assess.core.errors import BadInput
from assess.core.rubric import Rubric
from assess.core.runs import StoredRun, iso
from assess.core.share import Sharing
from assess.core.snapshot import rubric_hash
from assess.core.team import DEFAULT_WINDOW_MONTHS, TeamInput, counted, team_view
from assess.core.team_heatmap import Against
from assess.core.team_members import Member, person_key
from assess.core.team_moved import moved
from assess.core.team_needs import NeedsFile, check_needs, default_needs
from assess.core.team_report import TeamReport
from assess.io.locations import Locations
from assess.io.needs_files import load_needs_file
from assess.io.rubric_files import load_rubric_file, looks_like_path
from assess.io.team_rosters import MAX_BUILDS, Build, Roster, StoredInput, read_roster, roster_path, write_roster


@dataclass(frozen=True)
class Added:
    people: int  # in the team after this build
    new: int  # inputs that now count for a person
    kept: int  # inputs older than the one the team already had for that person
    shared: int


def team_of_runs(team: str, runs: Sequence[LoadedRun], needs: NeedsFile | None = None, *, on: date,
                 window: int = DEFAULT_WINDOW_MONTHS, against: Against = "rung", leaves: str | None = None,
                 needs_where: str = "needs") -> TeamReport:
    """Every view of a team made of `runs`, each scored anew by the engine: the latest run per person counts."""
    return _view(team, [scored_input(each).input for each in runs], {rubric_hash(each.rubric): each.rubric
                                                                     for each in runs},
                 needs, needs_where, on=on, window=window, against=against, leaves=leaves)


def _view(team: str, inputs: Sequence[TeamInput], rubrics: dict[str, Rubric], needs: NeedsFile | None,
          needs_where: str, *, on: date, window: int, against: Against, leaves: str | None) -> TeamReport:
    wanted = needs.rubric if needs is not None else None
    wanted_id = rubrics_id(wanted, rubrics)
    digest, kept, rows = counted(inputs, wanted_id, on, window)
    if digest is None:
        raise BadInput(f"team {team}: none of its {len(inputs)} inputs was taken within {window} months of "
                       f"{on.isoformat()}{f' with rubric {wanted_id}' if wanted_id else ''}; add newer reports")
    rubric = rubrics[digest]
    chosen = check_needs(needs, rubric, needs_where) if needs is not None else default_needs(rubric)
    members = [each.member for each in kept]
    key = _person(members, leaves)
    view = team_view(team, rubric, digest, members, rows, chosen, needs is not None, as_of=on, window=window,
                     against=against, leaves=key)
    return TeamReport(view, members, rubric)


def rubrics_id(wanted: str | None, rubrics: dict[str, Rubric]) -> str | None:
    """The rubric id a needs file names: an id as it is, or the id of the rubric a path holds."""
    if wanted is None:
        return None
    known = {rubric.id for rubric in rubrics.values()}
    if wanted in known:
        return wanted
    return load_rubric_file(Path(wanted).expanduser()).id if looks_like_path(wanted) else wanted


def _person(members: Sequence[Member], name: str | None) -> str | None:
    if name is None:
        return None
    key = person_key(name)
    if not any(member.key == key for member in members):
        names = ", ".join(member.name for member in members)
        raise BadInput(f"leaves: {name!r} is not counted in this team; its people are {names}")
    return key


# --- rosters --------------------------------------------------------------------------------------------


def load_roster(locations: Locations, name: str) -> Roster:
    path = roster_path(locations, name)
    if not path.is_file():
        raise BadInput(f"team {name}: no such team yet; build it from the files people handed over")
    roster = read_roster(path)
    if roster.tool_version != __version__:  # its members were made by another engine: made again, once
        roster = _scored_again(roster)
        write_roster(path, roster)
    return roster


def _scored_again(roster: Roster) -> Roster:
    """Every input of `roster` scored again by this version's engine, from the run it keeps."""
    inputs = {}
    for input_id, stored in roster.inputs.items():
        old = stored.input.member
        rubric = roster.rubrics[old.rubric_hash]
        shared = Sharing(tuple(stored.private_facts)) if stored.private_facts is not None else None
        loaded = LoadedRun(run=StoredRun.model_validate(stored.run), rubric=rubric, source=stored.input.source,
                           shared=shared, where=f"team {roster.name}: {stored.input.source.file}")
        history = [point for point in old.history if point.run_id != old.run_id]
        again = scored_input(loaded, history)
        member = again.input.member.model_copy(update={"evidenced": old.evidenced, "others": old.others})
        inputs[input_id] = stored.model_copy(update={"input": again.input.model_copy(update={"member": member})})
    return roster.model_copy(update={"inputs": inputs, "tool_version": __version__})


def add_to_team(locations: Locations, name: str, files: Sequence[Path], needs_path: Path | None,
                on: date | None = None, more: Sequence[LoadedRun] = ()) -> Added:
    """Add what `files` hold to team `name` (made if new), with the runs `more` already loaded (an organisation
    store's), and its needs from `needs_path`; a build for `on`."""
    on = on or datetime.now(UTC).date()
    path = roster_path(locations, name)
    roster = read_roster(path) if path.is_file() else Roster(name=name, tool_version=__version__,
                                                             created_at=iso(datetime.now(UTC)))
    if needs_path is not None:
        needs = load_needs_file(needs_path)
        check_needs(needs, find_rubric(needs.rubric, locations), str(needs_path))
        roster = roster.model_copy(update={"needs": needs, "needs_file": str(needs_path)})
    # Oldest first, so a person's earlier run handed over in the same go is history for the later one.
    loaded = sorted([*(each for file in files for each in read_inputs(file)), *more],
                    key=lambda each: (each.run.finished_at or "", each.run.id))
    latest = roster.build()
    current = dict(latest.members) if latest is not None else {}
    new = kept = 0
    for each in loaded:
        scored = scored_input(each, _history(roster, each))
        member = scored.input.member
        input_id = f"{scored.input.source.sha256[:16]}-{member.run_id}"
        roster.inputs[input_id] = StoredInput(input=scored.input, run=scored.run.model_dump(mode="json"),
                                              private_facts=scored.private_facts,
                                              added_on=on.isoformat())
        roster.rubrics.setdefault(scored.digest, scored.rubric)
        held = roster.inputs.get(current.get(member.key, ""))
        if held is None or (held.input.member.taken_at, held.input.member.run_id) <= (member.taken_at, member.run_id):
            new += held is None or held.input.member.run_id != member.run_id
            current[member.key] = input_id
        else:
            kept += 1
    builds = [b for b in roster.builds if b.on != on.isoformat()] + [Build(on=on.isoformat(), members=current)]
    builds = sorted(builds, key=lambda b: b.on)[-MAX_BUILDS:]
    used = {input_id for build in builds for input_id in build.members.values()}
    roster = roster.model_copy(update={"builds": builds, "tool_version": __version__,
                                       "inputs": {k: v for k, v in roster.inputs.items() if k in used}})
    write_roster(path, roster)
    return Added(people=len(current), new=new, kept=kept,
                 shared=sum(1 for each in loaded if sharing_of(each) is not None))


def _history(roster: Roster, loaded: LoadedRun) -> list:
    """The runs the team already knows of this person, for their pace."""
    key = person_key(loaded.run.answers.name or loaded.run.profile)
    points = {}
    for stored in roster.inputs.values():
        member = stored.input.member
        if member.key == key and member.rubric_id == loaded.rubric.id:
            points.update({point.run_id: point for point in member.history})
    return list(points.values())


def roster_report(locations: Locations, name: str, *, on: date | None = None, window: int = DEFAULT_WINDOW_MONTHS,
                  against: Against = "rung", leaves: str | None = None) -> TeamReport:
    """Every view of team `name` as of its latest build, with what moved since the build before it."""
    roster = load_roster(locations, name)
    on = on or datetime.now(UTC).date()
    latest = roster.build()
    if latest is None:
        raise BadInput(f"team {name}: has no inputs yet")
    shown = _view(name, _inputs(roster, latest), roster.rubrics, roster.needs, roster.needs_file or "needs",
                  on=on, window=window, against=against, leaves=leaves)
    earlier = roster.build(-2)
    if earlier is None:
        return shown
    try:
        before = _view(name, _inputs(roster, earlier), roster.rubrics, roster.needs, roster.needs_file or "needs",
                       on=date.fromisoformat(earlier.on), window=window, against=against, leaves=None)
    except BadInput:
        return shown
    found = moved(shown.rubric, before.view, before.members, shown.view, shown.members)
    return TeamReport(shown.view, shown.members, shown.rubric, found)


def _inputs(roster: Roster, build: Build) -> list[TeamInput]:
    return [roster.inputs[input_id].input for input_id in build.members.values() if input_id in roster.inputs]


def forget(locations: Locations, name: str, people: Sequence[str]) -> int:
    """Remove people from team `name`, from every build and every input kept: they took their consent back."""
    roster = load_roster(locations, name)
    keys = {person_key(person) for person in people}
    known = {stored.input.member.key for stored in roster.inputs.values()}
    missing = [person for person in people if person_key(person) not in known]
    if missing:
        raise BadInput(f"team {name}: {missing[0]!r} is not in it")
    inputs = {k: v for k, v in roster.inputs.items() if v.input.member.key not in keys}
    builds = [Build(on=b.on, members={k: v for k, v in b.members.items() if k not in keys}) for b in roster.builds]
    write_roster(roster_path(locations, name), roster.model_copy(update={"inputs": inputs, "builds": builds}))
    return len(roster.inputs) - len(inputs)


def delete_team(locations: Locations, name: str) -> None:
    load_roster(locations, name)
    roster_path(locations, name).unlink()


__all__ = ["Added", "LoadedRun", "Scored", "TeamReport", "add_to_team", "forget", "roster_report", "team_of_runs"]
