#!/usr/bin/env bash
# PostgreSQL fault drill, run on purpose (never in CI: it stops the machine's PostgreSQL cluster).
# Starts demo-server on PostgreSQL, drives load, stops PostgreSQL, starts it again, and prints per phase the
# status counts and p50/p99/max latency: requests must fail closed with 503 in bounded time, then succeed again
# without restarting the server.
#   scripts/pg-fault.sh [down-seconds]        (as root or the postgres user; default 10 s down)
# Environment: AUTHBRIDGE_TEST_POSTGRES_URL (default the CI role and database), PG_CLUSTER (default "15 main"),
# FAULT: `stop` (default: a fast shutdown, connections closed) or `freeze` (SIGSTOP to every server process, then
# SIGCONT: a silent server that keeps its connections open, as a hung host would).
set -euo pipefail
cd "$(dirname "$0")/.."
DOWN=${1:-10}
FAULT=${FAULT:-stop}
URL=${AUTHBRIDGE_TEST_POSTGRES_URL:-postgres://authbridge:authbridge-ci@127.0.0.1:5432/authbridge_test}
read -r PG_VERSION PG_NAME <<<"${PG_CLUSTER:-15 main}"
swift build --product demo-server >/dev/null
BIN=$(swift build --show-bin-path)
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

env -i PATH="$PATH" AUTHBRIDGE_STORE_URL="$URL" AUTHBRIDGE_DEMO_USERS_FILE="$WORK/users.sqlite" \
    AUTHBRIDGE_DEMO_PORT="$PORT" AUTHBRIDGE_DEMO_BCRYPT_COST=4 AUTHBRIDGE_COOKIE_SECURE=off \
    AUTHBRIDGE_JWT_SECRET=pg-fault-drill-secret-0123456789abcdef "$BIN/demo-server" 2>"$WORK/server.log" &
SERVER=$!
PG_PIDS=()
cleanup() {
    if [ ${#PG_PIDS[@]} -gt 0 ]; then kill -CONT "${PG_PIDS[@]}" 2>/dev/null || true; fi
    pg_ctlcluster "$PG_VERSION" "$PG_NAME" start 2>/dev/null || true
    kill "$SERVER" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/server.log" && break; sleep 0.1; done

BASE=5
TOTAL=$((BASE + DOWN + 15))
python3 scripts/load.py drive --port "$PORT" --seconds "$TOTAL" --threads 8 --log "$WORK/load.log" &
LOAD=$!
sleep "$BASE"
STOPPED=$(date +%s.%N)
if [ "$FAULT" = freeze ]; then
    POSTMASTER=$(head -n 1 "/var/lib/postgresql/$PG_VERSION/$PG_NAME/postmaster.pid")
    mapfile -t PG_PIDS < <(echo "$POSTMASTER"; pgrep -P "$POSTMASTER")
    kill -STOP "${PG_PIDS[@]}"
else
    pg_ctlcluster "$PG_VERSION" "$PG_NAME" stop -m fast
fi
sleep "$DOWN"
STARTING=$(date +%s.%N)
if [ "$FAULT" = freeze ]; then
    kill -CONT "${PG_PIDS[@]}"
    PG_PIDS=()
else
    pg_ctlcluster "$PG_VERSION" "$PG_NAME" start
fi
STARTED=$(date +%s.%N)
wait "$LOAD"

summary() { python3 scripts/load.py summary --log "$WORK/load.log" "$@"; }
echo "baseline (PostgreSQL up):       $(summary --to "$STOPPED")"
echo "outage (after the first 1.5 s): $(summary --from "$(echo "$STOPPED + 1.5" | bc)" --to "$STARTING")"
echo "outage (whole):                 $(summary --from "$STOPPED" --to "$STARTING")"
echo "recovery (from start command):  $(summary --from "$STARTING")"
python3 - "$WORK/load.log" "$STOPPED" "$STARTED" <<'EOF'
import sys
rows = [l.split() for l in open(sys.argv[1])]
stopped, started = float(sys.argv[2]), float(sys.argv[3])
first503 = min((float(r[0]) for r in rows if float(r[0]) >= stopped and r[2] == "503"), default=None)
after = [r for r in rows if float(r[0]) >= started]
ok = [float(r[0]) for r in after if r[2] == "200"]
# Resumed: the first 200 after which no 503 or error follows.
bad = [float(r[0]) for r in after if r[2] not in ("200", "201")]
resumed = min((t for t in ok if not any(b > t for b in bad)), default=None)
print(f"first 503 after the stop: {first503 - stopped:.3f} s" if first503 else "no 503 seen")
print(f"steady 200s again {resumed - started:.3f} s after PostgreSQL was up" if resumed else "never resumed")
EOF
kill -0 "$SERVER" && echo "server still running (pid $SERVER): no crash, no restart"
kill -TERM "$SERVER"
wait "$SERVER" && echo "server exited 0 on SIGTERM"
trap - EXIT
