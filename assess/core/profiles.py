"""Profiles by name: the existing one a mistyped name most likely meant. Pure."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

SHOWN = 5  # existing profiles named when none is close


def closest(name: str, known: Sequence[str]) -> str | None:
    """The existing profile `name` most likely meant ("jordn" -> "jordan"), or None when none is close."""
    found = difflib.get_close_matches(name, [other for other in known if other != name], n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_profile_text(name: str, known: Sequence[str], *, rater: bool) -> str:
    """What to tell someone about to store a run for `name`, a profile with no self-assessment."""
    what = "has no self-assessment yet: others' ratings of it count once it has one" if rater else \
        "is new: this run starts its history"
    near = closest(name, known)
    if near is not None:
        return f"profile {name!r} {what}; did you mean {near!r}?"
    others = ", ".join(repr(other) for other in sorted(known)[:SHOWN] if other != name)
    return f"profile {name!r} {what}" + (f" (profiles with runs: {others})" if others else "")
