#!/usr/bin/env bash
# Set up, then take the self-assessment against the embedded Director rubric; it ends by
# offering the PDF report, written to the folder you ran this from. Arguments go to
# `assess take` (e.g. --profile work).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
exec "$root/.venv/bin/assess" take "$@"
