"""Reading files people hand us within bounds, and writing files so a crash never leaves half of one.

Only regular files are read: a device would be read until memory runs out and a FIFO would wait
forever, so both are refused before a byte is read, and the size bound is enforced while reading
(a file's reported size is not trusted). Writing refuses to replace anything but a regular file.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from assess.core.errors import BadInput

_CHUNK = 1 << 20


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of regular file `path`, at most `limit`; every way it cannot be read is a one-line `BadInput`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise os_error(path, exc, "read") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise BadInput(f"{path}: is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise BadInput(f"{path}: not a regular file (a device, pipe or socket); give a file")
        if os.fstat(fd).st_size > limit:  # the cheap refusal; the loop below enforces the bound anyway
            raise BadInput(f"{path}: file is over the limit of {limit:,} bytes")
        chunks, size = [], 0
        while chunk := os.read(fd, _CHUNK):
            size += len(chunk)
            if size > limit:
                raise BadInput(f"{path}: file is over the limit of {limit:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise os_error(path, exc, "read") from None
    finally:
        os.close(fd)


def os_error(path: Path, exc: OSError, doing: str) -> BadInput:
    """An operating-system error on `path` as one line that says what to do."""
    code = exc.errno
    if code == errno.ENOENT:
        return BadInput(f"{path}: no such file" if doing == "read" else f"{path}: its folder does not exist")
    if code in (errno.EACCES, errno.EPERM):
        return BadInput(f"{path}: permission denied; check who may {doing} it and its folder")
    if code == errno.EROFS:
        return BadInput(f"{path}: on a read-only file system; choose another place")
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return BadInput(f"{path}: no space left to {doing} it ({exc.strerror}); free some space and try again")
    if code == errno.ENAMETOOLONG:
        return BadInput(f"{path.name[:40]}...: file name too long for the file system; choose a shorter one")
    if code == errno.EISDIR:
        return BadInput(f"{path}: is a folder, not a file")
    return BadInput(f"{path}: cannot {doing} it ({exc.strerror or exc})")


def decode_utf8(path: Path | str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not UTF-8 text (byte {exc.start})") from None


def written_path(path: Path) -> Path:
    """Where writing `path` lands: a symbolic link is written through, to the file it names, and stays a link
    (renaming over it would replace the link, and `-o /dev/stdout` would replace /dev/stdout)."""
    try:
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    except OSError:  # a name too long, say: the write that follows reports it
        return path


def check_writable_target(path: Path) -> None:
    """Refuse, before any work, a target that is a folder, in a missing folder, or not a regular file."""
    path = written_path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise os_error(path, exc, "write") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise BadInput(f"{path}: is a folder; give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        raise BadInput(f"{path}: not a regular file (a device, pipe or socket); give another file name")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"{path}: folder {folder} does not exist")


def write_atomically(path: Path, data: bytes, *, private: bool = False) -> Path:
    """Write a temp file beside `path`, then rename it over. `private` keeps it 0600 (mkstemp's mode);
    otherwise it follows the umask, but never loosens the mode of the file it replaces."""
    check_writable_target(path)
    named, path = path, written_path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:200]}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise os_error(path, exc, "write") from None
    try:
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask & _mode_of(path))
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise os_error(named, exc, "write") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return named


def _mode_of(path: Path) -> int:
    """The permission bits of the file at `path`, or all of them when there is none."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return 0o777
