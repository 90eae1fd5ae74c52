#!/usr/bin/env bash
# Make gVisor (runsc) a runtime of the local Docker engine, so that the sandboxes (and the
# gVisor tests) run under it. On Debian as root: installs the `runsc` package, adds it to
# /etc/docker/daemon.json and sends dockerd SIGHUP — runtimes reload without a restart, no
# container stops. Idempotent. Elsewhere it says what to do and leaves the engine alone.
set -euo pipefail

registered() { docker info --format '{{json .Runtimes}}' 2>/dev/null | grep -q '"runsc"'; }

if registered; then exit 0; fi
if [ -n "${DOCKER_HOST:-}" ] || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1 \
   || ! pidof dockerd >/dev/null 2>&1; then
  echo "gVisor (runsc) is not registered with this Docker engine; see README, « gVisor »." >&2
  exit 1
fi
if ! command -v runsc >/dev/null 2>&1; then
  echo "Installing gVisor (Debian package runsc)…"
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l  # never restart services (dockerd)
  apt-get update -qq >/dev/null
  apt-get install -y -qq runsc >/dev/null
fi
# --network=none: this runsc refuses Docker's "none" network namespace; sandboxes have no network.
python3 - "$(command -v runsc)" <<'PY'
import json, os, sys
path = "/etc/docker/daemon.json"
config = json.load(open(path)) if os.path.exists(path) and os.path.getsize(path) else {}
config.setdefault("runtimes", {})["runsc"] = {"path": sys.argv[1], "runtimeArgs": ["--network=none"]}
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path + ".tmp", "w") as handle:
    json.dump(config, handle, indent=2)
os.replace(path + ".tmp", path)
PY
kill -HUP $(pidof dockerd)
for _ in $(seq 1 20); do
  if registered; then echo "gVisor (runsc) registered with the Docker engine."; exit 0; fi
  sleep 0.5
done
echo "dockerd did not pick up the runsc runtime; see its log." >&2
exit 1
