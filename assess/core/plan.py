"""The development plan: which one-level step goes into which horizon (3, 6 and 12 months). Pure.

The plan aims at the next rung on the path to the target, because that is the move the person can
make next; it follows the one ranking of `scoring.ranked_gaps`, so the plan's first steps are the
first things "what it would take" names. A competency moves at most one level per horizon, because
an anchor level describes behaviour that takes months to show, and a horizon holds only a few steps
so the plan stays doable next to a day job. The steps are stored with the run, and the next run
checks them as goals.
"""

from __future__ import annotations

from assess.core.results import Gap, Plan, PlanStep
from assess.core.rubric import Rubric

HORIZONS = (3, 6, 12)
STEPS_PER_HORIZON = {3: 3, 6: 3, 12: 4}


def build_plan(rubric: Rubric, ranked: list[Gap], placement: str | None, next_role: str | None) -> Plan:
    """Spread one-level steps over the horizons, in the order of `ranked` (the gaps for the plan's rung)."""
    level = {gap.competency: gap.current for gap in ranked}
    steps: list[PlanStep] = []
    for months in HORIZONS:
        taken = 0
        for gap in ranked:
            if taken == STEPS_PER_HORIZON[months]:
                break
            if level[gap.competency] >= gap.expected:
                continue
            comp = rubric.competency(gap.competency)
            steps.append(PlanStep(horizon=months, competency=comp.id, title=comp.title, core=gap.core,
                                  from_=level[comp.id], to=level[comp.id] + 1, action=comp.actions[level[comp.id]]))
            level[comp.id] += 1
            taken += 1
    moves = [move for move in rubric.career_steps if next_role and move.to == next_role and move.from_ == placement]
    return Plan(
        role=next_role,
        steps=steps,
        career_steps=[text for move in moves for text in move.steps],
        career_source=moves[0].source if moves else None,
    )
