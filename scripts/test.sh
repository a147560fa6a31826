#!/usr/bin/env bash
# Set up, check the layers, then run the whole test suite with branch coverage. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/lint-imports --no-cache pyproject.toml >/dev/null || .venv/bin/lint-imports --no-cache pyproject.toml  # quiet unless broken
exec .venv/bin/python -m pytest --cov --cov-report=term:skip-covered "$@"
