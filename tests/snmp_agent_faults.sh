#!/bin/sh
# snmp_agent_faults.sh: agent behaviour seen in the field, from a deliberately broken agent
# on 127.0.0.1 (tests/snmp_badagent.py): a non-increasing OID must stop the walk (never
# loop), tooBig must shrink max-repetitions; we check the requests the poller sent.
. "$top_srcdir/tests/tap.sh"

TOOL="$top_builddir/tests/snmp_poll_tool"
VENDORS="$top_srcdir/conf/vendors"
AGENT="$top_srcdir/tests/snmp_badagent.py"

start_agent() { # MODE -> sets APORT, writes $TMPD/MODE.log
	APORT=$(free_port)
	python3 "$AGENT" "$APORT" "$1" >"$TMPD/$1.log" 2>&1 &
	track_pid $!
	eval "PID_$1=\$!"
	for _ in $(seq 1 50); do grep -q READY "$TMPD/$1.log" && return 0; sleep 0.1; done
	return 1
}
stop_agent() { # MODE
	eval "kill \$PID_$1"
	for _ in $(seq 1 30); do grep -q SERVED "$TMPD/$1.log" && return 0; sleep 0.1; done
}

start_agent loop || skip_all "python agent did not start"
timeout 10 "$TOOL" -d "$VENDORS" -T 0.5 -R 0 a=huawei@127.0.0.1:$APORT/x >"$TMPD/loop.out" 2>&1
check "non-increasing OID: poll ends (no loop)" test $? -eq 0
stop_agent loop
check "non-increasing OID: named in the health" grep -q '^HEALTH olt=a ok=1 onts=3 errors=1 .*error=rx_dbm: agent returned a non-increasing OID; column stopped' "$TMPD/loop.out"
check "non-increasing OID: rows before it kept, values exact" grep -q '^ONT olt=a port=0/1/0 ont=3 .* rx=-20.03 ' "$TMPD/loop.out"
check "non-increasing OID: a single request was enough to stop" grep -q '^SERVED 1$' "$TMPD/loop.log"

start_agent toobig || skip_all "python agent did not start"
timeout 10 "$TOOL" -d "$VENDORS" -T 0.5 -R 0 b=huawei@127.0.0.1:$APORT/x >"$TMPD/big.out" 2>&1
stop_agent toobig
check "tooBig: every ONT read" grep -q '^HEALTH olt=b ok=1 onts=8 ' "$TMPD/big.out"
check "tooBig: max-repetitions halved 25, 12, 6, 3" \
	test "$(grep '^REQ' "$TMPD/toobig.log" | head -4 | awk '{print $3}' | tr '\n' ' ')" = "25 12 6 3 "
check "tooBig: every request asked all columns at first" \
	test "$(grep '^REQ' "$TMPD/toobig.log" | head -4 | awk '{print $4}' | tr '\n' ' ')" = "11 11 11 11 "
check "tooBig: values exact" grep -q '^ONT olt=b port=0/1/0 ont=8 .* rx=-20.08 ' "$TMPD/big.out"

tap_done
