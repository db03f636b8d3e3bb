#!/bin/sh
# daemon_signals: ontwatchd checks its configuration (-n), starts, keeps running on a
# broken SIGHUP reload, applies a good one, and shuts down cleanly on SIGTERM.
. "$top_srcdir/tests/tap.sh"
D="$top_builddir/monitor/ontwatchd"

good() {
	cat >"$1" <<EOC
daemon = { log_level = "$2"; };
store = { path = "$TMPD/ow.db"; };
olts = ( { name = "olt-a"; address = "127.0.0.1"; vendor = "huawei-ma5600";
           snmp = { community = "public"; }; enabled = false; } );
EOC
}

# wait_log FILE PATTERN: up to 10 s for a line to appear.
wait_log() {
	for _ in $(seq 1 100); do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

good "$TMPD/ok.conf" info
check "ontwatchd -n accepts a valid configuration" "$D" -n -f "$TMPD/ok.conf"
check "ontwatchd -n accepts the shipped example" "$D" -n -f "$top_srcdir/conf/ontwatch.conf"

# An enabled OLT must have a usable vendor profile: -n makes start-up's checks.
cat >"$TMPD/novendor.conf" <<EOC
vendor_dir = "$top_srcdir/conf/vendors";
store = { path = "$TMPD/nv.db"; };
olts = ( { name = "olt-x"; address = "127.0.0.1";
           vendor = "no-such-vendor"; snmp = { community = "c"; }; } );
EOC
"$D" -n -f "$TMPD/novendor.conf" >"$TMPD/nv.out" 2>&1
check "ontwatchd -n rejects an unknown vendor profile" test $? -ne 0
check "unknown vendor reported with file:line" grep -q "novendor.conf:3: olt olt-x: vendor \"no-such-vendor\" unusable" "$TMPD/nv.out"
check "-n does not create the store" test ! -e "$TMPD/nv.db"

cat >"$TMPD/bad.conf" <<'EOC'
poll = { intervall = 60; };
olts = (
  { name = "a"; address = "127.0.0.1"; vendor = "v"; port = "161";
    snmp = { community = "c"; }; },
  { name = "a"; address = "127.0.0.2"; vendor = "v"; snmp = { community = "c"; }; }
);
EOC
"$D" -n -f "$TMPD/bad.conf" >"$TMPD/bad.out" 2>&1
check "ontwatchd -n rejects a broken configuration" test $? -ne 0
check "misspelt key reported with file:line" grep -q "bad.conf:1: poll.intervall: unknown setting" "$TMPD/bad.out"
check "wrong type reported with file:line" grep -q "bad.conf:3: olts\[0\] (a).port: expected an integer, found a string" "$TMPD/bad.out"
check "duplicate OLT reported with file:line" grep -q "bad.conf:5: olts\[1\] (a): duplicate OLT name \"a\" (first defined at line 3)" "$TMPD/bad.out"

cp "$TMPD/ok.conf" "$TMPD/run.conf"
"$D" -f "$TMPD/run.conf" >"$TMPD/d.log" 2>&1 &
PID=$!
track_pid $PID
check "daemon starts" wait_log "$TMPD/d.log" "started"
check "store created" test -s "$TMPD/ow.db"

cp "$TMPD/bad.conf" "$TMPD/run.conf"
kill -HUP $PID
check "broken reload is rejected with its errors" wait_log "$TMPD/d.log" "keeping the running configuration"
check "broken reload logs file:line" grep -q "reload: .*run.conf:1: poll.intervall: unknown setting" "$TMPD/d.log"
check "daemon still running after a broken reload" kill -0 $PID

good "$TMPD/run.conf" debug
kill -HUP $PID
check "good reload is applied" wait_log "$TMPD/d.log" "configuration reloaded"
check "daemon still running after a good reload" kill -0 $PID

kill -TERM $PID
rc=0
wait $PID || rc=$?
check "SIGTERM exits 0" test "$rc" -eq 0
check "shutdown logged" grep -q "shutting down" "$TMPD/d.log"
"$top_builddir/monitor/ontwatchctl" store-info --store "$TMPD/ow.db" >"$TMPD/info.out" 2>&1
check "store is intact after shutdown" grep -q "^schema: " "$TMPD/info.out"
check "WAL checkpointed on shutdown" test ! -s "$TMPD/ow.db-wal"
tap_done
