#!/bin/sh
# Exercism test-runner entry point: run.sh SLUG INPUT_DIR OUTPUT_DIR.
# Exits 0 whatever the verdict: the verdict is in OUTPUT_DIR/results.json.
set -u
exec node /opt/test-runner/bin/runner.js "$1" "$2" "$3"
