"""A rubric as data: its scale, ladder and tracks, competencies, facts and gates, and their rules.

Models are strict (`extra="forbid"`) so a typo in a YAML file fails loudly; the cross-field rules
(DESIGN "Rubric evolution") live in `Rubric._consistent`, next to the fields they relate. Rubric
files of format 1 (gates that were their own fact, one requirement per rung) still load: they are
read as format 2 before validation (`_from_format_1`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    Field,
    StrictStr,
    model_validator,
)

from assess.core.fields import MAX_ITEMS, Id, LevelKey, Strict, Text
from assess.core.memo import derived
from assess.core.models import check_model
from assess.core.rubric_checks import check_rubric
from assess.core.rubric_parts import (
    Area,
    CareerStep,
    Competency,
    Fact,
    Gate,
    MarketFact,
    Role,
    ScoringSettings,
    Track,
)
from assess.core.text import printable

DEFAULT_RUBRIC = "director-ml-engineering"  # the embedded rubric: what `take`, `template` use unless told
T = TypeVar("T")


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
        check_rubric(self)
        check_model(self)
        return self

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
        """Ratings from this level up are claims worth a sentence of proof ("claimed" without one): one below the
        top, but never the lowest level (on a yes/no scale, only "yes" is a claim)."""
        if self.scoring.evidence_level is not None:
            return self.scoring.evidence_level
        return max(self.max_level - 1, self.min_level + 1)

    def memo(self, key: tuple[str, ...], compute: Callable[[], T]) -> T:
        """A value derived from the rubric alone (a rung's shares), computed once per rubric object: the one memo
        of `assess.core.memo`, which a changed copy does not share."""
        return derived(self, key, compute)

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
        return self._roles[role_id]

    @cached_property
    def _roles(self) -> dict[str, Role]:
        return {role.id: role for role in self.ladder}

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

    def tolerance(self, comp: Competency, role_id: str) -> int:
        """How many levels below its expectation at `role_id` a core competency may be: none where the rung
        needs it in full, else the rung's own tolerance, else the rubric's."""
        role = self.role(role_id)
        if comp.id in role.in_full:
            return 0
        return self.scoring.critical_tolerance if role.tolerance is None else role.tolerance

    def counted(self, rating: int | None) -> int:
        """The level a rating counts as in scoring: "not sure" (None) counts as the lowest level."""
        return self.min_level if rating is None else rating

    def competencies_of(self, area_id: str) -> list[Competency]:
        """The competencies of an area, in file order."""
        return self._by_area.get(area_id, [])

    @cached_property
    def _by_area(self) -> dict[str, list[Competency]]:
        grouped: dict[str, list[Competency]] = {}
        for comp in self.competencies:
            grouped.setdefault(comp.area, []).append(comp)
        return grouped

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


