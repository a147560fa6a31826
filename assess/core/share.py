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

from assess.core.answers import Answers
from assess.core.errors import UnknownChoice
from assess.core.readiness import gate_results
from assess.core.results import AnswerWarning, EvidenceCount, GateResult, Result, WhatItTakes
from assess.core.rubric import Rubric
from assess.core.runs import SharedMark, StoredRun
from assess.core.scoring import score

PRIVATE = "private"


@dataclass(frozen=True)
class Sharing:
    """A shared version of a report: evidence left out, and these facts."""

    private_facts: tuple[str, ...] = ()
    imported: bool = False  # the report is built from the run a shared report carried

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
        if self.imported:
            said.insert(0, "this report is built from the run a shared report carried: its scores, placement and "
                           "evidence counts are those that report showed")
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
    """`run` as a shared PDF carries it: shared answers, marked with what the report stated (so it scores as the
    report did when imported), and the result they score."""
    answers = shared_answers(run.answers, shared)
    mark = run.shared.model_copy(update={"private_facts": list(shared.private_facts)}) if run.shared else None
    if mark is None:
        evidenced = sorted(comp for comp, text in run.answers.evidence.items() if text.strip())
        placements = {placed.track: placed.placement for placed in run.result.placements} if run.result else None
        mark = SharedMark(private_facts=list(shared.private_facts), placements=placements, evidenced=evidenced)
    result = shared_result(rubric, score_run(rubric, answers, mark), shared) if run.result is not None else None
    return run.model_copy(update={"answers": answers, "result": result, "shared": mark})


def score_run(rubric: Rubric, answers: Answers, shared: SharedMark | None) -> Result:
    """Checked `answers` scored, as a shared report showed them when they come from one (`shared`).

    A shared run's answers lack its private facts and its evidence, so scored as they are they would place the
    person lower than the report they came from. What the report stated fills in only what it showed: the gates
    that ask about a private fact count as met at the rungs up to each track's placement (the placement says
    they are), and the evidence counts are those of the ratings it marks as evidenced. Readiness and core skills
    are computed from the ratings as for any run, so a report cannot claim a rung its ratings do not reach.
    """
    if shared is None:
        return score(rubric, answers)
    known = _met_rungs(rubric, shared)
    private = set(shared.private_facts)
    told = [gate.id for gate in rubric.gates if any(not private.isdisjoint(alt) for alts in gate.required.values()
                                                     for alt in alts)]
    gates = [gate.model_copy(update={"required": {rung: alts for rung, alts in gate.required.items()
                                                  if rung not in known}}) if gate.id in told else gate
             for gate in rubric.gates]
    result = score(rubric.model_copy(update={"gates": gates}), answers)
    shown = [gate.model_copy(update={"met": True}) if gate.id in told and result.target in known else gate
             for gate in gate_results(rubric, answers, result.target)]
    update: dict[str, object] = {"gates": shown}
    if shared.evidenced is not None:
        high = [comp for comp, rating in answers.ratings.items() if rating is not None
                and rating >= rubric.evidence_level]
        evidenced = sum(1 for comp in high if comp in shared.evidenced)
        update["evidence"] = EvidenceCount(claimed=len(high) - evidenced, evidenced=evidenced)
    return result.model_copy(update=update)


def _met_rungs(rubric: Rubric, shared: SharedMark) -> set[str]:
    """The rungs whose gates the shared report's placements say are met: each track's up to its placement."""
    met: set[str] = set()
    for track in rubric.all_tracks:
        placed = (shared.placements or {}).get(track.id)
        if placed in track.rungs:
            met.update(track.rungs[:track.rungs.index(placed) + 1])
    return met


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
