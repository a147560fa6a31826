"""Finding and loading rubric files, and the content-addressed snapshot a run keeps of its rubric.

A rubric reference is a shipped rubric's id, the id of a rubric known from history (see
`Store.latest_rubric`), or a path to a YAML file. Only a reference that looks like a path
(a .yaml/.yml name, or one with a folder in it) is read from disk, so a file in the current folder
that happens to share a rubric's id is never picked up instead of it.
"""

from __future__ import annotations

from pathlib import Path

from assess.core.errors import BadInput, RubricNotFound
from assess.core.rubric import DEFAULT_RUBRIC, Rubric
from assess.io.locations import data_dir

ARCHIVE = "archive"  # earlier versions of shipped rubrics, kept so old runs find what they were scored against


def bundled_rubric_paths() -> list[Path]:
    return sorted(data_dir("rubrics").glob("*.yaml"))


def _archived_paths() -> list[Path]:
    return sorted((data_dir("rubrics") / ARCHIVE).glob("*.yaml"))


def looks_like_path(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref or ref.startswith(("~", "."))


def shipped_rubric_path(ref: str) -> Path | None:
    return next((path for path in bundled_rubric_paths() if path.stem == ref), None)


def rubric_path(ref: str) -> Path:
    """The file of a shipped rubric id, or `ref` itself when it looks like a path."""
    shipped = shipped_rubric_path(ref)
    if shipped is not None:
        return shipped
    if looks_like_path(ref):
        return Path(ref).expanduser()
    known = ", ".join(p.stem for p in bundled_rubric_paths())
    raise RubricNotFound(f"unknown rubric {ref!r}; shipped rubrics: {known} (or give the path of a rubric file)")


def load_rubric_file(path: Path) -> Rubric:
    from assess.io.yaml_files import read_model  # here: a report reads its rubric from history, not from YAML

    return read_model(path, Rubric, "a rubric")


def load_rubric(ref: str = DEFAULT_RUBRIC) -> Rubric:
    return load_rubric_file(rubric_path(ref))


def canonical_ref(ref: str) -> str:
    """How an answers file should name this rubric to find it again from any folder: the id of a shipped
    rubric, else the absolute path of the file."""
    if shipped_rubric_path(ref) is not None or not looks_like_path(ref):
        return ref
    return str(Path(ref).expanduser().resolve())


def earlier_rubric(rubric_id: str, version: str, ref: str) -> Rubric | None:
    """A rubric that runs stored before snapshots existed were taken with: a shipped or archived rubric of that
    id and version, else the file they were taken from if it still holds that version; None if neither."""
    candidates = [*bundled_rubric_paths(), *_archived_paths()]
    if looks_like_path(ref):
        candidates.append(Path(ref).expanduser())
    for path in candidates:
        try:
            rubric = load_rubric_file(path)
        except BadInput:
            continue
        if (rubric.id, rubric.version) == (rubric_id, version):
            return rubric
    return None
