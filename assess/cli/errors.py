"""Library errors in the words of the command line: what to type next, for the errors that have a remedy there,
written the way the person can run it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from assess.core.errors import (
    AnswersKeptHere,
    AssessError,
    DeletedButKept,
    LadderTable,
    MixesPeople,
    NeedsOrgStore,
    NoCompletedRun,
    NoReport,
    NotInOrganisation,
    OtherRubric,
    RubricMoved,
    RubricNotStored,
    RunDamaged,
    StorageError,
    StoredRubricDamaged,
    UnknownChoice,
)

# UnknownChoice.what -> its option
FLAGS = {"format": "--format", "paper": "--paper", "private": "--private", "pages": "--pages"}


def cli_message(err: AssessError) -> str:
    """`err` as the one line `assess` prints."""
    said = str(err)
    if isinstance(err, RunDamaged):
        return f"{said}; `assess delete {err.run_id}` removes it"
    if isinstance(err, StoredRubricDamaged):
        return f"{said}; `assess export` keeps every run's answers, and a run taken with it reports with --rescore"
    if isinstance(err, DeletedButKept):
        return f"{said}; close it, then run `assess delete --purge`"
    if isinstance(err, AnswersKeptHere):
        return f"{said}; run `assess take` again once it is back to send them and finish"
    if isinstance(err, NotInOrganisation) and err.addable:
        return f"{said}; its admin adds you with `assess org add-person --login {err.login}`"
    if isinstance(err, NeedsOrgStore):
        return f"{said}: give it with --store or ASSESS_STORE"
    if isinstance(err, StorageError) and err.elsewhere:
        return f"{said} or use --home"
    if isinstance(err, NoCompletedRun):
        return f"{said}; take one with `assess take`"
    if isinstance(err, NoReport):
        if err.relation is None:
            return f"{said}; finish it with `assess take`"
        return f"{said} (`assess report --profile {err.profile}`)"
    if isinstance(err, RubricNotStored):
        return f"{said}; add --rescore to score its answers against today's version instead"
    if isinstance(err, RubricMoved):
        return f"{said}; give its new place with --rubric PATH"
    if isinstance(err, OtherRubric):
        return said.replace("is not the rubric given", "is not the --rubric given")
    if isinstance(err, LadderTable):
        return f"--rungs: {said}" if err.given else f"{said} with --rungs FILE"
    if isinstance(err, MixesPeople):
        return f"{said}; choose the profile they join with --profile" + (
            f" (e.g. --profile {err.suggested})" if err.suggested else "")
    if isinstance(err, UnknownChoice) and err.what in FLAGS:
        return FLAGS[err.what] + said.removeprefix(err.what)
    return said


def command() -> str:
    """How to run assess again from here, as this invocation shows it: `assess` when that is what the PATH runs,
    else the path that was run (`.venv/bin/assess` right after the setup), or `python -m assess`."""
    import shlex  # `assess --help` loads this module and quotes nothing

    main = sys.modules.get("__main__")
    if getattr(getattr(main, "__spec__", None), "name", None) == "assess.__main__":
        if shutil.which("assess"):
            return "assess"
        python = Path(sys.executable)
        here = Path.cwd()
        shown = python.relative_to(here) if python.is_relative_to(here) else python
        return f"{shlex.quote(str(shown))} -m assess"
    ran = sys.argv[0] if sys.argv else ""
    if Path(ran).name != "assess":
        return "assess"  # called as a library or from a test runner: the name the documentation uses
    found = shutil.which("assess")
    if found and Path(found).resolve() == Path(ran).resolve():
        return "assess"
    return shlex.quote(ran)


def runnable(text: str) -> str:
    """`text` with each `assess ...` hint written the way the person can run it (see `command`)."""
    name = command()
    return text if name == "assess" else text.replace("`assess ", f"`{name} ")
