"""`assess take` through the real entry point, with our own prompt seam (`assess.cli.prompts.ask`) scripted."""

from __future__ import annotations

import pytest

from assess.cli import prompts
from assess.cli import terminal as terminal_module
from assess.core.answers import Answers, check_answers
from assess.core.scoring import score
from assess.io.rubric_files import load_rubric_file
from assess.io.store.sqlite import SQLiteStore as Store

from .conftest import MINI, write_yaml

CONTINUE = "continue"


class Script:
    """Answers questions in order; each step is (expected question id, value) or KeyboardInterrupt."""

    def __init__(self, steps):
        self.steps = list(steps)
        self.asked = []  # (id, question) of every question shown

    def __call__(self, question):
        self.asked.append(question)
        if not self.steps:
            raise AssertionError(f"unexpected question {question.id}")
        step = self.steps.pop(0)
        if step is KeyboardInterrupt:
            raise KeyboardInterrupt
        expected, value = step
        assert question.id == expected
        return value

    @property
    def ids(self):
        return [q.id for q in self.asked]


@pytest.fixture
def script(monkeypatch):
    def install(*steps, terminal=True):
        fake = Script(steps)
        monkeypatch.setattr(prompts, "ask", fake)
        monkeypatch.setattr(terminal_module, "has_terminal", lambda: terminal)
        return fake

    return install


@pytest.fixture
def store(isolated_home):
    with Store(isolated_home) as opened:
        yield opened


WHOLE_RUN = [
    ("name.name", "Jane Doe"),
    ("facts.degree", "master"),
    ("facts.years", 6),
    ("ratings.x1", 3),
    ("evidence.x1", "Led the X rewrite."),
    ("ratings.x2", 2),
    ("control.review-x", CONTINUE),
    ("ratings.y1", 4),
    ("evidence.y1", ""),
    ("ratings.y2", None),
    ("control.review-y", CONTINUE),
    ("control.report", "skip"),
]


def test_whole_run_is_scored_stored_and_shown(run, script, store):
    fake = script(*WHOLE_RUN)
    result = run("take", "--rubric", MINI)
    assert result.exit_code == 0, result.output
    assert fake.steps == []
    assert result.stdout.startswith("Self-assessment: Mini rubric\n")
    assert "6 questions to answer: about 2-3 minutes." in result.stdout
    assert "Jane Doe" in result.stdout and "Readiness for Rung C: 78.6 / 100" in result.stdout
    (stored,) = store.runs("default")
    expected = Answers(
        rubric=str(MINI),
        name="Jane Doe",
        facts={"degree": "master", "years": 6},
        ratings={"x1": 3, "x2": 2, "y1": 4, "y2": None},
        evidence={"x1": "Led the X rewrite."},
    )
    assert (stored.status, stored.name, stored.rubric_id) == ("complete", "Jane Doe", "mini")
    assert stored.answers == expected
    assert stored.result == score(load_rubric_file(MINI), expected)
    assert f"Saved as run {stored.id}." in result.stdout
    assert store.find_draft("default") is None


def test_rating_questions_show_where_you_are(run, script):
    fake = script(*WHOLE_RUN)
    run("take", "--rubric", MINI)
    positions = [q.position for q in fake.asked if q.section == "ratings"]
    assert positions == ["Area 1/2 · question 1/4", "Area 1/2 · question 2/4", "Area 2/2 · question 3/4",
                         "Area 2/2 · question 4/4"]


def test_interrupt_at_the_sixth_question_keeps_the_first_five_and_resumes(run, script, store):
    script(*WHOLE_RUN[:5], KeyboardInterrupt)
    stopped = run("take", "--rubric", MINI)
    assert stopped.exit_code == 130
    assert stopped.stderr == f"\nSaved 3 answers — run `assess take --rubric {MINI}` to resume\n"
    draft = store.find_draft("default", "mini")
    assert draft.answers == Answers(rubric=str(MINI), name="Jane Doe", facts={"degree": "master", "years": 6},
                                    ratings={"x1": 3}, evidence={"x1": "Led the X rewrite."})

    fake = script(("control.resume", "resume"), *WHOLE_RUN[5:])
    resumed = run("take", "--rubric", MINI)
    assert resumed.exit_code == 0, resumed.output
    assert fake.ids[1] == "ratings.x2"
    assert "3 questions to answer: about 1-2 minutes." in resumed.stdout
    (stored,) = store.runs("default")
    assert stored.id == draft.id
    assert stored.answers.ratings == {"x1": 3, "x2": 2, "y1": 4, "y2": None}
    assert stored.answers.evidence == {"x1": "Led the X rewrite."}
    assert stored.name == "Jane Doe"


def test_interrupt_before_any_answer_says_nothing_was_saved(run, script, store):
    script(KeyboardInterrupt)
    result = run("take", "--rubric", MINI, "--profile", "work")
    assert result.exit_code == 130
    command = f"assess take --rubric {MINI} --profile work"
    assert result.stderr == f"\nStopped before the first answer — run `{command}` to start\n"
    assert store.find_draft("work") is None


def test_start_over_discards_the_draft(run, script, store):
    script(*WHOLE_RUN[:4], KeyboardInterrupt)
    run("take", "--rubric", MINI)
    old = store.find_draft("default")
    fake = script(("control.resume", "start-over"), *WHOLE_RUN)
    result = run("take", "--rubric", MINI)
    assert result.exit_code == 0, result.output
    assert fake.steps == []
    (stored,) = store.runs("default")
    assert stored.id != old.id
    assert store.runs("default", status="draft") == []


def test_changing_an_answer_in_the_review(run, script, store):
    steps = [
        *WHOLE_RUN[:6],
        ("control.review-x", "x2"),
        ("ratings.x2", 4),
        ("evidence.x2", "Shipped X two."),
        ("control.review-x", "x1"),
        ("ratings.x1", 1),
        ("control.review-x", CONTINUE),
        *WHOLE_RUN[7:],
    ]
    fake = script(*steps)
    result = run("take", "--rubric", MINI)
    assert result.exit_code == 0, result.output
    again = [q for q in fake.asked if q.id == "ratings.x2"]
    assert [q.default for q in again[1:]] == [2]
    reviews = [q for q in fake.asked if q.id == "control.review-x"]
    assert [c.title for c in reviews[1].choices] == ["Looks right, continue", "X one  3 Proficient", "X two  4 Expert"]
    (stored,) = store.runs("default")
    assert stored.answers.ratings == {"x1": 1, "x2": 4, "y1": 4, "y2": None}
    # Evidence for x1 stays on file; it only counts while the rating is 3 or 4.
    assert stored.answers.evidence == {"x1": "Led the X rewrite.", "x2": "Shipped X two."}
    assert stored.result.evidence.model_dump() == {"claimed": 1, "evidenced": 1}


def test_evidence_is_asked_only_after_three_or_four(run, script, store):
    fake = script(
        ("name.name", ""),
        ("facts.degree", "phd"),
        ("facts.years", 2.5),
        ("ratings.x1", 4),
        ("evidence.x1", "Set X practice for the org."),
        ("ratings.x2", 0),
        ("control.review-x", CONTINUE),
        ("ratings.y1", 2),
        ("ratings.y2", 3),
        ("evidence.y2", ""),
        ("control.review-y", CONTINUE),
        ("control.report", "skip"),
    )
    assert run("take", "--rubric", MINI).exit_code == 0
    assert [q.id for q in fake.asked if q.section == "evidence"] == ["evidence.x1", "evidence.y2"]
    (stored,) = store.runs("default")
    assert stored.name is None
    assert stored.answers.facts == {"degree": "phd", "years": 2.5}
    assert stored.answers.evidence == {"x1": "Set X practice for the org."}


def test_report_offer_writes_through_the_report_module(run, script, store, monkeypatch, tmp_path):
    import assess.app.reports

    written = []

    def fake_write(stored_run, path, *args, **kwargs):
        written.append((stored_run.id, path))
        return path

    monkeypatch.setattr(assess.app.reports, "write_report", fake_write)
    monkeypatch.setattr(assess.app.reports, "stored_report", lambda used_store, stored_run: stored_run)
    monkeypatch.chdir(tmp_path)
    steps = [*WHOLE_RUN[:-1], ("control.report", "write")]
    fake = script(*steps)
    result = run("take", "--rubric", MINI)
    assert result.exit_code == 0, result.output
    (stored,) = store.runs("default")
    who = (stored.name or "default").lower().replace(" ", "-")
    path = tmp_path / f"assess-report-{who}-{stored.finished_at[:10]}.pdf"
    assert written == [(stored.id, path)]
    assert fake.asked[-1].choices[0].title == f"Yes, to {path.name}"
    assert result.stdout.endswith(f"Report written to {path}\n")


def test_partial_answers_ask_only_what_is_missing(run, script, store, tmp_path):
    partial = write_yaml(tmp_path / "partial.yaml", {
        "rubric": str(MINI), "profile": "work", "name": "Sam",
        "facts": {"degree": "bachelor", "years": 4},
        "ratings": {"x1": 2, "x2": None},
    })
    fake = script(
        ("ratings.y1", 1),
        ("ratings.y2", 3),
        ("evidence.y2", "Ran Y two."),
        ("control.review-y", CONTINUE),
        ("control.report", "skip"),
    )
    result = run("take", "--answers", partial)
    assert result.exit_code == 0, result.output
    assert fake.steps == []
    assert "3 questions" not in result.stdout and "2 questions to answer" in result.stdout
    (stored,) = store.runs("work")
    assert stored.answers.ratings == {"x1": 2, "x2": None, "y1": 1, "y2": 3}
    assert stored.answers.evidence == {"y2": "Ran Y two."}
    assert (stored.name, stored.profile) == ("Sam", "work")


def test_complete_answers_store_the_run_without_a_prompt(run, script, store, tmp_path):
    data = {
        "rubric": str(MINI), "name": "Sam",
        "facts": {"degree": "master", "years": 6},
        "ratings": {"x1": 3, "x2": 2, "y1": 4, "y2": None},
        "evidence": {"x1": "Led the X rewrite."},
    }
    complete = write_yaml(tmp_path / "complete.yaml", data)
    script(terminal=False)
    result = run("take", "--answers", complete)
    assert result.exit_code == 0, result.output
    assert "Readiness for Rung C: 78.6 / 100" in result.stdout
    (stored,) = store.runs("default")
    answers = check_answers(Answers.model_validate(data), load_rubric_file(MINI), "x")
    assert stored.answers == answers
    assert stored.result == score(load_rubric_file(MINI), answers)
    assert stored.started_at == stored.finished_at


def test_complete_answers_file_name_is_not_asked_for(run, script, store, tmp_path):
    data = {"rubric": str(MINI), "facts": {"degree": "master", "years": 6},
            "ratings": {"x1": 3, "x2": 2, "y1": 4, "y2": 1}}
    script()
    assert run("take", "--answers", write_yaml(tmp_path / "a.yaml", data), "--name", "Ann").exit_code == 0
    assert store.runs("default")[0].name == "Ann"


def test_no_terminal_and_missing_answers_exit_2(run, script, tmp_path, store):
    partial = write_yaml(tmp_path / "partial.yaml", {"rubric": str(MINI), "facts": {"degree": "phd"},
                                                      "ratings": {"x1": 2}})
    script(terminal=False)
    result = run("take", "--answers", partial)
    assert result.exit_code == 2
    assert result.stderr == (
        f"assess: 4 answers missing and no terminal to ask them on; fill them in the file given to --answers "
        f"({partial}; see `assess template`)\n"
    )
    assert run("take").stderr == (
        "assess: 47 answers missing and no terminal to ask them on; give them in a file with --answers "
        "(see `assess template`)\n"
    )
    assert store.runs(None, status=None) == []


def test_bad_options_exit_2(run, script, tmp_path):
    script()
    result = run("take", "--rubric", MINI, "--profile", "no spaces")
    assert (result.exit_code, result.stderr) == (
        2, "assess: --profile: 'no spaces' is not a profile name: up to 64 letters, digits, '.', '_' or '-'\n")
    for option in ("--name", "--rater-name"):
        extra = ["--rater-relation", "peer", "--profile", "jane"] if option == "--rater-name" else []
        result = run("take", "--rubric", MINI, option, "Sam\nReadiness: 100", *extra)
        assert result.exit_code == 2 and result.stderr.count("\n") == 1
        assert result.stderr.startswith(f"assess: {option}: a name is one line: it contains a line break or a tab")
    other = write_yaml(tmp_path / "a.yaml", {"rubric": "director-ml-engineering"})
    result = run("take", "--rubric", MINI, "--answers", other)
    assert (result.exit_code, result.stderr) == (
        2, f"assess: {other}: rubric: 'director-ml-engineering' is not the --rubric given ({str(MINI)!r})\n")
    bad = write_yaml(tmp_path / "b.yaml", {"rubric": str(MINI), "facts": {"years": 99}})
    result = run("take", "--answers", bad)
    message = f"assess: {bad}: facts.years: 99 is not a number from 0 to 80\n"
    assert (result.exit_code, result.stderr) == (2, message)


def test_report_offer_keeps_an_earlier_report_of_the_same_day(run, script, store, monkeypatch, tmp_path):
    import assess.app.reports

    written = []
    monkeypatch.setattr(assess.app.reports, "write_report", lambda inp, path, *a, **k: written.append(path) or path)
    monkeypatch.setattr(assess.app.reports, "stored_report", lambda used_store, stored_run: stored_run)
    monkeypatch.chdir(tmp_path)
    from datetime import UTC, datetime

    earlier = tmp_path / f"assess-report-jane-doe-{datetime.now(UTC).date().isoformat()}.pdf"
    earlier.write_bytes(b"%PDF earlier")
    script(*WHOLE_RUN[:-1], ("control.report", "write"))
    result = run("take", "--rubric", MINI)
    assert result.exit_code == 0, result.output
    (stored,) = store.runs("default")
    assert written == [earlier.with_stem(f"{earlier.stem}-{stored.id}")]
    assert earlier.read_bytes() == b"%PDF earlier"


def test_resuming_with_an_answers_file_takes_what_the_draft_lacks(run, script, store, tmp_path):
    script(*WHOLE_RUN[:5], KeyboardInterrupt)
    assert run("take", "--rubric", MINI).exit_code == 130
    partial = write_yaml(tmp_path / "partial.yaml", {
        "rubric": str(MINI), "facts": {"degree": "phd"}, "ratings": {"x1": 1, "x2": 2, "y1": 4},
    })
    fake = script(("control.resume", "resume"), ("ratings.y2", 1), ("control.review-y", CONTINUE),
                  ("control.report", "skip"))
    result = run("take", "--answers", partial)
    assert result.exit_code == 0, result.output
    assert fake.steps == []
    (stored,) = store.runs("default")
    # The draft's own answers (degree master, x1 3) stay; the file fills x2 and y1.
    assert stored.answers.facts == {"degree": "master", "years": 6}
    assert stored.answers.ratings == {"x1": 3, "x2": 2, "y1": 4, "y2": 1}


@pytest.mark.slow
def test_the_report_offer_writes_a_real_pdf_of_a_rubric_given_by_path(run, script, store, monkeypatch, tmp_path):
    from pypdf import PdfReader

    monkeypatch.chdir(tmp_path)
    script(*WHOLE_RUN[:-1], ("control.report", "write"))
    result = run("take", "--rubric", MINI)
    assert result.exit_code == 0, result.output
    (stored,) = store.runs("default")
    (pdf,) = tmp_path.glob("assess-report-jane-doe-*.pdf")
    assert result.stdout.endswith(f"Report written to {pdf}\n")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Jane Doe" in text and "Rung C" in text and stored.id in text


# --- the flow itself, driven with an ask function: no terminal, no patched module ---------------------------


def test_the_flow_returns_what_happened_and_asks_only_what_is_missing(store):
    from datetime import UTC, datetime

    from assess.app.take import Completed, Interrupted, take

    rubric = load_rubric_file(MINI)
    given = Answers(rubric=str(MINI), name="Jo", facts={"degree": "phd", "years": 4}, ratings={"x1": 2, "x2": 1})
    answers = iter([("control.welcome", None), ("ratings.y1", 3), ("evidence.y1", "Ran it."), ("ratings.y2", None),
                    ("control.review-y", "continue")])

    def ask(question):
        expected, value = next(answers)
        assert question.id == expected
        return value

    clock = lambda: datetime(2026, 3, 1, 9, tzinfo=UTC)  # noqa: E731
    outcome = take(rubric, store, given=given, ask_name=False, clock=clock, ask=ask)
    assert isinstance(outcome, Completed) and outcome.asked and outcome.rubric == rubric
    assert outcome.run.answers.ratings == {"x1": 2, "x2": 1, "y1": 3, "y2": None}
    assert outcome.run.finished_at == "2026-03-01T09:00:00+00:00"

    def stop(question):
        if question.id == "ratings.y1":
            raise KeyboardInterrupt
        return None

    stopped = take(rubric, store, given=given.model_copy(update={"profile": "other"}), ask_name=False, clock=clock,
                   ask=stop)
    assert stopped == Interrupted(saved=4)  # two facts and two ratings were in the draft
    complete = given.model_copy(update={"ratings": {"x1": 2, "x2": 1, "y1": 1, "y2": 0}})
    quiet = take(rubric, store, given=complete, ask_name=False, clock=clock, ask=stop)
    assert isinstance(quiet, Completed) and not quiet.asked
