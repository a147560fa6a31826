"""Every place the tool keeps or finds things: the history folder, the cache, and the data it ships with.

One object, `Locations`, owns where a run of the tool keeps things: `--home` (or `ASSESS_HOME`) moves the
history and the cache together; otherwise they live in the user's data and cache folders. Shipped data
(rubrics, report templates, examples) comes with the package: the wheel carries `rubrics/`, `reports/` and
`examples/` as `assess/_data/...` (see pyproject), a checkout reads them from the repository root.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from assess.core.errors import BadInput, BadLocation

_PACKAGE = Path(__file__).resolve().parent.parent
DB_NAME = "assess.sqlite3"
APP = "assess"


def data_dir(name: str) -> Path:
    """The folder of shipped data called `name` ("rubrics", "reports" or "examples")."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"assess is installed without its {name}/ folder")


@dataclass(frozen=True)
class Locations:
    """Where this invocation keeps its history and its cache."""

    home: Path  # the folder of the history database
    cache: Path  # compiled report templates: under `home` when a home is chosen, so a test or a move takes it too
    store: str | None = None  # an organisation's store (a PostgreSQL address) instead of the history in `home`

    @classmethod
    def find(cls, home: Path | str | None = None, store: str | None = None) -> Locations:
        """`home` if given, else `ASSESS_HOME`, else the user's data and cache folders; `store` if given, else
        `ASSESS_STORE`, else none (the local history)."""
        org = (store if store is not None else os.environ.get("ASSESS_STORE")) or None
        chosen = home if home is not None else os.environ.get("ASSESS_HOME") or None
        if chosen is not None:
            folder = _expanded(Path(chosen))
            return cls(home=folder, cache=folder / "cache", store=org)
        import platformdirs  # about 10 ms: not loaded when --home or ASSESS_HOME chooses the folder

        return cls(home=Path(platformdirs.user_data_dir(APP, appauthor=False)),
                   cache=Path(platformdirs.user_cache_dir(APP, appauthor=False)), store=org)

    @property
    def database(self) -> Path:
        return self.home / DB_NAME

    def keep_out(self, output: Path) -> None:
        """Refuse `output` when writing it would replace the history database or one of its journals, named by
        any path, a symbolic link or a hard link: a report or an export written there would lose every run."""
        kept = [self.database, *(self.database.with_name(self.database.name + suffix) for suffix in ("-wal", "-shm"))]
        try:
            target = Path(os.path.realpath(output))
            if any(target == Path(os.path.realpath(each)) or _same_file(target, each) for each in kept):
                raise BadInput(f"{output}: is the history database ({self.database}) or one of its journals; "
                               "choose another file")
        except OSError:
            return  # a name too long, a loop of links: the write that follows says what is wrong

    def has_history(self) -> bool:
        """Whether a history database exists yet (looking never creates one)."""
        return self.database.is_file()

    def template_cache(self) -> Path | None:
        """The folder for compiled report templates, when it can be trusted: ours, a real folder, writable by us
        and by nobody else. Compiled templates are code that runs, so a folder another user could write into, or
        one we cannot write (left by `sudo assess`), is not used; reports are then compiled afresh each time."""
        return private_folder(self.cache / "templates")


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:  # either is not there yet
        return False


def _expanded(path: Path) -> Path:
    try:
        return path.expanduser()
    except RuntimeError:  # `~nosuchuser/...`: no such user, so no home folder to expand it to
        raise BadLocation(path, "names the home folder of a user this machine does not have") from None


def private_folder(path: Path) -> Path | None:
    """`path` as a folder only its owner (us) can write, made so if needed; None when it cannot be."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = os.lstat(path)
        if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.geteuid():
            return None  # a link, a file, or someone else's folder
        if stat.S_IMODE(found.st_mode) & 0o022:
            os.chmod(path, 0o700)  # ours, but others could write into it: what they left there is dropped below
            for planted in path.iterdir():
                planted.unlink(missing_ok=True)
        if not os.access(path, os.W_OK | os.X_OK):
            return None
    except OSError:
        return None
    return path
