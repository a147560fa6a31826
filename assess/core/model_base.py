"""What a scoring model is: the few rules that differ between models, as one record of functions, and the shape
of the rubric they read. Everything else (gates, core skills, climbing a track, the order of gaps, the plan) is the
same for every model and lives in `readiness`, `placement` and `scoring`; the models are in `models_*`, and the
table that picks one is `models`."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol, TypeVar

from assess.core.rubric_parts import Area, Competency, Role, ScoringSettings, Track

T = TypeVar("T")
Ratings = Mapping[str, int]  # every competency's rating, "not sure" counted at the lowest level


class RubricShape(Protocol):
    """What a scoring model reads of a rubric (`assess.core.rubric.Rubric`, which checks it with the model as it is
    built: so the models do not import it)."""

    scale: dict[int, str]
    ladder: list[Role]
    scoring: ScoringSettings
    areas: list[Area]
    competencies: list[Competency]

    @property
    def all_tracks(self) -> list[Track]: ...
    @property
    def levels(self) -> list[int]: ...
    @property
    def min_level(self) -> int: ...
    @property
    def max_level(self) -> int: ...
    def is_core(self, comp: Competency, role_id: str) -> bool: ...
    def tolerance(self, comp: Competency, role_id: str) -> int: ...
    def competency(self, comp_id: str) -> Competency: ...
    def role(self, role_id: str) -> Role: ...
    def competencies_of(self, area_id: str) -> list[Competency]: ...
    def track(self, track_id: str) -> Track: ...
    def tracks_of(self, role_id: str) -> list[str]: ...
    def memo(self, key: tuple[str, ...], compute: Callable[[], T]) -> T: ...


@dataclass(frozen=True)
class ScoringModel:
    """The rules of one scoring model. A rung is met when `readiness` reaches the rubric's threshold, every gate that
    blocks is met and no core skill is short, under every model; what differs is what readiness is, what a rating
    change adds to it, and which ratings would meet a rung."""

    name: str
    unit: str  # what `gain` counts, as a person reads it: "readiness points", "points"
    aim: str  # what a gap's level is, as a column names it: "expected", or "to reach" where the total decides
    explains: str  # what readiness is, one clause a report's first page says
    # Each competency's share of a rung's readiness (those that count there); {} where readiness is not shares.
    shares: Callable[[RubricShape, str], dict[str, Fraction]]
    # A rung's readiness, 0-100, rounded once to one decimal so the rung is met on the number shown.
    readiness: Callable[[RubricShape, Ratings, str], float]
    # The rung a gap belongs to (on the way up to the given rung) and what closing it adds there, in `unit`.
    gain: Callable[[RubricShape, Ratings, str, str, int], tuple[str, Fraction]]
    # The level each competency short of the rung aims at: its expectation, or what would meet the rung.
    aims: Callable[[RubricShape, Ratings, Collection[str], str], dict[str, int]]
    # Each area's score for a rung, 0-100; areas where nothing counts are left out.
    area_scores: Callable[[RubricShape, Ratings, str], dict[str, float]]
    # The rules across a rubric this model adds (ValueError naming the first broken), and the numbers it reads, as
    # `rubrics show` prints them: (label, text) lines.
    check: Callable[[RubricShape], None]
    numbers: Callable[[RubricShape], list[tuple[str, str]]]
    # The points model's total (None for the others): what "points to the next rung" counts.
    total: Callable[[RubricShape, Ratings], Fraction] | None = None
    # What one competency at a level adds to that total.
    worth: Callable[[RubricShape, Competency, int], Fraction] | None = None
