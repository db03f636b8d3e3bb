#!/bin/sh
# capture_sessions_live: ontwatchd judges sessions at a capture bucket boundary. The store
# holds an hour of re-dials for an ONT of a configured OLT whose optics nobody reported
# bad; at the next boundary (bucket = 60 s) the daemon opens a session_instability order,
# announced with its evidence and the priority term, and keeps the ONT of another OLT out.
. "$top_srcdir/tests/tap.sh"

CTL="$top_builddir/monitor/ontwatchctl"
D="$top_builddir/monitor/ontwatchd"
ip link show lo >/dev/null 2>&1 || skip_all "no loopback device"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 (the command) is not installed"
cat >"$TMPD/ow.conf" <<CONF
store = { path = "$TMPD/ow.db"; };
olts = ( { name = "olt-s"; address = "127.0.0.1"; vendor = "huawei-ma5600";
           snmp = { community = "public"; }; enabled = false; } );
outputs = ( { name = "file"; type = "file"; path = "$TMPD/orders.jsonl"; } );
capture = {
  interface = "lo";
  filter = "ether[0] = 255 and ether[1] = 1 and ether[2] = 2";   # nothing of this run
  bucket = 60;
  unstable_hours = 2;
  unstable_events = 6;
};
CONF
# the store is created by its first user; then an hour of broken sessions is put in it
"$CTL" capture evidence -f "$TMPD/ow.conf" >/dev/null 2>&1
now=$(date +%s)
start=$((now - now % 3600 - 3600))
for ont in 4 5; do
	olt=olt-s
	[ "$ont" = 5 ] && olt=olt-elsewhere
	sqlite3 "$TMPD/ow.db" "INSERT INTO capture_bucket VALUES ('$olt', '0/1/2', $ont, $start,
	    3600, 1, 4, 4, 1, 0, 100, 2, 50000);" || skip_all "cannot write the store with sqlite3"
done
"$D" -f "$TMPD/ow.conf" -v >"$TMPD/d.log" 2>&1 &
pid=$!
track_pid "$pid"
started=no
for _ in $(seq 50); do
	grep -q "capture: lo: capturing" "$TMPD/d.log" && started=yes && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if [ "$started" != yes ]; then
	if grep -q "CAP_NET_RAW\|Operation not permitted\|permission" "$TMPD/d.log"; then
		skip_all "live capture needs CAP_NET_RAW: $(tail -1 "$TMPD/d.log")"
	fi
	not_ok "ontwatchd starts capturing on lo"
	sed 's/^/# /' "$TMPD/d.log"
	tap_done
	exit 1
fi
ok "ontwatchd starts capturing on lo"
# the next bucket boundary is at most 60 s away
for _ in $(seq 150); do
	grep -q session_instability "$TMPD/orders.jsonl" 2>/dev/null && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.5
done
kill -TERM "$pid"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
check "ontwatchd stops on SIGTERM" sh -c '! kill -0 "$1" 2>/dev/null' sh "$pid"
sed 's/^/# /' "$TMPD/orders.jsonl" 2>/dev/null
check "a session_instability order is opened at the bucket boundary" \
	grep -q '"event":"opened".*"key":"session:olt-s/0/1/2/4","scope":"ont","cause":"session_instability","severity":"major"' \
	"$TMPD/orders.jsonl"
check "it carries the sessions' evidence" \
	grep -q '"sessions":{"window_hours":24,"onts_seen":1,"pppoe_redials":4,"pppoe_drops":4,"lcp_echo_lost":1' \
	"$TMPD/orders.jsonl"
check "its priority says the customer already feels it" \
	grep -q 'customer already feels it (4 PPPoE re-dials, 4 PPPoE drops, 1 LCP echo lost, 2.0% TCP retransmissions in the last 24 h) +20' \
	"$TMPD/orders.jsonl"
check "an ONT of an OLT this daemon does not own gets no order" \
	sh -c '! grep -q olt-elsewhere "$1"' sh "$TMPD/orders.jsonl"
check "the order is in the store" sh -c \
	'[ "$(sqlite3 "$1" "SELECT count(*) FROM work_order WHERE problem_key = '"'"'session:olt-s/0/1/2/4'"'"'")" -eq 1 ]' \
	sh "$TMPD/ow.db"
tap_done
