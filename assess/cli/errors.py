"""Library errors in the words of the command line: what to type next, for the errors that have a remedy there."""

from __future__ import annotations

from assess.core.errors import (
    AssessError,
    DeletedButKept,
    LadderTable,
    NoCompletedRun,
    NoReport,
    OtherRubric,
    RubricMoved,
    RubricNotStored,
    RunDamaged,
    StorageError,
    StoredRubricDamaged,
    UnknownChoice,
)

FLAGS = {"format": "--format", "paper": "--paper", "private": "--private"}  # UnknownChoice.what -> its option


def cli_message(err: AssessError) -> str:
    """`err` as the one line `assess` prints."""
    said = str(err)
    if isinstance(err, RunDamaged):
        return f"{said}; `assess delete {err.run_id}` removes it"
    if isinstance(err, StoredRubricDamaged):
        return f"{said}; `assess export` keeps every run's answers, and a run taken with it reports with --rescore"
    if isinstance(err, DeletedButKept):
        return f"{said}; close it, then run `assess delete --purge`"
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
    if isinstance(err, UnknownChoice) and err.what in FLAGS:
        return FLAGS[err.what] + said.removeprefix(err.what)
    return said
