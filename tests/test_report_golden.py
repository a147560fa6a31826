"""The report's content, byte for byte: the rendered HTML of a fixed run with its stylesheet left out, so
a change of style does not count as a change of content.

After a deliberate change of what the report says, regenerate it and read the diff before committing:
    ASSESS_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_report_golden.py
    git diff tests/golden/
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from tests.reporting import render_html

from .test_report import example_input

GOLDEN = Path(__file__).parent / "golden" / "report.html"


def content(html: str) -> str:
    return re.sub(r"<style>.*?</style>", "<style><!-- reports/report.css --></style>", html, count=1, flags=re.S)


def test_report_content_matches_golden():
    html = content(render_html(example_input(progress=True, tool_version="0.0.0-golden")))
    if os.environ.get("ASSESS_REGENERATE_GOLDEN") == "1":
        GOLDEN.write_text(html, encoding="utf-8")
    assert GOLDEN.exists(), f"{GOLDEN} is missing; regenerate it with ASSESS_REGENERATE_GOLDEN=1"
    golden = GOLDEN.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(golden.splitlines(True), html.splitlines(True), "golden", "now", n=1))
    assert html == golden, (
        "the report's content changed; if that is intended, regenerate with ASSESS_REGENERATE_GOLDEN=1, "
        f"read `git diff tests/golden/` and commit it. First changes:\n{diff[:3000]}"
    )


def test_the_golden_holds_no_stylesheet():
    assert "@page" not in GOLDEN.read_text(encoding="utf-8")
