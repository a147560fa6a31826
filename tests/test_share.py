"""`assess report --share` in the formats that need no PDF, `private:` in answers files, and shared file names."""

from __future__ import annotations

import json
from datetime import date

import markupsafe
import pytest
import yaml

from assess.io.store.sqlite import SQLiteStore as Store
from assess.report.render import report_path

from .conftest import ROOT

EXAMPLE = ROOT / "examples" / "director-ml-engineering" / "mid-career.yaml"
LEADING = "years_leadership"  # asked by the leadership gate only, from Machine Learning Team Lead up


@pytest.fixture
def taken(run, tmp_path):
    """Sam Rivera's run, with `private` as given in the answers file."""

    def take(private: list[str] | None = None, facts: dict | None = None, **ratings: int) -> str:
        data = yaml.safe_load(EXAMPLE.read_text())
        if private is not None:
            data["private"] = private
        data["facts"].update(facts or {})
        data["ratings"].update({key.replace("_", "-"): value for key, value in ratings.items()})
        path = tmp_path / "answers.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        result = run("take", "--answers", path)
        assert result.exit_code == 0, result.stderr
        return path

    return take


def report(run, tmp_path, *args: str, fmt: str = "json"):
    out = tmp_path / f"report.{fmt}"
    result = run("report", "-p", "example", "-f", fmt, "-o", out, *args)
    assert result.exit_code == 0, result.stderr
    text = out.read_text()
    return json.loads(text) if fmt == "json" else text


def gates_by_id(data) -> dict:
    return {gate["id"]: gate for gate in data["gates"]}


def test_shared_json_keeps_the_scores_and_hides_gates_that_ask_about_a_private_fact(run, taken, tmp_path):
    taken()
    full = report(run, tmp_path)
    shared = report(run, tmp_path, "--share", "--private", LEADING)
    for key in ("readiness", "readiness_by_role", "placement", "next_role", "placements", "areas", "gaps", "plan"):
        if key != "placements":
            assert shared[key] == full[key], key
    assert [p["placement"] for p in shared["placements"]] == [p["placement"] for p in full["placements"]]
    assert shared["shared"] == {"private_facts": [LEADING], "left_out": [
        "every evidence sentence: the appendix shows ratings only",
        "the facts marked private: Years managing ML people",
        "whether the gates that ask about those facts are met, and so whether their rungs are (the placement "
        "shows, as in the full report: the gates of the rungs up to it are met)"]}
    assert "shared" not in full
    leadership, full_leadership = gates_by_id(shared)["leadership-experience"], gates_by_id(full)["leadership-experience"]
    assert full_leadership["actual"] == {LEADING: 2} and full_leadership["met"] is False
    assert (leadership["actual"], leadership["met"], leadership["met_by"]) == ({LEADING: "private"}, None, None)
    # Gates that do not ask about it are shown as they are.
    assert gates_by_id(shared)["education"] == gates_by_id(full)["education"]
    roles = {role["id"]: role["gates_met"] for role in shared["roles"]}
    full_roles = {role["id"]: role["gates_met"] for role in full["roles"]}
    assert roles == {**full_roles, "ml-team-lead": None, "director-ml-eng": None}
    # Whether a rung with a hidden gate is met would tell the gate: it is hidden too. The others are as they are.
    met = {role["id"]: role["met"] for role in shared["roles"]}
    assert met == {**{role["id"]: role["met"] for role in full["roles"]}, "ml-team-lead": None, "director-ml-eng": None}


def test_a_gate_is_hidden_when_any_of_its_alternatives_asks_about_a_private_fact(run, taken, tmp_path):
    """Education is met by a master's, or a bachelor's with 12 years or 3 papers: the papers alone are private."""
    taken()
    shared = report(run, tmp_path, "--share", "--private", "publications")
    education = gates_by_id(shared)["education"]
    assert (education["met"], education["actual"]["publications"], education["actual"]["degree"]) == \
        (None, "private", "private")
    roles = {role["id"]: role["gates_met"] for role in shared["roles"]}
    assert roles["director-ml-eng"] is None and roles["senior-mle"] is not None


def test_what_it_would_take_leaves_out_gates_on_private_facts(run, taken, tmp_path):
    # Three months with reports (the Team Lead asks six, and blocks) and five years in ML (Staff usually has six,
    # which advises): the next rungs on both tracks name a gate.
    taken(facts={"years_ml": 5, LEADING: 0.25})
    full = report(run, tmp_path)
    shared = report(run, tmp_path, "--share", "--private", "years_ml", "--private", LEADING)
    take = {p["track"]: p["what_it_takes"] for p in full["placements"]}
    shared_take = {p["track"]: p["what_it_takes"] for p in shared["placements"]}
    assert ([g["id"] for g in take["management"]["gates"]], take["management"]["advisory"]) == (
        ["leadership-experience"], [])
    assert (take["ic"]["gates"], [g["id"] for g in take["ic"]["advisory"]]) == ([], ["ml-experience"])
    assert shared_take == {"management": {**take["management"], "gates": []}, "ic": {**take["ic"], "advisory": []}}
    staff = next(role for role in full["roles"] if role["id"] == "staff-mle")
    assert staff["advisory_unmet"] == ["ml-experience"]  # and a shared report does not say so
    assert next(role for role in shared["roles"] if role["id"] == "staff-mle")["advisory_unmet"] == []


def test_answer_checks_about_a_private_fact_are_left_out(run, taken, tmp_path):
    taken(ml_team_coaching=4)  # 4 with 2 years leading: flagged
    full = report(run, tmp_path)
    assert [w["competency"] for w in full["warnings"]] == ["ml-team-coaching"]
    assert report(run, tmp_path, "--share")["warnings"] == full["warnings"]
    assert report(run, tmp_path, "--share", "--private", LEADING)["warnings"] == []
    assert report(run, tmp_path, "--share", "--private", "years_ml")["warnings"] == full["warnings"]


def test_facts_marked_private_in_the_answers_file_are_kept_with_the_run(run, taken, tmp_path, isolated_home):
    taken(private=[LEADING, LEADING])
    (stored,) = Store(isolated_home).runs()
    assert stored.answers.private == [LEADING]
    shared = report(run, tmp_path, "--share")
    assert shared["shared"]["private_facts"] == [LEADING]
    assert report(run, tmp_path, "--share", "--private", "degree")["shared"]["private_facts"] == [LEADING, "degree"]
    # The full report still shows everything: marking a fact private only matters to shared versions.
    assert gates_by_id(report(run, tmp_path))["leadership-experience"]["met"] is False


def test_shared_markdown_and_html_hold_no_evidence_and_say_they_are_shared(run, taken, tmp_path):
    taken()
    evidence = yaml.safe_load(EXAMPLE.read_text())["evidence"]
    for fmt in ("md", "html"):
        full = report(run, tmp_path, fmt=fmt)
        shared = report(run, tmp_path, "--share", "--private", LEADING, fmt=fmt)
        for text in evidence.values():
            needle = str(markupsafe.escape(text)) if fmt == "html" else text
            assert needle in full and needle not in shared, (fmt, text)
        assert "Shared version." in shared and "Shared version." not in full
        assert "every evidence sentence: the appendix shows ratings only" in shared
    md = report(run, tmp_path, "--share", "--private", LEADING, fmt="md")
    assert "- Years managing ML people: private" in md
    assert "\n- Years managing ML people with direct reports (private): required at least 4; you: private\n" in md
    assert "(claimed)" not in md and "(claimed)" in report(run, tmp_path, fmt="md")
    assert "\n| Machine Learning Team Lead | 81.2 | private | ok | private |\n" in md  # met, or not: its gate would say


def test_private_without_share_and_unknown_facts_are_refused(run, taken, tmp_path):
    taken()
    result = run("report", "-p", "example", "--private", "degree", "-o", tmp_path / "x.pdf")
    assert (result.exit_code, result.stderr) == (
        2, "assess: --private: only a shared report (--share) leaves facts out; add --share\n")
    result = run("report", "-p", "example", "--share", "--private", "salary", "-f", "json", "-o", tmp_path / "x")
    assert (result.exit_code, result.stderr) == (
        2, "assess: --private: 'salary' is not a fact of rubric 'director-ml-engineering'; facts are one of degree, "
           "years_ml, years_leadership, publications\n")
    assert not (tmp_path / "x").exists() and not (tmp_path / "x.pdf").exists()


def test_an_answers_file_marking_an_unknown_fact_private_is_refused(run, tmp_path):
    data = yaml.safe_load(EXAMPLE.read_text())
    data["private"] = ["degree", "salary"]
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(data))
    result = run("score", path)
    assert (result.exit_code, result.stderr) == (
        2, f"assess: {path}: private[1]: 'salary' is not a fact; expected one of degree, years_ml, "
           "years_leadership, publications\n")
    data["private"] = "degree"
    path.write_text(yaml.safe_dump(data))
    result = run("score", path)
    assert result.exit_code == 2 and result.stderr.startswith(f"assess: {path}: private: ")


def test_the_template_shows_how_to_mark_a_fact_private(run):
    out = run("template").stdout
    assert "\n# private: [degree]\n" in out
    assert "# Facts a shared report (assess report --share) leaves out" in out
    filled = yaml.safe_load(out.replace("# private: [degree]", "private: [degree]"))
    assert filled["private"] == ["degree"]


def test_shared_report_names(tmp_path):
    day = date(2026, 11, 26)
    assert report_path(tmp_path, "pdf", who="Sam Rivera", taken_on=day, run_id="abc", shared=True).name == \
        "assess-report-sam-rivera-2026-11-26-shared.pdf"
    (tmp_path / "assess-report-sam-rivera-2026-11-26-shared.pdf").touch()
    assert report_path(tmp_path, "pdf", who="Sam Rivera", taken_on=day, run_id="abc", shared=True).name == \
        "assess-report-sam-rivera-2026-11-26-abc-shared.pdf"
    assert report_path(tmp_path, "pdf", who="Sam Rivera", taken_on=day, run_id="abc").name == \
        "assess-report-sam-rivera-2026-11-26.pdf"


def test_a_shared_json_report_is_named_shared_by_default(run, taken, tmp_path, monkeypatch):
    taken()
    monkeypatch.chdir(tmp_path)
    result = run("report", "-p", "example", "--share", "-f", "json")
    (written,) = tmp_path.glob("*-shared.json")
    assert result.stdout == f"Wrote {written.name} (shared version)\n"


# --- a shared run scored as the report it came from showed it ---------------------------------------------------


def _mini_answers(ratings, facts):
    from assess.core.answers import Answers, check_answers
    from assess.io.rubric_files import load_rubric_file

    from .conftest import MINI

    rubric = load_rubric_file(MINI)
    return rubric, check_answers(Answers(rubric=str(MINI), facts=facts, ratings=ratings), rubric, "test")


def test_a_shared_mark_lets_private_gates_count_up_to_the_placement_it_states_and_no_further():
    from assess.core.runs import SharedMark
    from assess.core.scoring import score
    from assess.core.share import score_run

    # Placed at b by the full answers (years 6 meets b's gate of 2; c needs readiness, x1 3 and a master's).
    rubric, full = _mini_answers({"x1": 2, "x2": 1, "y1": 2, "y2": 0}, {"degree": "master", "years": 6})
    assert score(rubric, full).placement == "b"
    redacted = full.model_copy(update={"facts": {"degree": "master"}, "private": ["years"]})
    assert score(rubric, redacted).placement == "a"  # the years gate of b, unanswered, is not met
    mark = SharedMark(private_facts=["years"], placements={"ladder": "b"}, evidenced=[])
    shown = score_run(rubric, redacted, mark)
    assert (shown.placement, shown.readiness) == ("b", score(rubric, full).readiness)
    # A mark claiming c gets the gates of c counted as met, but c's readiness and core skills are the ratings' own.
    claimed = score_run(rubric, redacted, mark.model_copy(update={"placements": {"ladder": "c"}}))
    assert claimed.placement == "b" and not next(r for r in claimed.roles if r.id == "c").met
    assert next(r for r in claimed.roles if r.id == "c").gates_met
    # A mark of a track or rung the rubric does not have counts for nothing.
    assert score_run(rubric, redacted, mark.model_copy(update={"placements": {"ic": "b", "ladder": "z"}})
                     ).placement == "a"


def test_a_shared_mark_keeps_the_evidence_counts_the_report_showed():
    from assess.core.runs import SharedMark
    from assess.core.share import score_run

    rubric, answers = _mini_answers({"x1": 3, "x2": 4, "y1": 3, "y2": 0}, {"degree": "master", "years": 6})
    mark = SharedMark(private_facts=[], placements=None, evidenced=["x1", "y2"])  # y2 is rated 0: not a claim
    assert score_run(rubric, answers, mark).evidence.model_dump() == {"claimed": 2, "evidenced": 1}
    assert score_run(rubric, answers, None).evidence.model_dump() == {"claimed": 3, "evidenced": 0}
