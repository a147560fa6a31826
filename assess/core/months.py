"""Calendar months, the one rule for "N months from a run": a plan's horizon, a rater's window.

A month is a calendar month, not 30.4 days: three months after 19 May is 19 August, and one month after 31
January is the last day of February. A date that is due on a day is due all that day (inclusive), whatever
the time of day the run was taken.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime


def shift_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months away; the 31st becomes the month's last day."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def day_of(stamp: str) -> date:
    """The UTC day of an ISO 8601 moment with an offset, as runs are stored."""
    return datetime.fromisoformat(stamp).astimezone(UTC).date()


def due_on(start: str, months: int) -> date:
    """The day that is `months` calendar months after the day of `start`."""
    day = day_of(start)
    return shift_months(datetime(day.year, day.month, day.day, tzinfo=UTC), months).date()


def reached(start: str, months: int, later: str) -> bool:
    """Whether `later` falls on or after the day `months` calendar months after `start`."""
    return day_of(later) >= due_on(start, months)
