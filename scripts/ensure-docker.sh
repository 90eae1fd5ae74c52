#!/usr/bin/env bash
# Make sure a Docker engine answers. On a Debian machine where none is installed and we
# are root, install docker.io (and debootstrap, for the base image) and start dockerd; npm
# too when missing (it fetches the packages the images pin).
# Elsewhere, say how to get one. Idempotent: does nothing when the engine answers.
set -euo pipefail

log_dir="${TREMPLIN_INSTANCE:-instance}"
mkdir -p "$log_dir"

engine_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

# npm fetches the packages an image pins (sandbox/images/*/fetch.toml: vnu-jar) on the host.
if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing npm (it fetches the W3C checker for the vnu image)…"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; } >/dev/null 2>&1 || true
fi

if engine_answers; then
  if ! command -v debootstrap >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq debootstrap >/dev/null 2>&1 || true
  fi
  exit 0
fi

if [ -n "${DOCKER_HOST:-}" ]; then
  echo "DOCKER_HOST=$DOCKER_HOST is set but the Docker engine there does not answer." >&2
  exit 1
fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<'MSG'
No Docker engine answers, and this script can only install one on Debian as root.
Install Docker (https://docs.docker.com/engine/install/) and start it, add your user to the
`docker` group (or set DOCKER_HOST), then run the command again.
MSG
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  echo "Installing docker.io and debootstrap (Debian packages)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq docker.io debootstrap >/dev/null
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  echo "Starting dockerd in the background (log: $log_dir/dockerd.log)…"
  nohup dockerd >"$log_dir/dockerd.log" 2>&1 &
fi

for _ in $(seq 1 60); do
  if engine_answers; then exit 0; fi
  sleep 1
done
echo "dockerd did not answer within 60 s; see $log_dir/dockerd.log" >&2
exit 1
