"""The whole journey through the real entry point against an organisation's PostgreSQL store: the admin sets it
up; a person takes the assessment with an interrupt and a resume, reports, progress, others' view, shares
with their manager and takes it back; the manager reads only what was shared; aggregates under k say
nothing."""

from __future__ import annotations

import json

import pytest
import yaml

from .conftest import MINI, write_yaml
from .test_raters_cli import clock, rater_file  # noqa: F401 - fixtures
from .test_take import WHOLE_RUN, script  # noqa: F401 - fixtures


@pytest.fixture
def people(org, run, monkeypatch, tmp_path):
    """The admin makes the store and its people; `people(name)` is `assess` run as that person."""
    admin = org.admin_url
    monkeypatch.setenv("ASSESS_STORE", admin)
    first = run("org", "init")
    assert first.exit_code == 0, first.output
    assert "already up to date" in first.output  # the test database is a copy of one initialised
    for name, manager in (("grace", None), ("boss", "grace"), ("ada", "boss"), ("bob", "boss"), ("cy", "boss")):
        args = ["org", "add-person", "--login", org.login(name)] + (["--manager", org.login(manager)] if manager else [])
        added = run(*args)
        assert added.exit_code == 0 and "created the login role" in added.output, added.output
        org.add(name, manager)  # again: sets a password and keeps it in the pgpass file, as an admin would

    def as_person(name):
        def invoke(*args, input=None):
            monkeypatch.setenv("ASSESS_STORE", org.url(name))
            monkeypatch.setenv("ASSESS_HOME", str(tmp_path / name))
            return run(*args, input=input)
        return invoke

    return as_person


def answers_file(tmp_path, name, ratings, **extra):
    return write_yaml(tmp_path / f"{name}.yaml", {"rubric": str(MINI), "name": name.title(),
                                                  "facts": {"degree": "master", "years": 6}, "ratings": ratings,
                                                  **extra})


def test_take_with_an_interrupt_and_resume_then_report_and_progress(people, script, tmp_path):  # noqa: F811
    ada = people("ada")
    script(*WHOLE_RUN[:5], KeyboardInterrupt)
    stopped = ada("take", "--rubric", str(MINI))
    assert stopped.exit_code == 130 and "Saved 3 answers" in stopped.output, stopped.output
    assert "Your answers go to your organisation's store, where only you can read them" in stopped.output
    script(("control.resume", "resume"), *WHOLE_RUN[5:])
    done = ada("take", "--rubric", str(MINI))
    assert done.exit_code == 0, done.output
    first = json.loads(ada("history", "--format", "json").output)
    assert [(row["status"], row["profile"]) for row in first] == [("complete", "default")]
    later = ada("take", "--answers", answers_file(tmp_path, "ada", {"x1": 4, "x2": 3, "y1": 2, "y2": 2}))
    assert later.exit_code == 0, later.output
    progress = json.loads(ada("progress", "--format", "json").output)
    assert [point["id"] for point in progress["runs"]] == [first[0]["id"], later.output.split("run ")[-1][:12]]
    assert {change["competency"] for change in progress["changes"]} >= {"x1", "x2"}
    out = tmp_path / "ada.json"
    report = ada("report", "-f", "json", "-o", out)
    assert report.exit_code == 0, report.output
    assert json.loads(out.read_text())["readiness"] == progress["runs"][-1]["readiness"]
    assert json.loads(people("bob")("history", "--format", "json").output) == []  # bob sees none of it
    assert ada("delete", first[0]["id"], "--yes").output == "Deleted 1 run.\n"
    assert [point["id"] for point in json.loads(ada("progress", "--format", "json").output)["runs"]] == \
        [progress["runs"][-1]["id"]]
    purge = ada("delete", "--purge")
    assert purge.exit_code == 2 and "reclaimed by its vacuum" in purge.output


def test_others_view_share_unshare_and_the_managers_view(people, tmp_path, org):
    ada, boss = people("ada"), people("boss")
    assert ada("take", "--answers", answers_file(tmp_path, "ada", {"x1": 4, "x2": 1, "y1": 3, "y2": 0},
                                                 evidence={"x1": "Rebuilt the ranker."},
                                                 private=["years"])).exit_code == 0
    for key in ("mona", "pete", "paula"):  # the files her raters sent back, added to her history
        path = rater_file(tmp_path, key)
        assert ada("take", "--answers", write_yaml(path, yaml.safe_load(path.read_text()) | {"profile": "default"}))\
            .exit_code == 0
    out = tmp_path / "ada.json"
    assert ada("report", "-f", "json", "-o", out).exit_code == 0
    calibration = json.loads(out.read_text())["calibration"]
    assert calibration["raters"] == [{"relation": "manager", "count": 1}, {"relation": "others", "count": 2}]

    assert boss("org", "reports").output.startswith("No one below you has shared a run yet.")
    shared = ada("share", "--to-org")
    assert shared.exit_code == 0 and "left out: evidence, years" in shared.output, shared.output
    rows = json.loads(boss("org", "reports", "--format", "json").output)
    assert [(row["login"], row["name"]) for row in rows] == [(org.login("ada"), "Ada")]
    table = boss("org", "reports").output.split()
    assert table[:3] == [org.login("ada"), "Ada", rows[0]["run"]] and float(table[4]) == rows[0]["readiness"]
    assert boss("org", "whoami").output == f"{org.login('boss')}: reports to {org.login('grace')!r}; 3 people below you\n"
    org.admin("UPDATE assess.shared_runs SET result = jsonb_set(result::jsonb, '{readiness}', '99')::json")
    assert json.loads(boss("org", "reports", "--format", "json").output)[0]["readiness"] == 99  # as stored
    rescored = json.loads(boss("org", "reports", "--rescore", "--format", "json").output)
    assert rescored[0]["readiness"] == rows[0]["readiness"]  # scored anew from the shared answers
    assert json.loads(people("grace")("org", "reports", "--format", "json").output)[0]["run"] == rows[0]["run"]
    assert json.loads(people("bob")("org", "reports", "--format", "json").output) == []
    assert json.loads(boss("history", "--format", "json").output) == []  # the run itself stays ada's
    again = ada("share", "--to-org")
    assert again.output.startswith("Shared again")

    taken = ada("unshare")
    assert taken.exit_code == 0 and "no longer shared" in taken.output
    assert json.loads(boss("org", "reports", "--format", "json").output) == []
    assert "was not shared" in ada("unshare").output


def test_aggregates_only_for_groups_of_k(people, tmp_path, org):
    for index, name in enumerate(("ada", "bob")):
        person = people(name)
        assert person("take", "--answers", answers_file(tmp_path, name, {"x1": 1 + index, "x2": 1, "y1": 1,
                                                                        "y2": 2})).exit_code == 0
        assert person("share", "--to-org").exit_code == 0
    boss = people("boss")
    quiet = boss("org", "summary", "--manager", org.login("boss"), "--rubric", "mini", "-k", "1")
    assert quiet.exit_code == 0 and quiet.output.startswith("Nothing to show: fewer than 3 people"), quiet.output
    cy = people("cy")
    cy("take", "--answers", answers_file(tmp_path, "cy", {"x1": 3, "x2": 1, "y1": 1, "y2": 2}))
    cy("share", "--to-org")
    means = json.loads(boss("org", "summary", "--manager", org.login("boss"), "--rubric", "mini", "-k", "3",
                            "--format", "json").output)
    assert means[0] == {"competency": None, "people": 3, "mean": pytest.approx(means[0]["mean"])}
    assert {"competency": "x1", "people": 3, "mean": 2.0} in means
    lines = boss("org", "summary", "--manager", org.login("boss"), "--rubric", "mini", "-k", "3").output.splitlines()
    assert lines[0].startswith("readiness") and lines[0].endswith("over 3 people")
    assert any(line.split()[:2] == ["x1", "2.00"] for line in lines)
    assert boss("org", "summary", "--manager", org.login("boss"), "--rubric", "mini").output.startswith(
        "Nothing to show: fewer than 5")
    refused = people("ada")("org", "summary", "--manager", org.login("boss"), "--rubric", "mini")
    assert refused.exit_code == 2 and "refused by the organisation's store" in refused.output


def test_what_an_organisation_store_refuses_is_one_line_and_exit_2(people, run, org, monkeypatch, tmp_path):
    monkeypatch.setenv("ASSESS_STORE", org.admin_url)
    superuser = run("history")
    assert superuser.exit_code == 2 and "is a superuser" in superuser.output
    assert "Traceback" not in superuser.output
    stranger = run("--store", org.url("nobody"), "history")
    assert stranger.exit_code == 2 and "cannot log in" in stranger.output
    local = run("--store", "", "share", "--to-org")
    assert local.exit_code == 2
    monkeypatch.delenv("ASSESS_STORE")
    local = run("share", "--to-org")
    assert local.exit_code == 2 and "needs an organisation's store" in local.output and "--store" in local.output
    assert run("--store", "sqlite:///x", "history").exit_code == 2
    assert "needs an organisation's store" in run("org", "init").output
    no_to = people("ada")("share")
    assert no_to.exit_code == 2 and "--to-org" in no_to.output
    unknown = run("--store", org.admin_url, "org", "add-person", "--login", org.login("eve"), "--manager", "nobody")
    assert unknown.exit_code == 2 and "'nobody' is not one of the organisation's people" in unknown.output


def test_ctrl_c_in_the_middle_of_sharing_leaves_what_was_shared_before(people, tmp_path, org, monkeypatch):
    from assess.io.store import pg_connection

    ada, boss = people("ada"), people("boss")
    assert ada("take", "--answers", answers_file(tmp_path, "ada", {"x1": 4, "x2": 1, "y1": 3, "y2": 0})).exit_code == 0
    assert ada("share", "--to-org").exit_code == 0
    before = org.admin("SELECT run_id, answers::text, shared_at FROM assess.shared_runs")
    real_run = pg_connection.Connection.run

    def interrupted(self, sql, params=None):
        if sql.startswith("INSERT INTO assess.shared_runs"):  # after the old projection's DELETE, in one transaction
            raise KeyboardInterrupt
        return real_run(self, sql, params)

    monkeypatch.setattr(pg_connection.Connection, "run", interrupted)
    stopped = ada("share", "--to-org", "--private", "degree")
    assert stopped.exit_code == 130 and stopped.output.endswith("assess: interrupted\n")
    monkeypatch.setattr(pg_connection.Connection, "run", real_run)
    assert org.admin("SELECT run_id, answers::text, shared_at FROM assess.shared_runs") == before
    assert len(json.loads(boss("org", "reports", "--format", "json").output)) == 1


def test_a_rerun_continues_from_the_last_run_even_when_it_is_stopped_half_way(people, script, org, tmp_path):  # noqa: F811
    from .test_rerun import RERUN, Rerun, first_run

    ada = people("ada")
    first_run(ada, tmp_path)
    (first,) = json.loads(ada("history", "--format", "json").output)
    Rerun(script, [*RERUN[:6], KeyboardInterrupt])
    assert ada("take", "--rubric", MINI).exit_code == 130
    resumed = Rerun(script, [("control.resume", "resume"), *RERUN[6:]])
    done = ada("take", "--rubric", MINI)
    assert done.exit_code == 0, done.output
    asked = {q.id: q for q in resumed.fake.asked}
    assert "control.start-from" not in asked  # the draft kept on the server already continues the last run
    assert (asked["ratings.y1"].default, asked["ratings.y1"].last) == (4, "4 Expert")
    rows = org.sql("ada", "SELECT id, status, started_from, answers::jsonb -> 'ratings' FROM assess.runs "
                          "ORDER BY stored_at")
    assert [row[1:] for row in rows] == [("complete", None, {"x1": 3, "x2": 2, "y1": 4, "y2": None}),
                                         ("complete", first["id"], {"x1": 3, "x2": 3, "y1": 4, "y2": None})]


def test_an_imported_shared_report_stays_shared_and_a_shared_run_reads_as_its_person_shared_it(
        people, run, org, tmp_path, monkeypatch):
    # Placed at b only through a private fact (years meets b's gate): without the placement the shared version
    # states, its redacted answers would place it at a.
    ratings = {"x1": 2, "x2": 1, "y1": 2, "y2": 0}
    mentee = tmp_path / "mentee"
    monkeypatch.delenv("ASSESS_STORE", raising=False)
    assert run("--home", mentee, "take", "--answers", answers_file(tmp_path, "kim", ratings, private=["years"],
                                                                   evidence={"x1": "Ran the X rollout."})).exit_code == 0
    pdf = tmp_path / "kim-shared.pdf"
    assert run("--home", mentee, "report", "--share", "-o", pdf).exit_code == 0
    ada = people("ada")
    imported = ada("import", pdf, "--profile", "kim")
    assert imported.exit_code == 0 and "It is the run of a shared report" in imported.output, imported.output
    assert org.sql("ada", "SELECT shared::jsonb FROM assess.runs WHERE profile = 'kim'") == [
        ({"private_facts": ["years"], "placements": {"ladder": "b"}, "evidenced": ["x1"]},)]
    text = " ".join(ada("report", "-p", "kim", "-f", "text").output.split())
    assert text.startswith("Shared version: this report is built from the run a shared report carried"), text
    out = tmp_path / "kim.json"
    assert ada("report", "-p", "kim", "-f", "json", "-o", out).exit_code == 0
    assert json.loads(out.read_text())["placement"] == "b"

    assert ada("take", "--answers", answers_file(tmp_path, "ada", ratings, private=["years"])).exit_code == 0
    assert ada("share", "--to-org").exit_code == 0
    boss = people("boss")
    (as_shared,) = json.loads(boss("org", "reports", "--format", "json").output)
    (rescored,) = json.loads(boss("org", "reports", "--rescore", "--format", "json").output)
    assert as_shared["placement"] == rescored["placement"] == "b"


def test_the_team_view_reads_a_managers_reports_from_the_store_as_it_reads_shared_reports(people, org, tmp_path):
    first, second = "2026-05-20", "2026-05-27"  # builds after the runs taken (the clock fixture's)
    boss = people("boss")
    for index, name in enumerate(("ada", "bob", "cy")):
        person = people(name)
        given = answers_file(tmp_path, name, {"x1": 1 + index, "x2": 1, "y1": 2, "y2": 0}, private=["years"],
                             evidence={"x1": f"Evidence of {name}."})
        if name == "cy":  # a run without a name goes by its login
            given.write_text(given.read_text().replace("name: Cy\n", ""))
        assert person("take", "--answers", given).exit_code == 0
        if name != "bob":  # bob shares nothing: the team never sees him
            assert person("share", "--to-org").exit_code == 0
    built = boss("team", "add", "platform", "--from-org", "--on", first)
    assert built.exit_code == 0, built.output
    assert built.output == "Team platform: 2 people; 2 new inputs from 2 shared runs in the organisation's store\n"
    view = json.loads(boss("team", "show", "platform", "--on", first, "-f", "json").output)
    assert sorted((row["person"], row["file"], row["shared"], row["status"]) for row in view["inputs"]) == [
        ("Ada", f"{org.login('ada')} (organisation's store)", True, "counted"),
        (org.login("cy"), f"{org.login('cy')} (organisation's store)", True, "counted")]
    assert "Evidence of" not in json.dumps(view)
    roster = (tmp_path / "boss" / "teams" / "platform.json").read_text()
    assert "Evidence of" not in roster and '"years"' in roster  # named as left out, its value never kept
    # ada shares a newer run; the next build counts it, and what moved is said.
    ada = people("ada")
    assert ada("take", "--answers", answers_file(tmp_path, "ada", {"x1": 4, "x2": 3, "y1": 2, "y2": 0})).exit_code == 0
    assert ada("share", "--to-org").exit_code == 0
    again = boss("team", "add", "platform", "--from-org", "--on", second)
    assert again.output.startswith("Team platform: 2 people; 1 new input from 2 shared runs"), again.output
    shown = json.loads(boss("team", "show", "platform", "--on", second, "-f", "json").output)
    assert shown["moved"] is not None
    nobody = people("bob")("team", "add", "mine", "--from-org")
    assert nobody.exit_code == 2 and "no one below you has shared a run yet" in nobody.output, nobody.output
    assert people("bob")("team", "list").output.startswith("No teams yet")
    local = people("bob")("--store", "", "team", "add", "mine", "--from-org")
    assert local.exit_code == 2 and "needs an organisation's store" in local.output
