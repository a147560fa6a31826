"""Whose history a run joins: a profile with no self-assessment is usually a new person or a typo, so the person
is told before a run is stored for it (`assess take`, a rater's file)."""

from __future__ import annotations

from dataclasses import dataclass

from assess.core.answers import Rater
from assess.core.profiles import closest, unknown_profile_text
from assess.io.store import Store


@dataclass(frozen=True)
class UnknownProfile:
    """A run is about to be stored for `name`, which has no self-assessment (a rater's run), or no run at all."""

    name: str
    near: str | None  # the existing profile it most likely meant
    known: list[str]
    rater: bool

    def said(self) -> str:
        return unknown_profile_text(self.name, self.known, rater=self.rater)


def unknown_profile(store: Store, name: str, rater: Rater | None) -> UnknownProfile | None:
    """For a rater's run: `name` has no completed self-assessment (and this rater no unfinished rating of it, which
    was asked about when it began): their ratings would count for nothing yet. For the person's own: `name` has no
    run at all and is close to one that has, as a typo is ("jordn" beside "jordan"); a new name like no other
    starts its history without a word, as the first run of all does."""
    known = store.profiles()
    near = closest(name, known)
    if rater is not None:
        if store.runs(name, last=1) or store.find_draft(name, rater=rater) is not None:
            return None
    elif name in known or near is None:
        return None
    return UnknownProfile(name, near, known, rater is not None)
