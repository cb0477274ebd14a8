#!/usr/bin/env bash
# Fuzzes the credential parsers with libFuzzer for a bounded time each (default 60 s per target).
#   scripts/fuzz.sh [seconds-per-target] [targets...]
# Targets: bearer cookie jwt json. A crash, a hang (>5 s per input) or an accepted forgery fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}; shift || true
targets=${*:-bearer cookie jwt json}
swift build -c release --product AuthBridgeFuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING
binary=.build-fuzz/release/AuthBridgeFuzz
export AUTHBRIDGE_FUZZ_VALID=$(cat Fixtures/fuzz/valid-tokens.txt)
for target in $targets; do
  work=$(mktemp -d)
  cp Fixtures/fuzz/$target/* "$work/"
  echo "fuzzing $target for ${seconds}s"
  status=0
  AUTHBRIDGE_FUZZ_TARGET=$target "$binary" "$work" -max_total_time="$seconds" -timeout=5 -max_len=10000 \
    -print_final_stats=1 > "$work.log" 2>&1 || status=$?
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|FORGERY|Fatal|SUMMARY" "$work.log" || true
  rm -rf "$work" "$work.log"
  if [ "$status" -ne 0 ]; then echo "fuzz target $target FAILED (exit $status)"; exit 1; fi
done
echo "fuzzing passed: no crash, no hang, no accepted forgery"
