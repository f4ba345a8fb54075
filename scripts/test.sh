#!/usr/bin/env bash
# Set up everything the tests need and run them all. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh
scripts/setup.sh test,notebooks,reference
# axe-core, the accessibility checker the browser tests inject (tests/package.json).
npm ci --prefix tests --no-audit --no-fund --silent
.venv/bin/ruff check src tests scripts
exec .venv/bin/python -m pytest "$@"
