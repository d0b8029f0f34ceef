#!/usr/bin/env bash
# Chromium for the browser tests (tests/web), from Debian's package: Playwright's own browser
# download needs hosts this machine cannot reach. Does nothing when a Chromium is already there.
set -euo pipefail
for candidate in "${RVUEDGE_CHROMIUM:-}" chromium chromium-browser google-chrome; do
  if [[ -n "$candidate" ]] && command -v "$candidate" >/dev/null 2>&1; then
    exit 0
  fi
done
if [[ "$(id -u)" == "0" ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "the browser tests need Chromium: install it (Debian: apt-get install chromium)" >&2
  exit 1
fi
echo "installing Debian's chromium for the browser tests" >&2
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq chromium >/dev/null
