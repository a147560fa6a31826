"""A rubric as data: its scale, ladder and tracks, competencies, facts and gates, and their rules.

Models are strict (`extra="forbid"`) so a typo in a YAML file fails loudly; the cross-field rules
(DESIGN "Rubric evolution") live in `Rubric._consistent`, next to the fields they relate. Rubric
files of format 1 (gates that were their own fact, one requirement per rung) still load: they are
read as format 2 before validation (`_from_format_1`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from assess.core.text import CONTROL

MAX_TEXT = 2_000  # one anchor, action or note line; a rubric is data, not a book
MAX_ITEMS = 500  # competencies, rungs, steps ... in one list

def printable(value: str) -> str:
    """Refuse text that would act on a terminal or a document instead of being shown."""
    found = CONTROL.search(value)
    if found:
        raise ValueError(f"contains the control character U+{ord(found.group()):04X} at position {found.start()}")
    return value


Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Level = Annotated[StrictInt, Field(ge=0, le=100)]


def _digits_as_int(value: object) -> object:
    """JSON object keys are strings: a stored rubric's `"3"` is level 3 again."""
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else value


LevelKey = Annotated[StrictInt, BeforeValidator(_digits_as_int)]
Weight = Annotated[float, Field(gt=0, le=1_000_000, allow_inf_nan=False)]
Text = Annotated[StrictStr, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(printable)]
FactValue = StrictStr | StrictInt | StrictFloat


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Role(Strict):
    """A rung of the ladder."""

    id: Id
    title: Text
    summary: Text = "-"


class Track(Strict):
    """A path up the ladder from its lowest rung, e.g. management or individual contributor."""

    id: Id
    title: Text
    rungs: Annotated[list[Id], Field(min_length=1, max_length=MAX_ITEMS)]


class ScoringSettings(Strict):
    threshold: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = 85
    # A core competency may be at most this many levels short of a rung's expectation.
    critical_tolerance: Annotated[StrictInt, Field(ge=0, le=100)] = 1
    # A core competency weighs this many times its weight at the rungs where it is core.
    core_weight: Annotated[float, Field(ge=1, le=100, allow_inf_nan=False)] = 2
    # Ratings from this level up are claims worth a sentence of proof; default: one below the top.
    evidence_level: Level | None = None
    # Others' view (360°): a rater's latest run counts when taken within this many months of the self-assessment.
    rater_window_months: Annotated[StrictInt, Field(ge=1, le=120)] = 12
    # Self at least this far above others' mean is a blind spot; others this far above self, a hidden strength.
    blind_spot_difference: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = 2
    # Peers and direct reports are shown only as a group of at least this many raters.
    rater_group_min: Annotated[StrictInt, Field(ge=1, le=100)] = 3


class Area(Strict):
    id: Id
    title: Text
    weight: Weight


class PlausibilityCheck(Strict):
    """A rating above `max_level` is implausible while number fact `fact` is below `min`."""

    fact: Id
    min: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    max_level: Level


class Anchor(Strict):
    """What a person at one level observably does: one behaviour, with optional signals and examples."""

    behaviour: Text
    signals: Annotated[list[Text], Field(max_length=10)] = []
    examples: Annotated[list[Text], Field(max_length=10)] = []


class Competency(Strict):
    id: Id
    area: Id
    title: Text
    description: Text
    weight: Weight
    # Core at every rung (true), at none (false), or at the rungs listed: a rung is not met while one of its
    # core competencies is short by more than the tolerance or answered "not sure".
    critical: bool | Annotated[list[Id], Field(max_length=MAX_ITEMS)] = False
    source: Annotated[list[Text], Field(min_length=1, max_length=20)]
    levels: dict[LevelKey, Text] = {}  # this competency's own names for the levels, where a framework has them
    anchors: dict[LevelKey, Anchor]
    expected: dict[str, Level]
    actions: dict[LevelKey, Text]
    plausible: Annotated[list[PlausibilityCheck], Field(max_length=20)] = []

    @field_validator("anchors", mode="before")
    @classmethod
    def _plain_anchor_is_its_behaviour(cls, value: object) -> object:
        if isinstance(value, dict):
            return {level: {"behaviour": a} if isinstance(a, str) else a for level, a in value.items()}
        return value


class Fact(Strict):
    """Something a person states about themselves (a degree, years of experience) for gates and checks."""

    id: Id
    title: Text  # short: gates and reports name the fact by it
    hint: Text | None = None  # what counts, for the person answering
    kind: Literal["choice", "number"]
    options: Annotated[list[Text], Field(max_length=50)] = []  # a choice's options, lowest first
    max: Annotated[float, Field(gt=0, le=1_000_000, allow_inf_nan=False)] = 80  # a number's largest sensible value

    def rank(self, value: FactValue) -> float:
        """Position of a value on this fact's scale, so requirements compare by `>=`."""
        if self.kind == "choice":
            return float(self.options.index(str(value)))
        return float(value)


Alternative = dict[Id, FactValue]  # facts and their minimums; all of them must hold


class Gate(Strict):
    """A hard requirement of some rungs, met by any one of its alternatives; reported apart from the score."""

    id: Id
    title: Text
    source: Text = "-"
    required: dict[str, Annotated[list[Alternative], Field(min_length=1, max_length=20)]]
    # Rungs whose requirement is this rubric's assumption rather than the source's, and why.
    assumed: list[Id] = []
    assumption: Text | None = None

    @field_validator("required", mode="before")
    @classmethod
    def _one_alternative_needs_no_list(cls, value: object) -> object:
        if isinstance(value, dict):
            return {rung: [alt] if isinstance(alt, dict) else alt for rung, alt in value.items()}
        return value


class CareerStep(Strict):
    from_: Id | None = Field(alias="from")
    to: Id
    source: Text
    steps: Annotated[list[Text], Field(min_length=1, max_length=20)]


class MarketFact(Strict):
    label: Text
    value: Text
    source: Text  # where the role profile states it
    publisher: Text | None = None
    year: Text | None = None
    scope: Text | None = None
    note: Text | None = None


class Rubric(Strict):
    id: Id
    title: Text
    version: Text
    source: Text
    notes: Annotated[StrictStr, Field(max_length=50_000), AfterValidator(printable)] | None = None
    target: Id
    scale: dict[LevelKey, Text]
    ladder: Annotated[list[Role], Field(min_length=1, max_length=MAX_ITEMS)]
    tracks: Annotated[list[Track], Field(max_length=50)] = []
    scoring: ScoringSettings = ScoringSettings()
    areas: Annotated[list[Area], Field(min_length=1, max_length=MAX_ITEMS)]
    competencies: Annotated[list[Competency], Field(min_length=1, max_length=MAX_ITEMS)]
    facts: Annotated[list[Fact], Field(max_length=50)] = []
    gates: Annotated[list[Gate], Field(max_length=50)] = []
    career_steps: Annotated[list[CareerStep], Field(max_length=MAX_ITEMS)] = []
    market: Annotated[list[MarketFact], Field(max_length=100)] = []
    renamed: dict[Id, Id] = {}

    @model_validator(mode="before")
    @classmethod
    def _from_format_1(cls, data: Any) -> Any:
        """Format 1 gates were their own fact (`kind`, `options`) with one required value per rung."""
        if not isinstance(data, dict) or not isinstance(data.get("gates"), list):
            return data
        facts = list(data.get("facts") or [])
        gates = []
        for gate in data["gates"]:
            if isinstance(gate, dict) and "kind" in gate:
                gate = dict(gate)
                fact = {"id": gate.get("id"), "title": gate.get("title"), "kind": gate.pop("kind")}
                if "options" in gate:
                    fact["options"] = gate.pop("options")
                facts.append(fact)
                required = gate.get("required")
                if isinstance(required, dict):
                    gate["required"] = {rung: [{gate.get("id"): value}] for rung, value in required.items()}
            gates.append(gate)
        return {**data, "facts": facts, "gates": gates}

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        levels = sorted(self.scale)
        if len(levels) < 2 or levels != list(range(levels[0], levels[0] + len(levels))):
            raise ValueError(f"scale: levels must be at least two whole numbers in a row, got {levels}")
        for kind, items in (("role", self.ladder), ("track", self.tracks), ("area", self.areas),
                            ("competency", self.competencies), ("fact", self.facts), ("gate", self.gates)):
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    raise ValueError(f"duplicate {kind} id {item.id!r}")
                seen.add(item.id)
        roles = [role.id for role in self.ladder]
        self._check_tracks(roles)
        if self.target not in roles:
            raise ValueError(f"target: unknown role {self.target!r}")
        areas = {area.id for area in self.areas}
        for comp in self.competencies:
            if comp.area not in areas:
                raise ValueError(f"competency {comp.id!r}: unknown area {comp.area!r}")
            self._check_competency(comp, roles)
        used_areas = {comp.area for comp in self.competencies}
        for area in self.areas:
            if area.id not in used_areas:
                raise ValueError(f"area {area.id!r} has no competency")
        self._check_facts_and_gates(roles)
        for step in self.career_steps:
            if step.to not in roles:
                raise ValueError(f"career_steps: unknown role {step.to!r}")
            starts = {track.rungs[track.rungs.index(step.to) - 1] if track.rungs.index(step.to) else None
                      for track in self.all_tracks if step.to in track.rungs}
            if step.from_ not in starts:
                shown = " or ".join(repr(s) for s in sorted(starts, key=str))
                raise ValueError(f"career_steps: the move to {step.to!r} starts from {shown}, not {step.from_!r}")
        if self.scoring.evidence_level is not None and self.scoring.evidence_level not in self.scale:
            raise ValueError(f"scoring.evidence_level: {self.scoring.evidence_level} is not a level of the scale")
        comp_ids = {comp.id for comp in self.competencies}
        for old, new in self.renamed.items():
            if new not in comp_ids:
                raise ValueError(f"renamed: {old!r} -> unknown competency {new!r}")
            if old in comp_ids:
                raise ValueError(f"renamed: {old!r} is still a competency id")
        return self

    def _check_tracks(self, roles: list[str]) -> None:
        on_a_track: set[str] = set()
        for track in self.tracks:
            for rung in track.rungs:
                if rung not in roles:
                    raise ValueError(f"track {track.id!r}: unknown role {rung!r}")
            if len(set(track.rungs)) != len(track.rungs):
                raise ValueError(f"track {track.id!r}: a rung appears twice")
            on_a_track.update(track.rungs)
        if self.tracks:
            lost = [role for role in roles if role not in on_a_track]
            if lost:
                raise ValueError(f"role {lost[0]!r} is on no track")
        for i, first in enumerate(self.tracks):
            for second in self.tracks[i + 1:]:
                shared = [rung for rung in first.rungs if rung in second.rungs]
                if shared != first.rungs[:len(shared)] or shared != second.rungs[:len(shared)]:
                    raise ValueError(f"tracks {first.id!r} and {second.id!r}: shared rungs must be the first rungs "
                                     "of both, in the same order (tracks branch, they do not join)")

    def _check_competency(self, comp: Competency, roles: list[str]) -> None:
        levels = sorted(self.scale)
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
            if level not in self.scale:
                raise ValueError(f"{where}: expected[{role}] = {level} is not a level of the scale")
        for track in self.all_tracks:
            for lower, upper in zip(track.rungs, track.rungs[1:], strict=False):
                if comp.expected[upper] < comp.expected[lower]:
                    raise ValueError(f"{where}: expected level falls going up the ladder, "
                                     f"{lower} {comp.expected[lower]} > {upper} {comp.expected[upper]}")
        if isinstance(comp.critical, list):
            _check_roles(f"{where}: critical", dict.fromkeys(comp.critical), roles, complete=False)
            for role in comp.critical:
                if comp.expected[role] == levels[0]:
                    raise ValueError(f"{where}: critical at {role!r}, where nothing is expected of it")
        numbers = {fact.id for fact in self.facts if fact.kind == "number"}
        for check in comp.plausible:
            if check.fact not in numbers:
                raise ValueError(f"{where}: plausible: unknown fact {check.fact!r}")
            if check.max_level not in self.scale:
                raise ValueError(f"{where}: plausible: max_level {check.max_level} is not a level of the scale")

    def _check_facts_and_gates(self, roles: list[str]) -> None:
        facts = {fact.id: fact for fact in self.facts}
        for fact in self.facts:
            if fact.kind == "choice":
                if not fact.options:
                    raise ValueError(f"fact {fact.id!r}: a choice needs options")
                if len(set(fact.options)) != len(fact.options):
                    raise ValueError(f"fact {fact.id!r}: duplicate option")
            elif fact.options:
                raise ValueError(f"fact {fact.id!r}: a number takes no options")
        for gate in self.gates:
            where = f"gate {gate.id!r}"
            _check_roles(f"{where}: required", gate.required, roles, complete=False)
            _check_roles(f"{where}: assumed", dict.fromkeys(gate.assumed), roles, complete=False)
            for role, alternatives in gate.required.items():
                for alternative in alternatives:
                    if not alternative:
                        raise ValueError(f"{where}: required[{role}] has an empty alternative")
                    for fact_id, value in alternative.items():
                        named = facts.get(fact_id)
                        if named is None:
                            raise ValueError(f"{where}: required[{role}]: unknown fact {fact_id!r}")
                        if named.kind == "choice" and value not in named.options:
                            raise ValueError(f"{where}: required[{role}]: {fact_id} = {value!r} is not one of "
                                             f"{named.options}")
                        if named.kind == "number" and (isinstance(value, str) or not 0 <= value <= named.max):
                            raise ValueError(f"{where}: required[{role}]: {fact_id} = {value!r} is not a number "
                                             f"from 0 to {named.max:g}")
            for track in self.all_tracks:
                rungs = [rung for rung in track.rungs if rung in gate.required]
                for lower, upper in zip(rungs, rungs[1:], strict=False):
                    if not _at_least_as_strict(gate.required[upper], gate.required[lower], facts):
                        raise ValueError(f"{where}: requirement falls going up the ladder, {lower} to {upper}")

    # --- lookups the rest of the code needs; lists stay the source of truth so file order is kept ---------

    @cached_property
    def levels(self) -> list[int]:
        return sorted(self.scale)

    @property
    def min_level(self) -> int:
        return self.levels[0]

    @property
    def max_level(self) -> int:
        return self.levels[-1]

    @property
    def evidence_level(self) -> int:
        """Ratings from this level up are claims worth a sentence of proof ("claimed" without one)."""
        return self.scoring.evidence_level if self.scoring.evidence_level is not None else self.max_level - 1

    @cached_property
    def all_tracks(self) -> list[Track]:
        """The tracks, or, for a rubric without any, the ladder as its one track."""
        return self.tracks or [Track(id="ladder", title="Ladder", rungs=[role.id for role in self.ladder])]

    @cached_property
    def path(self) -> Track:
        """The track that leads to the target: the first one that holds it."""
        return next(track for track in self.all_tracks if self.target in track.rungs)

    def tracks_of(self, role_id: str) -> list[str]:
        return [track.id for track in self.all_tracks if role_id in track.rungs]

    def track(self, track_id: str) -> Track:
        return next(track for track in self.all_tracks if track.id == track_id)

    def role_ids(self) -> list[str]:
        return [role.id for role in self.ladder]

    def role(self, role_id: str) -> Role:
        return next(role for role in self.ladder if role.id == role_id)

    def area(self, area_id: str) -> Area:
        return next(area for area in self.areas if area.id == area_id)

    def competency(self, comp_id: str) -> Competency:
        return self._competencies[comp_id]

    @cached_property
    def _competencies(self) -> dict[str, Competency]:
        return {comp.id: comp for comp in self.competencies}

    def fact(self, fact_id: str) -> Fact:
        return next(fact for fact in self.facts if fact.id == fact_id)

    def gate(self, gate_id: str) -> Gate:
        return next(gate for gate in self.gates if gate.id == gate_id)

    def is_core(self, comp: Competency, role_id: str) -> bool:
        """Whether `comp` is core at `role_id`: never where nothing is expected of it."""
        if comp.expected[role_id] == self.min_level:
            return False
        return comp.critical is True or (isinstance(comp.critical, list) and role_id in comp.critical)

    def level_label(self, comp: Competency | None, level: int) -> str:
        """A level's name: the competency's own, else the scale's."""
        return comp.levels.get(level, self.scale[level]) if comp is not None else self.scale[level]

    def current_id(self, comp_id: str) -> str:
        """Follow `renamed` (possibly through several edits) to today's id."""
        seen = set()
        while comp_id in self.renamed and comp_id not in seen:
            seen.add(comp_id)
            comp_id = self.renamed[comp_id]
        return comp_id


def _check_roles(where: str, mapping: Mapping[str, object], roles: list[str], *, complete: bool) -> None:
    for role in mapping:
        if role not in roles:
            raise ValueError(f"{where}: unknown role {role!r}")
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
