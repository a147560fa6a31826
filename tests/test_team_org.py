"""A manager's team from an organisation's store, through the real entry point against a real PostgreSQL: the
shared runs of the people below them read as handed-over shared reports are, and an export a person made from the
store handed over as a file; nobody who did not share appears, and nothing a shared run left out reaches the team.
"""

from __future__ import annotations

import json

import yaml

from .conftest import MINI
from .test_org_journey import answers_file, people  # noqa: F401 - fixtures

SECRET = "Rebuilt the EVIDENCE-ADA ranker for three teams."


def test_a_managers_team_from_the_shared_runs_and_an_export_of_the_store(people, org, tmp_path):  # noqa: F811
    ada, bob, cy, boss = people("ada"), people("bob"), people("cy"), people("boss")
    took = ada("take", "--answers", answers_file(tmp_path, "ada", {"x1": 4, "x2": 3, "y1": 4, "y2": 3},
                                                 evidence={"x1": SECRET}, private=["years"]))
    assert took.exit_code == 0, took.output
    assert ada("share", "--to-org").exit_code == 0
    assert bob("take", "--answers", answers_file(tmp_path, "bob", {"x1": 3, "x2": 2, "y1": 3, "y2": 2})).exit_code == 0
    assert bob("share", "--to-org").exit_code == 0
    assert cy("take", "--answers", answers_file(tmp_path, "cy", {"x1": 2, "x2": 1, "y1": 2, "y2": 1})).exit_code == 0
    needs = tmp_path / "needs.yaml"
    needs.write_text(yaml.safe_dump({"rubric": str(MINI), "skills": [{"competency": "x1", "level": 3, "people": 2}],
                                     "rungs": [{"rung": "c", "people": 1}]}))

    built = boss("team", "add", "plat", "--from-org", "--needs", needs)
    assert built.exit_code == 0, built.output
    # cy shared nothing: only ada and bob, both shared.
    assert built.output == "Team plat: 2 people; 2 new inputs from 2 shared runs in the organisation's store; " \
                           f"needs from {needs}\n"
    views = json.loads(boss("team", "show", "plat", "-f", "json").output)
    rows = {row["person"]: row for row in views["inputs"]}
    assert set(rows) == {"Ada", "Bob"}
    assert rows["Ada"]["file"] == f"{org.login('ada')} (organisation's store)" and rows["Ada"]["shared"]
    assert {row["status"] for row in rows.values()} == {"counted"}
    coverage = {row["need"]: row for row in views["coverage"]}
    assert coverage["skill:x1@3"]["holders"] == ["Ada", "Bob"]
    # Ada's years are private: the rungs whose gates ask about them are neither met nor unmet. Bob has 6 years and
    # a master's, 98.2 for c.
    assert (coverage["rung:c"]["holders"], coverage["rung:c"]["private"]) == (["Bob"], ["Ada"])

    # cy hands over an export of her own runs in the store: a full input, evidence counted, never quoted.
    export = tmp_path / "cy.json"
    assert cy("export", "-o", export).exit_code == 0
    more = boss("team", "add", "plat", export)
    assert more.exit_code == 0 and more.output.startswith("Team plat: 3 people; 1 new input from 1 file"), more.output
    views = json.loads(boss("team", "show", "plat", "-f", "json").output)
    assert {row["person"]: row["shared"] for row in views["inputs"]} == {"Ada": True, "Bob": True, "Cy": False}
    every = boss("team", "show", "plat").output + json.dumps(views)
    roster = (tmp_path / "boss" / "teams" / "plat.json").read_text()
    assert "EVIDENCE-ADA" not in every and "EVIDENCE-ADA" not in roster
    ada_facts = [stored["run"]["answers"]["facts"] for stored in json.loads(roster)["inputs"].values()
                 if stored["input"]["member"]["name"] == "Ada"]
    assert ada_facts == [{"degree": "master"}]  # the private years were never in what the store shared


def test_from_org_needs_an_organisation_store(run, tmp_path):
    refused = run("team", "add", "plat", "--from-org")
    assert refused.exit_code == 2 and "--store" in refused.stderr, refused.output
    assert not (tmp_path / "assess-home" / "teams" / "plat.json").exists()
