"""The transitions model (the Financial Times' 2018-2021 progression): a rung is judged on what it newly asks. Its
readiness is the weighted attainment of the competencies whose expected level rises there, counted from the level
the rung below expects, so what earlier rungs asked never makes up for what this one asks; it still counts, because
a ladder is climbed: the rungs below must be met too. A rung that asks nothing new is not met for free, except the
first rung of a track when nothing at all is expected there (where everyone starts). Pure and exact."""

from __future__ import annotations

from collections.abc import Collection
from fractions import Fraction

from assess.core.model_base import Ratings, RubricShape
from assess.core.models_attainment import aims as expected_aims
from assess.core.models_attainment import area_scores as expected_area_scores
from assess.core.models_attainment import attainment, common_numbers, refuse_points_settings, weigh
from assess.core.rubric_parts import Competency


def below(rubric: RubricShape, role: str) -> str | None:
    """The rung under `role` on its track (tracks branch and never join, so every track holding it agrees)."""
    rungs = rubric.track(rubric.tracks_of(role)[0]).rungs
    index = rungs.index(role)
    return rungs[index - 1] if index else None


def _floor_at(rubric: RubricShape, comp: Competency, role: str) -> int:
    """Where what `role` asks of `comp` starts: the level the rung below expects (the scale's floor at the bottom)."""
    under = below(rubric, role)
    return rubric.min_level if under is None else comp.expected[under]


def rising(rubric: RubricShape, role: str) -> list[Competency]:
    """The competencies whose expected level rises at `role`: what it newly asks."""
    return [comp for comp in rubric.competencies if comp.expected[role] > _floor_at(rubric, comp, role)]


def shares(rubric: RubricShape, role: str) -> dict[str, Fraction]:
    return rubric.memo(("transitions-shares", role), lambda: weigh(rubric, role, rising(rubric, role)))


def is_entry(rubric: RubricShape, role: str) -> bool:
    """The first rung of a track that expects nothing at all: where everyone starts."""
    return below(rubric, role) is None and not rising(rubric, role)


def readiness(rubric: RubricShape, ratings: Ratings, role: str) -> float:
    weights = shares(rubric, role)
    if not weights:
        return 100.0 if is_entry(rubric, role) else 0.0
    return round(float(_exact(rubric, ratings, role, weights)), 1)


def _exact(rubric: RubricShape, ratings: Ratings, role: str, weights: dict[str, Fraction]) -> Fraction:
    total = Fraction(0)
    for comp_id, share in weights.items():
        comp = rubric.competency(comp_id)
        total += share * attainment(_floor_at(rubric, comp, role), comp.expected[role], ratings[comp_id])
    return 100 * total


def gain(rubric: RubricShape, ratings: Ratings, role: str, comp_id: str, to: int) -> tuple[str, Fraction]:
    """The readiness points raising `comp_id` to `to` adds at the lowest rung up to `role` that asks it anew and is
    not yet met on its score; a gap only of rungs already met adds nothing to `role` (unless `role` asks it)."""
    comp = rubric.competency(comp_id)
    rungs = rubric.track(rubric.tracks_of(role)[0]).rungs
    climb = rungs[:rungs.index(role) + 1]
    for rung in climb:
        asks = comp_id in shares(rubric, rung) and ratings[comp_id] < comp.expected[rung]
        if asks and (rung == role or readiness(rubric, ratings, rung) < rubric.scoring.threshold):
            return rung, _added(rubric, ratings, rung, comp, to)
    return role, Fraction(0)


def _added(rubric: RubricShape, ratings: Ratings, rung: str, comp: Competency, to: int) -> Fraction:
    low, high = _floor_at(rubric, comp, rung), comp.expected[rung]
    share = shares(rubric, rung)[comp.id]
    return 100 * share * (attainment(low, high, to) - attainment(low, high, ratings[comp.id]))


def aims(rubric: RubricShape, ratings: Ratings, unsure: Collection[str], role: str) -> dict[str, int]:
    return expected_aims(rubric, ratings, unsure, role)


def area_scores(rubric: RubricShape, ratings: Ratings, role: str) -> dict[str, float]:
    """Each area's attainment of everything `role` expects, earlier rungs' asks included: how far the person is
    with the whole of an area, which is what a radar and an area table are read for."""
    return expected_area_scores(rubric, ratings, role)


def check(rubric: RubricShape) -> None:
    refuse_points_settings(rubric)


def numbers(rubric: RubricShape) -> list[tuple[str, str]]:
    asks = [(role, len(rising(rubric, role.id))) for role in rubric.ladder]
    lines = [("model", "transitions: a rung is judged on what it newly asks, the competencies whose expected level "
                       "rises there, counted from the level the rung below expects; the rungs below must be met "
                       "too"),
             ("new at each rung", " · ".join(f"{role.title} {n}" for role, n in asks))]
    never = [role.title for role, n in asks if not n and not is_entry(rubric, role.id)]
    if never:
        lines.append(("never met from ratings", ", ".join(never) + " (asks nothing of its own)"))
    return [*lines, *common_numbers(rubric)]
