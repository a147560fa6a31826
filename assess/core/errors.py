"""Every error the tool reports to a person, each with its exit code.

The CLI catches `AssessError` once and prints its message as one line on stderr.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class AssessError(Exception):
    """A problem the person can act on; the message is shown as it is."""

    exit_code = EXIT_INTERNAL


class BadInput(AssessError):
    """A file, option or value given to the tool is wrong."""

    exit_code = EXIT_BAD_INPUT


class RubricNotFound(BadInput):
    """No rubric with that id or path."""


class StorageError(BadInput):
    """The history database cannot be used as it is."""


class RunNotFound(BadInput):
    """No stored run matches."""


class NeedsTerminal(BadInput):
    """Answers are missing and there is no terminal to ask them on."""
