#!/usr/bin/env bash
# Kill -9 soak, run on purpose (bounded, 127.0.0.1 only): demo-server on a fresh SQLite file under load from
# scripts/load.py (logins and dashboards, 8 threads) for MINUTES, killed with SIGKILL and restarted every
# KILL_EVERY seconds. Afterwards it checks, and prints:
#   - every session created and acknowledged is still valid, as its own user;
#   - no request got another user's identity;
#   - the usage totals (`authbridge report --format json`) equal the requests served minus at most one flush
#     interval (5 s) of requests per kill, and how many were lost.
#   scripts/soak.sh [minutes] [kill-every-seconds]     (default 3 minutes, a kill every 20 s)
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-3}
KILL_EVERY=${2:-20}
swift build --product demo-server >/dev/null
swift build --product authbridge >/dev/null
BIN=$(swift build --show-bin-path)
WORK=$(mktemp -d)
DB="$WORK/soak.sqlite"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SERVER=

start_server() {
    env -i PATH="$PATH" AUTHBRIDGE_STORE_URL="sqlite:$DB" AUTHBRIDGE_DEMO_PORT="$PORT" AUTHBRIDGE_DEMO_BCRYPT_COST=4 \
        AUTHBRIDGE_COOKIE_SECURE=off AUTHBRIDGE_JWT_SECRET=soak-only-secret-0123456789abcdef0123 \
        "$BIN/demo-server" 2>>"$WORK/server.log" &
    SERVER=$!
    for _ in $(seq 1 200); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 0.2)" 2>/dev/null && return
        sleep 0.05
    done
    echo "demo-server did not start"; exit 1
}
trap '[ -n "$SERVER" ] && kill -9 "$SERVER" 2>/dev/null || true' EXIT

start_server
SECONDS_TOTAL=$((MINUTES * 60))
python3 scripts/load.py drive --port "$PORT" --seconds "$SECONDS_TOTAL" --threads 8 --log "$WORK/load.log" \
    --sessions "$WORK/sessions.txt" &
LOAD=$!
KILLS=0
END=$(($(date +%s) + SECONDS_TOTAL - KILL_EVERY / 2))
PEAK_RSS=0
while [ "$(date +%s)" -lt "$END" ]; do
    sleep "$KILL_EVERY"
    RSS=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
    [ "$RSS" -gt "$PEAK_RSS" ] && PEAK_RSS=$RSS
    kill -9 "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    KILLS=$((KILLS + 1))
    start_server
done
wait "$LOAD"
python3 scripts/load.py verify --port "$PORT" --sessions "$WORK/sessions.txt" | tee "$WORK/verify.json"
kill -TERM "$SERVER"
wait "$SERVER"
SERVER=

SUMMARY=$(python3 scripts/load.py summary --log "$WORK/load.log")
VERIFY=$(cat "$WORK/verify.json")
REPORTED=$("$BIN/authbridge" report --store "sqlite:$DB" --since 1d --format json |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["totalRequests"])')
python3 - "$SUMMARY" "$VERIFY" "$REPORTED" "$KILLS" "$SECONDS_TOTAL" "$PEAK_RSS" <<'EOF'
import json, sys
summary, verify = json.loads(sys.argv[1]), json.loads(sys.argv[2])
reported, kills, seconds, rss = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
served = summary["served"] + verify["sessions_checked"]  # the verify pass is counted too
rate = summary["served"] / seconds
bound = int(rate * 5 * kills) + kills
lost = served - reported
print(f"kills: {kills}; requests sent: {summary['requests']}, served: {served} "
      f"(statuses {summary['statuses']}), p50 {summary['p50_ms']} ms, p99 {summary['p99_ms']} ms")
print(f"sessions acknowledged: {verify['sessions_checked']}, invalid afterwards: {verify['sessions_invalid']}")
print(f"answers with another user's identity: {summary['wrong_user']}")
print(f"usage reported: {reported}; lost: {lost} (bound: 5 s of requests per kill = {bound}); peak RSS {rss // 1024} MiB")
ok = verify["sessions_invalid"] == 0 and summary["wrong_user"] == 0 and 0 <= lost <= bound
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
EOF
