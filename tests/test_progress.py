"""The pure progress core: pace and projection by hand, and no pandas on the report path."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

from assess.models import RunPoint
from assess.progress import DAYS_PER_MONTH, _slope

START = datetime(2026, 1, 1, tzinfo=UTC)


def point(month: float, **readiness: float) -> RunPoint:
    when = START + timedelta(days=month * DAYS_PER_MONTH)
    return RunPoint(id=f"r{month}", finished_at=when.isoformat(), rubric_version="1", readiness=0,
                    readiness_by_role=readiness, placement=None, areas={})


def test_pace_is_the_least_squares_slope_per_month():
    points = [point(0, a=40), point(1, a=50), point(2, a=60)]
    assert round(_slope(points, "a"), 6) == 10
    # Off the line: x = 0, 1, 3 (mean 4/3); y = 40, 44, 58 (mean 142/3)
    # slope = sum(dx*dy) / sum(dx^2) = (258/9) / (42/9) = 6.142857
    assert round(_slope([point(0, a=40), point(1, a=44), point(3, a=58)], "a"), 6) == 6.142857


def test_no_pace_without_two_runs_a_day_apart_or_for_a_missing_role():
    assert _slope([point(0, a=40)], "a") is None
    assert _slope([point(0, a=40), point(0.01, a=60)], "a") is None
    assert _slope([point(0, a=40), point(1, b=60)], "a") is None


def test_a_report_with_history_does_not_import_pandas(tmp_path):
    probe = (
        "import sys; from assess.cli import app\n"
        f"app(['demo', '-f', 'html', '-o', {str(tmp_path / 'r.html')!r}], standalone_mode=False)\n"
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"
    assert "Progress since earlier runs" in (tmp_path / "r.html").read_text()
