"""The terminal the command runs in: whether a person can be asked, and the console that prints to it."""

from __future__ import annotations

import sys

from rich.console import Console


def has_terminal() -> bool:
    """Whether a person can be asked something: standard input is a terminal."""
    return sys.stdin.isatty()


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False)
