"""Answers the organisation's store has not got yet, kept on this machine until it has them.

While the server cannot be reached (a dropped connection, a network gone mid-questionnaire), each answer is
added to a private file in the home folder, one per draft and store; the next time the store is reachable
they are sent, in the order given, before anything else, and the file is removed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from assess.io.files import write_atomically
from assess.io.locations import private_folder

Answer = tuple[str, str, Any]  # section, key, value


class Pending:
    """The answers not yet sent to the store at `url`, in `folder`."""

    def __init__(self, folder: Path, url: str) -> None:
        self.folder = folder
        self._prefix = hashlib.sha256(url.encode()).hexdigest()[:16] + "-"

    def path(self, run_id: str) -> Path:
        return self.folder / f"{self._prefix}{run_id}.json"

    def add(self, run_id: str, section: str, key: str, value: Any) -> Path:
        kept = [*self.of(run_id), (section, key, value)]
        if private_folder(self.folder) is None:
            raise OSError(f"{self.folder}: cannot keep answers here")
        path = self.path(run_id)
        write_atomically(path, json.dumps([list(answer) for answer in kept], ensure_ascii=False).encode(),
                         private=True)
        return path

    def of(self, run_id: str) -> list[Answer]:
        try:
            kept = json.loads(self.path(run_id).read_text())
        except FileNotFoundError:
            return []
        return [(str(section), str(key), value) for section, key, value in kept]

    def drafts(self) -> list[str]:
        """The drafts with answers waiting."""
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return []
        return [name[len(self._prefix):-5] for name in names if name.startswith(self._prefix)
                and name.endswith(".json")]

    def clear(self, run_id: str) -> None:
        self.path(run_id).unlink(missing_ok=True)
