"""Facts about the terminal the tool runs in."""

from __future__ import annotations

import sys


def has_terminal() -> bool:
    """Whether a person can be asked something: standard input is a terminal."""
    return sys.stdin.isatty()
