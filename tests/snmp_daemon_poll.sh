#!/bin/sh
# snmp_daemon_poll.sh: ontwatchd polling on its own schedule: two OLTs with a 10 s
# interval start 5 s apart (spread), each poll lands in the store with its health, and
# SIGHUP with a broken vendor leaves polling running on the old configuration.
. "$top_srcdir/tests/tap.sh"

EXT="$top_srcdir/../shared/testdata/external"
[ -d "$EXT" ] || skip_all "shared test data not found at $EXT"
command -v snmpsimd >/dev/null 2>&1 || skip_all "snmpsimd not installed"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 not installed"
DAEMON="$top_builddir/monitor/ontwatchd"
. "$top_srcdir/tests/snmp_sim.sh"

mkdir -p "$TMPD/data"
ln -s "$EXT/centreon/huawei-gpon.snmprec" "$TMPD/data/huawei.snmprec"
ln -s "$EXT/librenms/vsolution_v1600d.snmprec" "$TMPD/data/vsol.snmprec"
PORT=$(free_port)
sim_start "$TMPD/data" "$PORT" huawei || skip_all "snmpsimd did not start"
conf() { # FILE VENDOR_OF_SECOND
	cat >"$1" <<CONF
vendor_dir = "$top_srcdir/conf/vendors";
store = { path = "$TMPD/ow.db"; };
poll = { interval = 10; timeout = 0.5; retries = 1; };
olts = (
  { name = "a"; address = "127.0.0.1"; port = $PORT; vendor = "huawei"; pon_class = "gpon-b+";
    snmp = { version = "2c"; community = "huawei"; }; },
  { name = "b"; address = "127.0.0.1"; port = $PORT; vendor = "$2"; pon_class = "epon";
    snmp = { version = "2c"; community = "vsol"; }; }
);
outputs = ();
CONF
}
conf "$TMPD/ow.conf" vsol
"$DAEMON" -f "$TMPD/ow.conf" >"$TMPD/d.out" 2>&1 &
DPID=$!
track_pid $DPID
sleep 2
conf "$TMPD/ow.conf" nosuchvendor
kill -HUP $DPID
sleep 5
q() { sqlite3 "$TMPD/ow.db" "$1"; }
check "reload with an unknown vendor refused" grep -q 'keeping the running configuration' "$TMPD/d.out"
check "both OLTs polled on schedule" test "$(q 'SELECT count(*) FROM poll_health WHERE ok = 1')" -eq 2
check "first polls spread over the interval (5 s apart)" \
	test "$(q "SELECT (SELECT started FROM poll_health WHERE olt = 'b') - (SELECT started FROM poll_health WHERE olt = 'a')" | awk '{ print ($1 >= 4 && $1 <= 6) }')" -eq 1
check "readings of both stored" test "$(q 'SELECT count(*) FROM reading')" -eq 19
kill -TERM $DPID
wait $DPID
check "daemon exits cleanly" test $? -eq 0

tap_done
