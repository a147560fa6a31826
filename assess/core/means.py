"""An area's mean level as a person reads it: one rule wherever it is shown (the area table, the radar, the
chart of you against others), so the same area never reads 1.00 on one page and 1.3 on the next. Pure.

The mean is over the area's competencies that have a value, with "not sure" counted at the scale's lowest level
as scoring counts it, shown to one decimal with halves rounded away from zero (2.25 -> 2.3).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from assess.core.others import one_decimal
from assess.core.rubric import Rubric


def mean_level(values: Iterable[float]) -> float | None:
    """The mean of `values` to one decimal, halves away from zero; None for no values."""
    exact = [Fraction(str(value)) for value in values]
    return float(one_decimal(sum(exact, Fraction(0)) / len(exact))) if exact else None


def own_means(rubric: Rubric, ratings: Mapping[str, int | None]) -> dict[str, float | None]:
    """Each area's mean rated level: every competency counts, "not sure" at the lowest level."""
    return {area.id: mean_level(rubric.counted(ratings.get(comp.id)) for comp in rubric.competencies_of(area.id))
            for area in rubric.areas}


def expected_means(rubric: Rubric, role: str) -> dict[str, float | None]:
    """Each area's mean level expected at `role`."""
    return {area.id: mean_level(comp.expected[role] for comp in rubric.competencies_of(area.id))
            for area in rubric.areas}


def others_means(rubric: Rubric, means: Mapping[str, float | None]) -> dict[str, float | None]:
    """Each area's mean of others' means, over the competencies some rater rated (None: none of the area's)."""
    return {area.id: mean_level(value for comp in rubric.competencies_of(area.id)
                                if (value := means.get(comp.id)) is not None) for area in rubric.areas}
