"""The shortcuts that make thousands of runs take seconds give what the long way gives, to the digit: readiness
summed in whole numbers against the sum of fractions, an import's standing against the full score, remembered
rubric tables against tables worked out afresh."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.core import memo, models_attainment
from assess.core.answers import Answers, check_answers
from assess.core.readiness import _area_scores, effective_ratings, readiness, shares
from assess.core.rubric import Rubric
from assess.core.runs import SharedMark, Standing
from assess.core.scoring import score, standing
from assess.core.share import score_run, standing_run
from assess.core.snapshot import rubric_snapshot
from assess.io.rubric_files import load_rubric, load_rubric_file

from .conftest import DATA, MINI

RUBRICS = {"director": load_rubric(), "mini": load_rubric_file(MINI), "tree": load_rubric_file(DATA / "tree.yaml")}
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# Rubrics scored by the other models: what an import stores must be what their full score says too.
MODELLED = RUBRICS | {"snowflake (points)": load_rubric_file(EXAMPLES / "snowflake" / "snowflake.yaml"),
                      "ft (transitions)": load_rubric_file(EXAMPLES / "ft-engineering" / "ft-engineering.yaml")}


@st.composite
def answers_of(draw, rubric: Rubric, high: bool = False) -> Answers:
    levels = rubric.levels[len(rubric.levels) // 2:] if high else rubric.levels  # high: rungs whose gates matter
    ratings = {comp.id: draw(st.one_of(st.none(), st.sampled_from(levels))) for comp in rubric.competencies}
    facts = {}
    for fact in rubric.facts:
        if fact.kind == "choice":
            facts[fact.id] = draw(st.sampled_from(fact.options))
        else:
            facts[fact.id] = draw(st.integers(min_value=0, max_value=int(fact.max)))
    return check_answers(Answers(rubric=rubric.id, facts=facts, ratings=ratings), rubric, "drawn")


@pytest.mark.parametrize("name", sorted(MODELLED))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_standing_an_import_stores_is_the_full_scores_own(name, data):
    rubric = MODELLED[name]
    answers = data.draw(answers_of(rubric))
    result = score(rubric, answers)
    assert standing(rubric, answers) == Standing.of(result)


@pytest.mark.parametrize("name", sorted(MODELLED))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_standing_of_a_shared_run_is_the_shared_scores_own(name, data):
    # What an import stores of a shared report's run is what reading it scores (`share.score_run`): the private
    # facts left out, the gates asking about them met up to each track's stated placement.
    rubric = MODELLED[name]
    full = data.draw(answers_of(rubric, high=True))
    facts = [fact.id for fact in rubric.facts]
    private = data.draw(st.lists(st.sampled_from(facts), unique=True)) if facts else []
    answers = full.model_copy(update={"facts": {k: v for k, v in full.facts.items() if k not in private},
                                      "private": private})
    placements = {track.id: data.draw(st.one_of(st.none(), st.sampled_from(track.rungs)))
                  for track in rubric.all_tracks}
    mark = SharedMark(private_facts=private, placements=placements, evidenced=[])
    assert standing_run(rubric, answers, mark) == Standing.of(score_run(rubric, answers, mark))
    assert standing_run(rubric, answers, None) == Standing.of(score(rubric, answers))


@pytest.mark.parametrize("name", sorted(RUBRICS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_readiness_in_whole_numbers_is_the_sum_of_fractions(name, data):
    rubric = RUBRICS[name]
    ratings = effective_ratings(rubric, data.draw(answers_of(rubric)))
    for role in rubric.role_ids():
        weights = shares(rubric, role)
        if not weights:  # a rung that expects nothing is met in full
            assert readiness(rubric, ratings, role) == 100.0
            continue
        slow = models_attainment.exact(rubric, ratings, role, weights)  # the sum of fractions
        table = models_attainment.units(rubric, role, weights)
        assert Fraction(table.numerator(ratings), table.denominator) == slow
        assert readiness(rubric, ratings, role) == round(float(slow), 1)
        assert sum(weights.values(), Fraction(0)) == 1


def test_area_scores_are_their_fractions_rounded_once():
    rubric = RUBRICS["director"]
    ratings = {comp.id: (i * 7) % 5 for i, comp in enumerate(rubric.competencies)}
    weights = shares(rubric, rubric.target)
    for area_id, value in _area_scores(rubric, ratings, rubric.target).items():
        inside = {c.id: weights[c.id] for c in rubric.competencies_of(area_id) if c.id in weights}
        total = sum(inside.values(), Fraction(0))
        exact = models_attainment.exact(rubric, ratings, rubric.target, {c: w / total for c, w in inside.items()})
        assert value == round(float(exact), 1)


def test_a_changed_copy_of_a_rubric_is_worked_out_afresh():
    rubric = load_rubric_file(MINI)
    before = shares(rubric, "c")
    heavier = rubric.model_copy(update={"competencies": [rubric.competencies[0].model_copy(update={"weight": 50}),
                                                         *rubric.competencies[1:]]})
    assert shares(heavier, "c") != before and shares(rubric, "c") is before
    assert rubric_snapshot(heavier) != rubric_snapshot(rubric)


def test_the_memo_keeps_a_few_rubrics_and_never_mistakes_one_for_another():
    kept = [load_rubric_file(MINI) for _ in range(memo.KEPT + 5)]
    values = [memo.derived(rubric, "probe", lambda rubric=rubric: id(rubric)) for rubric in kept]
    assert values == [id(rubric) for rubric in kept]
    assert len(memo._memo) <= memo.KEPT
    assert memo.derived(kept[-1], "probe", lambda: "again") == id(kept[-1])  # remembered
    assert memo.derived(kept[0], "probe", lambda: "again") == "again"  # forgotten, worked out anew


def test_gates_remembered_per_set_of_facts_keep_each_run_its_own_values():
    rubric = load_rubric_file(MINI)
    as_int = score(rubric, check_answers(Answers(rubric="mini", facts={"degree": "master", "years": 6}), rubric, "a"))
    as_float = score(rubric, check_answers(Answers(rubric="mini", facts={"degree": "master", "years": 6.0}), rubric,
                                           "b"))
    fewer = score(rubric, check_answers(Answers(rubric="mini", facts={"degree": "bachelor", "years": 1}), rubric, "c"))
    years = [next(g.actual["years"] for g in r.gates if "years" in g.actual) for r in (as_int, as_float, fewer)]
    assert [type(value) for value in years] == [int, float, int] and years[2] == 1
    assert [g.met for g in fewer.gates] != [g.met for g in as_int.gates]


def test_a_long_history_is_summed_up_in_the_report_not_printed_in_full():
    from assess.report.view_history import CHARTED_RUNS, plotted

    for count in (1, 2, CHARTED_RUNS, CHARTED_RUNS + 1, 1000):
        points = list(range(count))
        shown = plotted(points)
        assert len(shown) == min(count, CHARTED_RUNS) and shown[0] == 0 and shown[-1] == count - 1
        assert shown == sorted(set(shown))


def test_the_report_of_forty_runs_lists_the_latest_twelve(run, tmp_path):
    import yaml

    example = yaml.safe_load((DATA.parent.parent / "examples" / "director-ml-engineering" / "mid-career.yaml")
                             .read_text())
    for _ in range(40):
        path = tmp_path / "a.yaml"
        path.write_text(yaml.safe_dump(example))
        assert run("take", "--answers", path).exit_code == 0
    assert run("report", "-p", "example", "-f", "md", "-o", tmp_path / "r.md").exit_code == 0
    text = (tmp_path / "r.md").read_text()
    progress = text[text.index("## Progress since earlier runs"):]
    assert "The 12 latest runs; 28 earlier ones are not listed" in progress
    table = progress[:progress.index("The 12 latest")]
    assert sum(line.startswith("| 20") for line in table.splitlines()) == 12


@pytest.mark.parametrize("name", sorted(RUBRICS))
def test_a_gaps_points_from_the_whole_number_table_are_its_fractions(name):
    # What closing a gap adds (the gap table's order, what it would take) is read from the same table as readiness.
    rubric = RUBRICS[name]
    floor = rubric.min_level
    for role in rubric.role_ids():
        for comp_id, share in shares(rubric, role).items():
            expected = rubric.competency(comp_id).expected[role]
            for rating in rubric.levels:
                for to in rubric.levels:
                    by_hand = 100 * share * (models_attainment.attainment(floor, expected, to)
                                             - models_attainment.attainment(floor, expected, rating))
                    assert models_attainment.gain(rubric, {comp_id: rating}, role, comp_id, to) == (role, by_hand)
