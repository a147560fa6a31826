"""Where the shipped data (rubrics, report templates, examples) lives, in a checkout and in a wheel.

The wheel carries `rubrics/`, `reports/` and `examples/` as `assess/_data/...` (see pyproject); a
checkout or an editable install reads them from the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent

DEFAULT_RUBRIC = "director-ml-engineering"  # the embedded rubric: what `take`, `template` use unless told


def data_dir(name: str) -> Path:
    """The folder of shipped data called `name` ("rubrics", "reports" or "examples")."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"assess is installed without its {name}/ folder")
