"""Terminal views (rich): the result summary and rubric listings."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from assess.core.models import model_of
from assess.core.others import Calibration
from assess.core.results import Result, RoleResult, TrackPlacement, WhatItTakes
from assess.core.rubric import Rubric
from assess.core.wording import (
    NOT_SURE,
    TOP_GAPS,
    actual_text,
    assumed_text,
    count,
    distance_text,
    headline,
    holdback_text,
    points_text,
    raters_text,
    requirement_text,
    take_shortfall,
)

SHOWN_WARNINGS = 3


def _role_title(rubric: Rubric, role_id: str | None) -> str:
    return rubric.role(role_id).title if role_id else "not yet placed on the ladder"


def result_summary(rubric: Rubric, result: Result, name: str | None = None) -> Group:
    target = rubric.role(result.target).title
    head = Text()
    if name:
        head.append(f"{name}\n", style="bold")
    head.append(f"Readiness for {target}: ", style="bold")
    head.append(f"{result.readiness:.1f} / 100\n", style="bold cyan")
    points = points_text(result)
    if points:
        head.append("Total: ", style="bold")
        head.append(points + "\n")
    said = headline(rubric, result)
    head.append("Placement: ", style="bold")
    head.append(said.placement or "not yet placed on the ladder")
    if said.off_path:  # furthest on another track: name it, then where the path stands, a line each
        head.append(f" ({said.track} track)\n")
        head.append(f"On the path to {said.target}: ", style="bold")
        head.append((said.path_placement or "not yet placed") + "\n")
        if said.next_role:
            head.append("Next rung on the path: ", style="bold")
            head.append(said.next_role)
    elif said.next_role:
        head.append("   Next rung: ", style="bold")
        head.append(said.next_role)

    parts: list[RenderableType] = [Panel(head, expand=False)]
    if len(result.placements) > 1:
        parts.append(_tracks(rubric, result))
    parts.append(_rungs(rubric, result))
    if result.gaps:
        gaps = Table(title=f"Top gaps for {target}", title_justify="left")
        model = model_of(rubric)
        for column, justify in (("Competency", "left"), ("Now", "right"), (model.aim.capitalize(), "right"),
                                (model.unit.capitalize(), "right")):
            gaps.add_column(column, justify=justify)  # type: ignore[arg-type]
        for gap in result.gaps[:TOP_GAPS]:
            title = gap.title + (" (core)" if gap.core else f" (core for {rubric.role(gap.blocks).title})"
                                 if gap.blocks else "")
            now = NOT_SURE if gap.unknown else str(gap.current)
            gaps.add_row(title, now, str(gap.expected), f"{gap.priority:.1f}")
        parts.append(gaps)
    failing = [gate for gate in result.gates if not gate.met]
    if failing:
        lines = [f"  {g.title}: need {requirement_text(rubric, g.required)}; have {actual_text(rubric, g.actual)}"
                 f"{assumed_text(g)}" for g in failing]
        parts.append(Text("Gates not met for the target role:\n" + "\n".join(lines), style="yellow"))
    if result.what_it_takes:
        parts.append(_what_it_takes(rubric, result.what_it_takes, set(result.unknowns)))
    if result.unknowns:
        parts.append(Text(f"{count(len(result.unknowns), 'competency', 'competencies')} answered \"not sure\" "
                          "or left out: each counts as the lowest level in readiness, and blocks any rung where "
                          "it is core."))
    implausible = [w for w in result.warnings if w.kind == "implausible"]
    for warning in [w for w in result.warnings if w.kind != "implausible"] + implausible[:SHOWN_WARNINGS]:
        parts.append(Text(f"Check: {warning.message}", style="yellow"))
    if len(implausible) > SHOWN_WARNINGS:
        more = len(implausible) - SHOWN_WARNINGS
        parts.append(Text(f"Check: {more} more ratings look high for the facts given; the report lists them all.",
                          style="yellow"))
    return Group(*parts)


def calibration_summary(rubric: Rubric, result: Result, calibration: Calibration) -> Text:
    """How others see the person, beside their own view; raters by group only."""
    text = Text("How others see you\n", style="bold")
    if calibration.raters:
        titles = {comp.id: comp.title for comp in rubric.competencies}
        apart = f"{rubric.scoring.blind_spot_difference:g}"
        text.append(f"  Ratings of {raters_text(calibration.raters)}\n")
        text.append(f"  Readiness for {rubric.role(result.target).title}: you {result.readiness:.1f}, others "
                    f"{calibration.readiness_others or 0:.1f}\n")
        text.append(f"  Placement: you {_role_title(rubric, result.placement)}, others "
                    f"{_role_title(rubric, calibration.placement_others)}\n")
        for label, ids in ((f"Blind spots (you {apart}+ levels above others)", calibration.blind_spots),
                           (f"Hidden strengths (others {apart}+ levels above you)", calibration.hidden_strengths)):
            text.append(f"  {label}: {', '.join(titles[i] for i in ids) or 'none'}\n")
    return text


def _tracks(rubric: Rubric, result: Result) -> Table:
    nearer = next((p for p in result.placements if p.track == result.nearer_track), None)
    caption = None
    if nearer is not None and nearer.what_it_takes is not None:
        caption = f"Nearer: {_next_title(rubric, nearer)} on the {nearer.title.lower()} track"
        if nearer.track != rubric.path.id:  # the path's next rung has its own "what it would take" below
            caption += f"; what holds it back: {holdback_text(rubric, nearer.what_it_takes)}"
    table = Table(title="Where you stand on each track", title_justify="left", caption=caption,
                  caption_justify="left")
    for column, justify in (("Track", "left"), ("Placement", "left"), ("Next rung", "left"), ("Readiness", "right"),
                            ("What it would take", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for placed in sorted(result.placements, key=lambda p: p.track != rubric.path.id):
        take = placed.what_it_takes
        table.add_row(
            placed.title + (" (path)" if placed.track == rubric.path.id else ""),
            _role_title(rubric, placed.placement),
            _next_title(rubric, placed) or "top of the track",
            f"{take.readiness:.1f}" if take else "",
            distance_text(rubric, take, named=True) if take else "",
        )
    return table


def _next_title(rubric: Rubric, placed: TrackPlacement) -> str:
    return rubric.role(placed.next_role).title if placed.next_role else ""


def _rungs(rubric: Rubric, result: Result) -> Table:
    roles = Table(title="Readiness by rung", title_justify="left", expand=False)
    points = result.points
    for column, justify in (("Rung", "left"), ("Readiness", "right"), *([("Points needed", "right")] if points else []),
                            ("Gates", "left"), ("Core skills", "left"), ("Met", "left")):
        roles.add_column(column, justify=justify)  # type: ignore[arg-type]
    for role in result.roles:
        roles.add_row(
            role.title,
            f"{role.readiness:.1f}",
            *([f"{role.points_needed or 0:g}"] if points else []),
            _gates(role),
            f"{len(role.core_short)} short" if role.core_short else "ok",
            "yes" if role.met else _unmet(rubric, role),
        )
    return roles


def _gates(role: RoleResult) -> str:
    said = "ok" if role.gates_met else "not met"
    return f"{said}, {len(role.advisory_unmet)} advisory not met" if role.advisory_unmet else said


def _unmet(rubric: Rubric, role: RoleResult) -> str:
    return f"no: {rubric.role(role.unmet_below).title} not met" if role.unmet_below else "no"


def _what_it_takes(rubric: Rubric, take: WhatItTakes, unknown: set[str]) -> Text:
    text = Text(f"What it would take to reach {rubric.role(take.role).title}:\n", style="bold")
    if not take.reachable:
        text.append("  no ratings meet it: it asks nothing of its own\n")
    shortfall = take_shortfall(take)
    if shortfall:
        text.append(f"  {shortfall}\n")
    for gate in take.gates:
        text.append(f"  gate {gate.title}: need {requirement_text(rubric, gate.required)}; "
                    f"have {actual_text(rubric, gate.actual)}{assumed_text(gate)}\n")
    for gate in take.advisory:
        text.append(f"  {gate.title}: usually {requirement_text(rubric, gate.required)}; "
                    f"have {actual_text(rubric, gate.actual)} (advisory: it does not block)\n", style="dim")
    for change in take.changes:
        was = NOT_SURE if change.competency in unknown else str(change.from_)
        text.append(f"  raise {change.title} from {was} to {change.to}\n")
    if not take.changes and not take.gates and take.reachable:
        text.append("  nothing: already met\n")
    return text


