"""A rerun continues from the last run: its answers are each question's default, facts and evidence carried over,
changed answers marked; `assess template --from-last` gives them back as a file; profiles are checked."""

from __future__ import annotations

import yaml

from assess.core.answers import Answers
from assess.core.flow_questions import BLANK, FROM_LAST, STOP
from assess.core.questions import NO_DEFAULT

from .conftest import MINI, write_yaml
from .test_take import CONTINUE, WHOLE_RUN, script, store  # noqa: F401 - fixtures

FIRST = Answers(rubric=str(MINI), name="Jane Doe", facts={"degree": "master", "years": 6},
                ratings={"x1": 3, "x2": 2, "y1": 4, "y2": None}, evidence={"x1": "Led the X rewrite."},
                private=["years"])


def first_run(run, tmp_path, profile="default"):
    path = write_yaml(tmp_path / f"first-{profile}.yaml", {**FIRST.model_dump(), "profile": profile})
    result = run("take", "--answers", path)
    assert result.exit_code == 0, result.output


KEEP = object()  # a step answered with the question's default, as Enter does


class Rerun:
    """The scripted seam, where KEEP answers with the question's default."""

    def __init__(self, install, steps):
        from assess.cli import prompts

        self.fake = install(*steps)
        scripted = prompts.ask

        def answer(question):
            value = scripted(question)
            return question.default if value is KEEP else value

        prompts.ask = answer  # monkeypatched by `install`, which puts the real one back


RERUN = [
    ("control.start-from", FROM_LAST),
    ("name.name", KEEP),
    ("facts.degree", KEEP),
    ("facts.years", 7),  # a year later
    ("ratings.x1", KEEP),
    ("evidence.x1", KEEP),
    ("ratings.x2", 3),  # raised
    ("evidence.x2", "Ran the X2 migration."),
    ("control.review-x", CONTINUE),
    ("ratings.y1", KEEP),
    ("evidence.y1", ""),
    ("ratings.y2", KEEP),
    ("control.review-y", CONTINUE),
    ("control.report", "skip"),
]


def test_a_rerun_offers_the_last_answers_as_every_default_and_says_so(run, script, store, tmp_path):  # noqa: F811
    first_run(run, tmp_path)
    (last,) = store.runs("default")
    rerun = Rerun(script, RERUN)
    result = run("take", "--rubric", MINI)
    assert result.exit_code == 0, result.output
    asked = {q.id: q for q in rerun.fake.asked}
    assert asked["control.start-from"].prompt == f"You took this assessment on {last.finished_at[:10]}. Start from those answers?"
    assert f"Each question shows your answer of {last.finished_at[:10]} as its default: Enter keeps it" in result.stdout
    # Every question's default is the last answer, and it says what that was.
    assert (asked["name.name"].default, asked["name.name"].last) == ("Jane Doe", "Jane Doe")
    assert (asked["facts.degree"].default, asked["facts.degree"].last) == ("master", "master")
    assert (asked["facts.years"].default, asked["facts.years"].last) == (6, "6")
    assert (asked["ratings.x1"].default, asked["ratings.x1"].last) == (3, "3 Proficient")
    assert (asked["ratings.y2"].default, asked["ratings.y2"].last) == (None, "not sure")
    assert (asked["evidence.x1"].default, asked["evidence.x1"].last) == ("Led the X rewrite.", "your sentence of last time")
    assert asked["evidence.x2"].last == ""  # nothing to carry: x2 was 2 last time
    # The review marks what changed since the last run.
    review = asked["control.review-x"]
    assert review.prompt == "Your answers for Area X (1 answer changed since last time) — change one?"
    assert [c.title.split() for c in review.choices[1:]] == [
        ["X", "one", "3", "Proficient"], ["X", "two", "3", "Proficient", "(changed;", "was", "2", "Practitioner)"]]
    assert asked["control.review-y"].prompt == "Your answers for Area Y (0 answers changed since last time) — change one?"
    latest = store.runs("default")[-1]
    assert latest.started_from == last.id
    assert latest.answers.model_dump(exclude={"rubric"}) == {
        "profile": "default", "name": "Jane Doe", "rater": None, "facts": {"degree": "master", "years": 7},
        "ratings": {"x1": 3, "x2": 3, "y1": 4, "y2": None},
        "evidence": {"x1": "Led the X rewrite.", "x2": "Ran the X2 migration."}, "private": ["years"]}


def test_start_blank_asks_with_no_defaults(run, script, store, tmp_path):  # noqa: F811
    first_run(run, tmp_path)
    fake = script(("control.start-from", BLANK), *WHOLE_RUN)
    assert run("take", "--rubric", MINI).exit_code == 0
    assert all(q.last == "" for q in fake.asked)
    assert [q.default for q in fake.asked if q.section == "ratings"] == [NO_DEFAULT] * 4
    assert store.runs("default")[-1].started_from is None


def test_a_rerun_stopped_half_way_resumes_with_the_same_defaults(run, script, store, tmp_path):  # noqa: F811
    first_run(run, tmp_path)
    Rerun(script, [*RERUN[:6], KeyboardInterrupt])
    assert run("take", "--rubric", MINI).exit_code == 130
    rerun = Rerun(script, [("control.resume", "resume"), *RERUN[6:]])
    assert run("take", "--rubric", MINI).exit_code == 0
    asked = {q.id: q for q in rerun.fake.asked}
    assert "control.start-from" not in asked  # the draft it resumes already continues the last run
    assert (asked["ratings.y1"].default, asked["ratings.y1"].last) == (4, "4 Expert")
    assert store.runs("default")[-1].answers.ratings == {"x1": 3, "x2": 3, "y1": 4, "y2": None}


def test_a_plain_take_continues_with_the_rubric_of_the_last_run(run, script, store, tmp_path):  # noqa: F811
    first_run(run, tmp_path)  # the mini rubric, by path
    fake = script(("control.start-from", BLANK), ("name.name", ""), ("facts.degree", "master"), KeyboardInterrupt)
    assert run("take").exit_code == 130
    assert fake.asked[0].prompt.endswith("Start from those answers?")
    assert store.find_draft("default").rubric_id == "mini"


def test_a_rater_rerun_starts_from_that_raters_last_ratings(run, script, store, tmp_path):  # noqa: F811
    first_run(run, tmp_path, profile="jane")
    rater = write_yaml(tmp_path / "pat.yaml", {"rubric": str(MINI), "profile": "jane",
                                               "rater": {"relation": "peer", "name": "Pat"},
                                               "ratings": {"x1": 2, "x2": 2, "y1": 1, "y2": 0}})
    assert run("take", "--answers", rater).exit_code == 0
    rerun = Rerun(script, [("control.start-from", FROM_LAST), ("ratings.x1", KEEP), ("ratings.x2", KEEP),
                           ("control.review-x", CONTINUE), ("ratings.y1", 2), ("ratings.y2", KEEP),
                           ("control.review-y", CONTINUE)])
    args = ("take", "--rubric", MINI, "--profile", "jane", "--rater-relation", "peer", "--rater-name", "pat")
    assert run(*args).exit_code == 0
    assert rerun.fake.asked[1].last == "2 Practitioner"
    assert [r.answers.ratings for r in store.runs("jane", who="raters")][-1] == {"x1": 2, "x2": 2, "y1": 2, "y2": 0}


def test_ctrl_c_before_the_first_answer_leaves_no_draft(run, script, store, tmp_path):  # noqa: F811
    script(("name.name", "Jane Doe"), KeyboardInterrupt)  # the name is given, Ctrl-C at the first fact
    result = run("take", "--rubric", MINI)
    assert result.exit_code == 130
    assert result.stderr == f"\nStopped before the first answer — run `assess take --rubric {MINI}` to start\n"
    assert store.find_draft("default") is None and store.runs("default", status=None) == []
    fake = script(*WHOLE_RUN)
    assert run("take", "--rubric", MINI).exit_code == 0
    assert fake.ids[0] == "name.name"  # no "resume" question about an empty draft


# --- the last answers as a file ------------------------------------------------------------------------------


def test_template_from_last_gives_the_last_answers_back_as_an_editable_file(run, store, tmp_path):  # noqa: F811
    first_run(run, tmp_path)
    result = run("template", "--from-last")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    (last,) = store.runs("default")
    assert text.startswith(f"# Your answers of {last.finished_at[:10]} (run {last.id}) for Mini rubric")
    data = yaml.safe_load(text)
    assert data == {"rubric": str(MINI), "profile": "default", "name": "Jane Doe",
                    "facts": {"degree": "master", "years": 6}, "private": ["years"],
                    "ratings": {"x1": 3, "x2": 2, "y1": 4, "y2": None}, "evidence": {"x1": "Led the X rewrite."}}
    assert "  # 0 None: x1 zero\n" in text  # each question still commented with its anchors
    # Edited and taken back in, it is the next run, with nothing asked.
    edited = tmp_path / "next.yaml"
    edited.write_text(text.replace("  x2: 2\n", "  x2: 3\n"))
    assert run("take", "--answers", edited).exit_code == 0
    assert store.runs("default")[-1].answers.ratings == {"x1": 3, "x2": 3, "y1": 4, "y2": None}


def test_template_from_last_quotes_what_yaml_would_misread(run, store, tmp_path):  # noqa: F811
    tricky = 'Cut "p99" latency: 40% # not a comment\n'.strip()
    path = write_yaml(tmp_path / "a.yaml", {**FIRST.model_dump(), "name": "Yes", "profile": "sam",
                                            "evidence": {"x1": tricky, "y1": "- a list? no"}})
    assert run("take", "--answers", path).exit_code == 0
    data = yaml.safe_load(run("template", "--from-last", "-p", "sam").stdout)
    assert (data["name"], data["evidence"]) == ("Yes", {"x1": tricky, "y1": "- a list? no"})


def test_template_from_last_without_a_run_says_so(run):
    result = run("template", "--from-last", "-p", "nobody")
    assert (result.exit_code, result.stderr) == (2, "assess: profile 'nobody': no completed runs yet; take one "
                                                    "with `assess take`\n")


# --- profiles as people expect ------------------------------------------------------------------------------


def test_a_new_profile_close_to_an_existing_one_is_asked_about(run, script, store, tmp_path):  # noqa: F811
    first_run(run, tmp_path, profile="jordan")
    fake = script(("control.profile", "jordan"), ("control.start-from", BLANK), KeyboardInterrupt)
    assert run("take", "--rubric", MINI, "--profile", "jordn").exit_code == 130
    question = fake.asked[0]
    assert question.prompt == "Profile 'jordn' is new; did you mean 'jordan'?"
    assert [c.value for c in question.choices] == ["jordn", "jordan", STOP]
    assert question.default == "jordn"
    assert store.profiles() == ["jordan"]  # it went on as jordan: the offer of jordan's last answers followed


def test_stopping_at_the_profile_question_stores_nothing(run, script, store, tmp_path):  # noqa: F811
    first_run(run, tmp_path, profile="jordan")
    script(("control.profile", STOP))
    result = run("take", "--rubric", MINI, "--profile", "jordn")
    assert (result.exit_code, result.stderr) == (130, "assess: cancelled\n")
    assert store.profiles() == ["jordan"]


def test_a_rater_file_for_a_profile_without_a_self_assessment_warns_and_names_the_closest(run, store, tmp_path):  # noqa: F811
    first_run(run, tmp_path, profile="jordan")
    rater = write_yaml(tmp_path / "pia.yaml", {"rubric": str(MINI), "profile": "jordn-typo",
                                               "rater": {"relation": "peer", "name": "Pia"},
                                               "ratings": {"x1": 2, "x2": 2, "y1": 1, "y2": 0}})
    result = run("take", "--answers", rater)
    assert result.exit_code == 0
    assert result.stderr == ("assess: warning: profile 'jordn-typo' has no self-assessment yet: others' ratings of it "
                             "count once it has one; did you mean 'jordan'?\n")


def test_a_complete_file_for_a_new_profile_close_to_another_warns_without_a_terminal(run, store, tmp_path):  # noqa: F811
    first_run(run, tmp_path, profile="jordan")
    result = run("take", "--answers", write_yaml(tmp_path / "x.yaml", {**FIRST.model_dump(), "profile": "jordn"}))
    assert result.exit_code == 0
    assert result.stderr == "assess: warning: profile 'jordn' is new: this run starts its history; did you mean " \
                            "'jordan'?\n"
    again = run("take", "--answers", write_yaml(tmp_path / "y.yaml", {**FIRST.model_dump(), "profile": "jordn"}))
    assert again.stderr == ""  # known now
    other = run("take", "--answers", write_yaml(tmp_path / "z.yaml", {**FIRST.model_dump(), "profile": "sam"}))
    assert other.stderr == ""  # a new name like no other is a new person, not a typo


def test_the_first_run_of_all_needs_no_word(run, store, tmp_path):  # noqa: F811
    assert run("take", "--answers", write_yaml(tmp_path / "a.yaml", {**FIRST.model_dump(), "profile": "sam"})
               ).stderr == ""
    assert run("take", "--answers", write_yaml(tmp_path / "b.yaml", FIRST.model_dump())).stderr == ""


def test_profiles_are_matched_by_their_closest_name():
    from assess.core.profiles import closest

    assert closest("jordn", ["jordan", "sam"]) == "jordan"
    assert closest("jordn-typo", ["jordan", "sam"]) == "jordan"
    assert closest("zed", ["jordan", "sam"]) is None
    assert closest("sam", ["sam"]) is None  # never itself


def test_hints_name_the_command_the_way_it_was_run(monkeypatch, tmp_path):
    import sys

    from assess.cli import errors as common

    monkeypatch.setattr(sys, "argv", [".venv/bin/assess", "take"])
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert common.command() == ".venv/bin/assess"
    assert common.runnable("take one with `assess take`") == "take one with `.venv/bin/assess take`"
    target = tmp_path / "bin" / "assess"
    target.parent.mkdir()
    target.write_text("")
    monkeypatch.setattr(sys, "argv", [str(target)])
    monkeypatch.setattr("shutil.which", lambda name: str(target))
    assert common.command() == "assess"  # what the PATH finds is what ran
    monkeypatch.setattr(sys, "argv", ["/opt/my tools/assess"])
    assert common.command() == "'/opt/my tools/assess'"
    monkeypatch.setattr(sys, "argv", ["/usr/bin/pytest"])
    assert common.command() == "assess"


def test_hints_of_python_dash_m_name_the_interpreter_that_ran_unless_assess_is_on_the_path(tmp_path):
    import os
    import subprocess
    import sys

    probe = "from assess.cli.errors import command; print(command())"
    bare = {**os.environ, "PATH": "/nonexistent"}
    ran = subprocess.run([sys.executable, "-m", "assess", "history", "-p", "nobody"], capture_output=True, text=True,
                         env={**bare, "ASSESS_HOME": str(tmp_path / "h")}, cwd=tmp_path, check=True).stdout
    assert ran == f"No runs for profile 'nobody' yet; take one with `{sys.executable} -m assess take`.\n"
    on_path = {**os.environ, "PATH": os.pathsep.join([os.path.dirname(sys.executable), "/nonexistent"])}
    ran = subprocess.run([sys.executable, "-m", "assess", "history", "-p", "nobody"], capture_output=True, text=True,
                         env={**on_path, "ASSESS_HOME": str(tmp_path / "h")}, cwd=tmp_path, check=True).stdout
    assert ran == "No runs for profile 'nobody' yet; take one with `assess take`.\n"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=bare,
                          check=True).stdout == "assess\n"  # imported as a library: the documented name
