"""`assess import --profile`: a mentee's runs join a profile of their own, never the mentor's unasked."""

from __future__ import annotations

import json

from assess.io.store.sqlite import SQLiteStore as Store

from .conftest import MINI, write_yaml

RATINGS = {"x1": 2, "x2": 1, "y1": 2, "y2": 0}


def take(run, home, tmp_path, name, profile="default", ratings=RATINGS):
    path = write_yaml(tmp_path / f"{name}-{profile}.yaml", {"rubric": str(MINI), "profile": profile, "name": name,
                                                            "facts": {"degree": "master", "years": 6},
                                                            "ratings": ratings})
    result = run("--home", home, "take", "--answers", path)
    assert result.exit_code == 0, result.stderr


def exported(run, tmp_path, name, profile="default"):
    home = tmp_path / f"home-{name}"
    take(run, home, tmp_path, name, profile)
    out = tmp_path / f"{name}.json"
    assert run("--home", home, "export", "-o", out).exit_code == 0
    return out


def test_a_mentees_runs_never_join_the_mentors_own_profile_unasked(run, tmp_path):
    mentor = tmp_path / "mentor"
    take(run, mentor, tmp_path, "Morgan Mentor")
    sams = exported(run, tmp_path, "Sam Rivera")
    refused = run("--home", mentor, "import", sams)
    assert refused.exit_code == 2
    assert refused.stderr == (f"assess: {sams}: the run of 'Sam Rivera' would join profile 'default', which holds the "
                              "runs of 'Morgan Mentor'; choose the profile they join with --profile (e.g. --profile "
                              "sam-rivera)\n")
    with Store(mentor) as store:
        assert [run.name for run in store.runs(None)] == ["Morgan Mentor"]
    imported = run("--home", mentor, "import", sams, "--profile", "sam-rivera")
    assert imported.exit_code == 0, imported.stderr
    with Store(mentor) as store:
        assert [(run.profile, run.name) for run in store.runs(None)] == [("default", "Morgan Mentor"),
                                                                        ("sam-rivera", "Sam Rivera")]
        (moved,) = store.runs("sam-rivera")
        assert moved.answers.profile == "sam-rivera" and moved.result is not None
    progress = json.loads(run("--home", mentor, "progress", "-f", "json").stdout)
    assert len(progress["runs"]) == 1  # the mentor's own progress holds the mentor's run only


def test_the_same_person_imports_into_their_own_profile_without_a_word(run, tmp_path):
    home = tmp_path / "laptop"
    take(run, home, tmp_path, "Sam Rivera")
    again = exported(run, tmp_path, "Sam Rivera")
    assert run("--home", home, "import", again).exit_code == 0
    with Store(home) as store:
        assert len(store.runs("default")) == 2


def test_a_file_of_several_profiles_cannot_all_join_one(run, tmp_path):
    home = tmp_path / "both"
    take(run, home, tmp_path, "Ann", profile="ann")
    take(run, home, tmp_path, "Bo", profile="bo")
    out = tmp_path / "both.json"
    assert run("--home", home, "export", "-o", out).exit_code == 0
    result = run("--home", tmp_path / "other", "import", out, "--profile", "team")
    assert result.exit_code == 2
    assert result.stderr == (f"assess: {out}: holds the runs of 2 profiles (ann, bo), which one profile cannot take "
                             "together; export one profile's runs to import them into another\n")
    assert not (tmp_path / "other" / "assess.sqlite3").exists() or Store(tmp_path / "other").runs(None) == []
