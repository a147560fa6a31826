"""Every error the tool reports to a person, each with its exit code and the facts it is about.

Messages here speak of files, fields and values, never of command-line flags: the library is used from
Python too. The CLI catches `AssessError` once and prints it as one line on stderr, adding what to type
for the errors that have a command-line remedy (`assess.cli.errors`).
"""

from __future__ import annotations

from pathlib import Path

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


class RunNotFound(BadInput):
    """No stored run matches."""


class NeedsTerminal(BadInput):
    """Answers are missing and there is no terminal to ask them on."""


class StorageError(BadInput):
    """The history store cannot be used as it is. `elsewhere`: another store (another home) is a way out."""

    def __init__(self, message: str, *, elsewhere: bool = False) -> None:
        super().__init__(message)
        self.elsewhere = elsewhere


class DeletedButKept(StorageError):
    """Runs were deleted, but another reader keeps the deleted answers on disk until it ends."""

    def __init__(self, where: Path | str) -> None:
        super().__init__(f"{where}: deleted, but another assess is reading the history, so the deleted answers stay "
                         "in the file until it ends")


class RunDamaged(StorageError):
    """A stored run no longer loads."""

    def __init__(self, run_id: str, reason: str) -> None:
        super().__init__(f"run {run_id} is damaged ({reason})")
        self.run_id = run_id


class NoCompletedRun(RunNotFound):
    """A profile has no completed self-assessment yet."""

    def __init__(self, profile: str) -> None:
        super().__init__(f"profile {profile!r}: no completed runs yet")
        self.profile = profile


class NoReport(BadInput):
    """A run that has no report of its own: a draft, or a rater's run."""

    def __init__(self, run_id: str, profile: str, relation: str | None) -> None:
        if relation is None:
            said = f"run {run_id}: a draft has no report yet"
        else:
            said = (f"run {run_id}: is a {relation}'s rating of profile {profile!r}, not a self-assessment; it shows "
                    "in that profile's report")
        super().__init__(said)
        self.run_id, self.profile, self.relation = run_id, profile, relation


class RubricNotStored(BadInput):
    """The rubric a run was taken with is neither stored nor shipped."""

    def __init__(self, run_id: str, rubric_id: str, version: str) -> None:
        super().__init__(f"run {run_id}: the rubric it was taken with ({rubric_id} {version}) is not stored")


class StoredRubricDamaged(StorageError):
    """The copy of a rubric the history keeps no longer loads (a hand edit, a damaged disk)."""

    def __init__(self, where: Path | str, digest: str) -> None:
        super().__init__(f"{where}: the stored rubric {digest[:12]} no longer loads")
        self.digest = digest


class RubricDamaged(RubricNotStored):
    """A run's stored rubric no longer loads, and no copy of that version is shipped or at the file it came from."""

    def __init__(self, run_id: str, rubric_id: str, version: str) -> None:
        BadInput.__init__(self, f"run {run_id}: the stored copy of its rubric ({rubric_id} {version}) is damaged, and "
                                "no copy of that version is shipped or at the file it was taken from")


class RubricMoved(BadInput):
    """An answers file names a rubric file that is no longer there."""

    def __init__(self, where: Path | str, ref: str) -> None:
        super().__init__(f"{where}: rubric: {ref} does not exist (moved?)")


class OtherRubric(BadInput):
    """The rubric given to score a file with is not the one the file names."""

    def __init__(self, where: Path | str, named: str, given: str) -> None:
        super().__init__(f"{where}: rubric: {named!r} is not the rubric given ({given!r})")


class UnknownChoice(BadInput):
    """A value that must be one of a few (a format, a paper size, a fact) is none of them."""

    def __init__(self, what: str, value: str, allowed: list[str] | tuple[str, ...], *, context: str = "",
                 none: str = "none: there are none to choose") -> None:
        choices = f"one of {', '.join(allowed)}" if allowed else none
        super().__init__(f"{what}: {value!r} is not {context}{choices}")
        self.what, self.value, self.allowed = what, value, tuple(allowed)


class LadderTable(BadInput):
    """A CSV skills matrix comes with its ladder as a second file; a workbook holds it as a sheet."""

    def __init__(self, path: Path | str, *, given: bool) -> None:
        said = "only for a CSV file; a workbook keeps its ladder in sheet ladder" if given else \
            "a CSV file holds one table; give the ladder (levels, rungs, facts)"
        super().__init__(f"{path}: {said}")
        self.given = given


class BadLocation(BadInput):
    """A place given for the history (a home folder) cannot be used."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")


class MixesPeople(BadInput):
    """Imported runs would join a profile that holds another person's runs, or several profiles' runs one profile."""

    def __init__(self, where: Path | str, said: str, suggested: str | None = None) -> None:
        super().__init__(f"{where}: {said}")
        self.suggested = suggested  # a profile name the runs could join instead


class Unreachable(StorageError):
    """An organisation's store cannot be reached: the server is down, or the network or the connection dropped."""

    def __init__(self, where: str, said: str) -> None:
        super().__init__(f"{where}: cannot reach the organisation's store ({said})")
        self.where = where


class AnswersKeptHere(StorageError):
    """Answers given while the organisation's store was out of reach are kept on this machine until it has them."""

    def __init__(self, where: str, count: int, kept: Path) -> None:
        plural = "s" if count != 1 else ""
        super().__init__(f"{where}: cannot reach the organisation's store; {count} answer{plural} kept on this "
                         f"machine ({kept}) until it can")
        self.where, self.count, self.kept = where, count, kept


class NotInOrganisation(StorageError):
    """A login the organisation's store does not know as one of its people, or one it must not be used with."""

    def __init__(self, where: str, login: str, problem: str, *, addable: bool = False) -> None:
        super().__init__(f"{where}: {login!r} {problem}")
        self.login = login
        self.addable = addable  # an admin can make them one of the people


class NeedsOrgStore(BadInput):
    """Something only an organisation's store does was asked of the local history."""

    def __init__(self, doing: str) -> None:
        super().__init__(f"{doing} needs an organisation's store (a postgresql:// address); the local history has "
                         "no managers")
        self.doing = doing


class Problems(BadInput):
    """Several things wrong in one file, each a line naming where it is; the first `len(lines)` of `found`."""

    def __init__(self, lines: list[str], found: int) -> None:
        super().__init__(lines[0])
        self.lines = lines
        self.found = found
