"""The history database as a file: created private, kept private, and every SQLite error said in one line.

A history is one SQLite file (and its `-wal` and `-shm` journals) in the home folder. The file is created by
us, 0600 from its first byte, never followed through a link to something that is not a regular file, and
its folder is 0700 when it holds nothing else.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

from assess.core.errors import StorageError
from assess.io.locations import DB_NAME

FULL_BELOW_BYTES = 1024 * 1024  # free space under which an I/O error is most likely the disk being full
JOURNALS = ("-wal", "-shm")


def prepare(home: Path) -> tuple[Path, list[str]]:
    """The database file in `home`, created if missing, and what the person should know about it."""
    path = home / DB_NAME
    try:
        if not home.exists():
            try:
                home.mkdir(mode=0o700, parents=True)
                os.chmod(home, 0o700)  # mkdir's mode is filtered by the umask
            except FileExistsError:
                pass  # another process created it a moment ago
        if not home.is_dir():
            raise StorageError(f"{home}: is a file, not a folder for the history database")
        try:
            # Created here, not by sqlite3, so the file is private from its first byte.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
        except FileExistsError:
            pass  # ours from an earlier run, another process's from a moment ago, or a link checked below
    except PermissionError:
        raise StorageError(f"{path}: permission denied") from None
    except OSError as exc:
        raise StorageError(f"{path}: cannot create ({exc.strerror})") from None
    _check_regular(path)
    return path, keep_private(home, path, through_links=False)


def _check_regular(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise StorageError(f"{path}: cannot open ({exc.strerror})") from None
    if stat.S_ISDIR(mode):
        raise StorageError(f"{path}: is a folder, expected the history database file")
    if not stat.S_ISREG(mode):  # a link to /dev/null, a pipe: nothing to keep a history in, or to chmod
        raise StorageError(f"{path}: not a regular file (a device, pipe or socket), expected the history database "
                           "file; move it away", elsewhere=True)
    if path.is_symlink() and path.stat().st_uid != os.geteuid():
        # A history written through a link lands in the file it names: one another user owns could be read by them.
        raise StorageError(f"{path}: a link to a file another user owns ({os.path.realpath(path)}); move it away",
                           elsewhere=True)


def keep_private(home: Path, path: Path, *, through_links: bool) -> list[str]:
    """The database and its journals are the person's alone: tightened to 0600. Their folder too (0700) when
    it holds nothing else; a folder with other files in it was chosen by the person, so it is only pointed out.

    `through_links`: also the file a link names, once it is known to hold our history (or nothing yet), since
    that is where the history is written; before that, a link to someone's notes leaves their mode alone."""
    ours = [path, *(path.with_name(path.name + suffix) for suffix in JOURNALS)]
    real = Path(os.path.realpath(path))
    named = [real, *(real.with_name(real.name + suffix) for suffix in JOURNALS)] if through_links else []
    for each in dict.fromkeys([*ours, *named]):
        _tighten(each, 0o600)
    try:
        loose = stat.S_IMODE(home.stat().st_mode) & 0o077
        others = [p for p in home.iterdir() if p not in ours and not p.name.startswith(f".{DB_NAME}")
                  and p.name != "cache"]
    except OSError:
        return []
    if loose and not others:
        _tighten(home, 0o700)
    elif loose:
        return [f"{home}: other users can open this folder, which holds your history; `chmod 700 {home}` keeps it "
                "private"]
    return []


def _tighten(path: Path, mode: int) -> None:
    try:
        found = os.lstat(path)
        if stat.S_ISLNK(found.st_mode):
            return  # what a link names is not ours to change
        if stat.S_IMODE(found.st_mode) & ~mode and found.st_uid == os.geteuid():
            os.chmod(path, mode)
    except OSError:
        pass  # not there (no journal yet), or not ours to change


def storage_error(path: Path, exc: sqlite3.Error) -> StorageError:
    """What went wrong with the history database, in one line that says what to do."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return StorageError(f"{path}: not an assess history database, or a damaged one ({exc}); move it away "
                            "(keep a copy)", elsewhere=True)
    if name.startswith("SQLITE_READONLY"):
        return StorageError(f"{path}: cannot write the history database: it or its folder is read-only; "
                            "make both writable", elsewhere=True)
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return StorageError(f"{path}: cannot open the history database: check that you may read and write it and "
                            "its folder", elsewhere=True)
    if name.startswith("SQLITE_FULL"):
        return StorageError(f"{path}: the disk is full; free some space and try again")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StorageError(f"{path}: the history database is busy (another assess is writing); try again")
    if name.startswith("SQLITE_IOERR"):
        if _nearly_full(path.parent):  # SQLite often reports a full disk as an I/O error
            return StorageError(f"{path}: the disk is full; free some space and try again")
        return StorageError(f"{path}: cannot read or write the history database ({exc}); check the disk")
    return StorageError(f"{path}: history database error ({exc})")


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW_BYTES
    except OSError:
        return False


def check_journal(path: Path) -> None:
    """Refuse a write-ahead log beside the database that belongs to another history (copied in, or left when the
    file was replaced): SQLite would apply it, silently putting that history's pages over this one's. Every write
    of ours touches the history's id (migration m008), so a log of ours holds that id; one whose id differs from
    the file's own is another history's. Read before any connection can write, so nothing of it is applied."""
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.stat().st_size == 0:
            return
    except OSError:
        return
    for _ in range(2):  # a checkpoint running while the file is read can show a moment's mismatch: look again
        own, logged = _history_id(path, "immutable=1"), _history_id(path, "mode=ro")
        if own is None or logged is None or own == logged:
            return
    raise StorageError(f"{wal}: this write-ahead log belongs to another history database, and would replace this "
                       "one's runs; move it away (keep a copy)", elsewhere=True)


def _history_id(path: Path, how: str) -> str | None:
    """The history's id as the file alone holds it (`immutable=1` reads no log) or with its log applied (`mode=ro`,
    which cannot write it back); None when it cannot be told."""
    try:
        db = sqlite3.connect(f"file:{path.as_posix()}?{how}", uri=True, timeout=1)
        try:
            row = db.execute("SELECT id FROM _history").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None
