#!/usr/bin/env bash
# Measures, in one run on this machine, with wrk: the raw HTTP ceiling of the server
# (GET /health/live), the public event read (GET /v1/events/{id}) and the durable hold+complete
# path (many distinct users, every answer committed to disk first). Then checks the inventory
# from outside: no oversell, available + held + sold == capacity. Prints a Markdown table with
# each result as a ratio of the ceiling. Traffic goes to 127.0.0.1 only; every run is bounded.
#
#   bench/http-bench.sh [DURATION] [CONNECTIONS]      defaults: 15s 64
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-15s}"
CONNECTIONS="${2:-64}"
PORT="${PORT:-18080}"
USERS="${USERS:-5000}"
B="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "bench: wrk is needed (apt-get install -y wrk)" >&2; exit 1; }

DATA="$(mktemp -d)"
ADMIN="bench-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
SERVER_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$DATA"
}
trap cleanup EXIT

echo "bench: starting the server on port $PORT (data in $DATA)" >&2
BOXOFFICE_ADMIN_KEY="$ADMIN" "$ROOT/boxoffice" serve --port "$PORT" --data "$DATA" \
  >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -sf "$B/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "$B/health/ready" >/dev/null || { echo "bench: server did not start" >&2; cat "$DATA/server.log" >&2; exit 1; }

NOW="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
LATER="$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)"
CAPACITY=10000000
curl -sf -o /dev/null -X POST "$B/v1/events" -H "Authorization: Bearer $ADMIN" \
  -H 'Content-Type: application/json' -d "{
    \"id\":\"bench\",\"name\":\"Benchmark\",\"venue\":\"Loopback Arena\",
    \"startsAt\":\"$LATER\",\"saleOpensAt\":\"$NOW\",\"saleClosesAt\":\"$LATER\",
    \"holdTtlSeconds\":300,\"perUserLimit\":1000,
    \"ticketTypes\":[{\"code\":\"GA\",\"name\":\"General admission\",\"priceMinor\":5000,
                      \"currency\":\"EUR\",\"capacity\":$CAPACITY}]}"
"$ROOT/boxoffice" token --user fan --count "$USERS" --data "$DATA" >"$DATA/tokens"

run() { # name, wrk args...
  local name="$1"; shift
  echo "bench: $name" >&2
  wrk --latency -d "$DURATION" "$@" | tee "$DATA/$name.txt" >&2
}
run ceiling -t 2 -c "$CONNECTIONS" "$B/health/live"
EVENT=bench run read -t 2 -c "$CONNECTIONS" -s "$ROOT/bench/wrk/get-event.lua" "$B"
EVENT=bench TOKENS="$DATA/tokens" run hold-complete -t 2 -c "$CONNECTIONS" \
  -s "$ROOT/bench/wrk/hold-complete.lua" "$B"

INVENTORY="$(curl -sf "$B/v1/events/bench/inventory" -H "Authorization: Bearer $ADMIN")"
echo "bench: inventory after the run: $INVENTORY" >&2

rate() { sed -n 's/^Requests\/sec: *//p' "$DATA/$1.txt"; }
pct() { sed -n "s/^ *$2% *//p" "$DATA/$1.txt"; }
errors() {
  local non2xx socket
  non2xx="$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$DATA/$1.txt")"
  socket="$(sed -n 's/^ *Socket errors: *//p' "$DATA/$1.txt")"
  echo "${non2xx:-0} non-2xx${socket:+, socket: $socket}"
}
num() { grep -o "\"$1\" *: *[0-9]*" <<<"$INVENTORY" | head -1 | grep -o '[0-9]*$'; }
CEILING="$(rate ceiling)"
SOLD="$(num sold)"; HELD="$(num held)"; AVAILABLE="$(num available)"

echo
echo "| path | req/s | p50 | p99 | errors | ratio to ceiling |"
echo "|---|---|---|---|---|---|"
for name in ceiling read hold-complete; do
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$(rate $name)" "$(pct $name 50)" \
    "$(pct $name 99)" "$(errors $name)" "$(awk -v r="$(rate $name)" -v c="$CEILING" 'BEGIN{printf "%.0f%%", 100*r/c}')"
done
echo
echo "wrk $(wrk --version 2>&1 | head -1 | cut -d' ' -f2), $DURATION, $CONNECTIONS connections; $(nproc) cores; $("$ROOT/boxoffice" --version 2>/dev/null | head -1)"
echo "inventory: sold=$SOLD held=$HELD available=$AVAILABLE capacity=$CAPACITY" \
  "(orders per second: $(awk -v s="$SOLD" -v d="${DURATION%s}" 'BEGIN{printf "%.0f", s/d}'))"
if [[ $((SOLD + HELD + AVAILABLE)) -ne $CAPACITY ]]; then
  echo "FAIL: available + held + sold != capacity" >&2
  exit 1
fi
