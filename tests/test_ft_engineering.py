"""The Financial Times example places people as the framework reads: an engineer is judged on the statements of
their step, the earlier steps' statements assumed met on the way up, Junior where everyone starts and Principal never
met from statements (it has none). The rule is written out here from the framework's own structure (which step each
statement belongs to, as its data file says and each competency's source quotes), independently of the rubric's
expected levels and scoring, and compared on every edge and over random people."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.core.answers import Answers
from assess.core.scoring import score
from assess.io.rubric_files import load_rubric_file

ROOT = Path(__file__).parent.parent
RUBRIC = load_rubric_file(ROOT / "examples" / "ft-engineering" / "ft-engineering.yaml")
STEPS = ["Engineer", "Senior Engineer 1", "Senior Engineer 2"]  # the framework's levels with statements, in order
MOST = 0.85  # the rubric's reading of "meets most of them"; the framework states no number


def _step(source: str) -> str:
    found = re.search(r"\((Engineer|Senior Engineer 1|Senior Engineer 2), ", source)
    assert found, source
    return found.group(1)


STATEMENTS = {step: [c.id for c in RUBRIC.competencies if _step(c.source[0]) == step] for step in STEPS}


def ft_level(yes: set[str]) -> str:
    """The framework's rule: climb while a step's own statements are mostly met."""
    level = "Junior Engineer"
    for step in STEPS:
        own = STATEMENTS[step]
        if sum(s in yes for s in own) < MOST * len(own):
            break
        level = step
    return level


def ours(yes: set[str]) -> str:
    result = score(RUBRIC, Answers(rubric="ft-engineering",
                                   ratings={c.id: int(c.id in yes) for c in RUBRIC.competencies}))
    return RUBRIC.role(result.placement).title if result.placement else "not placed"


def test_the_statements_are_the_frameworks_32_31_and_16():
    assert [len(STATEMENTS[step]) for step in STEPS] == [32, 31, 16]


def test_senior_2_needs_its_own_statements_not_earlier_ones():
    """Every earlier statement met and 5 of Senior 2's 16: Senior Engineer 1 (by attainment against expected,
    earlier statements would carry this person to Senior 2)."""
    yes = {*STATEMENTS["Engineer"], *STATEMENTS["Senior Engineer 1"], *STATEMENTS["Senior Engineer 2"][:5]}
    assert ours(yes) == ft_level(yes) == "Senior Engineer 1"


def test_principal_is_never_met_from_statements():
    everything = {c.id for c in RUBRIC.competencies}
    result = score(RUBRIC, Answers(ratings=dict.fromkeys(everything, 1)))
    assert RUBRIC.role(result.placement).title == ft_level(everything) == "Senior Engineer 2"
    principal = next(role for role in result.roles if role.id == "principal")
    assert (principal.readiness, principal.met) == (0.0, False)
    assert result.what_it_takes.role == "principal"
    assert result.what_it_takes.reachable is False
    assert result.what_it_takes.changes == []


def test_nobody_starts_below_junior():
    assert ours(set()) == ft_level(set()) == "Junior Engineer"


@pytest.mark.parametrize("step", STEPS)
def test_each_step_at_its_bar_and_one_statement_below(step):
    index = STEPS.index(step)
    earlier = {s for lower in STEPS[:index] for s in STATEMENTS[lower]}
    own = STATEMENTS[step]
    bar = math.ceil(MOST * len(own))
    at_bar, below_bar = earlier | set(own[:bar]), earlier | set(own[:bar - 1])
    assert ours(at_bar) == ft_level(at_bar) == step
    assert ours(below_bar) == ft_level(below_bar) == (STEPS[index - 1] if index else "Junior Engineer")


def test_a_later_step_met_does_not_skip_an_earlier_one():
    """All of Senior 1 and Senior 2, too few of Engineer's: still a Junior, as the framework climbs."""
    yes = {*STATEMENTS["Senior Engineer 1"], *STATEMENTS["Senior Engineer 2"], *STATEMENTS["Engineer"][:20]}
    assert ours(yes) == ft_level(yes) == "Junior Engineer"


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_random_engineers_are_placed_as_the_framework_places_them(data):
    yes = set()
    for step in STEPS:  # per step, a share met near the bar, where the verdicts turn
        own = STATEMENTS[step]
        met = data.draw(st.integers(max(0, math.ceil(MOST * len(own)) - 3), len(own)))
        yes |= set(data.draw(st.permutations(own))[:met])
    assert ours(yes) == ft_level(yes)
