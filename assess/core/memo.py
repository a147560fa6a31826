"""What is worked out from a rubric alone, worked out once per rubric rather than once per run scored.

Scoring a run needs each rung's shares and the tables made from them; an import scores thousands of runs
against the same rubric, and computing those again for each run was most of its time. The memo is keyed by
the object itself (a rubric is not hashable) and holds it, so an id is never reused while its entry lives; a
changed copy (`model_copy(update=...)`) is another object with entries of its own. Only the few rubrics in use
are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
KEPT = 16  # objects remembered; a command works with one or two rubrics

_memo: dict[int, tuple[object, dict[Hashable, Any]]] = {}
_MISSING = object()


def derived(owner: object, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` for `owner` under `key`, computed the first time it is asked for and remembered."""
    entry = _memo.get(id(owner))
    if entry is None or entry[0] is not owner:
        entry = (owner, {})
        _memo[id(owner)] = entry
        while len(_memo) > KEPT:  # the oldest first: dicts keep their order
            del _memo[next(iter(_memo))]
    found = entry[1].get(key, _MISSING)
    if found is _MISSING:
        found = entry[1][key] = compute()
    return found  # type: ignore[return-value]
