"""Rules for text that came from a file or a person: what may be shown, and how it is quoted in one line."""

from __future__ import annotations

import re
import reprlib
from typing import Any

PROFILE_PATTERN = r"[\w.-]{1,64}"  # a profile name: echoed in messages, written into files, so plain

# Characters that act on a terminal or reorder text instead of showing: C0 and C1 controls other than tab and
# newline (escape sequences start with one), and bidirectional overrides.
CONTROL = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]")


def printable(value: str) -> str:
    """Refuse text that would act on a terminal or a document instead of being shown."""
    if value.isascii() and value.isprintable():  # most text: nothing to look for
        return value
    found = CONTROL.search(value)
    if found:
        raise ValueError(f"contains the control character U+{ord(found.group()):04X} at position {found.start()}")
    return value


def safe(text: str) -> str:
    """`text` with anything that would act on a terminal (an escape sequence, a bidirectional override) shown
    as its code instead: for text the tool did not write itself, such as a path given on the command line."""
    return CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def one_line(text: str) -> str:
    """`text` made `safe` and kept on one line, for an error message: a file name can hold a line break."""
    return safe(text).replace("\n", "\\n").replace("\t", "\\t")


def field_name(key: Any) -> str:
    """A field name as written, unless it would break the one line (a newline, an escape sequence): then quoted."""
    text = str(key)
    return text if text.isprintable() and len(text) <= 64 else short_repr(text)


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxstring, _SHORT.maxother = 2, 4, 4, 50, 50


def short_repr(value: Any) -> str:
    """A short repr: the input may be an alias-shared structure far too large to print."""
    text = _SHORT.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
