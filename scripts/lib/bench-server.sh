# Shared by scripts/bench-http.sh and scripts/bench-http-paired.sh (sourced, not run): builds HTTPBenchServer in
# release mode, starts it for one framework and mode, and measures one wrk run against it.
command -v wrk >/dev/null || { echo "the HTTP benchmarks need wrk (apt-get install wrk)" >&2; exit 1; }
SERVER_CPU=() WRK_CPU=()
if [ "${PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}" = 1 ]; then SERVER_CPU=(taskset -c 0) WRK_CPU=(taskset -c 1); fi
if [ -z "${BIN:-}" ]; then # BIN=path runs another build of the server (to compare two commits)
    swift build -c release --scratch-path .build-release --product HTTPBenchServer >/dev/null
    BIN=$(swift build -c release --scratch-path .build-release --show-bin-path)/HTTPBenchServer
fi
WORK=$(mktemp -d)
TICKS=$(getconf CLK_TCK)
RESULTS="$WORK/results.txt" # the rows each script collects

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# start_server FRAMEWORK MODE NAME: starts the server for FRAMEWORK and MODE on a free port and waits for it. Sets
# SERVER_PID_<NAME>, PORT_<NAME> and the array HEADER_<NAME> (wrk's -H arguments for the route's credential).
start_server() {
    local port server credential header=() store="$WORK/$3.sqlite"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    rm -f "$store"*
    "${SERVER_CPU[@]}" "$BIN" "$1" "$2" "$port" "$store" >"$WORK/$3.credential" 2>"$WORK/$3.log" &
    server=$!
    for _ in $(seq 1 100); do
        curl -s -o /dev/null "http://127.0.0.1:$port/r" 2>/dev/null && break
        sleep 0.1
    done
    credential=$(head -n 1 "$WORK/$3.credential")
    if [ "$credential" = "login" ]; then # a stock session: log in and take the cookie from Set-Cookie
        credential="Cookie: $(curl -s -o /dev/null -D - -X POST "http://127.0.0.1:$port/login" |
            tr -d '\r' | awk 'tolower($1) == "set-cookie:" {split($2, c, ";"); print c[1]; exit}')"
    fi
    if [ "$credential" != "-" ]; then
        header=(-H "$credential")
        [[ "$2" == bare-* ]] || [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/r")" != "200" ] ||
            { echo "$1 $2: the route answered 200 without a credential"; kill "$server"; exit 1; }
    fi
    [ "$(curl -s -o /dev/null -w '%{http_code}' "${header[@]}" "http://127.0.0.1:$port/r")" = "200" ] ||
        { echo "$1 $2: the route did not answer 200"; kill "$server"; exit 1; }
    printf -v "SERVER_PID_$3" %s "$server"
    printf -v "PORT_$3" %s "$port"
    eval "HEADER_$3=(\"\${header[@]}\")"
}

stop_server() { # NAME
    local pid="SERVER_PID_$1"
    kill "${!pid}"
    wait "${!pid}" 2>/dev/null || true
}

# measure NAME SECONDS: one wrk run against the server NAME; prints "req/s p50-ms p99-ms server-CPU-µs/req" (fails
# on any non-2xx answer).
measure() {
    local pid="SERVER_PID_$1" port="PORT_$1" header="HEADER_$1[@]" before after requests
    before=$(cpu_ticks "${!pid}")
    "${WRK_CPU[@]}" wrk -t2 -c64 -d"$2s" --latency "${!header}" "http://127.0.0.1:${!port}/r" >"$WORK/wrk.txt"
    after=$(cpu_ticks "${!pid}")
    if grep -q "Non-2xx" "$WORK/wrk.txt"; then echo "$1: non-2xx answers" >&2; cat "$WORK/wrk.txt" >&2; return 1; fi
    requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
    python3 - "$WORK/wrk.txt" "$requests" "$((after - before))" "$TICKS" <<'PY'
import re, sys
path, requests, ticks, hz = sys.argv[1:]
text = open(path).read()
def ms(label):
    value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
print(rps, ms("50%"), ms("99%"), round(int(ticks) / int(hz) * 1e6 / int(requests), 1))
PY
}

warm_up() { # NAME
    local port="PORT_$1" header="HEADER_$1[@]"
    "${WRK_CPU[@]}" wrk -t2 -c64 -d2s "${!header}" "http://127.0.0.1:${!port}/r" >/dev/null
}
