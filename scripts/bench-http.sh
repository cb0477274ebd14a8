#!/usr/bin/env bash
# HTTP benchmark, run on purpose: wrk -t2 -c64 on 127.0.0.1 against HTTPBenchServer (release build in
# .build-release) for each framework (hummingbird, vapor) and mode, repetitions interleaved: AuthBridge's routes
# (session, hs256, es256) and the stock equivalents (stock-session: Vapor SessionsMiddleware / hummingbird-auth
# sessions, memory drivers; stock-hs256, stock-es256: vapor/jwt / jwt-kit). Prints per case the median req/s,
# p50/p99 latency, the ratio to the same framework's bare route (overall medians, and "paired": the median over
# repetitions of each route against the bare route run at the start and end of its repetition) and the server's
# CPU time per request (utime+stime from /proc/PID/stat over the run); then each AuthBridge route against its
# stock equivalent.
#   scripts/bench-http.sh [repetitions] [seconds]          (default 3 repetitions of 10 s, 2 s warm-up)
# FRAMEWORKS and MODES narrow the cases (e.g. FRAMEWORKS=vapor MODES="bare hop session"); mode `hop`
# is the bare route behind an empty middleware (on Vapor an AsyncMiddleware); `bare-cookie` and `bare-bearer`
# send the session cookie or the HS256 token to the bare route, and the table then also gives each AuthBridge route
# against the bare route receiving the same header (what AuthBridge costs, apart from the header itself). The bare route of each framework
# is always run. PIN=1 (the default on 2+ CPUs) runs the server on CPU 0 and wrk on CPU 1, so each case gets the
# same cores and req/s follows the server's CPU per request; PIN=0 lets the scheduler place them (on 2 cores
# Hummingbird then lands in one of two modes, about 22 or 34 µs of CPU per request, whatever the route).
# BIN=path runs another build of the server (to compare two commits). On a machine whose speed drifts over minutes,
# scripts/bench-http-paired.sh alternates each route with the bare route in short slices instead.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-3}
DURATION=${2:-10}
source scripts/lib/bench-server.sh

run_case() { # framework mode repetition
    start_server "$1" "$2" case
    warm_up case
    local figures
    figures=$(measure case "$DURATION")
    echo "$1 $2 $figures $3" >>"$RESULTS"
    stop_server case
}

for repetition in $(seq 1 "$REPS"); do
    for framework in ${FRAMEWORKS:-hummingbird vapor}; do
        # The bare route opens and closes each repetition: the reference is the mean of the two, which follows
        # the machine's drift over the repetition better than one run.
        for mode in bare ${MODES:-bare-cookie bare-bearer session hs256 es256 stock-session stock-hs256 stock-es256} bare; do
            run_case "$framework" "$mode" "$repetition"
            tail -n 1 "$RESULTS" | sed "s/^/rep $repetition: /"
        done
    done
done

echo
python3 - "$RESULTS" <<'EOF'
import statistics, sys
rows = {}
per_rep = {}  # (framework, mode, repetition) -> req/s of each run
for line in open(sys.argv[1]):
    framework, mode, rps, p50, p99, cpu, rep = line.split()
    rows.setdefault((framework, mode), []).append((float(rps), float(p50), float(p99), float(cpu)))
    per_rep.setdefault((framework, mode, rep), []).append(float(rps))
def paired(framework, mode):
    """Median over repetitions of the route's req/s over the mean of that repetition's bare runs."""
    ratios = [statistics.mean(v) / statistics.mean(per_rep[(framework, "bare", r)])
              for (f, m, r), v in per_rep.items() if (f, m) == (framework, mode) and (f, "bare", r) in per_rep]
    return f"{statistics.median(ratios):.0%}" if ratios else ""
# The bare route receiving the same credential header, when that mode ran (bare-cookie, bare-bearer).
same_headers = {"session": "bare-cookie", "hs256": "bare-bearer", "es256": "bare-bearer"}
print("| framework | route | req/s (median) | p50 ms | p99 ms | vs bare | vs bare, paired | vs bare, same headers | server CPU µs/req |")
print("|---|---|---|---|---|---|---|---|---|")
for framework, mode in dict.fromkeys(rows):
    rps = lambda m: statistics.median(r[0] for r in rows[(framework, m)])
    runs = rows[(framework, mode)]
    median = lambda i: statistics.median(r[i] for r in runs)
    baseline = same_headers.get(mode)
    same = f"{median(0) / rps(baseline):.0%}" if (framework, baseline) in rows else ""
    print(f"| {framework} | {mode} | {median(0):,.0f} | {median(1):.2f} | {median(2):.2f} | "
          f"{median(0) / rps('bare'):.0%} | {paired(framework, mode)} | {same} | {median(3):.1f} |")
pairs = [(f, m) for f, m in rows if (f, "stock-" + m) in rows]
if pairs:
    print("\n| framework | route | AuthBridge ÷ stock req/s | AuthBridge CPU µs/req | stock CPU µs/req |")
    print("|---|---|---|---|---|")
for framework, mode in pairs:
    ours, stock = rows[(framework, mode)], rows[(framework, "stock-" + mode)]
    median = lambda runs, i: statistics.median(r[i] for r in runs)
    print(f"| {framework} | {mode} | {median(ours, 0) / median(stock, 0):.2f}× | {median(ours, 3):.1f} | "
          f"{median(stock, 3):.1f} |")
EOF
