"""What a team view never shows: evidence text, a private fact, anything of a group under k people, or a group
that could be had as a department minus its other teams."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assess.core.team_rollup import suppressed

from .team_people import FAY_YEARS, Q2_BUILD, TEAM, cli, evidence_of, make_quarters, write_exports


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """The two-quarter team of shared inputs, and two more people who handed over their full export."""
    folder = tmp_path_factory.mktemp("private")
    quarters = make_quarters(folder, "export")
    quarters.built()
    quarters.team("add", "plat", *write_exports(folder, {"Kim": (4, 3, 4, 3), "Lou": (3, 3, 3, 2)}), "--on", Q2_BUILD)
    return quarters


def outputs(team, tmp_path) -> dict[str, bytes]:
    found = {}
    for anonymous in ([], ["--anonymous"]):
        for fmt in ("text", "json"):
            found[f"show {fmt} {anonymous}"] = team.team("show", "plat", "--on", Q2_BUILD, "-f", fmt,
                                                         *anonymous).encode()
        for fmt in ("html", "json", "csv", "xlsx"):
            path = tmp_path / f"out{len(found)}.{fmt}"
            team.team("report", "plat", "--on", Q2_BUILD, "-f", fmt, "-o", path, *anonymous)
            raw = path.read_bytes()
            if fmt == "xlsx":
                with zipfile.ZipFile(path) as book:
                    raw = b"".join(book.read(name) for name in book.namelist())
            found[f"report {fmt} {anonymous}"] = raw
    return found


def test_no_evidence_text_or_private_fact_reaches_any_team_output(team, tmp_path):
    secrets = [evidence_of(name) for name in [*TEAM, "Kim", "Lou"]] + ["EVIDENCE-"]
    for where, raw in outputs(team, tmp_path).items():
        for secret in secrets:
            assert secret.encode() not in raw, (where, secret)
        assert str(FAY_YEARS).encode() not in raw, where
    # Nor the roster the lead keeps.
    roster = (team.home / "teams" / "plat.json").read_bytes()
    assert b"EVIDENCE-" not in roster and str(FAY_YEARS).encode() not in roster


def test_an_anonymous_view_names_nobody_in_any_format(team, tmp_path):
    views = json.loads(team.team("show", "plat", "--on", Q2_BUILD, "-f", "json"))
    hashes = [row["sha256"].encode() for row in views["inputs"]]
    files = [row["file"].encode() for row in views["inputs"]]
    for where, raw in outputs(team, tmp_path).items():
        if "--anonymous" in where:
            for name in [*TEAM, "Kim", "Lou"]:
                assert not re.search(rf"\b{name}\b".encode(), raw), (where, name)
            for told in [*hashes, *files]:
                assert told not in raw, (where, told)


def test_full_inputs_say_claimed_or_evidenced_without_the_sentence(team):
    views = json.loads(team.team("show", "plat", "--on", Q2_BUILD, "-f", "json"))
    kim = {cell["competency"]: cell["evidence"] for row in views["heatmap"]["rows"] if row["person"] == "Kim"
           for cell in row["cells"]}
    assert kim == {"x1": "evidenced", "x2": "claimed", "y1": "claimed", "y2": "claimed"}


def test_an_anonymous_view_of_fewer_than_k_people_prints_nothing(team):
    shown = json.loads(team.team("show", "plat", "--on", Q2_BUILD, "-f", "json", "--anonymous", "--k", "11"))
    assert shown["people"] is None and shown["distributions"] == [] and shown["needs"] == {}
    text = team.team("show", "plat", "--on", Q2_BUILD, "--anonymous", "--k", "11")
    assert text.strip() == "Team plat: fewer than 11 people are counted; an anonymous view shows nothing."
    shown = json.loads(team.team("show", "plat", "--on", Q2_BUILD, "-f", "json", "--anonymous", "--k", "10"))
    assert shown["people"] == 10 and "Ada" not in json.dumps(shown)
    x1 = next(row for row in shown["distributions"] if row["competency"] == "x1")
    # Ada 4, Kim 4; Ben, Dee, Fay, Lou 3; Cai, Gus 2; Eve 1; Hal not sure.
    assert (x1["levels"], x1["not_sure"]) == ({"0": 0, "1": 1, "2": 2, "3": 4, "4": 2}, 1)


def test_k_is_never_below_three(team, run):
    result = run("--home", team.home, "team", "show", "plat", "--anonymous", "--k", "2")
    assert result.exit_code == 2 and "--k" in result.stderr and "2" in result.stderr


def test_a_department_never_prints_a_team_under_k_nor_one_its_total_would_give(tmp_path):
    home = tmp_path / "lead"
    sizes = {"alpha": 6, "beta": 5, "gamma": 2}
    for team, size in sizes.items():
        people = {f"{team}-{i}": (3, 2, 3, 2) if i % 2 else (2, 1, 2, 1) for i in range(size)}
        cli("--home", home, "team", "add", team, *write_exports(tmp_path, people), "--on", Q2_BUILD)
    found = json.loads(cli("--home", home, "team", "rollup", "dept", *sizes, "--on", Q2_BUILD, "-f", "json"))
    rows = {row["group"]: row for row in found["teams"]}
    # gamma (2) is under 5; alone, it would be the total (13) minus alpha and beta: beta (the smallest other) goes
    # too, and 13 - 6 = 7 is beta and gamma together, at least 5 people.
    assert {team: row["people"] for team, row in rows.items()} == {"alpha": 6, "beta": None, "gamma": None}
    assert rows["beta"]["rungs"] is None and rows["gamma"]["skills"] is None
    assert found["total"]["people"] == 13
    # x1 at 3 or more: the odd-numbered people of each team.
    assert (rows["alpha"]["skills"]["x1"], found["total"]["skills"]["x1"]) == (3, 3 + 2 + 1)
    text = cli("--home", home, "team", "rollup", "dept", *sizes, "--on", Q2_BUILD)
    gamma = next(line for line in text.splitlines() if "gamma" in line)
    assert not any(ch.isdigit() for ch in gamma.replace("gamma", "")), gamma
    csv = cli("--home", home, "team", "rollup", "dept", *sizes, "--on", Q2_BUILD, "-f", "csv")
    assert csv.splitlines()[3].startswith("gamma,,")
    small = json.loads(cli("--home", home, "team", "rollup", "dept", "gamma", "--on", Q2_BUILD, "-f", "json"))
    assert small["total"]["people"] is None and small["teams"][0]["people"] is None


@given(st.dictionaries(st.text("abcdefgh", min_size=1, max_size=3), st.integers(0, 40), max_size=8),
       st.integers(3, 12), st.integers(0, 30))
def test_no_suppressed_group_is_a_difference_of_printed_figures(sizes, k, outside):
    """The parent holds every group and perhaps people in none (`outside`). Printed: the parent (unless hidden) and
    the groups not hidden. The only relation between them is parent = sum of groups + outside, so a hidden group is
    recoverable exactly when it is the only one hidden; and what the hidden ones hold together is printed as a
    difference, so it must be at least k people."""
    parent = sum(sizes.values()) + outside
    hidden, parent_hidden = suppressed(sizes, parent, k)
    assert all(size >= k for group, size in sizes.items() if group not in hidden)
    if parent_hidden:
        assert hidden == set(sizes)
        return
    assert parent >= k
    if hidden and outside == 0:
        assert len(hidden) >= 2 and sum(sizes[group] for group in hidden) >= k


@pytest.mark.parametrize(("sizes", "parent", "hidden", "parent_hidden"), [
    ({"a": 5, "b": 7, "c": 6}, 18, set(), False),  # every team has k: all printed
    ({"a": 4, "b": 7, "c": 6}, 17, {"a", "c"}, False),  # a alone would be 17 - 7 - 6: the smallest other goes too
    ({"a": 2, "b": 2, "c": 9}, 13, {"a", "b", "c"}, False),  # a and b hold 4 < 5 together: c goes too
    ({"a": 2, "b": 2}, 4, {"a", "b"}, True),  # the department itself is under k
    ({"a": 3}, 3, {"a"}, True),
])
def test_suppression_by_hand(sizes, parent, hidden, parent_hidden):
    assert suppressed(sizes, parent, 5) == (hidden, parent_hidden)


def test_k_below_three_is_refused_by_the_library_too():
    with pytest.raises(ValueError, match="k is at least 3"):
        suppressed({"a": 9}, 9, 2)
    assert suppressed({"a": 3, "b": 3}, 6, 3) == (set(), False)


@pytest.mark.slow
def test_nor_the_team_pdf_named_or_anonymous(team, tmp_path):
    from pypdf import PdfReader

    secrets = [evidence_of(name) for name in [*TEAM, "Kim", "Lou"]] + ["EVIDENCE-", str(FAY_YEARS)]
    for anonymous in ([], ["--anonymous"]):
        path = tmp_path / f"team{len(anonymous)}.pdf"
        team.team("report", "plat", "--on", Q2_BUILD, "-o", path, *anonymous)
        reader = PdfReader(path)
        text = " ".join(page.extract_text() for page in reader.pages)
        carried = b"".join(data for name, files in reader.attachments.items() for data in files)
        assert "Ada" in text or anonymous  # the named PDF does name people: the search reads its text
        for secret in secrets:
            assert secret not in " ".join(text.split()) and secret.encode() not in carried, (anonymous, secret)
