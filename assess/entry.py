"""The `assess` command's entry point: it imports the command line, and Ctrl-C while that loads (the first
fraction of a second) ends with one line and exit 130, not Python's traceback."""

from __future__ import annotations

import os
import sys

INTERRUPTED = 130  # errors.EXIT_INTERRUPTED, not imported: this module must load before anything else


def main() -> None:
    # pydantic looks for plugins through importlib.metadata at import, about 0.01 s on every command; this
    # tool uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("\nassess: interrupted\n")
        sys.exit(INTERRUPTED)
    run()
