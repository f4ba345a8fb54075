#!/usr/bin/env bash
# Install the Debian packages the tests use: rapper (raptor2-utils), Chromium,
# Virtuoso open source, npm (axe-core for the browser tests) and a CJK font
# (fonts-noto-cjk) so that Chinese labels render as glyphs, not boxes, in views, pages,
# notebooks and screenshots. Skips what is already there.
set -euo pipefail
missing=()
command -v rapper >/dev/null 2>&1 || missing+=(raptor2-utils)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
command -v npm >/dev/null 2>&1 || missing+=(npm)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: need root to install: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
