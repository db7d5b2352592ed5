#!/usr/bin/env bash
# Stops one service of a distributed deployment in the middle of a load test and starts it again,
# then prints the load test's report (its checks, from outside) and what the server logged about it.
# One server on this machine's Redis, PostgreSQL and RabbitMQ, in a deployment of its own, removed
# at the end; traffic goes to 127.0.0.1 only and every run is bounded.
#
#   bench/fault-run.sh SERVICE SCENARIO [loadtest options...]
#
#   SERVICE   redis (shut down without saving: it comes back empty), postgresql or rabbitmq
#   SCENARIO  reserved, flash, lottery or waitingroom
#
# FAULT_AT (default 12) is when the service stops, in seconds after the load test starts; FAULT_FOR
# (default 5 for Redis, 30 for the others) how long it stays down. FAULT_STOP and FAULT_START
# replace the commands that stop and start it (the defaults suit the services of this machine).
# BOXOFFICE_REDIS, BOXOFFICE_POSTGRES and BOXOFFICE_RABBITMQ say where the services are; FAULT_KEEP=1
# keeps the deployment's data (and prints its name) to look at after the run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { sed -n '7,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[[ $# -ge 2 ]] || usage
SERVICE="$1"; SCENARIO="$2"; shift 2
PORT="${PORT:-18091}"
REDIS="${BOXOFFICE_REDIS:-redis://127.0.0.1:6379/0}"
POSTGRES="${BOXOFFICE_POSTGRES:-postgresql://postgres@127.0.0.1:5432/test}"
RABBITMQ="${BOXOFFICE_RABBITMQ:-amqp://guest:guest@127.0.0.1:5672}"
DEPLOYMENT="fault_$(date +%s)"
B="http://127.0.0.1:$PORT"

[[ "$REDIS" =~ ^redis://([^:/]+):?([0-9]*)/?([0-9]*)$ ]] \
  || { echo "fault-run: BOXOFFICE_REDIS must be redis://host:port/DB" >&2; exit 1; }
RHOST="${BASH_REMATCH[1]}"; RPORT="${BASH_REMATCH[2]:-6379}"; RDB="${BASH_REMATCH[3]:-0}"
rcli() { redis-cli -h "$RHOST" -p "$RPORT" -n "$RDB" "$@"; }
PGCLUSTER="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1) main"
case "$SERVICE" in
  redis)
    DOWN="${FAULT_FOR:-5}"
    STOP="${FAULT_STOP:-redis-cli -h $RHOST -p $RPORT SHUTDOWN NOSAVE}"
    START="${FAULT_START:-redis-server --daemonize yes --bind 127.0.0.1 -::1 --port $RPORT --save '' --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log}" ;;
  postgresql)
    DOWN="${FAULT_FOR:-30}"
    STOP="${FAULT_STOP:-pg_ctlcluster --skip-systemctl-redirect $PGCLUSTER stop -m fast}"
    START="${FAULT_START:-pg_ctlcluster --skip-systemctl-redirect $PGCLUSTER start}" ;;
  rabbitmq)
    DOWN="${FAULT_FOR:-30}"
    STOP="${FAULT_STOP:-rabbitmqctl -q stop_app}"
    START="${FAULT_START:-rabbitmqctl -q start_app}" ;;
  *) usage ;;
esac
AT="${FAULT_AT:-12}"

OUT="$(mktemp -d -t boxoffice-fault.XXXXXX)"
export BOXOFFICE_ADMIN_KEY="fault-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export BOXOFFICE_SESSION_KEY="$(head -c 32 /dev/urandom | base64)"
SERVER_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; }
  if [[ -n "${FAULT_KEEP:-}" ]]; then
    echo "fault-run: deployment $DEPLOYMENT kept; logs in $OUT" >&2
    return
  fi
  rcli --scan --pattern "$DEPLOYMENT:*" 2>/dev/null | xargs -r -n 500 redis-cli -h "$RHOST" -p "$RPORT" -n "$RDB" del >/dev/null || true
  psql "$POSTGRES" -qc "DROP SCHEMA IF EXISTS $DEPLOYMENT CASCADE" >/dev/null 2>&1 || true
  rabbitmqctl -q list_queues name 2>/dev/null | grep "^$DEPLOYMENT" | xargs -r -n 1 rabbitmqctl -q delete_queue >/dev/null 2>&1 || true
  echo "fault-run: logs in $OUT" >&2
}
trap cleanup EXIT

# Every simulated user comes from 127.0.0.1: the per-address limits are lifted, as --spawn does.
LIFTED=joinQueue=off:address,createPurchase=off,createChallenge=off
"$ROOT/boxoffice" serve --store distributed --redis "$REDIS" --postgres "$POSTGRES" \
  --rabbitmq "$RABBITMQ" --deployment "$DEPLOYMENT" --port "$PORT" --data "$OUT/data" \
  --rate-limit "$LIFTED" >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 240); do
  curl -sf "$B/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "$B/health/ready" >/dev/null || { echo "fault-run: the server did not start" >&2; tail "$OUT/server.log" >&2; exit 1; }

echo "fault-run: loadtest $SCENARIO; $SERVICE stops after ${AT} s, for ${DOWN} s" >&2
"$ROOT/boxoffice" loadtest "$SCENARIO" --url "$B" --admin-key "$BOXOFFICE_ADMIN_KEY" \
  --session-key "$BOXOFFICE_SESSION_KEY" "$@" >"$OUT/report.txt" 2>"$OUT/progress.txt" &
LOAD_PID=$!
sleep "$AT"
echo "fault-run: stopping $SERVICE: $STOP" >&2
bash -c "$STOP" || true
sleep "$DOWN"
echo "fault-run: starting $SERVICE: $START" >&2
bash -c "$START"
wait "$LOAD_PID" || true

cat "$OUT/report.txt"
echo
echo "server log, warnings and errors by message (numbers as N):"
grep -E '"level":"(WARN|ERROR)"' "$OUT/server.log" \
  | sed -E 's/.*"message":"([^"]{0,110}).*"level":"([A-Z]+)".*/\2 \1/; s/[0-9]+/N/g' \
  | sort | uniq -c | sort -rn | head -20 || true
