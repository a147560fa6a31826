"""The pure progress core: pace and projection by hand, and no pandas on the report path."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

from assess.core.progress import (
    ALREADY_THERE,
    DAYS_PER_MONTH,
    NOT_RISING,
    TOO_FAR,
    TOO_FEW,
    Projection,
    _slope,
    projection,
)
from assess.core.runs import RunPoint

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


def dated(day: str, **readiness: float) -> RunPoint:
    return RunPoint(id=day, finished_at=f"{day}T00:00:00+00:00", rubric_version="1", readiness=0,
                    readiness_by_role=readiness, placement=None, areas={})


def test_pace_follows_the_dates_not_the_order_of_runs():
    points = [dated("2026-01-01", a=40), dated("2026-01-31", a=46), dated("2026-04-01", a=52)]
    # Days 0, 30, 90 (mean 40): dx = -40, -10, 50; dy = -6, 0, 6. Per day: (240 + 300) / (1600 + 100 + 2500)
    # = 0.128571; per month of 30.4375 days: 3.913393. Spaced by index it would be 6.
    assert round(_slope(points, "a"), 6) == 3.913393


def test_a_pace_needs_runs_at_least_a_day_apart():
    one_day = [dated("2026-01-01", a=40), dated("2026-01-02", a=60)]
    assert round(_slope(one_day, "a"), 2) == 608.75  # 20 points in 1/30.4375 of a month
    almost = [dated("2026-01-01", a=40),
              RunPoint(id="b", finished_at="2026-01-01T23:59:00+00:00", rubric_version="1", readiness=0,
                       readiness_by_role={"a": 60}, placement=None, areas={})]
    assert _slope(almost, "a") is None


def test_projection_reaches_out_ten_years_and_no_further():
    points = [point(0, a=24.5), point(1, a=25.0)]  # 0.5 points a month
    finished = datetime(2026, 1, 31, 10, 30, tzinfo=UTC)
    # (85 - 25) / 0.5 = 120 months = 3652.5 days: 2026-01-31 10:30 + 3652 days (two leap days) + 12 h.
    exactly = projection(points, "a", 25.0, 85, finished)
    assert isinstance(exactly, Projection) and exactly.date == "2036-01-31"
    assert projection(points, "a", 24.9, 85, finished) == TOO_FAR  # 120.2 months
    assert projection(points, "a", 85.0, 85, finished) == ALREADY_THERE
    assert isinstance(projection(points, "a", 84.9, 85, finished), Projection)
    falling = [point(0, a=30), point(1, a=25)]
    assert projection(falling, "a", 25.0, 85, finished) == NOT_RISING
    assert projection(points[:1], "a", 25.0, 85, finished) == TOO_FEW


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


def test_no_projection_at_a_flat_pace():
    flat = [point(0, a=25.0), point(1, a=25.0)]
    assert projection(flat, "a", 25.0, 85, datetime(2026, 1, 31, tzinfo=UTC)) == NOT_RISING


def test_an_areas_change_is_rounded_to_one_decimal_once():
    from assess.core.progress import _area_deltas

    before = RunPoint(id="a", finished_at=START.isoformat(), rubric_version="1", readiness=0, readiness_by_role={},
                      placement=None, areas={"x": 40.04, "y": 50.0})
    after = RunPoint(id="b", finished_at=START.isoformat(), rubric_version="1", readiness=0, readiness_by_role={},
                     placement=None, areas={"x": 40.1, "z": 60.0})
    # 0.06 is shown as 0.1: the table prints one decimal, and an area new in the later run has no change.
    assert _area_deltas(before, after) == {"x": 0.1}
