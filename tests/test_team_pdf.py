"""The team PDF: its pages, the heatmap on landscape pages, and every input listed with its hash."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from .team_people import Q2_BUILD, TEAM, make_quarters

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def quarters(tmp_path_factory):
    quarters = make_quarters(tmp_path_factory.mktemp("team-pdf"), "export")
    quarters.built()
    return quarters


def pages(path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_the_team_pdf_has_every_view_and_lists_each_input(quarters, tmp_path):
    path = tmp_path / "team.pdf"
    quarters.team("report", "plat", "--on", Q2_BUILD, "-o", path)
    assert path.stat().st_mode & 0o777 == 0o600
    reader = PdfReader(path)
    heat = reader.pages[1]
    assert heat.mediabox.width > heat.mediabox.height  # the heatmap's page is landscape
    text = pages(path)
    assert text[0].startswith("Team plat · Mini rubric · as of 2026-09-07 Team plat")
    assert "Single points of failure 1 person at level 3 or above in X two: one person Ada" in text[0]
    assert "Heatmap: each level against the person's next rung" in text[1]
    every = " ".join(text)
    for heading in ("Coverage and single points of failure", "What if someone leaves",
                    "Succession and promotion readiness", "Where one action helps several people",
                    "What moved since 2026-03-09", "Each cell explained", "Inputs"):
        assert heading in every, heading
    assert "Cai: readiness 59.5; raise X one from 2 to 3, Y two from 1 to 2; gates Years in the field; at their " \
           "pace 2027-01-04" in every
    views = json.loads(quarters.team("show", "plat", "--on", Q2_BUILD, "-f", "json"))
    squeezed = re.sub(r"\s", "", every)
    for row in views["inputs"]:
        assert row["sha256"] in squeezed
        assert f"{row['person']} {row['file']} {row['taken_on']} mini 1 shared {row['status']}" in every


def test_the_anonymous_pdf_names_nobody(quarters, tmp_path):
    path = tmp_path / "anonymous.pdf"
    quarters.team("report", "plat", "--on", Q2_BUILD, "--anonymous", "-o", path)
    every = " ".join(pages(path))
    assert "Team plat: distributions only" in every and "People at each level" in every
    assert not [name for name in TEAM if re.search(rf"\b{name}\b", every)]
