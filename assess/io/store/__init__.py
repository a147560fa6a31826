"""Where runs are kept: the `Store` interface, and the store a place names.

The local store, one SQLite file in the home folder, is the default and the only one imported on the local
path.
"""

from __future__ import annotations

from assess.io.locations import Locations
from assess.io.store.base import KnownRubric, RunSummary, Store

__all__ = ["KnownRubric", "RunSummary", "Store", "open_store"]


def open_store(locations: Locations) -> Store:
    """The store of `locations`: the history database in its home folder."""
    from assess.io.store.sqlite import SQLiteStore

    return SQLiteStore(locations.home)
