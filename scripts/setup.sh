#!/usr/bin/env bash
# Make .venv ready to run assess (and, with "test", its tests). Safe to run again: it only
# installs what is missing. Used by start.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=${1:-}

# WeasyPrint needs Pango; libharfbuzz-subset0 keeps it fast; poppler-utils (pdftotext, pdftoppm)
# is used by the PDF tests; libcap2-bin (capsh) lets the tests check file permissions when run as root.
need_debs=()
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_debs+=("$pkg")
done
if [ "$want_tests" = test ]; then
  for pkg in poppler-utils libcap2-bin; do dpkg -s "$pkg" >/dev/null 2>&1 || need_debs+=("$pkg"); done
fi
if [ ${#need_debs[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "setup: installing system packages: ${need_debs[*]}" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_debs[@]}" >/dev/null
  elif command -v apt-get >/dev/null; then
    echo "setup: please run: sudo apt-get install ${need_debs[*]}" >&2
    exit 1
  fi
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: assess needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv

stamp=".setup-stamp${want_tests:+-$want_tests}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing assess and its packages into .venv" >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade "pip>=25.1"
  if [ "$want_tests" = test ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -e . --group test
  else
    .venv/bin/python -m pip install -q --disable-pip-version-check -e .
  fi
  touch "$stamp"
fi
