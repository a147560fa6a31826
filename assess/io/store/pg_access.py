"""Whom an organisation store lets in: a person's own login role, never one the database's rules do not bind.

A superuser, a role with BYPASSRLS, and any role that owns (or may act as the owner of) the store's tables
would read every row whatever the policies say, so the store refuses to work through one: what a person
reads is then always what the database itself decided they may read. A database without the store's schema,
or with a schema this assess does not know, is refused too.
"""

from __future__ import annotations

from assess.core.errors import NotInOrganisation, StorageError
from assess.io.store.pg_base import Person
from assess.io.store.pg_connection import Connection
from assess.io.store.pg_schema import verdict


def check_login(conn: Connection) -> Person:
    """Who `conn` is logged in as, once it is known to be one of the organisation's people and nothing more."""
    row = conn.one("SELECT r.rolsuper, r.rolbypassrls, current_user, session_user, "
                   "to_regnamespace('assess') IS NOT NULL FROM pg_roles r WHERE r.rolname = current_user")
    assert row is not None  # current_user is always a role
    superuser, bypasses, login, session, schema = row
    if superuser or bypasses:
        what = "is a superuser" if superuser else "bypasses row-level security"
        raise NotInOrganisation(conn.where, login, f"{what}; assess works only through a person's own login role, "
                                "so that the database decides what each person sees")
    if login != session:
        raise NotInOrganisation(conn.where, session, f"acts as {login!r}; connect as your own login role")
    if not schema:
        raise StorageError(f"{conn.where}: is not an organisation store (no assess schema); its admin creates it")
    if not conn.one("SELECT has_schema_privilege('assess', 'USAGE')")[0]:  # type: ignore[index]
        raise NotInOrganisation(conn.where, login, "is not one of the organisation's people", addable=True)
    done = {name for (name,) in conn.rows("SELECT name FROM assess._migrations")}
    problem = verdict(done)
    if problem is not None:
        raise StorageError(f"{conn.where}: the organisation store {problem}")
    owner = conn.one("SELECT pg_has_role(current_user, c.relowner, 'MEMBER') FROM pg_class c "
                     "WHERE c.oid = 'assess.runs'::regclass")
    if owner is None or owner[0]:
        raise NotInOrganisation(conn.where, login, "owns the store's tables, or may act as their owner; the owner "
                                "can switch row-level security off, so assess does not work through it")
    me = conn.one("SELECT login, manager, hr, reports FROM assess.whoami()")
    if me is None:
        raise NotInOrganisation(conn.where, login, "is not one of the organisation's people", addable=True)
    return Person(str(me[0]), None if me[1] is None else str(me[1]), bool(me[2]), int(me[3]))
