"""Every shipped rubric loads, and the Director rubric covers its source document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assess.rubrics import bundled_rubric_paths, load_rubric, load_rubric_file

from .conftest import ROOT

SHIPPED = sorted((ROOT / "rubrics").glob("*.yaml"))


def test_rubrics_are_shipped():
    assert [p.name for p in SHIPPED] == [p.name for p in bundled_rubric_paths()]
    assert SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_rubric_is_valid(path: Path):
    rubric = load_rubric_file(path)
    assert rubric.id == path.stem
    source = (path.parent / rubric.source).read_text()
    for comp in rubric.competencies:
        anchors = [comp.anchors[level] for level in range(5)]
        assert len(set(anchors)) == 5, f"{comp.id}: two levels share an anchor"
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


def test_director_rubric_shape():
    rubric = load_rubric("director-ml-engineering")
    assert rubric.role_ids() == ["junior-mle", "mle", "senior-mle", "ml-team-lead", "director-ml-eng"]
    assert len(rubric.competencies) >= 30
    assert {g.id for g in rubric.gates} >= {"degree", "years_ml", "years_leadership"}
    director = {g.id: g.required["director-ml-eng"] for g in rubric.gates}
    assert director == {"degree": "master", "years_ml": 8, "years_leadership": 4}
    moves = [(s.from_, s.to) for s in rubric.career_steps]
    ladder = rubric.role_ids()
    assert moves == list(zip([None, *ladder[:-1]], ladder))
    assert any(c.critical for c in rubric.competencies)


def test_director_anchors_avoid_vague_scales():
    rubric = load_rubric("director-ml-engineering")
    vague = re.compile(r"\b(very good|good|excellent|poor|basic knowledge)\b", re.IGNORECASE)
    offenders = [
        (c.id, level) for c in rubric.competencies for level, text in c.anchors.items() if vague.search(text)
    ]
    assert offenders == []
