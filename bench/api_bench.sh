#!/bin/sh
# api_bench.sh: how long the operator interface takes to answer on a large fleet. K simulated
# Huawei OLTs x N ONTs (net-snmp snmpd serving each .snmprec from memory through
# bench/owsim.c) are polled by ontwatchd; then each request below is timed with curl
# (median of RUNS), next to the peer: sqlite3 listing the same store's ONT inventory with
# each ONT's latest reading as JSON, what a store-backed API would at least have to do.
#
#   bench/api_bench.sh BUILDDIR K SLOTSxPORTSxONTS [RUNS]
#   e.g. bench/api_bench.sh build-bench 16 4x16x64 5
set -eu

BUILD=$(cd "$1" && pwd)
K=$2
SHAPE=$3
RUNS=${4:-5}
TOP=$(cd "$(dirname "$0")/.." && pwd)
SLOTS=${SHAPE%%x*}
REST=${SHAPE#*x}
PORTS=${REST%%x*}
ONTS=${REST#*x}
N=$((SLOTS * PORTS * ONTS))
BASE=${BENCH_PORT_BASE:-22000}
HPORT=${BENCH_HTTP_PORT:-22999}
TOKEN=bench-token-0123456789abcdef
W=$(mktemp -d "${TMPDIR:-/tmp}/owapi.XXXXXX")
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	sleep 0.5
	for p in $PIDS; do kill -9 "$p" 2>/dev/null || true; done
	rm -rf "$W"
}
trap cleanup EXIT INT TERM

. "$TOP/bench/owsim_fleet.sh"
owsim_fleet_start "$K" "$SLOTS" "$PORTS" "$ONTS" "$BASE" --degraded 0.02 --offline 0.01
owsim_fleet_wait "$K" "$BASE"
{
	printf 'vendor_dir = "%s";\nstore = { path = "%s/ow.db"; };\n' "$TOP/conf/vendors" "$W"
	printf 'poll = { interval = 30; timeout = 2.0; retries = 1; max_in_flight = %s; };\n' "$K"
	owsim_fleet_olts "$K" "$BASE"
	printf 'outputs = ();\n'
	printf 'http = { enabled = true; port = %s; rate_limit = 100000;\n' "$HPORT"
	printf '  tokens = ( { name = "bench"; token = "%s"; } ); };\n' "$TOKEN"
} >"$W/ontwatch.conf"
sleep 1
"$BUILD/monitor/ontwatchd" -f "$W/ontwatch.conf" >"$W/d.log" 2>&1 &
DPID=$!
PIDS="$PIDS $DPID"
URL="http://127.0.0.1:$HPORT"
get() { curl -sf -H "Authorization: Bearer $TOKEN" "$URL$1"; }
# the first polls are spread over the 30 s interval
for _ in $(seq 1 1200); do
	n=$(get /api/v1/status 2>/dev/null | sed -n 's/.*"onts":\([0-9]*\).*/\1/p')
	[ "${n:-0}" -ge $((K * N)) ] && break
	sleep 0.5
done
[ "${n:-0}" -ge $((K * N)) ] || { echo "the daemon knows ${n:-0} of $((K * N)) ONTs" >&2; exit 1; }
SERIAL=$(get "/api/v1/onts?limit=1" | sed -n 's/.*"serial":"\([^"]*\)".*/\1/p')

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
time_req() { # NAME PATH
	for _ in $(seq 1 "$RUNS"); do
		curl -s -o "$W/out" -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$URL$2"
	done | median >"$W/t"
	printf '| `GET %s` | %.3f s | %s bytes |\n' "$2" "$(cat "$W/t")" "$(wc -c <"$W/out")"
}
RSS=$(awk '/VmRSS/ { print $2 }' "/proc/$DPID/status")
echo "fleet: $K OLTs x $N ONTs = $((K * N)) ONTs; daemon RSS $RSS kB ($((RSS * 1024 / (K * N))) B per ONT)"
echo
echo "| request | median | answer |"
echo "|---|---|---|"
time_req status /api/v1/status
time_req olts /api/v1/olts
time_req "onts top 100" "/api/v1/onts?limit=100"
time_req "at risk" "/api/v1/onts?state=at_risk,faulty&limit=1000"
time_req "one OLT" "/api/v1/onts?olt=olt1&limit=10000"
time_req "one ONT" "/api/v1/onts/$SERIAL"
time_req "history" "/api/v1/onts/$SERIAL/history?points=500"
time_req "orders" "/api/v1/orders?limit=100"
for _ in $(seq 1 "$RUNS"); do
	/usr/bin/time -f "%e" -o "$W/tt" sqlite3 -json "$W/ow.db" \
		"SELECT o.serial, o.olt, o.port, o.ont, r.rx_dbm, r.olt_rx_dbm FROM ont o JOIN reading r ON r.ont_id = o.id AND r.time = (SELECT max(time) FROM reading WHERE ont_id = o.id)" >"$W/peer"
	cat "$W/tt"
done | median >"$W/t"
printf '| peer: `sqlite3 -json` inventory + latest reading, all ONTs | %.3f s | %s bytes |\n' \
	"$(cat "$W/t")" "$(wc -c <"$W/peer")"
RSS2=$(awk '/VmRSS/ { print $2 }' "/proc/$DPID/status")
echo
echo "daemon RSS after the requests: $RSS2 kB"
