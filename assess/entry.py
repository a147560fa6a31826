"""The `assess` command's entry point: Ctrl-C while the command line loads (the first fraction of a second)
ends with one line and exit 130, not Python's traceback.

Nothing is imported here before the `try` but `os` and `sys`, which the interpreter has loaded before any
code of ours runs: an import that takes time (even `typing`) outside it would leave a window for a traceback.
"""

import os
import sys

INTERRUPTED = 130  # errors.EXIT_INTERRUPTED, not imported: this module must load before anything else


def main() -> None:
    try:
        # pydantic looks for plugins through importlib.metadata at import, about 0.01 s on every command; this
        # tool uses none.
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
        from assess.cli import main as run
    except KeyboardInterrupt:
        _interrupted()
    except Exception as exc:
        # Ctrl-C inside a class body under construction reaches us wrapped ("Error calling __set_name__").
        if isinstance(exc.__cause__, KeyboardInterrupt) or isinstance(exc.__context__, KeyboardInterrupt):
            _interrupted()
        raise
    run()


def _interrupted() -> None:
    sys.stderr.write("\nassess: interrupted\n")
    sys.exit(INTERRUPTED)
