#!/bin/sh
# demo.sh BUILDDIR: the README's main job on built-in defaults, all on this machine.
#  1. Live: two simulated OLTs (Huawei and ZTE with healthy, degraded and offline ONTs,
#     tests/simolt_serve.sh) are served by snmpsim on 127.0.0.1; ontwatchd polls them over
#     SNMP, keeps readings in an embedded SQLite store, and prints and writes the work
#     orders it opens (var/demo/orders.jsonl).
#  2. Prediction: three weeks of a small fleet's history with labelled faults
#     (bench/scengen.py) go through the same engine with `ontwatchctl replay`, which
#     prints what it would have ordered and how long before customer impact.
# State lives in var/demo/; every process started here is stopped by its PID.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: demo.sh BUILDDIR}" && pwd)
var="$top/var/demo"
seconds=${DEMO_SECONDS:-12}
sim_pid="" daemon_pid=""
cleanup() {
	for p in $daemon_pid $sim_pid; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

rm -rf "$var"
mkdir -p "$var"
chmod 755 "$top/var" "$var"
port=$(python3 -c 'import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
sim_pid=$(sh "$top/tests/simolt_serve.sh" "$var/sim" "$port" 1x2x16)
echo "== demo 1/2: ontwatchd polling two simulated OLTs on 127.0.0.1:$port (snmpsim pid $sim_pid)"
http_port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
token=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
sed -e "s|@CONFDIR@|$top/conf|g" -e "s|@WEBDIR@|$top/monitor/web|g" \
	-e "s|@HTTP_PORT@|$http_port|g" -e "s|@TOKEN@|$token|g" \
	"$top/conf/demo.conf.in" >"$var/ontwatch.conf"
chmod 600 "$var/ontwatch.conf"
"$build/monitor/ontwatchctl" check-config "$var/ontwatch.conf"

"$build/monitor/ontwatchd" -f "$var/ontwatch.conf" &
daemon_pid=$!
sleep "$seconds"
echo
echo "== the operator's view of the running daemon (ontwatchctl over its HTTP API)"
ctl() { "$build/monitor/ontwatchctl" "$@" --url "http://127.0.0.1:$http_port" --token "$token"; }
ctl status
ctl onts --at-risk --limit 5
echo "demo: dashboard at http://127.0.0.1:$http_port/ (token in $var/ontwatch.conf);"
echo "demo: DEMO_HOLD=600 ./quickstart.sh demo keeps it up 10 minutes more to look around"
[ "${DEMO_HOLD:-0}" -gt 0 ] && sleep "$DEMO_HOLD"
kill -TERM "$daemon_pid"
wait "$daemon_pid" || true
daemon_pid=""
kill "$sim_pid" 2>/dev/null || true
wait "$sim_pid" 2>/dev/null || true
sim_pid=""
"$build/monitor/ontwatchctl" store-info -f "$var/ontwatch.conf"
live=$(wc -l <"$var/orders.jsonl")
echo "demo: $live order events written to $var/orders.jsonl"

echo
echo "== demo 2/2: three weeks of a 128-ONT fleet's history replayed through the same engine"
python3 "$top/bench/scengen.py" --olts 1 --ports 4 --days 21 --seed 3 "$var/history"
"$build/monitor/ontwatchctl" replay --readings "$var/history/readings.csv" \
	--customers "$var/history/customers.csv" --orders "$var/history/orders.jsonl" --summary
echo "demo: replayed orders in $var/history/orders.jsonl; faults labelled in $var/history/labels.csv"
[ "$live" -gt 0 ]
