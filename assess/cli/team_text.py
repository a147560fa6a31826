"""A team's views in the terminal, with rich: the heatmap as a table of levels, then each view in turn."""

from __future__ import annotations

from itertools import groupby

from rich.table import Table
from rich.text import Text

from assess.cli.terminal import console
from assess.core.rubric import Rubric
from assess.core.team import TeamView
from assess.core.team_heatmap import Cell
from assess.core.team_report import TeamReport
from assess.core.team_rollup import Rollup
from assess.core.wording import count
from assess.report.team_data import anonymous_view

# Purple for levels met, orange for levels short, darker the further: readable with any colour vision, and every
# cell carries its number anyway.
STYLES = {"above": "white on #542788", "met": "black on #998ec3", "1": "black on #fee0b6", "2": "black on #f1a340",
          "3": "white on #b35806", "none": "grey50", "unsure": "black on grey70"}
NAMES_SHOWN = 12
ROWS_SHOWN = 60  # heatmap rows a terminal shows, the most levels short first; the files have them all


def cell_style(cell: Cell, floor: int) -> str:
    if cell.level is None:
        return STYLES["unsure"]
    if cell.expected <= floor:
        return STYLES["none"]
    if cell.short == 0:
        return STYLES["above"] if cell.level > cell.expected else STYLES["met"]
    return STYLES[str(min(cell.short, 3))]


def cell_text(cell: Cell) -> str:
    mark = "*" if cell.evidence == "claimed" else ""
    return ("?" if cell.level is None else str(cell.level)) + mark


def names(people: list[str]) -> str:
    if len(people) <= NAMES_SHOWN:
        return ", ".join(people) or "nobody"
    return ", ".join(people[:NAMES_SHOWN]) + f" and {len(people) - NAMES_SHOWN} more"


def team_text(found: TeamReport, k: int) -> None:
    out = console()
    view, rubric = found.view, found.rubric
    out.print(Text(f"Team {view.team}: {count(view.people, 'person', 'people')} counted, rubric {view.rubric} "
                   f"{view.rubric_version}, as of {view.as_of}", style="bold"))
    out.print(_inputs_line(view))
    out.print(_heatmap(view, rubric))
    _coverage(out, view)
    _what_if(out, view)
    _succession(out, view, rubric)
    _shared(out, view)
    if found.moved is not None:
        _moved(out, found)


def _inputs_line(view: TeamView) -> str:
    tally: dict[str, int] = {}
    for row in view.inputs:
        tally[row.status] = tally.get(row.status, 0) + 1
    shared = sum(row.shared for row in view.inputs if row.status == "counted")
    said = [f"{tally.get('counted', 0)} counted ({shared} shared)"]
    said += [f"{n} {status}" for status, n in tally.items() if status != "counted"]
    return f"Inputs: {', '.join(said)}; only counted inputs are in the views below."


def _heatmap(view: TeamView, rubric: Rubric) -> Table:
    grid = view.heatmap
    against = "the needs" if grid.against == "needs" else "each person's next rung"
    table = Table(title=f"Heatmap: levels against {against} (purple met, orange short; * claimed, ? not sure)",
                  title_justify="left", box=None, padding=(0, 1, 0, 0), pad_edge=False)
    table.add_column("person", max_width=18, no_wrap=True, overflow="ellipsis")
    table.add_column("against", max_width=14, no_wrap=True, overflow="ellipsis")
    for index, _ in enumerate(grid.competencies, start=1):
        table.add_column(str(index), justify="right", no_wrap=True, min_width=2)
    table.add_column("short", justify="right", no_wrap=True)
    titles = {role.id: role.title for role in rubric.ladder}
    for row in grid.rows[:ROWS_SHOWN]:
        cells = [Text(cell_text(cell), style=cell_style(cell, rubric.min_level)) for cell in row.cells]
        table.add_row(row.person, titles.get(row.expects or "", "needs"), *cells, str(row.short))
    legend = "; ".join(f"{i} {rubric.competency(comp).title} ({grid.deficits[comp]} short)"
                       for i, comp in enumerate(grid.competencies, start=1))
    more = len(grid.rows) - ROWS_SHOWN
    hidden = f"{more} more people, fewer levels short: `assess team report` has them all. " if more > 0 else ""
    table.caption = f"{hidden}Columns, largest team deficit first: {legend}"
    table.caption_justify = "left"
    return table


def _coverage(out, view: TeamView) -> None:  # type: ignore[no-untyped-def]
    out.print(Text("\nCoverage of the needs" + ("" if view.needs_given else
                                               " (no needs file: one person a level below the top in each)"),
                   style="bold"))
    for row in view.coverage:
        flag = f"  [{row.flag}]" if row.flag else ""
        private = f"; {len(row.private)} more whose gates are private" if row.private else ""
        out.print(f"  {'met  ' if row.met else 'SHORT'} {row.label}: {row.count} ({names(row.holders)}){private}{flag}",
                  markup=False, highlight=False)
    truck = view.truck_factor
    if truck.value is None:
        out.print("Truck factor: the needs name no skill", markup=False)
    else:
        out.print(f"Truck factor on skills: {truck.value} (taking away {names(truck.removed)} leaves "
                  f"{truck.uncovered} of {truck.skills} needed skills with nobody)", markup=False)


def _what_if(out, view: TeamView) -> None:  # type: ignore[no-untyped-def]
    out.print(Text("\nWhat if someone leaves", style="bold"))
    if not view.what_if:
        out.print("  Nobody's leaving alone would leave a need that is met now short.")
    for found in view.what_if:
        if not found.lost:
            out.print(f"  {found.person}: every need met now stays met", markup=False)
        for lost in found.lost:
            # Neighbours in the order who are the same steps away share one mention of them: an action is a
            # paragraph.
            near = "; ".join(f"{', '.join(n.person for n in group)} ({', '.join(steps)})"
                             for steps, group in groupby(lost.nearest, key=lambda n: n.steps)) or "nobody is near"
            out.print(f"  {found.person} leaves: {lost.label} falls to {lost.count_after}; nearest: {near}",
                      markup=False)


def _succession(out, view: TeamView, rubric: Rubric) -> None:  # type: ignore[no-untyped-def]
    out.print(Text("\nSuccession and promotion readiness", style="bold"))
    for row in view.succession:
        tracks = ", ".join(rubric.track(t).title for t in row.tracks)
        private = f"; gates private: {names(row.private)}" if row.private else ""
        out.print(f"  {row.title} ({tracks}): ready now {names(row.ready_now)}{private}", markup=False)
        for c in row.nearest:
            out.print(f"    nearest {c.person}: {_held_back(c)}", markup=False)


def _held_back(c) -> str:  # type: ignore[no-untyped-def]
    if c.private:
        return "met on all that can be seen; a gate asks about a fact kept private"
    said = [f"readiness {c.readiness:.1f}"]
    if c.changes:
        said.append("raise " + ", ".join(c.changes))
    if c.gates:
        said.append("gates " + ", ".join(c.gates))
    if c.projection:
        p = c.projection
        said.append(f"at their pace {p.earliest}" + (f" to {p.latest}" if p.latest != p.earliest else "")
                    if p.latest else f"at their pace from {p.earliest}, no later bound")
    elif c.no_projection:
        said.append(f"no projected date: {c.no_projection}")
    return "; ".join(said)


def _shared(out, view: TeamView) -> None:  # type: ignore[no-untyped-def]
    out.print(Text("\nWhere one action helps several people", style="bold"))
    if not view.shared_gaps:
        out.print("  No gap is shared by two people or more.")
    for gap in view.shared_gaps:
        out.print(f"  {gap.title}: {gap.people} people, {gap.levels} levels short", markup=False)
        for step in gap.steps:
            out.print(f"    from {step.level} ({names(step.people)}): {step.action}", markup=False)


def _moved(out, found: TeamReport) -> None:  # type: ignore[no-untyped-def]
    moved = found.moved
    assert moved is not None
    out.print(Text(f"\nWhat moved since {moved.since}", style="bold"))
    if not moved.comparable:
        out.print(f"  That build was read against rubric version {moved.earlier_version}: nothing is compared.")
        return
    if moved.joined or moved.left:
        out.print(f"  Joined: {names(moved.joined) if moved.joined else 'nobody'}; left: "
                  f"{names(moved.left) if moved.left else 'nobody'}", markup=False)
    for person in moved.people:
        raised = f"; up: {', '.join(person.raised)}" if person.raised else ""
        lowered = f"; down: {', '.join(person.lowered)}" if person.lowered else ""
        out.print(f"  {person.person}: readiness {person.readiness_from:.1f} to {person.readiness_to:.1f}"
                  f"{raised}{lowered}", markup=False)
    for need in moved.needs:
        if need.from_ != need.to:
            out.print(f"  {need.what}: {need.from_} to {need.to}", markup=False)
    truck = moved.truck_factor
    out.print(f"  Truck factor: {truck.from_} to {truck.to}", markup=False)


def anonymous_text(found: TeamReport, k: int) -> None:
    out = console()
    shown = anonymous_view(found.view, found.rubric, found.members, k)
    if shown.people is None:
        out.print(f"Team {found.view.team}: fewer than {k} people are counted; an anonymous view shows nothing.")
        return
    out.print(Text(f"Team {shown.team}: {shown.people} people (distributions only)", style="bold"))
    levels = found.rubric.levels
    table = Table("competency", *[str(level) for level in levels], "not sure", title="People at each level")
    for row in shown.distributions:
        table.add_row(row.title, *[str(row.levels[level]) for level in levels], str(row.not_sure))
    out.print(table)
    for label, held in shown.needs.items():
        out.print(f"  {label}: {held}", markup=False)
    out.print(f"Truck factor on skills: {shown.truck_factor}", markup=False)


def rollup_text(found: Rollup, rubric: Rubric) -> None:
    out = console()
    table = Table("group", "people", *[role.title for role in rubric.ladder],
                  title=f"{found.name}: how many meet each rung (nothing for fewer than {found.k} people)")
    for figures in [*found.teams, found.total]:
        if figures.rungs is None:
            table.add_row(figures.group, "-", *["-" for _ in rubric.ladder])
        else:
            table.add_row(figures.group, str(figures.people), *[str(figures.rungs[r.id]) for r in rubric.ladder])
    out.print(table)
    for note in found.left_out:
        out.print(f"Left out: {note}", markup=False)
