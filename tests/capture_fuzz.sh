#!/bin/sh
# capture_fuzz.sh [SECONDS]: fuzz the capture decoder and tracker with libFuzzer (clang) for a
# bounded time (default 60 s), growing tests/capture/corpus; crashing inputs are written to
# tests/capture/crashers, where make check replays them forever after. Run from anywhere:
#   sh tests/capture_fuzz.sh 300
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
out=$(mktemp -d "${TMPDIR:-/tmp}/capture-fuzz.XXXXXX")
trap 'rm -rf "$out"' EXIT
# config.h is only needed for its presence: the sources include it first.
: >"$out/config.h"
clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -I"$out" -I"$top" \
	"$top/tests/capture_fuzz_target.c" "$top/probes/capture/decode.c" \
	"$top/probes/capture/tracker.c" "$top/probes/capture/ontmap.c" "$top/lib/xmalloc.c" "$top/lib/log.c" \
	-o "$out/fuzz_capture"
mkdir -p "$top/tests/capture/crashers" "$out/new"
status=0
"$out/fuzz_capture" -max_total_time="$secs" -max_len=2048 -timeout=5 \
	-artifact_prefix="$top/tests/capture/crashers/" \
	"$out/new" "$top/tests/capture/corpus" || status=$?
# Keep the committed corpus small: merge only inputs that add coverage.
"$out/fuzz_capture" -merge=1 "$top/tests/capture/corpus" "$out/new" >/dev/null 2>&1 || true
echo "capture_fuzz: corpus $(ls "$top/tests/capture/corpus" | wc -l) inputs;" \
	"crashers $(ls "$top/tests/capture/crashers" | grep -vc README) (exit $status)"
exit "$status"
