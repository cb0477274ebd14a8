#!/usr/bin/env bash
# HTTP benchmark for a noisy machine, run on purpose: like scripts/bench-http.sh (wrk -t2 -c64 on 127.0.0.1 against
# HTTPBenchServer, server on CPU 0 and wrk on CPU 1), but each route runs alongside its framework's bare route, both
# servers up and warm, and wrk alternates between them in short slices: bare, route, bare, route, ..., bare. Each
# slice of the route is set against the mean of the bare slices just before and after it, so drift of the machine
# over minutes (on a shared host the same bare route moved by 40% within ten minutes) cancels out of the ratio.
# Prints per route the median req/s, p50/p99 and server CPU µs per request of its slices; the median ratio to bare
# with its range over the slices; and the server CPU per request above bare (median of the paired differences).
# Then each AuthBridge route against the bare route receiving the same header (when bare-cookie / bare-bearer ran)
# and against its stock equivalent (the ratio of the two ratios to bare).
#   scripts/bench-http-paired.sh [slices] [seconds]          (default 8 slices of 3 s per route)
# FRAMEWORKS, MODES, PIN and BIN as for scripts/bench-http.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
SLICES=${1:-8}
DURATION=${2:-3}
source scripts/lib/bench-server.sh

for framework in ${FRAMEWORKS:-hummingbird vapor}; do
    start_server "$framework" bare reference
    warm_up reference
    for mode in ${MODES:-bare-cookie bare-bearer session hs256 es256 stock-session stock-hs256 stock-es256}; do
        start_server "$framework" "$mode" case
        warm_up case
        for slice in $(seq 0 "$SLICES"); do
            figures=$(measure reference "$DURATION")
            echo "$framework $mode $slice bare $figures" >>"$RESULTS"
            [ "$slice" = "$SLICES" ] && break
            figures=$(measure case "$DURATION")
            echo "$framework $mode $slice route $figures" >>"$RESULTS"
        done
        stop_server case
        python3 - "$RESULTS" "$framework" "$mode" <<'PY'
import statistics, sys
path, framework, mode = sys.argv[1:]
runs = [l.split() for l in open(path) if l.split()[:2] == [framework, mode]]
bare = {int(r[2]): float(r[4]) for r in runs if r[3] == "bare"}
ratios = [float(r[4]) / statistics.mean((bare[int(r[2])], bare[int(r[2]) + 1])) for r in runs if r[3] == "route"]
print(f"{framework} {mode}: {statistics.median(ratios):.1%} of bare (slices {min(ratios):.0%}–{max(ratios):.0%})")
PY
    done
    stop_server reference
done

echo
python3 - "$RESULTS" <<'PY'
import statistics, sys
from collections import defaultdict
slices = defaultdict(dict)  # (framework, mode) -> {(slice, role): (rps, p50, p99, cpu)}
for line in open(sys.argv[1]):
    framework, mode, index, role, *figures = line.split()
    slices[(framework, mode)][(int(index), role)] = tuple(map(float, figures))

def paired(runs):
    """Per route slice: (req/s ratio to the mean of its two bare slices, CPU µs above their mean)."""
    for (index, role), route in runs.items():
        if role == "route":
            before, after = runs[(index, "bare")], runs[(index + 1, "bare")]
            yield route[0] / ((before[0] + after[0]) / 2), route[3] - (before[3] + after[3]) / 2

ratio = {}
print("| framework | route | req/s (median) | p50 ms | p99 ms | server CPU µs/req | vs bare, paired (range) | CPU µs/req above bare |")
print("|---|---|---|---|---|---|---|---|")
for (framework, mode), runs in slices.items():
    route = [v for (i, role), v in runs.items() if role == "route"]
    median = lambda i: statistics.median(v[i] for v in route)
    pairs = list(paired(runs))
    ratios = [r for r, _ in pairs]
    ratio[(framework, mode)] = statistics.median(ratios)
    bare_rps = statistics.median(v[0] for (i, role), v in runs.items() if role == "bare")
    print(f"| {framework} | {mode} | {median(0):,.0f} (bare {bare_rps:,.0f}) | {median(1):.2f} | {median(2):.2f} | "
          f"{median(3):.1f} | {ratio[(framework, mode)]:.1%} ({min(ratios):.0%}–{max(ratios):.0%}) | "
          f"{statistics.median(c for _, c in pairs):+.1f} |")
same_headers = {"session": "bare-cookie", "hs256": "bare-bearer", "es256": "bare-bearer"}
print("\n| framework | route | vs bare with the same header | ÷ stock |")
print("|---|---|---|---|")
for (framework, mode), value in ratio.items():
    if mode not in same_headers:
        continue
    same = ratio.get((framework, same_headers[mode]))
    stock = ratio.get((framework, "stock-" + mode))
    print(f"| {framework} | {mode} | {f'{value / same:.1%}' if same else ''} | {f'{value / stock:.2f}×' if stock else ''} |")
PY
