"""The terminal the command runs in: whether a person can be asked, and the console that prints to it.

Text from rubrics and answers files reaches the console, so the console reads none of it as rich markup
(`[link=...]` would send OSC 8, `[blink]` SGR escapes, and a stray `[/]` would stop the command) or emoji codes.
A terminal that cannot show every character (ASCII, Latin-1) gets look-alikes instead of an encoding error, and
a `COLUMNS` that is not a usable width is ignored rather than printing nothing.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich only where something is printed: `assess --help` loads this module
    from rich.console import Console

MIN_COLUMNS, MAX_COLUMNS = 20, 1000  # a COLUMNS outside these is a mistake, not a terminal
FALLBACK = "assess-look-alike"
_LOOK_ALIKES = {"→": "->", "←": "<-", "×": "x", "·": "-", "—": "-", "–": "-", "…": "...", "°": " deg", "≥": ">=",
                "≤": "<=", "‘": "'", "’": "'", "“": '"', "”": '"', "•": "*", "✓": "v", "✗": "x", "─": "-", "│": "|"}


def has_terminal() -> bool:
    """Whether a person can be asked something: standard input is a terminal."""
    return sys.stdin.isatty()


def console(stderr: bool = False) -> Console:
    from rich.console import Console  # rich: `assess --help` loads this module and prints nothing with it

    fit_streams()
    return Console(stderr=stderr, highlight=False, markup=False, emoji=False, width=columns())


def columns() -> int | None:
    """The width to print at: `COLUMNS` when it is a usable width; when it is set to anything else (rich would
    print at a width of 0), the terminal's own, else 80. None: not set, the console asks the terminal."""
    value = os.environ.get("COLUMNS")
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit() and MIN_COLUMNS <= int(value) <= MAX_COLUMNS:
        return int(value)
    try:
        return max(MIN_COLUMNS, min(os.get_terminal_size(sys.__stdout__.fileno()).columns,  # type: ignore[union-attr]
                                    MAX_COLUMNS))
    except (OSError, AttributeError, ValueError):
        return 80


def _look_alike(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(_LOOK_ALIKES.get(char, "?") for char in text), error.end


codecs.register_error(FALLBACK, _look_alike)


def fit_streams() -> None:
    """Standard output and error write what their encoding cannot hold as look-alikes, not an encoding error."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            if codecs.lookup(encoding).name.startswith("utf"):
                continue
        except LookupError:
            pass
        if isinstance(stream, io.TextIOWrapper) and stream.errors != FALLBACK:
            stream.reconfigure(errors=FALLBACK)
