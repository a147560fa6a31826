"""The files attached to a PDF, read with pypdf; the only module that imports it.

The PDF is whatever someone hands us, so nothing in it is trusted: an encrypted, broken or hostile file becomes
one `BadInput` line, and pypdf's limits on how far a stream may decompress are set to what we are willing to read,
so a small file cannot unpack into gigabytes.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pypdf import PdfReader, apply_configuration
from pypdf.errors import FileNotDecryptedError, LimitReachedError

from assess.core.errors import BadInput


def attached_file(raw: bytes, name: str, *, limit: int, where: Path | str) -> bytes | None:
    """The content of the file attached to PDF `raw` under `name`; None when there is none."""
    try:
        with _quiet(), apply_configuration(None, **_limits(limit)):
            reader = PdfReader(io.BytesIO(raw))
            if reader.is_encrypted:
                raise BadInput(f"{where}: the PDF is encrypted; assess writes its reports unencrypted")
            found = [entry for entry in reader.attachment_list if entry.name == name]
            if len(found) > 1:
                raise BadInput(f"{where}: the PDF has {len(found)} attachments named {name}; an assess report has one")
            content = found[0].content if found else None
    except BadInput:
        raise
    except FileNotDecryptedError:
        raise BadInput(f"{where}: the PDF is encrypted; assess writes its reports unencrypted") from None
    except LimitReachedError:
        raise BadInput(f"{where}: the PDF unpacks to more than {limit:,} bytes, the limit") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a broken file; each is one line here
        raise BadInput(f"{where}: not a PDF assess can read ({type(exc).__name__}: {_first_line(exc)})") from None
    if content is not None and len(content) > limit:
        raise BadInput(f"{where}: attachment {name} is {len(content):,} bytes; the limit is {limit:,}")
    return content


def _limits(limit: int) -> dict[str, int]:
    """Every decompression limit pypdf has, at one byte past what we accept (so too much is seen, then refused)."""
    most = limit + 1
    return {
        "maximum_declared_stream_length": most,
        "zlib_maximum_output_length": most,
        "lzw_maximum_output_length": most,
        "run_length_maximum_output_length": most,
        "brotli_maximum_output_length": most,
        "array_based_stream_maximum_output_length": most,
        "jbig2_maximum_output_length": most,
        "stream_decoding_work_maximum_length": 4 * most,
    }


@contextmanager
def _quiet() -> Iterator[None]:
    """pypdf logs and warns about every oddity of a damaged file; the one line we print says enough."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else "no detail"
