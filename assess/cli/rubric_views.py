"""Rubrics in the terminal: the list of those a person can measure against, and one in detail."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from assess.app.rubrics import ListedRubric
from assess.core.models import model_of
from assess.core.readiness import shares
from assess.core.rubric import Rubric
from assess.core.wording import count, requirement_text, scale_text


def rubric_list(rows: list[ListedRubric]) -> Table:
    table = Table()
    # The id is what a person types (`rubrics show ID`, `take --rubric ID`): never shortened, the title wraps instead.
    table.add_column("Id", no_wrap=True, min_width=max((len(row.id) for row in rows), default=2))
    for column in ("Title", "Version", "Competencies", "From"):
        table.add_column(column)
    for row in rows:
        where = "shipped" if row.runs is None else f"history ({count(row.runs, 'run')})"
        table.add_row(row.id, row.title, row.version, "" if row.competencies is None else str(row.competencies), where)
    return table


def rubric_detail(rubric: Rubric) -> Group:
    """Areas, competencies, and per rung each one's expected level and share of readiness; core ones marked.
    Rungs are numbered in the columns, so the table fits a terminal whatever their names."""
    head = Text(f"{rubric.title}  ({rubric.id} {rubric.version})\n", style="bold")
    head.append(f"Source: {rubric.source}\n")
    for track in rubric.all_tracks:
        name = f"{track.title}: " if len(rubric.all_tracks) > 1 else "Ladder: "
        head.append(name + " → ".join(rubric.role(rung).title for rung in track.rungs) + "\n")
    head.append(f"Scale: {scale_text(rubric)}\n")
    head.append("Rungs: " + "  ".join(f"{n} {role.title}" for n, role in enumerate(rubric.ladder, 1)))
    weights = {role.id: shares(rubric, role.id) for role in rubric.ladder}
    by_share = any(weights.values())
    table = Table(caption="Each cell: expected level, * where core" + (
        ", then its % of that rung's readiness" if by_share else " (under points the total decides, not shares)"),
        caption_justify="left")
    table.add_column("Area / competency (weight)", overflow="fold", max_width=34)
    for number, _ in enumerate(rubric.ladder, 1):
        table.add_column(str(number), justify="right", no_wrap=True, min_width=6)
    for area in rubric.areas:
        table.add_row(Text(f"{area.title} (×{area.weight:g})", style="bold"), *([""] * len(rubric.ladder)))
        for comp in rubric.competencies_of(area.id):
            cells = []
            for role in rubric.ladder:
                share = weights[role.id].get(comp.id)
                core = "*" if rubric.is_core(comp, role.id) else " "
                cells.append(f"{comp.expected[role.id]}{core}{float(share) * 100:.1f}" if share else
                             f"{comp.expected[role.id]}{core} -" if by_share else f"{comp.expected[role.id]}{core}")
            table.add_row(f"  {comp.id} (×{comp.weight:g})", *cells)
    parts: list[RenderableType] = [head, scoring_numbers(rubric), table, rung_requirements(rubric)]
    if rubric.notes:  # the reasoning and changelog a rubric's author keeps: here, not in a candidate's report
        parts.append(Text("\nAbout this rubric", style="bold"))
        parts += [Text(paragraph.replace("\n", " ") + "\n") for paragraph in rubric.notes.strip().split("\n\n")]
    return Group(*parts)


def scoring_numbers(rubric: Rubric) -> Text:
    """The rubric's scoring model and the numbers it reads: points per level and bands, or threshold and weights."""
    text = Text("Scoring\n", style="bold")
    for label, said in model_of(rubric).numbers(rubric):
        text.append(f"  {label}: ", style="bold")
        text.append(f"{said}\n")
    return text


def rung_requirements(rubric: Rubric) -> Text:
    """Per rung: the core skills it requires in full, the others and how far short each may be, the gates that
    block it and the requirements that only advise."""
    text = Text("\nWhat each rung requires", style="bold")
    text.append("  (core: not met while one is \"not sure\", at the lowest level or short by more than the "
                "tolerance; in full: not short at all; advisory: shown, never blocking)\n", style="dim")
    for number, role in enumerate(rubric.ladder, 1):
        text.append(f"{number} {role.title}\n", style="bold")
        core = [c.id for c in rubric.competencies if rubric.is_core(c, role.id) and c.id not in role.in_full]
        tolerance = rubric.scoring.critical_tolerance if role.tolerance is None else role.tolerance
        lines = [("in full", ", ".join(role.in_full)),
                 (f"core, within {count(tolerance, 'level')}", ", ".join(core))]
        for gate in rubric.gates:  # one line each: a gate's alternatives are already joined by "; or"
            if role.id in gate.required:
                lines.append(("advisory" if role.id in gate.advisory else "gate",
                              f"{gate.title}: {requirement_text(rubric, gate.required[role.id])}"))
        for label, said in lines:
            if said:
                text.append(f"  {label}: ", style="bold")
                text.append(f"{said}\n")
    return text
