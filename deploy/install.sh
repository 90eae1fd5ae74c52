#!/usr/bin/env bash
# Install or upgrade Tremplin on a Debian 12 server, as root, from this checkout:
#   deploy/install.sh                 web + grading workers + PostgreSQL + Redis + nginx
#   deploy/install.sh --worker-only   a grading host (DATABASE_URL and REDIS_URL of the main
#                                     server in /etc/tremplin/tremplin.env)
# Safe to run again: that is the upgrade (secrets and data are kept). See README, « Deploy ».
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
VENV=/opt/tremplin/venv
ENV_FILE=/etc/tremplin/tremplin.env
STATE=/var/lib/tremplin
BACKUPS=/var/backups/tremplin
ROLE=all
[ "${1:-}" = "--worker-only" ] && ROLE=worker
say() { printf '\n== %s  (%s)\n' "$*" "$(date +%T)"; }

[ "$(id -u)" = 0 ] || { echo "Run me as root (sudo $0)." >&2; exit 1; }
command -v apt-get >/dev/null || { echo "This script expects Debian (apt-get)." >&2; exit 1; }

engine_here() { [ -S /var/run/docker.sock ]; }

install_packages() {
  say "Debian packages"
  local packages=(python3-venv ca-certificates debootstrap runsc)
  engine_here || packages+=(docker.io)
  [ "$ROLE" = all ] && packages+=(postgresql redis-server nginx ssl-cert)
  local missing=() package
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} = 0 ] && { echo "all installed"; return; }
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

create_user() {
  say "System user tremplin"
  id tremplin >/dev/null 2>&1 || useradd --system --home-dir "$STATE" --shell /usr/sbin/nologin tremplin
  install -d -o tremplin -g tremplin -m 750 "$STATE"
  # The workers start sandboxes: they use the Docker socket (its group, usually "docker").
  local gid
  gid=$(stat -c %g /var/run/docker.sock)
  getent group "$gid" >/dev/null || groupadd --gid "$gid" docker
  usermod -aG "$(getent group "$gid" | cut -d: -f1)" tremplin
}

install_code() {
  say "Python environment in $VENV"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  "$VENV/bin/pip" install -q -e "$SRC[postgres]"
  "$VENV/bin/python" -m compileall -q "$SRC/tremplin" "$SRC/graders" "$SRC/sandbox" >/dev/null
  cat > /usr/local/bin/tremplin <<WRAPPER
#!/bin/sh
# Tremplin's command line with the server's settings: tremplin users create …, tremplin db upgrade…
set -a; . $ENV_FILE; set +a
cd $SRC && exec runuser -u tremplin -- $VENV/bin/flask --app wsgi "\$@"
WRAPPER
  chmod 755 /usr/local/bin/tremplin
}

secret() { python3 -c 'import secrets; print(secrets.token_hex(32))'; }

write_env() {
  say "Settings in $ENV_FILE"
  install -d -m 755 /etc/tremplin
  if [ ! -f "$ENV_FILE" ]; then
    [ "$ROLE" = all ] || { echo "A grading host needs $ENV_FILE (copy the main server's)." >&2; exit 1; }
    cat > "$ENV_FILE" <<SETTINGS
# Written by deploy/install.sh; kept on upgrades. Documented in deploy/tremplin.env.example.
TREMPLIN_ENV=production
SECRET_KEY=$(secret)
DATABASE_URL=postgresql://tremplin:$(secret)@127.0.0.1:5432/tremplin
REDIS_URL=redis://:$(secret)@127.0.0.1:6379/0
TRUSTED_PROXIES=1
TREMPLIN_INSTANCE_PATH=$STATE
GRADING_WORKERS=${GRADING_WORKERS:-$(nproc)}
WEB_CONCURRENCY=3
SANDBOX_RUNTIME=
SETTINGS
  fi
  chown root:tremplin "$ENV_FILE"
  chmod 640 "$ENV_FILE"
  set -a; . "$ENV_FILE"; set +a
}

setup_postgres() {
  say "PostgreSQL database tremplin"
  systemctl enable --now postgresql >/dev/null 2>&1 || true
  local password=${DATABASE_URL#*://tremplin:}
  password=${password%%@*}
  local psql=(runuser -u postgres -- psql -qtA -v ON_ERROR_STOP=1)
  if [ -z "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'tremplin'")" ]; then
    "${psql[@]}" -c "CREATE ROLE tremplin LOGIN"
  fi
  "${psql[@]}" -c "ALTER ROLE tremplin PASSWORD '$password'"
  if [ -z "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'tremplin'")" ]; then
    runuser -u postgres -- createdb -O tremplin tremplin
  fi
  install -d -o postgres -g postgres -m 700 "$BACKUPS"
}

setup_redis() {
  say "Redis (password, append-only file, no eviction)"
  local password=${REDIS_URL#redis://:}
  password=${password%%@*}
  umask 027
  cat > /etc/redis/tremplin.conf <<REDIS
requirepass $password
appendonly yes
maxmemory-policy noeviction
REDIS
  umask 022
  chown redis:redis /etc/redis/tremplin.conf
  grep -qx 'include /etc/redis/tremplin.conf' /etc/redis/redis.conf \
    || echo 'include /etc/redis/tremplin.conf' >> /etc/redis/redis.conf
  systemctl enable redis-server >/dev/null 2>&1
  systemctl restart redis-server
}

register_gvisor() {
  say "gVisor (runsc) for the sandboxes"
  if ! systemctl is-active --quiet docker 2>/dev/null; then
    echo "The Docker engine is not managed on this host: register runsc on it yourself (README)."
    return
  fi
  python3 - "$(command -v runsc)" <<'PY'
import json, os, sys
path = "/etc/docker/daemon.json"
config = json.load(open(path)) if os.path.exists(path) and os.path.getsize(path) else {}
config.setdefault("runtimes", {})["runsc"] = {"path": sys.argv[1], "runtimeArgs": ["--network=none"]}
with open(path + ".tmp", "w") as handle:
    json.dump(config, handle, indent=2)
os.replace(path + ".tmp", path)
PY
  systemctl reload docker  # SIGHUP: runtimes reload, no container stops
}

prepare_data() {
  say "Schema, curriculum and sandbox images"
  if [ "$ROLE" = all ]; then
    tremplin db upgrade
    tremplin exercises load
  fi
  # Building images runs debootstrap: as root, with the same settings.
  (cd "$SRC" && "$VENV/bin/flask" --app wsgi sandbox build)
}

install_units() {
  say "systemd units"
  local unit
  for unit in "$SRC"/deploy/systemd/*; do
    sed -e "s|@SRC@|$SRC|g" -e "s|@VENV@|$VENV|g" "$unit" > "/etc/systemd/system/$(basename "$unit")"
  done
  systemctl daemon-reload
  local wanted=${GRADING_WORKERS:-$(nproc)} n
  for unit in $(systemctl list-units --all --plain --no-legend 'tremplin-worker@*' | awk '{print $1}'); do
    n=${unit#tremplin-worker@}; n=${n%.service}
    [ "$n" -le "$wanted" ] 2>/dev/null || systemctl disable --now "$unit" >/dev/null 2>&1
  done
  for n in $(seq 1 "$wanted"); do systemctl enable "tremplin-worker@$n" >/dev/null 2>&1; done
  systemctl enable tremplin-pool >/dev/null 2>&1
  if [ "$ROLE" = all ]; then
    systemctl enable tremplin-web tremplin.target tremplin-backup.timer >/dev/null 2>&1
    systemctl restart tremplin-backup.timer
  else
    systemctl disable --now tremplin-web >/dev/null 2>&1 || true
    systemctl enable tremplin.target >/dev/null 2>&1
  fi
  systemctl restart tremplin.target  # PartOf=: restarts the web and every worker too
}

setup_nginx() {
  say "nginx (HTTPS)"
  local domain=${TREMPLIN_DOMAIN:-$(hostname -f)}
  local cert=/etc/ssl/certs/ssl-cert-snakeoil.pem key=/etc/ssl/private/ssl-cert-snakeoil.key
  if [ -f "/etc/letsencrypt/live/$domain/fullchain.pem" ]; then
    cert=/etc/letsencrypt/live/$domain/fullchain.pem
    key=/etc/letsencrypt/live/$domain/privkey.pem
  elif [ -n "${TREMPLIN_CERT:-}" ]; then
    cert=$TREMPLIN_CERT key=$TREMPLIN_KEY
  else
    echo "No certificate for $domain yet: a self-signed one is used (README, « HTTPS »)."
  fi
  sed -e "s|@DOMAIN@|$domain|g" -e "s|@CERT@|$cert|g" -e "s|@KEY@|$key|g" \
    "$SRC/deploy/nginx/tremplin.conf" > /etc/nginx/sites-available/tremplin
  ln -sf /etc/nginx/sites-available/tremplin /etc/nginx/sites-enabled/tremplin
  rm -f /etc/nginx/sites-enabled/default
  nginx -t -q
  systemctl enable nginx >/dev/null 2>&1
  systemctl reload-or-restart nginx
}

install_packages
create_user
install_code
write_env
if [ "$ROLE" = all ]; then
  setup_postgres
  setup_redis
fi
register_gvisor
prepare_data
install_units
[ "$ROLE" = all ] && setup_nginx
say "Done"
systemctl --no-pager --plain list-units 'tremplin*' | sed -n '1,20p'
if [ "$ROLE" = all ]; then
  echo "Create the first trainer: tremplin users create you@school.fr --role admin"
fi
