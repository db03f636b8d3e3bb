#!/bin/sh
# snmp_bench.sh: ontwatch's full poll of K simulated Huawei OLTs x N ONTs against
# `snmpbulkwalk` of the same columns from the same agents, one per OLT in parallel.
# Each OLT is one net-snmp snmpd on 127.0.0.1 serving its .snmprec from memory through
# bench/owsim.c (a dlmod), so the agents are fast enough not to be the bottleneck.
#
#   bench/snmp_bench.sh BUILDDIR K SLOTSxPORTSxONTS [RUNS]
#   e.g. bench/snmp_bench.sh build-bench 8 4x16x64 3
#
# BUILDDIR is a non-sanitizer build (../configure CFLAGS=-O2). Prints one Markdown
# table row per tool (median of RUNS runs, alternating tools).
set -eu

BUILD=$(cd "$1" && pwd)
K=$2
SHAPE=$3
RUNS=${4:-3}
TOP=$(cd "$(dirname "$0")/.." && pwd)
SLOTS=${SHAPE%%x*}
REST=${SHAPE#*x}
PORTS=${REST%%x*}
ONTS=${REST#*x}
N=$((SLOTS * PORTS * ONTS))
ROOT=1.3.6.1.4.1.2011.6.128.1.1.2 # every column the huawei profile reads
BASE=${BENCH_PORT_BASE:-21000}
W=$(mktemp -d "${TMPDIR:-/tmp}/owbench.XXXXXX")
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	sleep 0.5
	for p in $PIDS; do kill -9 "$p" 2>/dev/null || true; done
	rm -rf "$W"
}
trap cleanup EXIT INT TERM

# Every OLT its own ONTs (serials): a fleet that reused them would make the daemon's store
# see each ONT move between OLTs at every poll.
. "$TOP/bench/owsim_fleet.sh"
owsim_fleet_start "$K" "$SLOTS" "$PORTS" "$ONTS" "$BASE"
owsim_fleet_wait "$K" "$BASE"
TARGETS=""
for i in $(seq 1 "$K"); do
	TARGETS="$TARGETS olt$i=huawei@127.0.0.1:$((BASE + i))/public"
done

# ontwatch: the poller alone (no store), every OLT at once.
run_ontwatch() {
	/usr/bin/time -f "%e %U %S %M" -o "$W/time" \
		"$BUILD/tests/snmp_poll_tool" -q -g "$K" -d "$TOP/conf/vendors" $TARGETS \
		>"$W/ow.out" 2>&1
	got=$(sed -n 's/^DONE olts=[0-9]* onts=\([0-9]*\).*/\1/p' "$W/ow.out")
	[ "$got" -eq $((K * N)) ] || { echo "ontwatch read $got of $((K * N))" >&2; exit 1; }
	cat "$W/time"
}
# ontwatchd --once: the same poll through the daemon, readings stored in SQLite.
{
	printf 'vendor_dir = "%s";\nstore = { path = "%s/ow.db"; };\n' "$TOP/conf/vendors" "$W"
	printf 'poll = { timeout = 2.0; retries = 1; max_in_flight = %s; };\n' "$K"
	owsim_fleet_olts "$K" "$BASE"
	printf 'outputs = ();\n'
} >"$W/ontwatch.conf"
run_daemon() {
	rm -f "$W"/ow.db*
	/usr/bin/time -f "%e %U %S %M" -o "$W/time" \
		"$BUILD/monitor/ontwatchd" --once -f "$W/ontwatch.conf" >"$W/d.out" 2>&1
	grep -q "polled $K OLTs ($K ok, 0 failed): $((K * N)) ONT readings" "$W/d.out" ||
		{ cat "$W/d.out" >&2; exit 1; }
	cat "$W/time"
}
# snmpbulkwalk: one per OLT, in parallel, same max-repetitions (25).
run_walks() {
	/usr/bin/time -f "%e %U %S %M" -o "$W/time" sh -c '
		for i in $(seq 1 '"$K"'); do
			snmpbulkwalk -v2c -c public -Cr25 -On -Oq "127.0.0.1:$(('"$BASE"' + i))" '"$ROOT"' \
				>"'"$W"'/walk$i.out" &
		done
		wait'
	got=$(cat "$W"/walk*.out | wc -l)
	# Each walk prints its varbinds plus the agent's objects after the subtree end.
	[ "$got" -ge $((K * N * 11)) ] || { echo "snmpbulkwalk read $got" >&2; exit 1; }
	cat "$W/time"
}

: >"$W/ow.all"
: >"$W/wk.all"
: >"$W/d.all"
run_ontwatch >/dev/null # warm-up
run_walks >/dev/null
for _ in $(seq 1 "$RUNS"); do
	run_ontwatch >>"$W/ow.all"
	run_walks >>"$W/wk.all"
	run_daemon >>"$W/d.all"
done

# Median by wall time; derived figures per ONT reading.
row() { # NAME FILE
	sort -n "$2" | awk -v name="$1" -v n=$((K * N)) -v k="$K" -v runs="$RUNS" '
		{ w[NR] = $1; u[NR] = $2; s[NR] = $3; m[NR] = $4 }
		END {
			i = int((NR + 1) / 2)
			cpu = u[i] + s[i]
			printf "| %s | %d x %d | %.2f | %.0f | %.4f | %s |\n", name, k, n / k, w[i], n / w[i],
				cpu * 1000 / n, name ~ /^ontwatch/ ? sprintf("%.0f B", m[i] * 1024 / n) : "-"
		}'
}
row "ontwatch poller" "$W/ow.all"
row "snmpbulkwalk x $K" "$W/wk.all"
row "ontwatchd --once (+SQLite)" "$W/d.all"
