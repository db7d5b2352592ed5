#!/usr/bin/env bash
# Runs one deployment of three Boxoffice servers on this machine's Redis, PostgreSQL and RabbitMQ, with nginx
# in front: http://127.0.0.1:8080 reaches them all. Ctrl-C stops everything.
#
#   ops/three-servers.sh
#
# BOXOFFICE_REDIS, BOXOFFICE_POSTGRES, BOXOFFICE_RABBITMQ and BOXOFFICE_DEPLOYMENT choose the services and the
# deployment (defaults below). BOXOFFICE_ADMIN_KEY and BOXOFFICE_SESSION_KEY, when set, are given
# to every server; when not, the servers make them once and keep them in PostgreSQL.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BOXOFFICE_STORE=distributed
export BOXOFFICE_REDIS="${BOXOFFICE_REDIS:-redis://127.0.0.1:6379/0}"
export BOXOFFICE_POSTGRES="${BOXOFFICE_POSTGRES:-postgresql://postgres@127.0.0.1:5432/test}"
export BOXOFFICE_RABBITMQ="${BOXOFFICE_RABBITMQ:-amqp://guest:guest@127.0.0.1:5672}"
export BOXOFFICE_DEPLOYMENT="${BOXOFFICE_DEPLOYMENT:-boxoffice}"
PORTS=(8081 8082 8083)

command -v nginx >/dev/null || { echo "three-servers: needs nginx (apt-get install -y nginx)" >&2; exit 1; }
RUN="$(mktemp -d -t boxoffice-three.XXXXXX)"
mkdir -p "$RUN/nginx"
PIDS=()
stop() {
  trap - INT TERM EXIT
  [[ ${#PIDS[@]} -gt 0 ]] && kill "${PIDS[@]}" 2>/dev/null
  wait 2>/dev/null
  echo "three-servers: stopped (logs in $RUN)" >&2
}
trap stop INT TERM EXIT

"$ROOT/boxoffice" --version >/dev/null  # builds once, before three servers start at the same time
for port in "${PORTS[@]}"; do
  "$ROOT/boxoffice" serve --port "$port" --instance "server-$port" --trusted-proxy 127.0.0.1 \
    --data "$RUN/server-$port" >"$RUN/server-$port.log" 2>&1 &
  PIDS+=($!)
done
for port in "${PORTS[@]}"; do
  for _ in $(seq 600); do
    grep -q '^Boxoffice .* listening on' "$RUN/server-$port.log" && break
    if ! kill -0 "${PIDS[@]}" 2>/dev/null; then
      echo "three-servers: a server stopped:" >&2
      grep -hv '^{' "$RUN"/server-*.log >&2
      exit 1
    fi
    sleep 0.1
  done
  grep -q '^Boxoffice .* listening on' "$RUN/server-$port.log" \
    || { echo "three-servers: server on $port did not start; see $RUN/server-$port.log" >&2; exit 1; }
done
# As root, nginx's workers would run as nobody, who cannot write the run folder: keep them as root.
USER_DIRECTIVE=""
[[ $(id -u) -eq 0 ]] && USER_DIRECTIVE="user root;"
nginx -p "$RUN/nginx" -c "$ROOT/ops/nginx.conf" -g "daemon off; $USER_DIRECTIVE" &
PIDS+=($!)
echo "three-servers: Boxoffice x3 (ports ${PORTS[*]}, deployment $BOXOFFICE_DEPLOYMENT) behind nginx on http://127.0.0.1:8080; logs in $RUN" >&2
wait -n "${PIDS[@]}"
