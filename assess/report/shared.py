"""The shared version of a report (`assess report --share`): its input with evidence and private facts left
out (`assess.core.share` says what goes), and its machine-readable result with the gates that would tell them
hidden."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assess.core.rubric import Rubric
from assess.core.share import PRIVATE, Sharing, shared_answers, shared_result, shared_run
from assess.report.input import ReportInput


def shared_input(inp: ReportInput, shared: Sharing) -> ReportInput:
    """The report `inp` in its shared version."""
    return replace(
        inp,
        answers=shared_answers(inp.answers, shared),
        result=shared_result(inp.rubric, inp.result, shared),
        run=shared_run(inp.run, inp.rubric, shared) if inp.run is not None else None,
        shared=shared,
    )


def shared_json(rubric: Rubric, data: dict[str, Any], shared: Sharing) -> dict[str, Any]:
    """The machine-readable result of a shared report: gates that ask about a private fact say "private" for
    the answer and null for whether they are met."""
    hidden = shared.hidden_rungs(rubric)
    private = set(shared.private_facts)
    gates = [
        {**gate, "actual": {fact: PRIVATE for fact in gate["actual"]}, "met": None, "met_by": None}
        if not private.isdisjoint(gate["actual"]) else gate
        for gate in data["gates"]
    ]
    roles = [{**role, "gates_met": None, "met": None, "unmet_below": None} if role["id"] in hidden else role
             for role in data["roles"]]
    return {**data, "gates": gates, "roles": roles,
            "shared": {"private_facts": list(shared.private_facts), "left_out": shared.left_out(rubric)}}
