"""The rendered HTML of a fixed run, byte for byte.

Regenerate after an intended change and review the diff:
    ASSESS_REGENERATE_GOLDEN=1 /tmp/venv/bin/python -m pytest tests/test_report_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

from assess.report import render_html

from .test_report import example_input

GOLDEN = Path(__file__).parent / "golden" / "report.html"


def test_report_html_matches_golden():
    html = render_html(example_input(progress=True, tool_version="0.0.0-golden"))
    if os.environ.get("ASSESS_REGENERATE_GOLDEN") == "1":
        GOLDEN.write_text(html, encoding="utf-8")
    assert GOLDEN.exists(), f"{GOLDEN} is missing; regenerate it with ASSESS_REGENERATE_GOLDEN=1"
    assert html == GOLDEN.read_text(encoding="utf-8"), (
        "report HTML changed; if intended, regenerate with ASSESS_REGENERATE_GOLDEN=1 and review the diff"
    )
