"""Every shipped rubric loads, and the Director rubric covers its source document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assess.io.rubric_files import bundled_rubric_paths, load_rubric, load_rubric_file

from .conftest import ROOT

SHIPPED = sorted((ROOT / "rubrics").glob("*.yaml"))
ARCHIVED = sorted((ROOT / "rubrics" / "archive").glob("*.yaml"))


def test_rubrics_are_shipped():
    assert [p.name for p in SHIPPED] == [p.name for p in bundled_rubric_paths()]
    assert SHIPPED


@pytest.mark.parametrize("path", [*SHIPPED, *ARCHIVED], ids=lambda p: p.stem)
def test_shipped_rubric_is_valid(path: Path):
    rubric = load_rubric_file(path)
    assert path.stem in (rubric.id, f"{rubric.id}-{rubric.version}")
    source = (ROOT / "rubrics" / rubric.source).read_text()
    for comp in rubric.competencies:
        anchors = [comp.anchors[level].behaviour for level in rubric.levels]
        assert len(set(anchors)) == len(rubric.levels), f"{comp.id}: two levels share an anchor"
        for section in comp.source:
            for part in section.split(" > "):
                assert part in source, f"{comp.id}: source {section!r} not in {rubric.source}"
    for step in rubric.career_steps:
        assert step.source.split(" > ")[0] in source
    for fact in rubric.market:
        assert fact.source.split(" > ")[0] in source


# The groups of the profile's sections that the content bar asks to be covered by a competency.
DIRECTOR_GROUPS = {
    "Core Responsibilities": [
        "Strategic Leadership", "Team Management", "Technical Expertise", "Innovation and Research",
        "Cross-functional Collaboration", "Infrastructure and Operations",
        "Quality Assurance and Performance Monitoring",
    ],
    "Requirements": [
        "Education", "Professional Experience", "Technical Skills", "Leadership and Management",
        "Communication and Collaboration", "Strategic Thinking and Innovation", "Additional Skills",
    ],
    "Essential Soft Skills": [
        "Communication", "Problem-Solving and Adaptability", "Collaboration and Teamwork", "Business Acumen",
        "Leadership and Accountability", "Strategic Thinking", "Organizational Skills",
        "Intellectual Rigor and Flexibility", "Discipline and Focus",
    ],
    "Best Practices": [
        "Data Management", "Model Development", "Infrastructure and Deployment", "Coding and Security",
        "Team Collaboration", "Governance and Ethics", "Career Development and Leadership",
    ],
    "Common Challenges": [
        "Data-Related Challenges", "Model Development and Deployment", "Operational Challenges",
        "Technical Challenges", "Organizational Challenges", "Compliance and Security",
    ],
}


def test_director_rubric_covers_every_group_of_the_profile():
    rubric = load_rubric("director-ml-engineering")
    cited = {section for comp in rubric.competencies for section in comp.source}
    missing = [f"{s} > {g}" for s, groups in DIRECTOR_GROUPS.items() for g in groups if f"{s} > {g}" not in cited]
    assert missing == []


# Skills the profile's Industry Trends name, and words that show a competency holds each.
TREND_SKILLS = {
    "computer vision": r"computer vision|\bvision\b",
    "natural language processing": r"natural language|\bNLP\b|\blanguage\b",
    "reinforcement learning": r"reinforcement learning",
    "explainable AI": r"explainab|\bXAI\b",
    "edge AI and IoT": r"\bedge\b",
    "remote and virtual teams": r"remote|distributed|virtual",
}


@pytest.mark.parametrize("skill", sorted(TREND_SKILLS))
def test_director_rubric_holds_the_skills_industry_trends_name(skill):
    rubric = load_rubric("director-ml-engineering")
    holders = [c for c in rubric.competencies
               if re.search(TREND_SKILLS[skill], _text(c), re.IGNORECASE)
               and any(s.startswith("Industry Trends > ") for s in c.source)]
    assert holders, f"no competency citing Industry Trends holds {skill}"


def _text(comp) -> str:
    parts = [comp.title, comp.description]
    for anchor in comp.anchors.values():
        parts += [anchor.behaviour, *anchor.signals, *anchor.examples]
    return " ".join(parts)


def test_director_rubric_is_a_tree_of_two_tracks_to_the_director():
    rubric = load_rubric("director-ml-engineering")
    tracks = {track.id: track.rungs for track in rubric.all_tracks}
    assert tracks == {
        "management": ["junior-mle", "mle", "senior-mle", "ml-team-lead", "director-ml-eng"],
        "ic": ["junior-mle", "mle", "senior-mle", "staff-mle", "principal-mle"],
    }
    assert (rubric.target, rubric.path.id) == ("director-ml-eng", "management")
    moves = {(s.from_, s.to) for s in rubric.career_steps}
    expected = {(None, "junior-mle")} | {(a, b) for rungs in tracks.values() for a, b in zip(rungs, rungs[1:])}
    assert moves == expected


def test_director_gates_follow_the_profile_with_alternatives_and_assumptions():
    rubric = load_rubric("director-ml-engineering")
    director = {gate.id: gate.required["director-ml-eng"] for gate in rubric.gates}
    assert {"degree": "master"} in director["education"] and len(director["education"]) > 1
    assert [{"years_ml": 8}] in director.values() and [{"years_leadership": 4}] in director.values()
    for gate in rubric.gates:  # the profile states only the Director's requirements
        below = [rung for rung in gate.required if rung != "director-ml-eng"]
        assert sorted(gate.assumed) == sorted(below), gate.id
        assert gate.assumption or not below, gate.id


def test_every_rung_has_a_handful_of_core_skills():
    rubric = load_rubric("director-ml-engineering")
    for role in rubric.ladder:
        core = [c.id for c in rubric.competencies if rubric.is_core(c, role.id)]
        assert 4 <= len(core) <= 9, (role.id, core)
    lead = {c.id for c in rubric.competencies if rubric.is_core(c, "ml-team-lead")}
    assert {"performance-retention", "ml-org-design"} <= lead
    for rung in ("junior-mle", "mle", "senior-mle", "staff-mle", "principal-mle"):
        ic = {c.id for c in rubric.competencies if rubric.is_core(c, rung)}
        assert {"ml-foundations", "production-ml-engineering"} <= ic, rung


def test_director_anchors_are_one_behaviour_with_scope_at_the_top():
    rubric = load_rubric("director-ml-engineering")
    vague = re.compile(r"\b(very good|good|excellent|poor|basic knowledge)\b", re.IGNORECASE)
    credential = re.compile(r"master'?s|ph\.?d|degree", re.IGNORECASE)
    scope = re.compile(r"team|organi[sz]ation|company|people|group|system", re.IGNORECASE)
    for comp in rubric.competencies:
        for level, anchor in comp.anchors.items():
            where = f"{comp.id} level {level}"
            assert not vague.search(anchor.behaviour), where
            assert not credential.search(anchor.behaviour), where
            assert ";" not in anchor.behaviour and len(anchor.behaviour.split()) <= 40, where
            if level >= 3:
                assert scope.search(anchor.behaviour), f"{where}: no scope"


def test_expectations_below_staff_are_modest():
    rubric = load_rubric("director-ml-engineering")
    def count(rung, level):
        return sum(1 for c in rubric.competencies if c.expected[rung] >= level)
    assert count("mle", 2) <= len(rubric.competencies) // 2
    assert count("senior-mle", 3) <= 5  # a Senior leads others only in their own craft
    assert count("ml-team-lead", 4) == 0  # a first-line lead sets no org-wide practice
    assert rubric.competency("ml-org-design").expected["ml-team-lead"] <= 2  # no skip-levels


def test_market_figures_name_publisher_year_and_scope():
    rubric = load_rubric("director-ml-engineering")
    for fact in rubric.market:
        assert fact.publisher and fact.year and fact.scope, fact.label
    bls = next(f for f in rubric.market if "23%" in f.value)
    assert "Bureau of Labor Statistics" in bls.publisher and "research scientists" in bls.scope


def test_runs_of_1_0_0_stay_comparable():
    old = load_rubric_file(ROOT / "rubrics" / "archive" / "director-ml-engineering-1.0.0.yaml")
    new = load_rubric("director-ml-engineering")
    ids = {c.id for c in new.competencies}
    assert all(new.current_id(c.id) in ids for c in old.competencies)
