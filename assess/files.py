"""Reading files people hand us within bounds, and writing files so a crash never leaves half of one."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import BadInput


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of `path`; every way it cannot be read becomes a one-line `BadInput`."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(status.st_mode):  # a FIFO or a device would block or never end
            raise BadInput(f"{path}: not a regular file")
        size = status.st_size
        if size > limit:
            raise BadInput(f"{path}: file is {size:,} bytes; the limit is {limit:,}")
        return path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise BadInput(f"{path}: permission denied") from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot read ({exc.strerror})") from None


def decode_utf8(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not UTF-8 text (byte {exc.start})") from None


def check_writable_target(path: Path) -> None:
    if path.is_dir():
        raise BadInput(f"{path}: is a folder; give a file name")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"{path}: folder {folder} does not exist")


def write_atomically(path: Path, data: bytes, *, private: bool = False) -> Path:
    """Write a temp file beside `path`, then rename it over; `private` keeps it 0600 (mkstemp's mode)."""
    check_writable_target(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
