"""Facts about the terminal the tool runs in."""

from __future__ import annotations

import re
import sys

# Characters that act on a terminal or reorder text instead of showing: C0 and C1 controls other than tab and
# newline (escape sequences start with one), and bidirectional overrides.
CONTROL = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]")


def has_terminal() -> bool:
    """Whether a person can be asked something: standard input is a terminal."""
    return sys.stdin.isatty()


def safe(text: str) -> str:
    """`text` with anything that would act on a terminal (an escape sequence, a bidirectional override) shown
    as its code instead: for text the tool did not write itself, such as a path given on the command line."""
    return CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def one_line(text: str) -> str:
    """`text` made `safe` and kept on one line, for an error message: a file name can hold a line break."""
    return safe(text).replace("\n", "\\n").replace("\t", "\\t")
