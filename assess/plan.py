"""The development plan: which action goes into which horizon (3, 6 and 12 months). Pure.

The plan aims at the next rung, because that is the move the person can make next and what the
progress check of the next run measures (each top gap raised by one level). Critical competencies
and the highest priorities come first; a competency moves at most one level per horizon, because an
anchor level describes behaviour that takes months to show, and a horizon holds only a few steps so
the plan stays doable next to a day job.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Result, Rubric
from .scoring import development_order

HORIZONS = (3, 6, 12)
STEPS_PER_HORIZON = {3: 3, 6: 3, 12: 4}


@dataclass(frozen=True)
class PlannedStep:
    horizon: int  # months from the run
    competency: str
    title: str
    critical: bool
    from_level: int
    to_level: int
    action: str


@dataclass(frozen=True)
class Plan:
    role: str | None  # the rung the plan aims at; None when the person already holds the top rung
    steps: tuple[PlannedStep, ...]
    career_steps: tuple[str, ...]
    career_source: str | None

    def horizon(self, months: int) -> list[PlannedStep]:
        return [step for step in self.steps if step.horizon == months]


def build_plan(rubric: Rubric, result: Result) -> Plan:
    """Spread the one-level steps that close the gaps for the plan's rung over the horizons."""
    role = result.next_role or result.target
    # Expectations never fall going up the ladder, so the target's gaps hold every shortfall for `role`.
    current = {gap.competency: gap.current for gap in result.gaps}
    short = development_order(rubric, current, role)
    level = {comp.id: current[comp.id] for comp in short}
    steps: list[PlannedStep] = []
    for months in HORIZONS:
        taken = 0
        for comp in short:
            if taken == STEPS_PER_HORIZON[months]:
                break
            if level[comp.id] >= comp.expected[role]:
                continue
            steps.append(
                PlannedStep(
                    horizon=months,
                    competency=comp.id,
                    title=comp.title,
                    critical=comp.critical,
                    from_level=level[comp.id],
                    to_level=level[comp.id] + 1,
                    action=comp.actions[level[comp.id]],
                )
            )
            level[comp.id] += 1
            taken += 1
    career = [step for step in result.next_steps if step.kind == "career"]
    return Plan(
        role=result.next_role,
        steps=tuple(steps),
        career_steps=tuple(step.text for step in career),
        career_source=career[0].source if career else None,
    )
