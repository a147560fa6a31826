"""Sentences that read right for any rubric and any number: counts, levels, requirements."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assess.core.fields import FactValue
from assess.core.others import ExpiredRaters, RaterGroup
from assess.core.relations import NAMED
from assess.core.results import GateResult, Result, WhatItTakes
from assess.core.rubric import Rubric

TOP_GAPS = 5  # the gaps a summary names, in the terminal and the report's first page; the gap table has them all
NOT_SURE = "not sure"  # the answer that is no level, written one way wherever a rating is shown


def count(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 level", "0 levels", "3 competencies"."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def number(value: float) -> str:
    return f"{value:g}"


def signed(value: float) -> str:
    """A change to one decimal with its sign, "+6.3", "-2.0"; no change is "0.0", never "-0.0"."""
    shown = f"{value:+.1f}"
    return "0.0" if shown in ("+0.0", "-0.0") else shown


def alternative_text(rubric: Rubric, alternative: Mapping[str, FactValue], *, titled: bool = True) -> str:
    """One way to meet a gate, e.g. "Highest degree: master or higher and Years in ML: at least 12"."""
    parts = []
    for fact_id, value in alternative.items():
        fact = rubric.fact(fact_id)
        if fact.kind == "choice":
            said = f"{value}" + ("" if value == fact.options[-1] else " or higher")
        else:
            said = f"at least {number(float(value))}"
        parts.append(f"{fact.title}: {said}" if titled else said)
    return " and ".join(parts)


def requirement_text(rubric: Rubric, alternatives: list[dict[str, FactValue]]) -> str:
    """All the ways to meet a gate, "A; or B"; fact names are left out when the gate asks about one fact only."""
    titled = len({fact for alternative in alternatives for fact in alternative}) > 1
    return "; or ".join(alternative_text(rubric, alternative, titled=titled) for alternative in alternatives)


def actual_text(rubric: Rubric, actual: Mapping[str, FactValue | None]) -> str:
    """What was answered for a gate's facts: "bachelor", or "Highest degree: bachelor, Years in ML: 9"; it reads
    after "have"."""
    said = {fact_id: "no answer" if value is None else _value(value) for fact_id, value in actual.items()}
    if len(said) == 1:
        return next(iter(said.values()))
    return ", ".join(f"{rubric.fact(fact_id).title}: {value}" for fact_id, value in said.items()) or "nothing asked"


def gate_text(rubric: Rubric, gate: GateResult) -> str:
    """A gate not met, as what it needs and what is there: "Years in machine learning: need at least 9; have 8"."""
    return f"{gate.title}: need {requirement_text(rubric, gate.required)}; have {actual_text(rubric, gate.actual)}"


def distance_text(rubric: Rubric, take: WhatItTakes, *, named: bool = False) -> str:
    """How far a next rung is: the levels to raise, then every gate not met by name, so a rung held back by a gate
    alone says so instead of "0 levels to raise". `named`: gates in full, with what they need."""
    parts = []
    if take.changes:
        levels = count(sum(change.to - change.from_ for change in take.changes), "level")
        parts.append(f"{levels} to raise across {count(len(take.changes), 'competency', 'competencies')}")
    for gate in take.gates:
        parts.append("gate " + (gate_text(rubric, gate) if named else gate.title))
    if not take.reachable:
        return "no ratings meet it: it asks nothing of its own"
    if not parts and take_shortfall(take):
        parts.append(str(take_shortfall(take)))
    return "; ".join(parts) or "nothing: it is met"


def holdback_text(rubric: Rubric, take: WhatItTakes) -> str:
    """What holds a rung back, in one sentence: its gates not met and its core skills short, by name."""
    said = [gate_text(rubric, gate) + assumed_text(gate) for gate in take.gates]
    if take.core:
        said.append("core skills short: " + ", ".join(rubric.competency(comp).title for comp in take.core))
    if not take.reachable:
        said.append("no ratings meet it: it asks nothing of its own")
    shortfall = take_shortfall(take)
    if shortfall:
        said.append(shortfall.replace(" (", " short (", 1))
    return "; ".join(said) or "nothing: it is met"


def assumed_text(gate: GateResult) -> str:
    """Marks a gate the rubric assumed rather than took from its source, wherever it is stated; an advisory one
    also says that it never blocks."""
    if gate.advisory:
        return " (advisory: an assumption of this rubric, it never blocks the rung)"
    return " (an assumption of this rubric)" if gate.assumed else ""


def in_full_text(rubric: Rubric) -> str:
    """The core skills each rung requires in full, "Staff: ML architecture, Technical leadership; Director: ...";
    empty when no rung requires any."""
    said = [f"{role.title}: {', '.join(rubric.competency(c).title for c in role.in_full)}"
            for role in rubric.ladder if role.in_full]
    return "; ".join(said)


@dataclass(frozen=True)
class Headline:
    """Where a person stands, as every format's first lines say it: the highest rung met on any track, and, when
    that is off the target's path, where they stand on the path. Titles, or None where nothing is met."""

    placement: str | None  # the highest rung met on any track
    track: str | None  # its track's title, when it is off the path (else the path needs no naming)
    path_placement: str | None  # the highest rung met on the path to the target
    next_role: str | None  # the path's next rung
    target: str

    @property
    def off_path(self) -> bool:
        return self.track is not None


def headline(rubric: Rubric, result: Result) -> Headline:
    furthest = result.furthest
    off_path = furthest is not None and furthest.track != rubric.path.id  # a shared rung is the path's
    return Headline(
        placement=rubric.role(furthest.placement).title if furthest else None,
        track=furthest.title if furthest and off_path else None,
        path_placement=rubric.role(result.placement).title if result.placement else None,
        next_role=rubric.role(result.next_role).title if result.next_role else None,
        target=rubric.role(result.target).title,
    )


def take_figure(take: WhatItTakes) -> str:
    """Where the person stands for a rung, in a line: "readiness 81.2 of 85 needed", "72 of 90 points"."""
    if not take.reachable:
        return "no ratings meet it: it asks nothing of its own"
    if take.points is not None and take.points_needed is not None:
        return f"{number(take.points)} of {number(take.points_needed)} points"
    return f"readiness {take.readiness:.1f} of {take.threshold:g} needed"


def take_shortfall(take: WhatItTakes) -> str | None:
    """How far the score is from a rung: "3.8 readiness points (now 81.2, need 85)", "18 points (now 72, need 90)";
    None once the score is there, or where no ratings meet the rung."""
    if not take.reachable:
        return None
    if take.points is not None and take.points_needed is not None:
        short = take.points_needed - take.points
        return f"{number(short)} point{'' if short == 1 else 's'} (now {number(take.points)}, need " \
            f"{number(take.points_needed)})" if short > 0 else None
    if take.points_short > 0:
        return f"{take.points_short:.1f} readiness points (now {take.readiness:.1f}, need {take.threshold:g})"
    return None


def points_text(result: Result) -> str | None:
    """Under the points model, the total and the named level it reaches: "72 points; level 4.2, 2 points to 4.3"."""
    if result.points is None:
        return None
    said = f"{number(result.points.total)} points"
    if result.points.grade:
        said += f"; level {result.points.grade}"
        ahead = result.points.to_next_grade
        if result.points.next_grade and ahead is not None:
            said += f", {number(ahead)} point{'' if ahead == 1 else 's'} to {result.points.next_grade}"
    return said


def _value(value: FactValue) -> str:
    return number(value) if isinstance(value, int | float) else str(value)


def levels_from(rubric: Rubric, level: int) -> str:
    """ "3 or 4", "4 or more": the levels from `level` to the top of the scale."""
    top = rubric.max_level
    if level >= top:
        return str(top)
    if level == top - 1:
        return f"{level} or {top}"
    return f"{level} or more"


def scale_text(rubric: Rubric) -> str:
    """The scale as a person reads it: "0 None · 1 Learning · ...", or, where every competency names its own
    levels (so the scale's labels are never shown), "1 to 5, each competency naming its own levels"."""
    if all(set(comp.levels) >= set(rubric.levels) for comp in rubric.competencies):
        return f"{rubric.min_level} to {rubric.max_level}, each competency naming its own levels"
    return " · ".join(f"{level} {label}" for level, label in sorted(rubric.scale.items()))
GROUP_NOUNS = {"manager": ("manager", "managers"), "mentor": ("mentor", "mentors"), "peer": ("peer", "peers"),
               "direct-report": ("direct report", "direct reports"),
               "others": ("other rater", "other raters")}


def raters_text(groups: Sequence[RaterGroup]) -> str:
    """ "1 manager, 3 peers and 3 other raters": who rated, by group, never by name."""
    said = [count(group.count, *GROUP_NOUNS[group.relation]) for group in groups]
    return " and ".join([", ".join(said[:-1]), said[-1]]) if len(said) > 1 else "".join(said)


def expired_text(groups: Sequence[ExpiredRaters], window_months: int) -> str:
    """ "The ratings of 1 manager (2025-01-10) and 2 peers (latest 2025-03-01) are older than 12 months before this
    self-assessment, so they no longer count." Never by name."""
    said = [f"{count(group.count, *GROUP_NOUNS['others' if group.relation == 'other' else group.relation])} "
            f"({'latest ' if group.count > 1 else ''}{group.latest})" for group in groups]
    joined = " and ".join([", ".join(said[:-1]), said[-1]]) if len(said) > 1 else said[0]
    return (f"The ratings of {joined} are older than {count(window_months, 'month')} before this self-assessment, "
            "so they no longer count.")


def shown_as(relation: str, group_min: int) -> str:
    """How a rater of `relation` appears in the person's report, said to the rater."""
    if relation in NAMED:
        return f"as their {relation}"
    if relation == "other":
        return 'within the group "others"'
    return f'within a group: {relation.replace("-", " ")}s when there are {group_min} or more, else "others"'


def compared_text(versions: Sequence[str], rubric: Rubric) -> str | None:
    """What progress across rubric versions compared, when its runs were taken with more than one."""
    seen = list(dict.fromkeys(versions))
    if len(seen) < 2:
        return None
    renamed = ", ".join(f"{old} → {new}" for old, new in rubric.renamed.items())
    followed = f", following its renamed competencies ({renamed})" if renamed else ""
    return (f"Runs taken with rubric versions {' and '.join([', '.join(seen[:-1]), seen[-1]])}: ratings are "
            f"compared under version {rubric.version}'s competencies{followed}; a competency only one version has "
            "is listed as new or removed. Each run's readiness is as its own version scored it.")


def goals_text(counts: Mapping[str, int]) -> str:
    """The last plan's steps by status, "4 steps of the previous plan: 2 met, 1 partly met, 1 missed, 2 not due
    yet" (statuses with none are left out, but for met); `counts` as `progress.goal_counts` gives them."""
    total = sum(counts.values())
    if not total:
        return "The previous plan set no steps."
    said = [f"{counts.get('met', 0)} met"] + [f"{counts[status]} {status}" for status in
                                              ("partly met", "missed", "not due yet") if counts.get(status)]
    return f"{count(total, 'step')} of the previous plan: {', '.join(said)}"
