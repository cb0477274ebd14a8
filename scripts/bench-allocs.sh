#!/usr/bin/env bash
# Allocations per request, run on purpose: glibc malloc calls counted by a perf uprobe on the bench server
# (HTTPBenchServer, release build in .build-release) while wrk sends 3 s of requests on 127.0.0.1. Unlike req/s,
# the count barely moves between runs, so it shows a change of one allocation a request that the HTTP benchmark's
# noise hides. Needs root (perf probe); the probes are removed again at the end.
#   scripts/bench-allocs.sh                        (both frameworks; modes bare-cookie session bare-bearer hs256)
# FRAMEWORKS and MODES narrow the cases, as for scripts/bench-http.sh; BIN=path counts another build of the server
# (to compare two commits). FUNCTIONS counts other calls than malloc, a column each: glibc's, or the Swift
# runtime's (`swift_*`), e.g. FUNCTIONS="malloc swift_retain swift_release" (reference counting; a probe costs
# about a microsecond a call, so req/s falls, but the count per request stays).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v perf >/dev/null || { echo "bench-allocs.sh: needs perf (apt-get install linux-perf)" >&2; exit 1; }
if [ -z "${BIN:-}" ]; then
    swift build -c release --scratch-path .build-release --product HTTPBenchServer >/dev/null
    BIN=$(swift build -c release --scratch-path .build-release --show-bin-path)/HTTPBenchServer
fi
library() { ldd "$BIN" | awk -v name="$1" '$1 ~ "^" name "\\.so" {print $3}'; }
WORK=$(mktemp -d)
EVENTS=() ADDED=()
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    for event in ${ADDED[@]+"${ADDED[@]}"}; do perf probe -q -d "$event" || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
for function in ${FUNCTIONS:-malloc}; do
    if [[ "$function" == swift_* ]]; then lib=libswiftCore; else lib=libc; fi
    event="probe_$lib:$function"
    if ! perf probe -l 2>/dev/null | grep -q "$event\b"; then
        perf probe -q -x "$(library "$lib")" -a "$function"
        ADDED+=("$event")
    fi
    EVENTS+=("$event")
done

echo "| framework | route | $(printf '%s per request | ' ${FUNCTIONS:-malloc})"
echo "|---|---|$(printf -- '---|%.0s' "${EVENTS[@]}")"
for framework in ${FRAMEWORKS:-hummingbird vapor}; do
    for mode in ${MODES:-bare-cookie session bare-bearer hs256}; do
        port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
        "$BIN" "$framework" "$mode" "$port" "$WORK/store.sqlite" >"$WORK/credential" 2>"$WORK/server.log" &
        server=$!
        for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/r" && break; sleep 0.1; done
        credential=$(head -n 1 "$WORK/credential")
        header=()
        [ "$credential" != "-" ] && header=(-H "$credential")
        wrk -t2 -c64 -d2s "${header[@]}" "http://127.0.0.1:$port/r" >/dev/null
        perf stat -x, -e "$(IFS=,; echo "${EVENTS[*]}")" -p "$server" -o "$WORK/stat.csv" -- sleep 4 &
        stat=$!
        sleep 0.5
        wrk -t2 -c64 -d3s "${header[@]}" "http://127.0.0.1:$port/r" >"$WORK/wrk.txt"
        wait "$stat"
        kill "$server"
        wait "$server" 2>/dev/null || true
        server=
        rm -f "$WORK/store.sqlite"*
        requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
        # The server is idle outside wrk's 3 s, so nearly every call counted belongs to a request.
        row="| $framework | $mode |"
        for event in "${EVENTS[@]}"; do
            calls=$(awk -F, -v event="$event" '$3 == event {print $1}' "$WORK/stat.csv")
            row="$row $(python3 -c "print('%.1f' % ($calls / $requests))") |"
        done
        echo "$row"
    done
done
