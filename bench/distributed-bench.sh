#!/usr/bin/env bash
# Measures, in one run on this machine, a server on the distributed store (Redis and PostgreSQL)
# beside one on the embedded store, and the hold path beside Redis running the same function alone:
#   - with wrk: the raw HTTP ceiling (GET /health/live), holds only (bench/wrk/hold.lua, many
#     users, every hold left to expire) and hold+complete (bench/wrk/hold-complete.lua), the
#     holds' and completions' rate limits lifted; then holds under the default limits;
#   - with loadtest: the reserved mix (reads, holds, completions, releases), which checks its
#     invariants from outside (no oversell, every acknowledged order listed);
#   - redis-benchmark calling the inventory_hold function itself, as many connections, right after
#     each of ROUNDS runs of holds through the server (the server idle meanwhile), so that the two
#     compared ran at nearly the same time on a machine whose speed drifts; the median ratio counts.
# Prints a Markdown table. Traffic goes to 127.0.0.1 only; every run is bounded.
#
#   bench/distributed-bench.sh [DURATION] [CONNECTIONS] [ROUNDS]     defaults: 15s 20 3
#
# Each server is warmed up first (5 s of holds, 5 s of hold+complete, not measured).
#
# BOXOFFICE_REDIS and BOXOFFICE_POSTGRES say where the services are (defaults: this machine's, Redis
# database 0). The run works in a deployment of its own, removed at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-15s}"
CONNECTIONS="${2:-20}"
ROUNDS="${3:-3}"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "bench: ROUNDS must be a whole number from 1" >&2; exit 1; }
PORT="${PORT:-18090}"
REDIS="${BOXOFFICE_REDIS:-redis://127.0.0.1:6379/0}"
POSTGRES="${BOXOFFICE_POSTGRES:-postgresql://postgres@127.0.0.1:5432/test}"
DEPLOYMENT="bench_$(date +%s)"
B="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "bench: wrk is needed (apt-get install -y wrk)" >&2; exit 1; }
command -v redis-benchmark >/dev/null || { echo "bench: redis-benchmark is needed (apt-get install -y redis-tools)" >&2; exit 1; }
[[ "$REDIS" =~ ^redis://([^:/]+):?([0-9]*)/?([0-9]*)$ ]] || { echo "bench: BOXOFFICE_REDIS must be redis://host:port/DB" >&2; exit 1; }
RHOST="${BASH_REMATCH[1]}"; RPORT="${BASH_REMATCH[2]:-6379}"; RDB="${BASH_REMATCH[3]:-0}"
rcli() { redis-cli -h "$RHOST" -p "$RPORT" -n "$RDB" "$@"; }

OUT="$(mktemp -d)"
ADMIN="bench-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export BOXOFFICE_SESSION_KEY="$(head -c 32 /dev/urandom | base64)"
SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
cleanup() {
  stop_server
  rcli --scan --pattern "$DEPLOYMENT:*" | xargs -r -n 500 redis-cli -h "$RHOST" -p "$RPORT" -n "$RDB" del >/dev/null
  psql "$POSTGRES" -qc "DROP SCHEMA IF EXISTS $DEPLOYMENT CASCADE" >/dev/null 2>&1 || true
  rm -rf "$OUT"
}
trap cleanup EXIT

# redis-benchmark calling the hold function itself, as many connections, on keys of its own: prints
# its calls a second. The server loads its functions under names carrying the code's version
# (RedisLibrary.version), which this works out the same way; a server must have loaded them.
LUA="$ROOT/store-distributed/src/main/resources/dev/boxoffice/store/distributed"
V="$( (cat "$LUA/inventory.lua"; echo; cat "$LUA/lottery.lua"; echo) | sha256sum | cut -c1-10)"
P="$DEPLOYMENT:rb:{event:bench}:"
FKEYS=("${P}stock" "${P}users" "${P}holds" "${P}expiry" "${P}ended" "${P}endedAt" "${P}orders" "${P}unrecorded")
# One hold's 10 arguments (inventory_hold's) at epoch millisecond $1, its hold id and user made
# distinct by redis-benchmark's __rand_int__ after the prefix $2.
hold_args() {
  echo "$1" 1000 0 "bench.h$2__rand_int__" "u$2__rand_int__" GA 1 1000 "$(($1 + 3600000))" 0
}
# With an argument N, it calls the batch form instead (inventory_hold_many, N holds a call) and
# prints the holds a second. Each measurement starts on emptied keys.
redis_holds() {
  local batch="${1:-}" now calls=300000 i rate
  rcli DEL "${FKEYS[@]}" >/dev/null
  rcli FCALL "inventory_load_$V" 8 "${FKEYS[@]}" 1 GA 1000000000 0 >/dev/null
  now="$(date +%s%3N)"
  # shellcheck disable=SC2207 # the arguments have no spaces
  local call=(FCALL "inventory_hold_$V" 8 "${FKEYS[@]}" $(hold_args "$now" ""))
  if [[ -n "$batch" ]]; then
    call=(FCALL "inventory_hold_many_$V" 8 "${FKEYS[@]}" 10) # 10 arguments a hold, then each hold's
    # shellcheck disable=SC2207
    for i in $(seq 1 "$batch"); do call+=($(hold_args "$now" "$i.")); done
    calls=$((300000 / batch))
  fi
  rate="$(redis-benchmark -h "$RHOST" -p "$RPORT" --dbnum "$RDB" -c "$CONNECTIONS" -n "$calls" \
    -r 1000000000 -q "${call[@]}" 2>"$OUT/redis-benchmark.err" | tr '\r' '\n' \
    | grep -o '[0-9.]* requests per second' | tail -1 | cut -d' ' -f1 || true)"
  [[ -n "$rate" ]] || { echo "bench: redis-benchmark failed:" >&2; cat "$OUT/redis-benchmark.err" >&2; exit 1; }
  awk -v r="$rate" -v n="${batch:-1}" 'BEGIN { printf "%.0f\n", r * n }'
}

measure() { # run name, the runs to take, serve options...
  local store="$1" runs="$2"; shift 2
  echo "bench: starting a server ($store) on port $PORT" >&2
  BOXOFFICE_ADMIN_KEY="$ADMIN" "$ROOT/boxoffice" serve --port "$PORT" --data "$OUT/$store" "$@" \
    >"$OUT/$store-server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do
    curl -sf "$B/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sf "$B/health/ready" >/dev/null || { echo "bench: server did not start" >&2; cat "$OUT/$store-server.log" >&2; exit 1; }
  local now later
  now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"; later="$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)"
  curl -sSf -o /dev/null -X POST "$B/v1/events" -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' -d "{
      \"id\":\"$store\",\"name\":\"Benchmark\",\"venue\":\"Loopback Arena\",
      \"startsAt\":\"$later\",\"saleOpensAt\":\"$now\",\"saleClosesAt\":\"$later\",
      \"holdTtlSeconds\":300,\"perUserLimit\":1000,
      \"ticketTypes\":[{\"code\":\"GA\",\"name\":\"General admission\",\"priceMinor\":5000,
                        \"currency\":\"EUR\",\"capacity\":10000000}]}"
  "$ROOT/boxoffice" token --user fan --count 5000 >"$OUT/tokens"
  local name
  echo "bench: $store warm-up (10 s, not measured)" >&2
  for name in hold hold-complete; do
    EVENT="$store" TOKENS="$OUT/tokens" wrk -t 2 -c "$CONNECTIONS" -d 5s -s "$ROOT/bench/wrk/$name.lua" "$B" >/dev/null
  done
  for name in $runs; do
    [[ "$name" == reserved ]] && continue
    if [[ "$name" == hold-vs-redis ]]; then
      local r
      for r in $(seq 1 "$ROUNDS"); do
        echo "bench: $store hold, then redis-benchmark (round $r of $ROUNDS)" >&2
        EVENT="$store" TOKENS="$OUT/tokens" wrk --latency -t 2 -c "$CONNECTIONS" -d "$DURATION" \
          -s "$ROOT/bench/wrk/hold.lua" "$B" >"$OUT/$store-hold-$r.txt"
        redis_holds >"$OUT/redis-$r.txt"
      done
      echo "bench: redis-benchmark, the batch form, 10 holds a call" >&2
      redis_holds 10 >"$OUT/redis-batched.txt"
      continue
    fi
    echo "bench: $store $name" >&2
    case "$name" in
      ceiling) wrk --latency -t 2 -c "$CONNECTIONS" -d "$DURATION" "$B/health/live" ;;
      *) EVENT="$store" TOKENS="$OUT/tokens" wrk --latency -t 2 -c "$CONNECTIONS" -d "$DURATION" \
           -s "$ROOT/bench/wrk/$name.lua" "$B" ;;
    esac >"$OUT/$store-$name.txt"
  done
  if [[ " $runs " == *" reserved "* ]]; then
    echo "bench: $store reserved (loadtest)" >&2
    "$ROOT/boxoffice" loadtest reserved --url "$B" --admin-key "$ADMIN" \
      --session-key "$BOXOFFICE_SESSION_KEY" -d "$DURATION" --warmup 5s -c "$CONNECTIONS" \
      >"$OUT/$store-reserved.txt" 2>/dev/null || true
  fi
  stop_server
}

# The hold path alone: the holds' and completions' limits (by address, and by user by default) lifted.
# Then holds again under the default limits, whose per-user bucket the distributed store keeps in
# Redis (one more round trip per request).
LIFTED=createHold=off,createHold=off:user,completeHold=off,completeHold=off:user
DISTRIBUTED=(--store distributed --redis "$REDIS" --postgres "$POSTGRES" --deployment "$DEPLOYMENT")
measure distributed "ceiling hold-vs-redis hold-complete reserved" "${DISTRIBUTED[@]}" \
  --rate-limit "$LIFTED"
measure distributed-limited hold "${DISTRIBUTED[@]}"
measure embedded "ceiling hold hold-complete reserved" --rate-limit "$LIFTED"
measure embedded-limited hold

rate() {
  case "$1" in
    *reserved) sed -n 's/^Requests .*throughput \([0-9,.]*\) req\/s.*/\1/p' "$OUT/$1.txt" | tr -d ',' ;;
    *) sed -n 's/^Requests\/sec: *//p' "$OUT/$1.txt" ;;
  esac
}
p99() { sed -n 's/^ *99% *//p' "$OUT/$1.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "-" }'; }

# The pair whose ratio is the median stands for the hold path: its run is the table's hold row.
MEDIAN="$(for r in $(seq 1 "$ROUNDS"); do
  echo "$(ratio "$(rate "distributed-hold-$r")" "$(cat "$OUT/redis-$r.txt")") $r"; done | sort -n \
  | sed -n "$(( (ROUNDS + 1) / 2 ))p" | cut -d' ' -f2)"
cp "$OUT/distributed-hold-$MEDIAN.txt" "$OUT/distributed-hold.txt"
REDIS_RATE="$(cat "$OUT/redis-$MEDIAN.txt")"


echo
echo "| path | distributed req/s | p99 | embedded req/s | p99 | distributed / embedded | distributed / its ceiling |"
echo "|---|---|---|---|---|---|---|"
for name in ceiling hold hold-complete reserved limited-hold; do
  d="$(rate "distributed-$name")"; e="$(rate "embedded-$name")"
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$d" "$(p99 "distributed-$name")" "$e" \
    "$(p99 "embedded-$name")" "$(ratio "$d" "$e")" "$(ratio "$d" "$(rate distributed-ceiling)")"
done
echo
echo "loadtest reserved checks: distributed $(sed -n 's/^Result *//p' "$OUT/distributed-reserved.txt")," \
  "embedded $(sed -n 's/^Result *//p' "$OUT/embedded-reserved.txt")"
echo "hold path against Redis alone, in turn: holds through a server on Redis, then redis-benchmark" \
  "calling FCALL inventory_hold itself:"
for r in $(seq 1 "$ROUNDS"); do
  echo "- round $r: $(rate "distributed-hold-$r") holds/s against $(cat "$OUT/redis-$r.txt") calls/s" \
    "= $(ratio "$(rate "distributed-hold-$r")" "$(cat "$OUT/redis-$r.txt")")"
done
echo "median: round $MEDIAN, $(ratio "$(rate distributed-hold)" "$REDIS_RATE") (the table's hold row)"
echo "redis-benchmark FCALL inventory_hold_many, 10 holds a call: $(cat "$OUT/redis-batched.txt")" \
  "holds/s; the median round's holds through the server are" \
  "$(ratio "$(rate distributed-hold)" "$(cat "$OUT/redis-batched.txt")") of it"
echo "$DURATION per run, $CONNECTIONS connections; $(nproc) cores;" \
  "$(redis-cli -h "$RHOST" -p "$RPORT" INFO server | grep -o 'redis_version:[0-9.]*');" \
  "$(psql "$POSTGRES" -Atc 'SHOW server_version' 2>/dev/null | sed 's/^/PostgreSQL /')"
