#!/usr/bin/env bash
# Rebuild the exercise page's code editor (tremplin/static/editor/, committed) from
# scripts/editor/: `npm ci` installs exactly what package-lock.json pins, then esbuild bundles.
# Only needed after changing scripts/editor/; `make run` and `make test` use the committed files.
set -euo pipefail
cd "$(dirname "$0")/editor"
command -v npm >/dev/null || { echo "Rebuilding the editor needs Node.js and npm." >&2; exit 1; }
npm ci --ignore-scripts --no-audit --no-fund
node build.mjs
