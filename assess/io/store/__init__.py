"""Where runs are kept: the `Store` interface, and the store a place names.

The local store, one SQLite file in the home folder, is the default and the only one imported on the local
path; an organisation's store (PostgreSQL, `Locations.store`) is imported only when one is named.
"""

from __future__ import annotations

from assess.core.errors import StorageError
from assess.io.locations import Locations
from assess.io.store.base import KnownRubric, RunSummary, Store

__all__ = ["KnownRubric", "RunSummary", "Store", "open_store"]


ORG_SCHEMES = ("postgresql://", "postgres://")


def open_store(locations: Locations) -> Store:
    """The store of `locations`: the organisation's store it names, else the history database in its home folder."""
    if locations.store is not None:
        # Each backend loads when chosen: a local history loads no psycopg, an organisation's store (and a
        # command that opens no store, such as `score`) no SQLite store.
        from assess.io.store.postgres import PostgresStore

        return PostgresStore(org_address(locations.store), locations.home / "org-pending")
    from assess.io.store.sqlite import SQLiteStore

    return SQLiteStore(locations.home)


def org_address(url: str) -> str:
    """`url` when it names a PostgreSQL database (`postgresql://...`, a libpq address)."""
    if not url.startswith(ORG_SCHEMES):
        raise StorageError(f"{url}: not an organisation store's address; expected postgresql://...")
    return url
