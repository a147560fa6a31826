"""The scoring models a rubric can name (`scoring.model`), one module each, behind one table: the rest of the
scoring calls `model_of(rubric)` and never asks which model it is."""

from __future__ import annotations

from assess.core import models_attainment, models_points, models_transitions
from assess.core.model_base import RubricShape, ScoringModel

MODELS: dict[str, ScoringModel] = {
    "attainment": ScoringModel(
        name="attainment", unit="readiness points", aim="expected",
        explains="Readiness is the weighted share of a rung's expectations met (0 to 100)",
        shares=models_attainment.shares,
        readiness=models_attainment.readiness, gain=models_attainment.gain, aims=models_attainment.aims,
        area_scores=models_attainment.area_scores, check=models_attainment.check, numbers=models_attainment.numbers,
    ),
    "points": ScoringModel(
        name="points", unit="points", aim="to reach",
        explains="Readiness is the share of a rung's minimum total of points reached (0 to 100), the points of "
                 "every competency summed with no cap, so a surplus in one makes up for another",
        shares=lambda rubric, role: {}, readiness=models_points.readiness,
        gain=models_points.gain, aims=models_points.aims, area_scores=models_points.area_scores,
        check=models_points.check, numbers=models_points.numbers, total=models_points.total,
        worth=models_points.worth,
    ),
    "transitions": ScoringModel(
        name="transitions", unit="readiness points", aim="expected",
        explains="Readiness is the weighted share of what a rung newly asks that is met (0 to 100); what the rungs "
                 "below asked counts because they must be met too", shares=models_transitions.shares,
        readiness=models_transitions.readiness, gain=models_transitions.gain, aims=models_transitions.aims,
        area_scores=models_transitions.area_scores, check=models_transitions.check,
        numbers=models_transitions.numbers,
    ),
}


def model_of(rubric: RubricShape) -> ScoringModel:
    return MODELS[rubric.scoring.model]


def check_model(rubric: RubricShape) -> None:
    """The rules the rubric's model adds to every rubric's; ValueError names the first one broken."""
    model_of(rubric).check(rubric)
