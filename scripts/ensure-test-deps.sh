#!/usr/bin/env bash
# Host-side tools the tests need: Debian's Chromium (driven by Playwright), npm (installs axe-core,
# pinned by tests/e2e/axe/package-lock.json, for the accessibility checks) and the PostgreSQL
# server (throwaway clusters for the migration, scale-out and PostgreSQL passes).
# Installs them on Debian as root when missing; elsewhere says what to install.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} = 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} (Debian packages) for the tests…"
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The tests start their own clusters: the packaged one need not run.
  if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v pg_ctlcluster >/dev/null; then
    pg_lsclusters -h 2>/dev/null | while read -r version name _; do
      pg_ctlcluster "$version" "$name" stop 2>/dev/null || true
    done
  fi
  exit 0
fi
echo "The tests need: ${missing[*]} (Debian package names; CHROMIUM_PATH may name a Chromium)." >&2
exit 1
