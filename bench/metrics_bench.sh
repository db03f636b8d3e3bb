#!/bin/sh
# metrics_bench.sh: the cost of one GET /metrics scrape of a running ontwatchd that polls K
# simulated Huawei OLTs x N ONTs (net-snmp snmpd + bench/owsim.c per OLT, as in
# bench/snmp_bench.sh), timed with curl once every OLT was polled.
#
#   bench/metrics_bench.sh BUILDDIR K SLOTSxPORTSxONTS [SCRAPES]
#   e.g. bench/metrics_bench.sh build-bench 64 4x16x64 11
#
# BUILDDIR is a non-sanitizer build (../configure CFLAGS=-O2). Prints the scrape times
# (min, median, max), the body size and, for comparison, GET /api/v1/status.
set -eu

BUILD=$(cd "$1" && pwd)
K=$2
SHAPE=$3
SCRAPES=${4:-11}
TOP=$(cd "$(dirname "$0")/.." && pwd)
SLOTS=${SHAPE%%x*}
REST=${SHAPE#*x}
PORTS=${REST%%x*}
ONTS=${REST#*x}
N=$((SLOTS * PORTS * ONTS))
BASE=${BENCH_PORT_BASE:-22000}
HPORT=${BENCH_HTTP_PORT:-22999}
TOKEN=bench-read-token-0123456789
W=$(mktemp -d "${TMPDIR:-/tmp}/owmetrics.XXXXXX")
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	sleep 0.5
	for p in $PIDS; do kill -9 "$p" 2>/dev/null || true; done
	rm -rf "$W"
}
trap cleanup EXIT INT TERM

. "$TOP/bench/owsim_fleet.sh"
owsim_fleet_start "$K" "$SLOTS" "$PORTS" "$ONTS" "$BASE"
owsim_fleet_wait "$K" "$BASE"

# first polls are spread over the interval: 60 s until every OLT was polled once
{
	printf 'vendor_dir = "%s";\nstore = { path = "%s/ow.db"; };\n' "$TOP/conf/vendors" "$W"
	printf 'poll = { interval = 60; timeout = 2.0; retries = 1; max_in_flight = %s; };\n' "$K"
	owsim_fleet_olts "$K" "$BASE"
	printf 'outputs = ();\n'
	printf 'http = { enabled = true; listen = "127.0.0.1"; port = %s;\n' "$HPORT"
	printf '  tokens = ( { name = "bench"; token = "%s"; role = "read"; } ); };\n' "$TOKEN"
} >"$W/ontwatch.conf"
"$BUILD/monitor/ontwatchd" -f "$W/ontwatch.conf" >"$W/d.log" 2>&1 &
DPID=$!
PIDS="$PIDS $DPID"

get() { # PATH: prints "seconds bytes"
	curl -s -m 60 -o "$W/body" -w '%{time_total} %{size_download}\n' \
		-H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HPORT$1"
}
polled() {
	get /metrics >/dev/null &&
		[ "$(grep -c '^ontwatch_olt_up{.*} 1$' "$W/body")" -eq "$K" ] &&
		[ "$(awk '/^ontwatch_onts\{/ { s += $2 } END { print s + 0 }' "$W/body")" -eq $((K * N)) ]
}
for _ in $(seq 1 300); do
	polled && break
	kill -0 "$DPID" || { tail "$W/d.log" >&2; exit 1; }
	sleep 1
done
polled || { echo "not every OLT was polled in 300 s" >&2; exit 1; }
grep -E '^ontwatch_(onts|orders)\{' "$W/body"
echo "RSS of ontwatchd: $(awk '/VmRSS/ { print $2, $3 }' /proc/$DPID/status)"

for p in /metrics /api/v1/status; do
	: >"$W/times"
	for _ in $(seq 1 "$SCRAPES"); do
		get "$p" >>"$W/times"
		sleep 0.3
	done
	sort -n "$W/times" | awk -v p="$p" -v k="$K" -v n="$N" '
		{ t[NR] = $1; b = $2 }
		END { printf "%s at %d x %d ONTs: min %.4f s, median %.4f s, max %.4f s; %d bytes\n",
			p, k, n, t[1], t[int((NR + 1) / 2)], t[NR], b }'
done
