#!/bin/sh
# capture_bench.sh BUILDDIR [PACKETS]: the capture decoder benchmark (bench/README.md,
# "Capture decoder"). BUILDDIR must be an optimised build without sanitizers, e.g.
#   mkdir build-bench && cd build-bench && ../configure CFLAGS=-O2 && make && cd ..
#   sh bench/capture_bench.sh build-bench
# Generates (once) a capture of PACKETS (default 10 million) packets, then times our decoder
# and `tcpdump -nr FILE > /dev/null` on the same file in the same run.
set -eu
b=$(cd "${1:?usage: capture_bench.sh BUILDDIR [PACKETS]}" && pwd)
n=${2:-10000000}
f="$b/bench/capture-$n.pcap"
[ -f "$f" ] || "$b/bench/capture_gen" "$f" "$n" 20000
echo "file: $f ($(du -h "$f" | cut -f1), $n packets)"
cat "$f" >/dev/null # warm the page cache for every contender alike
"$b/bench/capture_bench" "$f"
t0=$(date +%s.%N)
"$b/monitor/ontwatchctl" capture analyse "$f" --json \
	--template '{olt} xpon {frame}/{slot}/{port}:{ont}' >/dev/null 2>&1
t1=$(date +%s.%N)
tcpdump -nr "$f" >/dev/null 2>&1
t2=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$n" 'BEGIN {
	printf "ontwatchctl capture analyse --json: %.2f s wall, %.2f Mpps\n", b - a, n / (b - a) / 1e6
	printf "tcpdump -nr FILE >/dev/null:        %.2f s wall, %.2f Mpps\n", c - b, n / (c - b) / 1e6
}'
