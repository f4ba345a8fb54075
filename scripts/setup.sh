#!/usr/bin/env bash
# Create .venv and install chainkg into it. Usage: scripts/setup.sh [EXTRAS]
# e.g. scripts/setup.sh test,notebooks
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if [ -n "$extras" ]; then
  .venv/bin/python -m pip install --quiet -e ".[${extras}]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
