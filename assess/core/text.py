"""Rules for text that came from a file or a person: what may be shown, and how it is quoted in one line."""

from __future__ import annotations

import re
import reprlib
import unicodedata
from typing import Any

MAX_PROFILE = 64
PROFILE_RULE = f"up to {MAX_PROFILE} letters, digits, '.', '_' or '-'"
# A team's or a login's name, which names a file or a database role: letters and digits only as Python's `\w`
# knows them (so no invisible or combining character), '.', '_' or '-'. A profile is checked by `profile_name`.
PROFILE_PATTERN = r"[\w.-]{1,64}"

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


# Characters that show as nothing, so two names that look the same could differ (`ad\u200dmin` and `admin`): Unicode's
# default-ignorable code points (zero-width spaces and joiners, invisible operators, variation selectors, fillers,
# tags) and the other format characters.
_IGNORABLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
                        "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")  # look like a space: are one


def invisible(text: str) -> str | None:
    """The first character of `text` that shows as nothing (a zero-width or format character), or None."""
    if text.isascii():  # ASCII has none
        return None
    found = _IGNORABLE.search(text)
    if found is None:  # any other format character
        return next((ch for ch in text if unicodedata.category(ch) == "Cf"), None)
    return found.group()


def visible_name(value: str) -> str:
    """A person's name as kept: composed (NFC, so `é` typed either way is one name), every space an ordinary one,
    nothing invisible in it. ValueError says which character is refused."""
    if value.isascii():  # nothing to compose, no odd space, nothing invisible
        return value
    value = _SPACES.sub(" ", unicodedata.normalize("NFC", value))
    hidden = invisible(value)
    if hidden is not None:
        raise ValueError(f"contains the invisible character U+{ord(hidden):04X}; a name is what it shows")
    return value


def profile_name(value: str) -> str:
    """A profile name as kept and looked up: composed (NFC), then letters (with their accents), digits, '.', '_'
    or '-', nothing invisible: a profile is echoed in messages and written into files. ValueError otherwise."""
    if _ASCII_PROFILE.fullmatch(value):  # most profiles: nothing to compose or look for
        return value
    value = unicodedata.normalize("NFC", value)
    hidden = invisible(value)
    if hidden is not None:
        raise ValueError(f"contains the invisible character U+{ord(hidden):04X}; a profile name is {PROFILE_RULE}")
    if not 0 < len(value) <= MAX_PROFILE or not all(_profile_char(ch) for ch in value) \
            or unicodedata.category(value[0]).startswith("M"):
        raise ValueError(f"is not a profile name: {PROFILE_RULE}")
    return value


_ASCII_PROFILE = re.compile(f"[A-Za-z0-9._-]{{1,{MAX_PROFILE}}}")


def _profile_char(ch: str) -> bool:
    return ch in "._-" or unicodedata.category(ch)[0] in "LNM"


def safe(text: str) -> str:
    """`text` with anything that would act on a terminal (an escape sequence, a bidirectional override) shown
    as its code instead: for text the tool did not write itself, such as a path given on the command line."""
    return CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def one_line(text: str) -> str:
    """`text` made `safe` and kept on one line, for an error message: a file name can hold a line break."""
    return safe(text).replace("\n", "\\n").replace("\t", "\\t")


# Every character str.splitlines breaks a line at: a YAML reader ends a comment at U+2028, U+2029 and U+0085 too.
LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def unbroken(text: str) -> str:
    """`text` on one line whatever reads it: every line break of any kind (see LINE_BREAKS) becomes a space."""
    return LINE_BREAKS.sub(" ", text)


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


# A spreadsheet opening a CSV evaluates a cell that starts with one of these as a formula (`=HYPERLINK(...)`,
# `@SUM(...)`, `-2+3`); text from a rubric, a profile or an imported report could start so.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: object) -> object:
    """A text cell a spreadsheet shows rather than runs: one that would start a formula gets a leading `'`, the
    mark spreadsheets themselves use for "this is text". Numbers stay numbers."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value
