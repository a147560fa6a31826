#!/usr/bin/env bash
# Set up, then take the self-assessment against the embedded Director rubric.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ $# -gt 0 ]; then exec .venv/bin/assess "$@"; fi
exec .venv/bin/assess score examples/director-ml-engineering/mid-career.yaml
