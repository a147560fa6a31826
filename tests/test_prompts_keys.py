"""The questionary adapter under real keystrokes: prompt_toolkit pipe input, no terminal.

Keys are sent up front and the pipe is closed, so a prompt waiting for a key it never gets raises
EOFError instead of hanging the suite.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from assess.cli import prompts, terminal
from assess.core.questions import fact_questions, rating_question, review_question
from assess.io.rubric_files import load_rubric_file
from assess.io.store.sqlite import SQLiteStore as Store

from .conftest import MINI

DOWN = "\x1b[B"
ENTER = "\r"
CTRL_C = "\x03"


@pytest.fixture(scope="module")
def mini():
    return load_rubric_file(MINI)


def press(question, keys):
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        return prompts.ask(question, input=inp, output=DummyOutput())


@pytest.fixture
def keyboard(monkeypatch):
    """Route every prompt of a CLI run through one pipe fed with `keys`."""

    real_ask = prompts.ask

    @contextmanager
    def install(keys):
        with create_pipe_input() as inp:
            inp.send_text(keys)
            inp.close()
            monkeypatch.setattr(prompts, "ask", lambda question: real_ask(question, input=inp, output=DummyOutput()))
            monkeypatch.setattr(terminal, "has_terminal", lambda: True)
            yield

    return install


def test_rating_by_digit_and_not_sure_by_n(mini):
    question = rating_question(mini, mini.competency("x1"))
    assert press(question, "3" + ENTER) == 3
    assert press(question, "0" + ENTER) == 0
    assert press(question, "n" + ENTER) is None
    assert press(question, DOWN + DOWN + ENTER) == 2


def test_rating_default_points_at_the_current_answer(mini):
    assert press(rating_question(mini, mini.competency("x1"), default=2), ENTER) == 2
    assert press(rating_question(mini, mini.competency("x1"), default=None), ENTER) is None
    assert press(rating_question(mini, mini.competency("x1")), ENTER) == 0


def test_years_are_validated_before_they_are_accepted(mini):
    years = fact_questions(mini)[1]
    assert press(years, "2.5" + ENTER) == 2.5
    assert press(years, "-1" + ENTER + "\x7f\x7f" + "7" + ENTER) == 7
    with pytest.raises(EOFError):
        press(years, "lots" + ENTER)


def test_review_continue_is_the_default(mini):
    review = review_question(mini, mini.area("x"), {"x1": 1, "x2": 2})
    assert press(review, ENTER) == "continue"
    assert press(review, DOWN + DOWN + ENTER) == "x2"


def test_ctrl_c_raises_keyboard_interrupt(mini):
    with pytest.raises(KeyboardInterrupt):
        press(rating_question(mini, mini.competency("x1")), CTRL_C)


WHOLE_RUN_KEYS = [
    "Jane" + ENTER,  # name
    DOWN + DOWN + ENTER,  # degree: master
    "6" + ENTER,  # years
    "3" + ENTER,  # x1
    "Led X." + ENTER,  # evidence x1
    "2" + ENTER,  # x2
    ENTER,  # review x: continue
    "4" + ENTER,  # y1
    ENTER,  # evidence y1: skipped
    "n" + ENTER,  # y2: not sure
    ENTER,  # review y: continue
    DOWN + ENTER,  # report: not now
]


def test_whole_run_by_keystrokes(run, keyboard, isolated_home):
    with keyboard("".join(WHOLE_RUN_KEYS)):
        result = run("take", "--rubric", MINI)
    assert result.exit_code == 0, result.output
    with Store(isolated_home) as store:
        (stored,) = store.runs("default")
    assert stored.name == "Jane"
    assert stored.answers.facts == {"degree": "master", "years": 6}
    assert stored.answers.ratings == {"x1": 3, "x2": 2, "y1": 4, "y2": None}
    assert stored.answers.evidence == {"x1": "Led X."}


def test_ctrl_c_then_resume_by_keystrokes(run, keyboard, isolated_home):
    with keyboard("".join(WHOLE_RUN_KEYS[:5]) + CTRL_C):
        stopped = run("take", "--rubric", MINI)
    assert stopped.exit_code == 130
    assert stopped.stderr == f"\nSaved 3 answers — run `assess take --rubric {MINI}` to resume\n"
    with keyboard(ENTER + "".join(WHOLE_RUN_KEYS[5:])):  # Enter: "Resume where I stopped"
        resumed = run("take", "--rubric", MINI)
    assert resumed.exit_code == 0, resumed.output
    with Store(isolated_home) as store:
        (stored,) = store.runs("default")
    assert stored.answers.ratings == {"x1": 3, "x2": 2, "y1": 4, "y2": None}
    assert stored.answers.evidence == {"x1": "Led X."}
    assert stored.answers.facts == {"degree": "master", "years": 6}


def test_a_name_longer_than_the_bound_is_not_taken():
    from assess.core.questions import name_question

    assert press(name_question(), "x" * 200 + ENTER) == "x" * 200
    with pytest.raises(EOFError):  # Enter is refused with the bound shown; then the keys run out
        press(name_question(), "x" * 201 + ENTER)


def test_an_escape_character_in_evidence_is_not_taken(mini):
    from assess.core.questions import check_text, evidence_question

    question = evidence_question(mini.competency("x1"))
    assert press(question, "Led the rewrite" + ENTER) == "Led the rewrite"
    with pytest.raises(ValueError, match="control character U\\+001B"):
        check_text("Led \x1b[2J it", question.maximum)


BACKSPACE = "\x7f"

RERUN_KEYS = [
    ENTER,  # start from my last answers (the default)
    ENTER,  # name: "Jane" kept
    ENTER,  # degree: master kept
    BACKSPACE + "7" + ENTER,  # years: 6 -> 7, the one fact that changed
    ENTER,  # x1: 3 kept
    ENTER,  # its evidence: last time's sentence kept
    "3" + ENTER,  # x2: 2 -> 3, changed
    "Ran the X2 migration." + ENTER,  # evidence for the new 3
    ENTER,  # review x: continue
    ENTER,  # y1: 4 kept
    ENTER,  # its evidence: none last time, none now
    ENTER,  # y2: "not sure" kept
    ENTER,  # review y: continue
    DOWN + ENTER,  # report: not now
]


def test_a_rerun_by_keystrokes_takes_only_the_changed_answers(run, keyboard, isolated_home):
    with keyboard("".join(WHOLE_RUN_KEYS)):
        assert run("take", "--rubric", MINI).exit_code == 0
    with keyboard("".join(RERUN_KEYS)):
        result = run("take", "--rubric", MINI)
    assert result.exit_code == 0, result.output
    with Store(isolated_home) as store:
        first, second = store.runs("default")
    assert second.started_from == first.id
    assert second.name == "Jane"
    assert second.answers.facts == {"degree": "master", "years": 7}
    assert second.answers.ratings == {"x1": 3, "x2": 3, "y1": 4, "y2": None}
    assert second.answers.evidence == {"x1": "Led X.", "x2": "Ran the X2 migration."}
