"""The `assess` command's entry point: it imports the command line, and Ctrl-C while that loads (the first
fraction of a second) ends with one line and exit 130, not Python's traceback."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

INTERRUPTED = 130  # errors.EXIT_INTERRUPTED, not imported: this module must load before anything else


def main() -> None:
    # pydantic looks for plugins through importlib.metadata at import, about 0.01 s on every command; this
    # tool uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        from assess.cli import main as run
    except KeyboardInterrupt:
        _interrupted()
    except Exception as exc:
        # Ctrl-C inside a class body under construction reaches us wrapped ("Error calling __set_name__").
        if isinstance(exc.__cause__, KeyboardInterrupt) or isinstance(exc.__context__, KeyboardInterrupt):
            _interrupted()
        raise
    run()


def _interrupted() -> NoReturn:
    sys.stderr.write("\nassess: interrupted\n")
    sys.exit(INTERRUPTED)
