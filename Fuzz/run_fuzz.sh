#!/usr/bin/env bash
# Fuzzes every parser of our own with libFuzzer and the address sanitizer.
#
#   Fuzz/run_fuzz.sh [SECONDS_PER_TARGET] [TARGET ...]     (default: 60 s, every target)
#
# Builds Fuzz/FuzzParsers into .build-fuzz/ (-sanitize=fuzzer,address), seeds each target's
# corpus from the bundled data, the malformed corpus and Fuzz/seeds/, runs it, and prints the
# executions per target. A crash leaves its input in .build-fuzz/artifacts/TARGET/ and fails
# the run: copy it to Tests/Corpus/fuzz/TARGET/ (the replay test then keeps it fixed).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(json geojson csv zip wkb rules styles surveysheet photo samples standards netindex)

echo "== building the fuzz harness (first build is slow)"
swift build --build-path .build-fuzz -c release --product fuzz-parsers \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld \
  2>&1 | grep -vE "warning: Cannot export local symbol" | tail -3
binary=.build-fuzz/release/fuzz-parsers

seeds() {
  case "$1" in
    json) ls GeoData/*.json GeoData/*.geojson Styles/styles.json Tests/Corpus/malformed/*.geojson ;;
    geojson) ls GeoData/*.geojson Tests/Corpus/malformed/*.geojson ;;
    csv) ls Tests/Corpus/malformed/*.csv Tests/RegistryTests/Fixtures/*.csv ;;
    zip) ls Tests/Corpus/malformed/*.kmz Tests/Corpus/malformed/*.zip Tests/Corpus/malformed/*.xlsx ;;
    wkb) ls Fuzz/seeds/wkb/* ;;
    rules) ls GeoData/siting-rules.json ;;
    styles) ls Styles/styles.json ;;
    surveysheet) ls Tests/Corpus/malformed/survey-*.csv ;;
    photo) ls Tests/Corpus/malformed/survey-photos/* Fuzz/seeds/photo/* ;;
    samples) ls Tests/Corpus/samples/*.csv ;;
    standards) ls GeoData/water-standards.json ;;
    netindex) ls Fuzz/seeds/netindex/* ;;
  esac
}

failed=0
summary=()
for target in "${targets[@]}"; do
  corpus=.build-fuzz/corpus/$target
  artifacts=.build-fuzz/artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  for f in $(seeds "$target"); do cp "$f" "$corpus/seed-$(basename "$f")"; done
  # Regression inputs from earlier findings are seeds too.
  if [ -d "Tests/Corpus/fuzz/$target" ]; then cp Tests/Corpus/fuzz/$target/* "$corpus/" 2>/dev/null || true; fi
  echo "== $target: ${seconds} s"
  log=.build-fuzz/$target.log
  if SWIFT_BACKTRACE=enable=no FUZZ_TARGET=$target "$binary" "$corpus" -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 \
       -timeout=10 -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1; then
    status=ok
  else
    status=CRASH
    failed=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  units=$(ls "$corpus" | wc -l)
  summary+=("$(printf '%-8s %-6s %12s executions  %6s corpus units' "$target" "$status" "$runs" "$units")")
  [ "$status" = ok ] || tail -30 "$log"
done
echo "== fuzzing summary (${seconds} s per target)"
printf '%s\n' "${summary[@]}"
exit $failed
