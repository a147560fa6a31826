#!/usr/bin/env bash
# Set up, check the layers, then run the whole test suite with branch coverage. Extra arguments go to pytest.
# The organisation store's tests need a PostgreSQL server: unless ASSESS_TEST_POSTGRES names one, a private
# one is started for this run (Debian's postgresql; installed when missing and run as root) and stopped after.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/lint-imports --no-cache pyproject.toml >/dev/null || .venv/bin/lint-imports --no-cache pyproject.toml  # quiet unless broken

if [ -z "${ASSESS_TEST_POSTGRES:-}" ]; then
  cluster=$(mktemp -d /tmp/assess-test-pg.XXXXXX)
  stop() { bash scripts/postgres.sh stop "$cluster" || true; rm -rf "$cluster"; }
  trap stop EXIT
  port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if ASSESS_TEST_POSTGRES=$(bash scripts/postgres.sh start "$cluster" "$port"); then
    export ASSESS_TEST_POSTGRES
  else  # outside CI the organisation store's tests are then skipped; in CI they fail (tests/org_fixtures.py)
    echo "test: no PostgreSQL server for the organisation store's tests (sudo apt-get install postgresql)" >&2
    unset ASSESS_TEST_POSTGRES
  fi
fi
.venv/bin/python -m pytest --cov --cov-report=term:skip-covered "$@"
