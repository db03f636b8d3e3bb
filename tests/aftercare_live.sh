#!/bin/sh
# aftercare_live: the closed loop in the running daemon. ontwatchd polls a simulated OLT
# (snmpsim) with degraded ONTs and opens orders; a work-order system reports one of them
# acknowledged, then completed, over the API: the reported state survives the daemon's next
# polls, the completed order is watched for its verdict at once, and every event reaches an
# exec output. (The verdicts themselves, hours later on the readings' clock, are tested by
# tests/test_engine with a real store.)
. "$top_srcdir/tests/tap.sh"
command -v snmpsimd >/dev/null 2>&1 || skip_all "snmpsimd not installed"
command -v curl >/dev/null 2>&1 || skip_all "curl not installed"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 not installed"
D="$top_builddir/monitor/ontwatchd"
DB="$TMPD/ow.db"
TOKEN="test-token-aftercare-0123456789"
. "$top_srcdir/tests/snmp_sim.sh"

wait_for() {
	t=$1
	shift
	for _ in $(seq 1 $((t * 10))); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
post() { # ID STATUS: prints the HTTP status
	curl -s -o "$TMPD/answer" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
		-H "Authorization: Bearer $TOKEN" --data-binary "{\"status\":\"$2\"}" \
		"http://127.0.0.1:$HPORT/api/v1/orders/$1/status"
}
state() { sqlite3 "$DB" "SELECT state FROM work_order WHERE id = '$1'"; }

mkdir -p "$TMPD/data"
python3 "$top_srcdir/tests/simolt.py" --vendor huawei --onts 16 --degraded 0.4 --offline 0 \
	--seed 4 --name sim --out "$TMPD/data/sim.snmprec"
PORT=$(free_port)
HPORT=$(free_port)
sim_start "$TMPD/data" "$PORT" sim || skip_all "snmpsimd did not start"
cat >"$TMPD/ow.conf" <<CONF
vendor_dir = "$(cd "$top_srcdir" && pwd)/conf/vendors";
store = { path = "$DB"; };
poll = { interval = 1; timeout = 1.0; retries = 1; };
olts = ( { name = "sim"; address = "127.0.0.1"; port = $PORT; vendor = "huawei";
           pon_class = "gpon-b+"; snmp = { version = "2c"; community = "sim"; }; } );
outputs = ( { name = "file"; type = "file"; path = "$TMPD/orders.jsonl"; },
            { name = "sink"; type = "exec"; command = "cat >> $TMPD/sink.jsonl; echo >> $TMPD/sink.jsonl"; } );
http = { enabled = true; listen = "127.0.0.1"; port = $HPORT; token = "$TOKEN"; };
CONF
"$D" -f "$TMPD/ow.conf" >"$TMPD/d.log" 2>&1 &
DPID=$!
track_pid $DPID
check "daemon opens orders for the degraded ONTs" wait_for 30 grep -q '"event":"opened"' "$TMPD/orders.jsonl"
[ -s "$TMPD/orders.jsonl" ] || sed "s/^/# /" "$TMPD/d.log" | tail -20
ID=$(sed -n 's/.*"event":"opened".*"order":{"id":"\([^"]*\)".*/\1/p' "$TMPD/orders.jsonl" | head -1)
diag "order $ID"
check "acknowledged over the API" test "$(post "$ID" acknowledged)" = 200
sleep 3
check "the state survives the next polls" test "$(state "$ID")" = acknowledged
check "completed over the API" test "$(post "$ID" completed)" = 200
check "the completed order is watched for its verdict" \
	wait_for 10 grep -q "aftercare: order $ID completed; watching 1 ONT" "$TMPD/d.log"
sleep 3
check "still completed after more polls (no verdict within the hour of grace)" \
	test "$(state "$ID")" = completed
check "the exec output got opened, acknowledged and completed" wait_for 10 sh -c \
	"grep -q '\"event\":\"opened\".*\"id\":\"$ID\"' '$TMPD/sink.jsonl' &&
	 grep -q '\"event\":\"acknowledged\".*\"id\":\"$ID\"' '$TMPD/sink.jsonl' &&
	 grep -q '\"event\":\"completed\".*\"id\":\"$ID\"' '$TMPD/sink.jsonl'"
kill -TERM $DPID
rc=0
wait $DPID || rc=$?
check "daemon exits cleanly" test $rc -eq 0
tap_done
