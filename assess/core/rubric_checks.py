"""The rules across a rubric's parts that no single field states: ids unique and known, every level
anchored, expectations and gates never falling going up a track, tracks that branch and never join, and a
rung's own requirements (`in_full`, `tolerance`) that name its core competencies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from assess.core.fields import MAX_LEVEL, MAX_LEVELS, MIN_LEVEL
from assess.core.rubric_parts import (
    Alternative,
    Area,
    CareerStep,
    Competency,
    Fact,
    Gate,
    Role,
    ScoringSettings,
    Track,
)


class Broken(ValueError):
    """A rule broken at one value of a rubric: `what` names the part ("competency 'code'"), `rule` what is wrong,
    `at` where the value lies in the rubric's data, as a pydantic location (("competencies", 0, "expected",
    "staff")). A reader that knows where each value was typed (a spreadsheet's cell) names that place and the rule;
    the message names the part. `also`: the rules broken after it, so such a reader can name them all at once."""

    def __init__(self, what: str, rule: str, at: tuple[str | int, ...] = ()) -> None:
        super().__init__(f"{what}: {rule}" if what else rule)
        self.what, self.rule, self.at = what, rule, at
        self.also: list[Broken] = []


class Rubric(Protocol):
    """What the checks read of a rubric (`assess.core.rubric.Rubric`, which calls them as it is built)."""

    target: str
    scale: dict[int, str]
    ladder: list[Role]
    tracks: list[Track]
    scoring: ScoringSettings
    areas: list[Area]
    competencies: list[Competency]
    facts: list[Fact]
    gates: list[Gate]
    career_steps: list[CareerStep]
    renamed: dict[str, str]

    @property
    def all_tracks(self) -> list[Track]: ...


def _check_roles(where: str, mapping: Mapping[str, object], roles: list[str], *, complete: bool,
                 at: tuple[str | int, ...] = ()) -> None:
    for role in mapping:
        if role not in roles:
            raise Broken(where, f"unknown role {role!r} (the rungs are {', '.join(roles)})", at)
    if complete:
        for role in roles:
            if role not in mapping:
                raise ValueError(f"{where}: missing role {role!r}")


def _at_least_as_strict(upper: list[Alternative], lower: list[Alternative], facts: Mapping[str, Fact]) -> bool:
    """Whoever meets `upper` meets `lower`: each alternative of `upper` implies one of `lower`'s."""

    def implies(strong: Alternative, weak: Alternative) -> bool:
        return all(fact in strong and facts[fact].rank(strong[fact]) >= facts[fact].rank(value)
                   for fact, value in weak.items())

    return all(any(implies(strong, weak) for weak in lower) for strong in upper)


def scale_problem(levels: list[int]) -> str | None:
    """What is wrong with a scale of these levels, lowest first, or None: for the rubric, and for a reader that
    reads the rest against the scale (a spreadsheet's competencies)."""
    if len(levels) < 2 or levels != list(range(levels[0], levels[0] + len(levels))):
        shown = ", ".join(map(str, levels)) if len(levels) <= 12 else \
            f"{len(levels)} levels from {levels[0]} to {levels[-1]}"
        return f"levels must be at least two whole numbers in a row, got {shown or 'none'}"
    # A rating is kept as a level from 0 to 100 (`fields.Level`): a level outside would be a run that no longer
    # loads. A questionnaire lists every level, so the scale stays one a person can choose from.
    if levels[0] < MIN_LEVEL or levels[-1] > MAX_LEVEL:
        return f"levels run from {MIN_LEVEL} to {MAX_LEVEL} at most, got {levels[0]}-{levels[-1]}"
    if len(levels) > MAX_LEVELS:
        return f"at most {MAX_LEVELS} levels, got {len(levels)} ({levels[0]}-{levels[-1]})"
    return None


def check_rubric(rubric: Rubric) -> None:
    """The cross-field rules of a rubric (DESIGN "Rubric evolution"); ValueError names the first one broken, and
    as a `Broken` carries the others found before the checks had to stop."""
    broken: list[Broken] = []
    try:
        _check_all(rubric, broken)
    except Broken as err:
        broken.append(err)
    except ValueError as err:
        if not broken:
            raise
        broken.append(Broken("", str(err)))
    if broken:
        first, first.also = broken[0], broken[1:]
        raise first


def _check_all(rubric: Rubric, broken: list[Broken]) -> None:
    """Rules whose breach leaves the rest checkable are kept in `broken`; any other stops the checks."""
    levels = sorted(rubric.scale)
    problem = scale_problem(levels)
    if problem:
        raise ValueError(f"scale: {problem}")
    _check_ids(rubric, broken)
    if broken:  # the checks below find the parts by their ids
        return
    roles = [role.id for role in rubric.ladder]
    _check_tracks(rubric, roles, broken)
    if rubric.target not in roles:
        raise Broken("target", f"unknown role {rubric.target!r} (the rungs are {', '.join(roles)})", ("target",))
    areas = {area.id for area in rubric.areas}
    for index, comp in enumerate(rubric.competencies):
        if comp.area not in areas:
            raise ValueError(f"competency {comp.id!r}: unknown area {comp.area!r}")
        _check_competency(rubric, comp, roles, ("competencies", index), broken)
    used_areas = {comp.area for comp in rubric.competencies}
    for area in rubric.areas:
        if area.id not in used_areas:
            raise ValueError(f"area {area.id!r} has no competency")
    _check_rung_requirements(rubric)
    _check_facts_and_gates(rubric, roles, broken)
    for step in rubric.career_steps:
        if step.to not in roles:
            raise ValueError(f"career_steps: unknown role {step.to!r}")
        starts = {track.rungs[track.rungs.index(step.to) - 1] if track.rungs.index(step.to) else None
                  for track in rubric.all_tracks if step.to in track.rungs}
        if step.from_ not in starts:
            shown = " or ".join(repr(s) for s in sorted(starts, key=str))
            raise ValueError(f"career_steps: the move to {step.to!r} starts from {shown}, not {step.from_!r}")
    if rubric.scoring.evidence_level is not None and rubric.scoring.evidence_level not in rubric.scale:
        raise ValueError(f"scoring.evidence_level: {rubric.scoring.evidence_level} is not a level of the scale")
    if rubric.scoring.evidence_level == levels[0]:
        raise ValueError(f"scoring.evidence_level: {levels[0]} is the lowest level; no one gives proof of having "
                         "none of a competency")
    comp_ids = {comp.id for comp in rubric.competencies}
    for old, new in rubric.renamed.items():
        if new not in comp_ids:
            raise ValueError(f"renamed: {old!r} -> unknown competency {new!r}")
        if old in comp_ids:
            raise ValueError(f"renamed: {old!r} is still a competency id")

def _check_ids(rubric: Rubric, broken: list[Broken]) -> None:
    for kind, field, items in (("rung", "ladder", rubric.ladder), ("track", "tracks", rubric.tracks),
                               ("area", "areas", rubric.areas), ("competency", "competencies", rubric.competencies),
                               ("fact", "facts", rubric.facts), ("gate", "gates", rubric.gates)):
        broken += repeated_ids(kind, field, [item.id for item in items])


def repeated_ids(kind: str, field: str, ids: list[str]) -> list[Broken]:
    """Each id of a list of parts (`field`) given again after its first, as the rubric refuses it: for a reader that
    must know the parts apart before it reads on (a spreadsheet's competencies are read against its rungs)."""
    return [Broken("", f"{kind} id {item!r} appears twice", (field, index, "id"))
            for index, item in enumerate(ids) if item in ids[:index]]


def _check_tracks(rubric: Rubric, roles: list[str], broken: list[Broken]) -> None:
    on_a_track: set[str] = set()
    for track in rubric.tracks:
        for rung in track.rungs:
            if rung not in roles:
                raise ValueError(f"track {track.id!r}: unknown role {rung!r}")
        if len(set(track.rungs)) != len(track.rungs):
            raise ValueError(f"track {track.id!r}: a rung appears twice")
        on_a_track.update(track.rungs)
    if rubric.tracks:
        lost = [role for role in roles if role not in on_a_track]
        if lost:
            raise ValueError(f"role {lost[0]!r} is on no track")
    for i, first in enumerate(rubric.tracks):
        for second in rubric.tracks[i + 1:]:
            shared = [rung for rung in first.rungs if rung in second.rungs]
            joined = next((rung for k, rung in enumerate(shared) if rung != first.rungs[k] or rung != second.rungs[k]),
                          None)
            if joined is not None:
                broken.append(Broken("tracks", f"{joined!r} is on tracks {first.title!r} and {second.title!r} after "
                                     "they branched; tracks share their first rungs, in the same order, then branch "
                                     "and never join", ("tracks", i, "rungs", first.rungs.index(joined))))

def _check_competency(rubric: Rubric, comp: Competency, roles: list[str], at: tuple[str | int, ...],
                      broken: list[Broken]) -> None:
    levels = sorted(rubric.scale)
    where = f"competency {comp.id!r}"
    for level in levels:
        if level not in comp.anchors:
            raise ValueError(f"{where}: level {level} has no anchor")
    for field, keys in (("anchor", comp.anchors), ("level name", comp.levels)):
        extra = sorted(set(keys) - set(levels))
        if extra:
            raise ValueError(f"{where}: {field} for unknown level {extra[0]}")
    for level in levels[:-1]:
        if level not in comp.actions:
            raise ValueError(f"{where}: no action to move from level {level} to {level + 1}")
    extra = sorted(set(comp.actions) - set(levels[:-1]))
    if extra:
        raise ValueError(f"{where}: action for unknown step from level {extra[0]}")
    _check_roles(f"{where}: expected", comp.expected, roles, complete=True)
    for role, level in comp.expected.items():
        if level not in rubric.scale:
            raise ValueError(f"{where}: expected[{role}] = {level} is not a level of the scale")
    falls = {upper: lower for track in rubric.all_tracks
             for lower, upper in zip(track.rungs, track.rungs[1:], strict=False)
             if comp.expected[upper] < comp.expected[lower]}
    for upper, lower in falls.items():
        broken.append(Broken(where, f"expected {comp.expected[upper]} at {upper!r}, below the {comp.expected[lower]} "
                             f"expected at {lower!r}; an expectation never falls going up a track",
                             (*at, "expected", upper)))
    if isinstance(comp.critical, list):
        _check_roles(f"{where}: critical", dict.fromkeys(comp.critical), roles, complete=False, at=(*at, "critical"))
        for role in comp.critical:
            if comp.expected[role] == levels[0]:
                broken.append(Broken(where, f"critical at {role!r}, where nothing is expected of it (the lowest "
                                     f"level, {levels[0]}); expect more there or leave {role!r} out",
                                     (*at, "critical")))
    numbers = {fact.id for fact in rubric.facts if fact.kind == "number"}
    for check in comp.plausible:
        if check.fact not in numbers:
            raise ValueError(f"{where}: plausible: unknown fact {check.fact!r}")
        if check.max_level not in rubric.scale:
            raise ValueError(f"{where}: plausible: max_level {check.max_level} is not a level of the scale")

def _check_rung_requirements(rubric: Rubric) -> None:
    """A rung's `in_full` names its own core competencies, once each; its `tolerance` has core ones to apply to."""
    floor = min(rubric.scale)
    comps = {comp.id: comp for comp in rubric.competencies}
    for role in rubric.ladder:
        where = f"rung {role.id!r}"
        core = [comp.id for comp in rubric.competencies
                if comp.expected[role.id] > floor and _critical_at(comp, role.id)]
        for comp_id in role.in_full:
            comp = comps.get(comp_id)
            if comp is None:
                raise ValueError(f"{where}: in_full: unknown competency {comp_id!r}")
            if role.in_full.count(comp_id) > 1:
                raise ValueError(f"{where}: in_full names {comp_id!r} twice")
            if comp.expected[role.id] == floor:
                raise ValueError(f"{where}: in_full: {comp_id!r} is expected at the lowest level here, so there is "
                                 "nothing to require in full")
            if comp_id not in core:
                raise ValueError(f"{where}: in_full: {comp_id!r} is not core here (add {role.id!r} to its critical)")
        if role.tolerance is not None and not [comp_id for comp_id in core if comp_id not in role.in_full]:
            raise ValueError(f"{where}: tolerance {role.tolerance} applies to no competency: the rung has no core "
                             "competency that it does not require in full")


def _critical_at(comp: Competency, role_id: str) -> bool:
    return comp.critical is True or (isinstance(comp.critical, list) and role_id in comp.critical)


def _check_facts_and_gates(rubric: Rubric, roles: list[str], broken: list[Broken]) -> None:
    facts = {fact.id: fact for fact in rubric.facts}
    for index, fact in enumerate(rubric.facts):
        if fact.kind == "choice":
            if not fact.options:
                raise ValueError(f"fact {fact.id!r}: a choice needs options")
            # an answer names its option in any case (`Fact.option`), so options differing in case alone are one
            twice = next((o for k, o in enumerate(fact.options) if o.casefold() in
                          {p.casefold() for p in fact.options[:k]}), None)
            if twice is not None:
                broken.append(Broken(f"fact {fact.id!r}", f"option {twice!r} appears twice (in any case)",
                                     ("facts", index, "options")))
        elif fact.options:
            raise ValueError(f"fact {fact.id!r}: a number takes no options")
    for index, gate in enumerate(rubric.gates):
        where = f"gate {gate.id!r}"
        _check_roles(f"{where}: required", gate.required, roles, complete=False)
        _check_roles(f"{where}: assumed", dict.fromkeys(gate.assumed), roles, complete=False)
        _check_roles(f"{where}: advisory", dict.fromkeys(gate.advisory), roles, complete=False)
        for role in gate.advisory:
            if role not in gate.required:
                raise ValueError(f"{where}: advisory at {role!r}, where it requires nothing")
        for role, alternatives in gate.required.items():
            for alternative in alternatives:
                if not alternative:
                    raise ValueError(f"{where}: required[{role}] has an empty alternative")
                for fact_id, value in alternative.items():
                    named = facts.get(fact_id)
                    if named is None:
                        raise ValueError(f"{where}: required[{role}]: unknown fact {fact_id!r}")
                    refused = named.refuses(value)
                    if refused:
                        raise Broken(f"{where}: required[{role}]", f"{fact_id} = {value!r} {refused}",
                                     ("gates", index, "required", role))
        for track in rubric.all_tracks:
            rungs = [rung for rung in track.rungs if rung in gate.required]
            for lower, upper in zip(rungs, rungs[1:], strict=False):
                if not _at_least_as_strict(gate.required[upper], gate.required[lower], facts):
                    broken.append(Broken(where, f"requires {_shown(gate.required[upper])} at {upper!r}, less than "
                                         f"the {_shown(gate.required[lower])} required at {lower!r}; a requirement "
                                         "never falls going up a track", ("gates", index, "required", upper)))


def _shown(alternatives: list[Alternative]) -> str:
    return " or ".join(" and ".join(f"{fact} {value!r}" for fact, value in alternative.items())
                       for alternative in alternatives)
