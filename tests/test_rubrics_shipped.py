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
    assert {"years_ml": 15} in director["education"]  # long experience without a degree
    for gate in rubric.gates:  # the profile states only the Director's requirements: those block
        assert "director-ml-eng" not in gate.assumed + gate.advisory, gate.id
        below = [rung for rung in gate.required if rung != "director-ml-eng"]
        assert gate.assumption or not below, gate.id
    # Below the Director everything advises, but that a Team Lead has managed people: the profile defines the rung so.
    blocking = {(gate.id, rung) for gate in rubric.gates for rung in gate.required
                if rung != "director-ml-eng" and rung not in gate.advisory}
    assert blocking == {("leadership-experience", "ml-team-lead")}
    assert rubric.gate("leadership-experience").assumed == ["ml-team-lead"]


def test_only_peer_reviewed_papers_count_as_publications():
    fact = load_rubric("director-ml-engineering").fact("publications")
    assert "peer-reviewed" in fact.title.lower()
    assert fact.hint and "patents do not count" in fact.hint


def test_every_rung_has_a_handful_of_core_skills():
    rubric = load_rubric("director-ml-engineering")

    def core(rung):
        return {c.id for c in rubric.competencies if rubric.is_core(c, rung)}

    for role in rubric.ladder:
        assert 4 <= len(core(role.id)) <= 9, (role.id, core(role.id))
    assert {"performance-retention", "ml-org-design", "ml-hiring", "ml-team-coaching"} <= core("ml-team-lead")
    for rung in ("junior-mle", "mle", "senior-mle"):
        assert {"ml-foundations", "production-ml-engineering", "model-evaluation", "data-quality"} <= core(rung)
    # Staff and Principal are technical leadership, not people management.
    assert core("staff-mle") == {"ml-architecture", "ml-foundations", "ml-specialisation", "technical-influence"}
    assert core("principal-mle") >= core("staff-mle")


def test_a_graduate_is_asked_for_what_a_graduate_is_hired_on():
    rubric = load_rubric("director-ml-engineering")
    asked = {c.id: c.expected["junior-mle"] for c in rubric.competencies if c.expected["junior-mle"] > 0}
    assert asked == dict.fromkeys(["ml-foundations", "production-ml-engineering", "data-quality",
                                   "model-evaluation"], 1)
    for comp in rubric.competencies:  # governance and operations start at MLE
        if comp.area in ("governance", "mlops") or comp.id == "model-monitoring-drift":
            assert comp.expected["junior-mle"] == 0 and comp.expected["mle"] >= 1, comp.id


def test_staff_and_principal_expect_no_people_management():
    rubric = load_rubric("director-ml-engineering")
    for comp_id in ("ml-hiring", "ml-team-coaching", "ml-org-design", "performance-retention"):
        comp = rubric.competency(comp_id)
        assert all(comp.expected[rung] == 0 for rung in rubric.track("ic").rungs), comp_id


def test_the_profile_skills_once_unrated_are_rated():
    rubric = load_rubric("director-ml-engineering")
    modernising = rubric.competency("ml-modernisation")
    assert "Requirements > Strategic Thinking and Innovation" in modernising.source
    assert re.search(r"moderni[sz]", modernising.title, re.IGNORECASE) and "streamlin" in modernising.title.lower()
    relationships = rubric.competency("relationship-building")
    assert "Overview > Qualifications" in relationships.source  # "excellent communication and interpersonal skills"
    assert "interpersonal skills" in (ROOT / "rubrics" / rubric.source).read_text()


def test_director_anchors_are_one_behaviour_with_scope_at_the_top():
    rubric = load_rubric("director-ml-engineering")
    vague = re.compile(r"\b(very good|good|excellent|poor|basic knowledge)\b", re.IGNORECASE)
    credential = re.compile(r"master'?s|ph\.?d|degree", re.IGNORECASE)
    # Level 3 names its scope within one team (a project or squad of 2-4, or the team); level 4 beyond it.
    team_scope = re.compile(r"squad of 2-4|\bone team\b")
    org_scope = re.compile(r"several teams|organisation|company")
    for comp in rubric.competencies:
        for level, anchor in comp.anchors.items():
            where = f"{comp.id} level {level}"
            assert not vague.search(anchor.behaviour), where
            assert not credential.search(anchor.behaviour), where
            assert ";" not in anchor.behaviour and len(anchor.behaviour.split()) <= 40, where
            if level == 3:
                assert team_scope.search(anchor.behaviour), f"{where}: no project or team scope"
            if level == 4:
                assert org_scope.search(anchor.behaviour), f"{where}: no organisation scope"


# Artefacts that a top behaviour rewards, each in one competency only: others may refer to it in their actions.
ARTEFACTS = {
    "tier": "responsible-ai",
    "hardest": "problem-solving-adaptability",
    "reference architecture": "ml-architecture",
    "design review": "ml-architecture",
    "value ledger": "ml-business-impact",
    "metric tree": "business-acumen",
    "career ladder": "ml-team-coaching",
    "technology radar": "technology-radar",
    "go/no-go authority": "model-evaluation",
    "research programme": "ml-research-innovation",
    "launch criteria": "model-evaluation",
    "whose review": None,  # the go-to reviewer was once the top of three competencies: no anchor rewards it now
}


@pytest.mark.parametrize("artefact", sorted(ARTEFACTS))
def test_one_behaviour_lives_in_one_competency(artefact):
    rubric = load_rubric("director-ml-engineering")
    holders = {c.id for c in rubric.competencies
               if any(artefact in text.lower() for anchor in c.anchors.values()
                      for text in (anchor.behaviour, *anchor.signals, *anchor.examples))}
    assert holders == ({ARTEFACTS[artefact]} if ARTEFACTS[artefact] else set())


def test_top_behaviours_differ():
    rubric = load_rubric("director-ml-engineering")
    tops = [c.anchors[rubric.max_level].behaviour for c in rubric.competencies]
    assert len(set(tops)) == len(tops)


def test_career_steps_name_what_blocks_each_move():
    """For every move, the core skills that a person exactly at the rung below is short of beyond the tolerance
    are each named in the move's career steps."""
    from assess.core.readiness import core_short

    rubric = load_rubric("director-ml-engineering")
    named = {"ml-specialisation": "specialisation", "technical-influence": "technical lead",
             "ml-architecture": "architecture", "ml-hiring": "hiring", "ml-team-coaching": "growth plans",
             "ml-org-design": "structure|roles and responsibilities", "performance-retention": "performance",
             "ml-strategy": "strategy", "mlops-pipelines": "pipeline", "problem-solving-adaptability": "framing",
             "ml-foundations": "statistics|deep learning", "production-ml-engineering": "tests",
             "data-quality": "data checks", "model-evaluation": "evaluation"}
    for move in rubric.career_steps:
        below = {c.id: (c.expected[move.from_] if move.from_ else rubric.min_level) for c in rubric.competencies}
        blocking = core_short(rubric, below, set(), move.to)
        text = " ".join(move.steps)
        for comp_id in blocking:
            assert re.search(named[comp_id], text), (move.from_, move.to, comp_id)
    senior_to_staff = next(m for m in rubric.career_steps if (m.from_, m.to) == ("senior-mle", "staff-mle"))
    assert "specialisation" in " ".join(senior_to_staff.steps)


def test_expectations_below_staff_are_modest():
    rubric = load_rubric("director-ml-engineering")
    def count(rung, level):
        return sum(1 for c in rubric.competencies if c.expected[rung] >= level)
    assert count("mle", 2) <= len(rubric.competencies) // 2
    assert count("senior-mle", 3) <= 5  # a Senior leads others only in their own craft
    assert count("staff-mle", 4) == count("senior-mle", 4) == 0  # nothing organisation-wide below Principal
    assert count("ml-team-lead", 4) == 0  # a first-line lead sets no org-wide practice
    assert rubric.competency("ml-org-design").expected["ml-team-lead"] <= 2  # no skip-levels


def test_market_figures_name_publisher_year_and_scope():
    rubric = load_rubric("director-ml-engineering")
    for fact in rubric.market:
        assert fact.publisher and fact.year and fact.scope, fact.label
    bls = next(f for f in rubric.market if "23%" in f.value)
    assert "Bureau of Labor Statistics" in bls.publisher and "research scientists" in bls.scope


@pytest.mark.parametrize("version", ["1.0.0", "2.0.0"])
def test_runs_of_earlier_versions_stay_comparable(version):
    old = load_rubric_file(ROOT / "rubrics" / "archive" / f"director-ml-engineering-{version}.yaml")
    new = load_rubric("director-ml-engineering")
    assert old.version == version != new.version
    ids = {c.id for c in new.competencies}
    assert all(new.current_id(c.id) in ids for c in old.competencies)
