#!/usr/bin/env bash
# The main job on a fresh clone: set up .venv, build and validate the graph (printing a
# summary), ask a sample question, and write the HTML views: the overview (map, matrix,
# division profiles) in graph/build/chainkg.html and the full graph beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ck=.venv/bin/chainkg
sources_args=()
if [ -n "${CHAINKG_SOURCES:-}" ]; then sources_args=(--sources "$CHAINKG_SOURCES"); fi
$ck build "${sources_args[@]}"
$ck validate "${sources_args[@]}"
$ck query plans-by-province
$ck view
