#!/bin/sh
# daemon_traps: ontwatchd with poll.trap_listen set takes SNMP traps from a configured OLT
# at once (a LOS trap is a stored status reading within a second, long before the next
# poll), ignores traps from elsewhere, and keeps listening after a reload.
. "$top_srcdir/tests/tap.sh"

command -v snmptrap >/dev/null 2>&1 || skip_all "snmptrap not installed"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 not installed"
D="$top_builddir/monitor/ontwatchd"

# The shipped Huawei profile plus trap definitions under a private test number: what is
# tested is that the daemon follows whatever the profile says.
T=1.3.6.1.4.1.99999.0
RUN=1.3.6.1.4.1.2011.6.128.1.1.2.46.1.15
mkdir -p "$TMPD/vendors"
{
	cat "$top_srcdir/conf/vendors/huawei.conf"
	cat <<EOC
traps = (
  { oid = "$T.1"; status = "los";        index_from = "$RUN"; },
  { oid = "$T.3"; status = "online";     index_from = "$RUN"; }
);
EOC
} >"$TMPD/vendors/huawei.conf"

TP=$(free_port)
AP=$(free_port) # nothing answers there: polls fail, traps must not care
cat >"$TMPD/ow.conf" <<EOC
vendor_dir = "$TMPD/vendors";
store = { path = "$TMPD/ow.db"; };
poll = { interval = 3600; timeout = 0.2; retries = 0; trap_listen = "udp:127.0.0.1:$TP"; };
olts = ( { name = "olt-t"; address = "127.0.0.1"; port = $AP; vendor = "huawei";
           snmp = { community = "trapsecret"; }; } );
EOC

wait_log() {
	for _ in $(seq 1 100); do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
# stored STATUS: a reading with that status (numeric enum) exists for ONT 0/1/0 7
stored() {
	n=$(sqlite3 "$TMPD/ow.db" "SELECT count(*) FROM reading r JOIN ont o ON o.id = r.ont_id
		WHERE o.olt = 'olt-t' AND o.port = '0/1/0' AND o.ont = 7 AND r.status = $1" 2>/dev/null)
	[ "${n:-0}" -ge 1 ]
}
wait_stored() { for _ in $(seq 1 20); do stored "$1" && return 0; sleep 0.1; done; return 1; }

"$D" -f "$TMPD/ow.conf" >"$TMPD/d.log" 2>&1 &
PID=$!
track_pid $PID
check "daemon listens for traps" wait_log "$TMPD/d.log" "listening for traps on udp:127.0.0.1:$TP"

P010=4194312192 # ifIndex of 0/1/0
snmptrap -v 2c -c trapsecret "127.0.0.1:$TP" '' $T.1 $RUN.$P010.7 i 2 >/dev/null 2>&1
check "LOS trap stored within 2 s" wait_stored 2
check "LOS trap logged" grep -q "olt olt-t: trap: ONT 0/1/0 7 los" "$TMPD/d.log"

snmptrap -v 2c -c wrong "127.0.0.1:$TP" '' $T.3 $RUN.$P010.7 i 1 >/dev/null 2>&1
sleep 0.5
check "trap with a wrong community ignored" sh -c "! grep -q 'ONT 0/1/0 7 online' '$TMPD/d.log'"

kill -HUP $PID
check "reload keeps the listener" wait_log "$TMPD/d.log" "configuration reloaded"
snmptrap -v 2c -c trapsecret "127.0.0.1:$TP" '' $T.3 $RUN.$P010.7 i 1 >/dev/null 2>&1
check "back-online trap after reload stored" wait_stored 1
kill -TERM $PID
wait $PID
check "clean exit" test $? -eq 0
tap_done
