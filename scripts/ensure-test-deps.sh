#!/usr/bin/env bash
# Host-side tools the end-to-end tests need: Debian's Chromium, driven by Playwright.
# Installs it on Debian as root when missing; elsewhere says what to install.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium (Debian package) for the browser tests…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  exit 0
fi
echo "The browser tests need Chromium: install the 'chromium' package (or set CHROMIUM_PATH)." >&2
exit 1
