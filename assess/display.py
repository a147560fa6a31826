"""Terminal views (rich): the result summary and rubric listings."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .models import GateResult, Result, Rubric

TOP_GAPS = 5
SHOWN_WARNINGS = 3


def _actual(gate: GateResult) -> str:
    return "not given" if gate.actual is None else str(gate.actual)


def _role_title(rubric: Rubric, role_id: str | None) -> str:
    return rubric.role(role_id).title if role_id else "not yet placed on the ladder"


def result_summary(rubric: Rubric, result: Result, name: str | None = None) -> Group:
    target = rubric.role(result.target).title
    head = Text()
    if name:
        head.append(f"{name}\n", style="bold")
    head.append(f"Readiness for {target}: ", style="bold")
    head.append(f"{result.readiness:.1f} / 100\n", style="bold cyan")
    head.append("Placement: ", style="bold")
    head.append(_role_title(rubric, result.placement))
    if result.next_role:
        head.append("   Next rung: ", style="bold")
        head.append(_role_title(rubric, result.next_role))

    roles = Table(title="Readiness by rung", title_justify="left", expand=False)
    roles.add_column("Role")
    roles.add_column("Readiness", justify="right")
    roles.add_column("Gates")
    roles.add_column("Met")
    for role in result.roles:
        roles.add_row(
            role.title,
            f"{role.readiness:.1f}",
            "ok" if role.gates_met else "not met",
            "yes" if role.met else "no",
        )

    gaps = Table(title=f"Top gaps for {target}", title_justify="left")
    gaps.add_column("Competency")
    gaps.add_column("Now", justify="right")
    gaps.add_column("Expected", justify="right")
    gaps.add_column("Priority", justify="right")
    for gap in result.gaps[:TOP_GAPS]:
        title = gap.title + (" (critical)" if gap.critical else "") + (" (not sure)" if gap.unknown else "")
        gaps.add_row(title, str(gap.current), str(gap.expected), f"{gap.priority:g}")

    parts: list[object] = [Panel(head, expand=False), roles]
    if result.gaps:
        parts.append(gaps)
    failing = [gate for gate in result.gates if not gate.met]
    if failing:
        lines = [f"  {g.title}: need {g.required}, have {_actual(g)}" for g in failing]
        parts.append(Text("Gates not met for the target role:\n" + "\n".join(lines), style="yellow"))
    if result.what_it_takes:
        parts.append(_what_it_takes(rubric, result))
    if result.unknowns:
        count = len(result.unknowns)
        noun = "competency" if count == 1 else "competencies"
        parts.append(Text(f"{count} {noun} answered \"not sure\" or left out; they count as 0."))
    implausible = [w for w in result.warnings if w.kind == "implausible"]
    for warning in [w for w in result.warnings if w.kind != "implausible"] + implausible[:SHOWN_WARNINGS]:
        parts.append(Text(f"Check: {warning.message}", style="yellow"))
    if len(implausible) > SHOWN_WARNINGS:
        more = len(implausible) - SHOWN_WARNINGS
        parts.append(Text(f"Check: {more} more ratings look high for the years given; the report lists them all.",
                          style="yellow"))
    return Group(*parts)  # type: ignore[arg-type]


def _what_it_takes(rubric: Rubric, result: Result) -> Text:
    take = result.what_it_takes
    assert take is not None
    text = Text(f"What it would take to reach {rubric.role(take.role).title}:\n", style="bold")
    if take.points_short > 0:
        text.append(f"  {take.points_short:.1f} readiness points (now {take.readiness:.1f}, need {take.threshold:g})\n")
    for gate in take.gates:
        text.append(f"  gate {gate.title}: need {gate.required}, have {_actual(gate)}\n")
    for change in take.changes:
        text.append(f"  raise {change.title} from {change.from_} to {change.to}\n")
    if not take.changes and not take.gates:
        text.append("  nothing: already met\n")
    return text


def rubric_list(rows: list[tuple[str, str, str, int]]) -> Table:
    table = Table()
    for column in ("Id", "Title", "Version", "Competencies"):
        table.add_column(column)
    for rubric_id, title, version, count in rows:
        table.add_row(rubric_id, title, version, str(count))
    return table


def rubric_detail(rubric: Rubric) -> Group:
    head = Text(f"{rubric.title}  ({rubric.id} {rubric.version})\n", style="bold")
    head.append(f"Source: {rubric.source}\nLadder: " + " → ".join(role.title for role in rubric.ladder))
    table = Table()
    table.add_column("Area / competency")
    table.add_column("Weight", justify="right")
    for role in rubric.ladder:
        table.add_column(role.id, justify="right")
    for area in rubric.areas:
        table.add_row(Text(area.title, style="bold"), f"{area.weight:g}", *([""] * len(rubric.ladder)))
        for comp in rubric.competencies:
            if comp.area == area.id:
                title = f"  {comp.id}" + (" *" if comp.critical else "")
                table.add_row(title, f"{comp.weight:g}", *(str(comp.expected[r.id]) for r in rubric.ladder))
    return Group(head, table, Text("* critical"))


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False)
