"""What a shared report (`assess report --share`) leaves out, and what stays. Pure: no I/O.

A shared report is for someone else: a manager, a mentor. Its name, scores and placement are those of the
full report. It leaves out what the person wrote (evidence sentences, any free text) and the facts they mark
private, together with whatever would give those facts away: whether a gate that asks about one is met, what
the person would need for it, and answer-quality checks that compare ratings with it. The run a shared PDF
carries is redacted the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assess.core.answers import Answers
from assess.core.errors import UnknownChoice
from assess.core.results import AnswerWarning, GateResult, Result, WhatItTakes
from assess.core.rubric import Rubric
from assess.core.runs import StoredRun
from assess.core.scoring import score

if TYPE_CHECKING:
    pass

PRIVATE = "private"


@dataclass(frozen=True)
class Sharing:
    """A shared version of a report: evidence left out, and these facts."""

    private_facts: tuple[str, ...] = ()

    def hides(self, gate: GateResult) -> bool:
        """Whether showing `gate`'s status would tell something about a private fact."""
        return not set(self.private_facts).isdisjoint(gate.actual)

    def hidden_rungs(self, rubric: Rubric) -> set[str]:
        """The rungs whose gates ask about a private fact: whether their gates are met stays private."""
        private = set(self.private_facts)
        return {
            rung
            for gate in rubric.gates
            for rung, alternatives in gate.required.items()
            if rung not in gate.advisory  # an advisory requirement never decides whether the rung is met
            and any(not private.isdisjoint(alternative) for alternative in alternatives)
        }

    def left_out(self, rubric: Rubric) -> list[str]:
        """What the shared version leaves out, as the report states it."""
        said = ["every evidence sentence: the appendix shows ratings only"]
        if self.private_facts:
            titles = "; ".join(rubric.fact(fact).title for fact in self.private_facts)
            said.append(f"the facts marked private: {titles}")
            said.append("whether the gates that ask about those facts are met, and so whether their rungs are "
                        "(the placement shows, as in the full report: the gates of the rungs up to it are met)")
        return said


def sharing(rubric: Rubric, answers: Answers, marked: Sequence[str]) -> Sharing:
    """The shared version for `answers`: the facts they mark private, and those `marked` besides."""
    known = [fact.id for fact in rubric.facts]
    for fact_id in marked:
        if fact_id not in known:
            raise UnknownChoice("private", fact_id, known, context=f"a fact of rubric {rubric.id!r}; facts are ",
                                none="none: the rubric asks for no facts")
    return Sharing(tuple(dict.fromkeys([*answers.private, *marked])))


def shared_answers(answers: Answers, shared: Sharing) -> Answers:
    """Only what a shared report may hold: built field by field, so anything else an answers file carries stays
    out."""
    return Answers(
        rubric=answers.rubric,
        profile=answers.profile,
        name=answers.name,
        facts={fact: value for fact, value in answers.facts.items() if fact not in shared.private_facts},
        ratings=dict(answers.ratings),
        private=list(shared.private_facts),
    )


def shared_result(rubric: Rubric, result: Result, shared: Sharing) -> Result:
    """`result` with its scores, without the gates and answer checks that would tell a private fact."""
    placements = [placed.model_copy(update={"what_it_takes": _take(placed.what_it_takes, shared)})
                  for placed in result.placements]
    private = set(shared.private_facts)

    def tells(gate_id: str, role: str) -> bool:
        return any(not private.isdisjoint(alternative) for alternative in rubric.gate(gate_id).required[role])

    roles = [role.model_copy(update={"advisory_unmet": [g for g in role.advisory_unmet if not tells(g, role.id)]})
             for role in result.roles]
    return result.model_copy(update={
        "what_it_takes": _take(result.what_it_takes, shared),
        "placements": placements,
        "roles": roles,
        "warnings": [warning for warning in result.warnings if not _about(rubric, warning, shared.private_facts)],
    })


def shared_run(run: StoredRun, rubric: Rubric, shared: Sharing) -> StoredRun:
    """`run` as a shared PDF carries it: shared answers, and the result they score (gates that need a private fact
    are not met by it)."""
    answers = shared_answers(run.answers, shared)
    result = shared_result(rubric, score(rubric, answers), shared) if run.result is not None else None
    return run.model_copy(update={"answers": answers, "result": result})


def _take(take: WhatItTakes | None, shared: Sharing) -> WhatItTakes | None:
    if take is None:
        return None
    return take.model_copy(update={"gates": [gate for gate in take.gates if not shared.hides(gate)],
                                   "advisory": [gate for gate in take.advisory if not shared.hides(gate)]})


def _about(rubric: Rubric, warning: AnswerWarning, private: Iterable[str]) -> bool:
    """Whether `warning` compares a rating with a private fact (it would say the fact's value)."""
    if warning.competency is None:
        return False
    facts = {check.fact for check in rubric.competency(warning.competency).plausible}
    return not facts.isdisjoint(private)
