"""Others' view through the real entry point: rater files and rater runs, the report beside the self view,
history and progress, and that no rater's name reaches any report."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from assess.cli import take as cli_take
from assess.core.answers import Rater
from assess.core.errors import BadInput
from assess.io.answers_files import load_answers_file
from assess.io.store.sqlite import SQLiteStore as Store

from .conftest import MINI, write_yaml
from .test_take import CONTINUE, script, store  # noqa: F401 - fixtures

SELF = {"x1": 4, "x2": 1, "y1": 3, "y2": 0}
RATERS = {  # file name: (relation, rater's name, ratings)
    "mona": ("manager", "Mona Manager", {"x1": 2, "x2": 3, "y1": 2, "y2": 1}),
    "pete": ("peer", "Pete Peerson", {"x1": 2, "x2": 4, "y1": 1, "y2": 2}),
    "paula": ("peer", "Paula Peerdottir", {"x1": 3, "x2": 3, "y1": 1, "y2": None}),
    "quinn": ("peer", "Quinn Quietpeer", {"x1": 1, "x2": 3, "y1": 0, "y2": 3}),
}
NAMES = [name for _, name, _ in RATERS.values()]


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Each run taken a minute after the one before, from 2026-05-19 10:00 UTC: no two runs share a second."""

    class Clock(datetime):
        moment = datetime(2026, 5, 19, 10, 0, tzinfo=UTC)

        @classmethod
        def now(cls, tz=None):
            cls.moment += timedelta(minutes=1)
            return cls.moment

    monkeypatch.setattr(cli_take, "datetime", Clock)


def self_file(tmp_path, ratings=None):
    return write_yaml(tmp_path / "self.yaml", {"rubric": str(MINI), "profile": "jane", "name": "Jane Doe",
                                               "facts": {"degree": "master", "years": 6},
                                               "ratings": ratings or SELF})


EVIDENCE = "Led the tense review with Orion Unquoted in March."  # a rater's evidence is never quoted


def rater_file(tmp_path, key):
    relation, name, ratings = RATERS[key]
    return write_yaml(tmp_path / f"{key}.yaml", {"rubric": str(MINI), "profile": "jane",
                                                 "rater": {"relation": relation, "name": name}, "ratings": ratings,
                                                 "evidence": {"x2": EVIDENCE} if key == "pete" else {}})


def take(run, path):
    result = run("take", "--answers", path)
    assert result.exit_code == 0, result.output
    return result


def report_json(run, tmp_path):
    out = tmp_path / "r.json"
    result = run("report", "--profile", "jane", "-f", "json", "-o", out)
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text())


def report_json_of(run, tmp_path, run_id):
    out = tmp_path / "old.json"
    assert run("report", run_id, "-f", "json", "-o", out).exit_code == 0
    return json.loads(out.read_text())


@pytest.fixture
def rated(run, tmp_path):
    """Jane's self-assessment, then her manager's and two peers' files, all through `assess take --answers`."""
    take(run, self_file(tmp_path))
    for key in ("mona", "pete", "paula"):
        take(run, rater_file(tmp_path, key))


def test_blind_spots_and_hidden_strengths_are_the_ones_computed_by_hand(run, tmp_path, rated):
    # Two peers are fewer than the rubric's minimum group (3): they are merged into "others", and count. Others'
    # mean over the manager and both peers, one decimal, halves up; self minus it:
    #   x1 2 2 3 -> 2.3, 4 - 2.3 = +1.7 · x2 3 4 3 -> 3.3, 1 - 3.3 = -2.3 hidden strength
    #   y1 2 1 1 -> 1.3, 3 - 1.3 = +1.7 · y2 1 2 - -> 1.5 (Paula not sure), 0 - 1.5 = -1.5
    data = report_json(run, tmp_path)["calibration"]
    assert data["raters"] == [{"relation": "manager", "count": 1}, {"relation": "others", "count": 2}]
    assert [(c["competency"], c["self"], c["others"], c["low"], c["high"], c["raters"], c["difference"])
            for c in data["competencies"]] == [
        ("x1", 4, 2.3, 2, 3, 3, 1.7), ("x2", 1, 3.3, 3, 4, 3, -2.3), ("y1", 3, 1.3, 1, 2, 3, 1.7),
        ("y2", 0, 1.5, 1, 2, 2, -1.5)]
    assert (data["blind_spots"], data["hidden_strengths"]) == ([], ["x2"])
    # Others' readiness for c with the means to the nearest level, x1 2, x2 3, y1 1, y2 2 (shares 8, 2, 1, 3 of
    # 14; expected 3, 2, 4, 2): (8 * 2/3 + 2 + 1 * 1/4 + 3) / 14 = 75.6; rung b is met with Jane's facts.
    assert (data["readiness_others"], data["placement_others"]) == (75.6, "b")
    assert [run_["relation"] for run_ in data["runs"]] == ["manager", "others", "others"]

    # A third peer makes a group of exactly three: everyone counts. Others' mean, one decimal, halves up:
    #   x1 2 2 3 1 -> 2.0, 4 - 2.0 = +2.0 blind · x2 3 4 3 3 -> 3.25 -> 3.3, 1 - 3.3 = -2.3 hidden
    #   y1 2 1 1 0 -> 1.0, 3 - 1.0 = +2.0 blind · y2 1 2 - 3 -> 2.0 (Paula not sure), 0 - 2.0 = -2.0 hidden
    take(run, rater_file(tmp_path, "quinn"))
    data = report_json(run, tmp_path)["calibration"]
    assert data["raters"] == [{"relation": "manager", "count": 1}, {"relation": "peer", "count": 3}]
    assert [(c["others"], c["low"], c["high"], c["raters"], c["difference"]) for c in data["competencies"]] == [
        (2.0, 1, 3, 4, 2.0), (3.3, 3, 4, 4, -2.3), (1.0, 0, 2, 4, 2.0), (2.0, 1, 3, 3, -2.0)]
    assert data["blind_spots"] == ["x1", "y1"]  # equally wide: in the rubric's order
    assert data["hidden_strengths"] == ["x2", "y2"]  # widest first
    assert [run_["relation"] for run_ in data["runs"]] == ["manager", "peer", "peer", "peer"]


def test_the_others_view_is_beside_the_self_view_in_markdown_and_html(run, tmp_path, rated):
    take(run, rater_file(tmp_path, "quinn"))
    md, html = tmp_path / "r.md", tmp_path / "r.html"
    assert run("report", "-p", "jane", "-f", "md", "-o", md).exit_code == 0
    assert run("report", "-p", "jane", "-f", "html", "-o", html).exit_code == 0
    text = md.read_text()
    assert "## How others see you" in text
    assert "ratings of 1 manager and 3 peers" in text
    assert "- Readiness for Rung C: you 69.6, others 75.6" in text
    assert "- Blind spots (you at least 2 levels above others' mean): X one, Y one" in text
    assert "- Hidden strengths (others at least 2 levels above you): X two, Y two" in text
    assert "| X two (hidden strength) | 1 | 3.3 | 3–4 | -2.3 |" in text
    page = html.read_text()
    assert '<section id="others">' in page and "<svg" in page.split('id="others"')[1]


@pytest.mark.slow
def test_no_raters_name_appears_in_any_report_format(run, tmp_path, rated):
    take(run, rater_file(tmp_path, "quinn"))
    for fmt in ("json", "md", "html", "pdf"):
        out = tmp_path / f"r.{fmt}"
        assert run("report", "-p", "jane", "-f", fmt, "-o", out).exit_code == 0
        data = out.read_bytes()
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages) if fmt == "pdf" else data.decode()
        assert "How others see you" in text or '"calibration"' in text, fmt
        for name in [*NAMES, "Orion Unquoted"]:
            for part in name.split():
                assert part not in text, (fmt, part)


def test_after_raters_answer_the_person_sees_them_in_the_terminal(run, tmp_path, rated):
    shown = run("report", "-p", "jane", "-f", "text")
    assert shown.exit_code == 0 and "Readiness for Rung C: 69.6 / 100" in shown.stdout
    assert "How others see you" in shown.stdout and "Ratings of 1 manager and 2 other raters\n" in shown.stdout
    assert "Hidden strengths (others 2+ levels above you): X two" in shown.stdout
    assert not any(part in shown.stdout for name in NAMES for part in name.split())
    for extra in (["-o", tmp_path / "r.txt"], ["--share"]):
        refused = run("report", "-p", "jane", "-f", "text", *extra)
        assert refused.exit_code == 2 and "--format text: prints to this terminal" in refused.stderr
        assert not (tmp_path / "r.txt").exists()


def test_a_self_assessment_shows_others_view_in_the_terminal(run, tmp_path, rated):
    result = take(run, self_file(tmp_path))
    assert "How others see you" in result.stdout
    assert "Ratings of 1 manager and 2 other raters\n" in result.stdout
    assert "Blind spots (you 2+ levels above others): none" in result.stdout
    assert "Hidden strengths (others 2+ levels above you): X two" in result.stdout
    assert not any(part in result.stdout for name in NAMES for part in name.split())


def test_a_rater_sees_their_ratings_kept_not_the_persons_results(run, tmp_path):
    result = take(run, rater_file(tmp_path, "pete"))
    with Store() as opened:
        (kept,) = opened.runs("jane", who="raters")
    assert result.stdout == (f"\nSaved your ratings as peer of profile 'jane' (run {kept.id}). They count in that "
                             "profile's report among others' ratings, never by your name.\n")
    assert kept.answers.rater == Rater(relation="peer", name="Pete Peerson")


def test_history_marks_rater_runs_and_progress_follows_the_self_assessments(run, tmp_path, rated):
    history = json.loads(run("history", "-f", "json").stdout)
    assert [row["rater"] for row in history] == [None, "manager", "peer", "peer"]
    table = run("history").stdout.splitlines()
    assert table[1].split()[-1] == "Rater" and [line.split()[-1] for line in table[3:-1]] == ["-", "manager", "peer",
                                                                                               "peer"]
    # A rater's run is scored without the person's facts: no readiness or placement of its own is shown.
    assert [line.split()[-3:-1] for line in table[4:-1]] == [["-", "-"]] * 3
    assert [row["placement"] for row in history[1:]] == [None, None, None]
    assert run("progress", "-p", "jane").stdout.startswith("Profile 'jane' has one completed run; progress needs two.")
    progress = json.loads(run("progress", "-p", "jane", "-f", "json").stdout)
    assert len(progress["runs"]) == 1
    take(run, self_file(tmp_path, {"x1": 3, "x2": 2, "y1": 2, "y2": 1}))
    progress = json.loads(run("progress", "-p", "jane", "-f", "json").stdout)
    assert len(progress["runs"]) == 2 and len(json.loads(run("history", "-f", "json").stdout)) == 5
    # Against others' means (2.3, 3.3, 1.3, 1.5; see above): first |4-2.3| + |1-3.3| + |3-1.3| + |0-1.5| = 7.2
    # over 4 = 1.8; second |3-2.3| + |2-3.3| + |2-1.3| + |1-1.5| = 3.2 over 4 = 0.8.
    assert [(p["raters"], p["mean_difference"]) for p in progress["others_gap"]] == [(3, 1.8), (3, 0.8)]
    text = run("progress", "-p", "jane").stdout
    assert "Self and others: mean difference in levels between your ratings and others' mean" in text
    report = report_json(run, tmp_path)
    assert [p["id"] for p in report["progress"]["runs"]] == [p["id"] for p in progress["runs"]]
    assert report["progress"]["others_gap"] == progress["others_gap"]
    md = tmp_path / "r.md"
    assert run("report", "-p", "jane", "-f", "md", "-o", md).exit_code == 0
    assert "in levels on average: 1.8 (" in md.read_text() and ") → 0.8 (" in md.read_text()
    # the report of the first run shows the gap up to it only
    first = report_json_of(run, tmp_path, progress["runs"][0]["id"])
    assert "progress" not in first and first["calibration"]["raters"] == [{"relation": "manager", "count": 1},
                                                                          {"relation": "others", "count": 2}]


def test_a_rater_run_has_no_report_of_its_own(run, tmp_path):
    take(run, rater_file(tmp_path, "mona"))
    with Store() as opened:
        (kept,) = opened.runs("jane", who="raters")
    result = run("report", kept.id, "-f", "json", "-o", tmp_path / "r.json")
    assert result.exit_code == 2
    assert result.stderr == (f"assess: run {kept.id}: is a manager's rating of profile 'jane', not a self-assessment; "
                             "it shows in that profile's report (`assess report --profile jane`)\n")
    latest = run("report", "--profile", "jane", "-f", "json", "-o", tmp_path / "r.json")
    assert latest.exit_code == 2 and "profile 'jane': no completed runs yet" in latest.stderr


def test_a_rater_file_with_facts_is_refused_in_one_line(run, tmp_path):
    path = rater_file(tmp_path, "mona")
    data = yaml.safe_load(path.read_text()) | {"facts": {"degree": "master"}}
    write_yaml(path, data)
    result = run("take", "--answers", path)
    assert result.exit_code == 2
    assert result.stderr == (f"assess: {path}: facts: a rater's answers hold ratings (and evidence) only; remove the "
                             "facts (got {'degree': 'master'})\n")


@pytest.mark.parametrize("rater, message", [
    ({"relation": "boss", "name": "B"}, "rater.relation: Input should be 'manager', 'peer', 'direct-report', 'mentor' "
                                        "or 'other' (got 'boss')"),
    ({"relation": "peer", "name": " "}, "rater.name: give a name or initials that tell this rater apart (no report "
                                        "shows it) (got ' ')"),
    ({"relation": "peer"}, "rater.name: required field is missing"),
])
def test_bad_rater_blocks_are_refused_in_one_line(run, tmp_path, rater, message):
    path = write_yaml(tmp_path / "r.yaml", {"rubric": str(MINI), "rater": rater, "ratings": {"x1": 1}})
    result = run("take", "--answers", path)
    assert (result.exit_code, result.stderr) == (2, f"assess: {path}: {message}\n")


def test_template_for_a_rater(run, tmp_path):
    result = run("template", "--rubric", MINI, "--profile", "jane", "--rater", "manager")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("# Ratings of a colleague for Mini rubric (rubric mini 1)\n"
                           "# For each competency, choose the highest statement that is true of them most of the "
                           "time.\n")
    assert "\nrater:\n  relation: manager\n  name:" in text
    assert "facts" not in text and "Your" not in text
    assert "as their manager, and never your name" in text.replace("\n# ", " ")
    filled = yaml.safe_load(text) | {"rater": {"relation": "manager", "name": "Mo"},
                                     "ratings": {"x1": 2, "x2": 2, "y1": 2, "y2": None}}
    take(run, write_yaml(tmp_path / "filled.yaml", filled))
    peer = run("template", "--rubric", MINI, "--rater", "peer").stdout.replace("\n# ", " ")
    assert 'within a group: peers when there are 3 or more, else "others", and never your name' in peer
    assert run("template", "--rater", "boss").exit_code == 2


def test_rater_options_go_together(run, tmp_path):
    result = run("take", "--rubric", MINI, "--rater-relation", "peer")
    assert (result.exit_code, result.stderr) == (2, "assess: --rater-relation and --rater-name go together: give "
                                                    "both to rate someone else\n")
    result = run("take", "--rubric", MINI, "--rater-relation", "peer", "--rater-name", "  ")
    assert (result.exit_code, result.stderr) == (2, "assess: --rater-name: give a name or initials that tell this "
                                                    "rater apart (no report shows it)\n")
    person = self_file(tmp_path)
    result = run("take", "--answers", person, "--rater-relation", "peer", "--rater-name", "Pat")
    assert (result.exit_code, result.stderr) == (2, f"assess: {person}: facts: a rater's answers hold ratings (and "
                                                    "evidence) only; remove the facts\n")


RATER_RUN = [
    ("ratings.x1", 3),
    ("evidence.x1", "Ran the X review well."),
    ("ratings.x2", 2),
    ("control.review-x", CONTINUE),
    ("ratings.y1", None),
    ("ratings.y2", 1),
    ("control.review-y", CONTINUE),
]


def test_a_rater_takes_it_interactively_in_the_third_person(run, script, store):  # noqa: F811
    fake = script(("control.profile", "jane"), *RATER_RUN)
    result = run("take", "--rubric", MINI, "--profile", "jane", "--name", "Jane Doe", "--rater-relation", "peer",
                 "--rater-name", "Pat Peer")
    assert result.exit_code == 0, result.output
    assert fake.steps == []  # no name, no facts, no report offer
    assert result.stdout.startswith("Rating Jane Doe: Mini rubric (you rate as their peer)\n"
                                    "You will rate them on 4 competencies in 2 areas against the expectations for "
                                    "Rung C.\n4 questions to answer")
    assert "the highest statement that is true of them most of the time" in result.stdout
    assert 'within a group: peers when there are 3 or more, else "others"' in result.stdout
    assert fake.asked[0].prompt == "Profile 'jane' has no self-assessment yet:"
    assert fake.asked[2].prompt == "An example you saw, in one line (Enter to skip):"
    (kept,) = store.runs("jane", who="raters")
    assert kept.answers.rater == Rater(relation="peer", name="Pat Peer")
    assert kept.answers.facts == {} and kept.answers.ratings == {"x1": 3, "x2": 2, "y1": None, "y2": 1}
    assert store.runs("jane") == []
    assert "Readiness" not in result.stdout


def test_a_raters_draft_resumes_for_that_rater_only(run, script, store):  # noqa: F811
    script(("control.profile", "jane"), *RATER_RUN[:2], KeyboardInterrupt)
    args = ("take", "--rubric", MINI, "--profile", "jane", "--rater-relation", "peer", "--rater-name", "Pat Peer")
    stopped = run(*args)
    assert stopped.exit_code == 130
    assert stopped.stderr == (f"\nSaved 1 answer — run `assess take --rubric {MINI} --profile jane --rater-relation "
                              "peer --rater-name 'Pat Peer'` to resume\n")
    # the person's own take does not pick up the rater's draft, nor another rater's
    fake = script(("name.name", ""), KeyboardInterrupt)
    run("take", "--rubric", MINI, "--profile", "jane")
    assert fake.ids == ["name.name", "facts.degree"]
    fake = script(("control.profile", "jane"), KeyboardInterrupt)
    run("take", "--rubric", MINI, "--profile", "jane", "--rater-relation", "peer", "--rater-name", "Kim")
    assert fake.ids == ["control.profile", "ratings.x1"]
    fake = script(("control.resume", "resume"), *RATER_RUN[2:])
    resumed = run(*args)
    assert resumed.exit_code == 0, resumed.output
    assert fake.asked[0].prompt.endswith("1 of 4 answered:")
    (kept,) = store.runs("jane", who="raters")
    assert kept.answers.evidence == {"x1": "Ran the X review well."}


def test_rater_runs_survive_export_and_import(run, tmp_path, rated):
    out = tmp_path / "export.json"
    assert run("export", "-o", out).exit_code == 0
    assert run("delete", "--profile", "jane", "--yes").stdout == "Deleted 4 runs.\n"
    assert run("import", out).exit_code == 0
    history = json.loads(run("history", "-f", "json").stdout)
    assert [row["rater"] for row in history] == [None, "manager", "peer", "peer"]
    assert report_json(run, tmp_path)["calibration"]["hidden_strengths"] == ["x2"]


def test_a_profile_rated_by_others_only_can_still_be_deleted(run, tmp_path):
    take(run, rater_file(tmp_path, "mona"))
    assert run("delete", "--profile", "jane", "--yes").stdout == "Deleted 1 run.\n"


def test_earlier_runs_of_a_report_are_the_persons_own(run, tmp_path, rated):
    from assess.app.progress import progress_up_to
    from assess.app.runs import rubric_of

    take(run, self_file(tmp_path))
    with Store() as opened:
        *others, latest = opened.runs("jane", who="all")
        progress = progress_up_to(opened, latest, rubric_of(opened, latest))
    assert [r.answers.rater is None for r in others] == [True, False, False, False]
    assert [point.id for point in progress.runs] == [others[0].id, latest.id]


_scalars = st.none() | st.booleans() | st.integers(-3, 9) | st.text(max_size=12) | st.sampled_from(
    ["manager", "peer", "direct-report", "mentor", "other", "\n", " "])
_rater_blocks = _scalars | st.lists(_scalars, max_size=3) | st.dictionaries(
    st.sampled_from(["name", "relation", "email"]), _scalars, max_size=3)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(block=_rater_blocks, facts=st.sampled_from([None, {}, {"degree": "master"}]))
def test_any_rater_block_loads_or_is_refused_in_one_line(tmp_path, block, facts):
    path = tmp_path / "fuzz.yaml"
    write_yaml(path, {"rubric": str(MINI), "rater": block, "facts": facts, "ratings": {"x1": 1}})
    try:
        answers = load_answers_file(path)
    except BadInput as err:
        assert str(err).startswith(f"{path}: rater") or str(err).startswith(f"{path}: facts: a rater's answers")
        assert "\n" not in str(err)
    else:
        assert answers.rater is None or (answers.rater.name.strip() and not answers.facts)


def test_raters_whose_ratings_are_too_old_are_listed_to_ask_again(run, tmp_path, monkeypatch):
    moment = cli_take.datetime.moment
    cli_take.datetime.moment = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    for key in ("mona", "pete", "paula"):
        take(run, rater_file(tmp_path, key))
    cli_take.datetime.moment = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)  # Paula again, within the window
    take(run, rater_file(tmp_path, "paula"))
    cli_take.datetime.moment = moment  # 2026-05-19: 14 months after the first ratings
    taken = take(run, self_file(tmp_path))
    said = ("The ratings of 1 manager (2025-03-01) and 1 peer (2025-03-01) are older than 12 months before this "
            "self-assessment, so they no longer count.")
    assert "Ask again: " + said in " ".join(taken.stdout.split())
    assert "`assess template --rater manager --profile jane > for-them.yaml`" in taken.stdout
    data = report_json(run, tmp_path)
    assert data["expired_raters"] == [{"relation": "manager", "count": 1, "latest": "2025-03-01"},
                                      {"relation": "peer", "count": 1, "latest": "2025-03-01"}]
    assert [group["relation"] for group in data["calibration"]["raters"]] == ["others"]  # Paula's newer one counts
    html = tmp_path / "r.html"
    assert run("report", "-p", "jane", "-f", "html", "-o", html).exit_code == 0
    assert f"<strong>Ask again.</strong> {said}" in html.read_text()
    for name in NAMES:
        assert name not in html.read_text()


def test_when_every_rating_is_too_old_the_report_still_says_so(run, tmp_path):
    cli_take.datetime.moment = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    take(run, rater_file(tmp_path, "mona"))
    cli_take.datetime.moment = datetime(2026, 5, 19, 10, 0, tzinfo=UTC)
    take(run, self_file(tmp_path))
    data = report_json(run, tmp_path)
    assert "calibration" not in data
    assert data["expired_raters"] == [{"relation": "manager", "count": 1, "latest": "2024-01-01"}]
    md = tmp_path / "r.md"
    assert run("report", "-p", "jane", "-f", "md", "-o", md).exit_code == 0
    assert "## How others see you\n\nAsk again: The ratings of 1 manager (2024-01-01) are older than 12 months" \
        in md.read_text()
    text = run("report", "-p", "jane", "-f", "text").stdout
    assert "Ask again: The ratings of 1 manager (2024-01-01)" in " ".join(text.split())
