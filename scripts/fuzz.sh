#!/usr/bin/env bash
# Fuzzes the credential parsers with libFuzzer for a bounded time each (default 60 s per target).
#   scripts/fuzz.sh [seconds-per-target] [targets...]
#   scripts/fuzz.sh --replay [targets...]   (each target's seed corpus through the same checks, without libFuzzer;
#                                            a normal debug build: what CI runs)
#   scripts/fuzz.sh --replay-file TARGET FILE  (one finding, from .build-fuzz/findings/, with a readable backtrace)
# Targets: bearer cookie jwt json route flags csrf. A crash, a hang (>5 s per input), an accepted forgery or a broken
# check fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export AUTHBRIDGE_FUZZ_VALID=$(cat Fixtures/fuzz/valid-tokens.txt)
all="bearer cookie jwt json route flags csrf"
if [ "${1:-}" = "--replay" ] || [ "${1:-}" = "--replay-file" ]; then
  mode=$1; shift
  swift build --product AuthBridgeFuzz
  binary="$(swift build --show-bin-path)/AuthBridgeFuzz"
  if [ "$mode" = "--replay-file" ]; then # one target, one finding: the check's message and a backtrace
    AUTHBRIDGE_FUZZ_TARGET=$1 "$binary" "$2"
    exit 0
  fi
  for target in ${*:-$all}; do
    echo -n "$target: "
    AUTHBRIDGE_FUZZ_TARGET=$target "$binary" "Fixtures/fuzz/$target"
  done
  exit 0
fi
seconds=${1:-60}; shift || true
targets=${*:-$all}
swift build -c release --product AuthBridgeFuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING
binary=.build-fuzz/release/AuthBridgeFuzz
for target in $targets; do
  work=$(mktemp -d)
  cp Fixtures/fuzz/$target/* "$work/"
  echo "fuzzing $target for ${seconds}s"
  status=0
  mkdir -p .build-fuzz/findings
  AUTHBRIDGE_FUZZ_TARGET=$target "$binary" "$work" -max_total_time="$seconds" -timeout=5 -max_len=10000 \
    -print_final_stats=1 -artifact_prefix=.build-fuzz/findings/$target- > "$work.log" 2>&1 || status=$?
  grep -aE "^(stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|FORGERY|Fatal|Precondition failed|SUMMARY|Test unit written" \
    "$work.log" || true
  rm -rf "$work" "$work.log"
  if [ "$status" -ne 0 ]; then
    echo "fuzz target $target FAILED (exit $status); replay the input: scripts/fuzz.sh --replay-file $target FILE"
    exit 1
  fi
done
echo "fuzzing passed: no crash, no hang, no accepted forgery"
