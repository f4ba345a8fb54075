#!/usr/bin/env bash
# The main job on a fresh clone: set up .venv, build and validate the graph, print a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ck=.venv/bin/chainkg
sources_args=()
if [ -n "${CHAINKG_SOURCES:-}" ]; then sources_args=(--sources "$CHAINKG_SOURCES"); fi
$ck build "${sources_args[@]}"
$ck validate "${sources_args[@]}"
$ck query plans-by-province
$ck view -o graph/build/chainkg.html
