#!/bin/sh
# snmp_badinput.sh: agents that answer badly. A derived Huawei walk with wrong types,
# strings for numbers, sentinels, implausible values and a malformed index; an agent
# that answers garbage bytes; an agent that refuses large requests; a table larger
# than the cap. Each OLT reports a clear error or a missing value; none is made up,
# and no other OLT is delayed.
. "$top_srcdir/tests/tap.sh"

command -v snmpsimd >/dev/null 2>&1 || skip_all "snmpsimd not installed"
TOOL="$top_builddir/tests/snmp_poll_tool"
VENDORS="$top_srcdir/conf/vendors"
. "$top_srcdir/tests/snmp_sim.sh"

# Rows of hwGponOntOpticalDdmInfoTable and hwGponDeviceOntSn for port 0/1/0
# (ifIndex 4194312192). ONT 1 is sane; ONT 2 is wrong in every column; a row
# with a three-part index in the Rx column cannot be decoded.
B=1.3.6.1.4.1.2011.6.128.1.1.2
I=4194312192
mkdir -p "$TMPD/data"
cat >"$TMPD/data/bad.snmprec" <<DATA
$B.43.1.3.$I.1|4x|4857544300000001
$B.43.1.3.$I.2|4x|00ff4e4e00000002
$B.51.1.1.$I.1|2|40
$B.51.1.1.$I.2|6|1.3.6.1.4.1
$B.51.1.2.$I.1|2|12
$B.51.1.2.$I.2|4|twelve
$B.51.1.3.$I.1|2|250
$B.51.1.3.$I.2|2|2147483647
$B.51.1.4.$I.1|2|-2012
$B.51.1.4.$I.2|4|-20.12
$B.51.1.4.$I.2.9|2|-1900
$B.51.1.5.$I.1|2|3300
$B.51.1.5.$I.2|2|99999999
$B.51.1.6.$I.1|2|7800
$B.51.1.6.$I.2|66|4294967295
DATA
PORT=$(free_port)
sim_start "$TMPD/data" "$PORT" bad || skip_all "snmpsimd did not start"

"$TOOL" -d "$VENDORS" b=huawei@127.0.0.1:$PORT/bad >"$TMPD/bad.out" 2>&1
check "bad values: poll completes with errors counted" \
	grep -q '^HEALTH olt=b ok=1 onts=2 errors=7 ' "$TMPD/bad.out"
check "bad values: the sane ONT decodes" grep -q \
	'^ONT olt=b port=0/1/0 ont=1 serial=HWTC00000001 status=unknown last_down=unknown rx=-20.12 tx=2.50 olt_rx=-22.00 bias=12.00 temp=40.00 volt=3.300 ' \
	"$TMPD/bad.out"
check "bad values: nothing made up for the broken ONT" grep -q \
	'^ONT olt=b port=0/1/0 ont=2 serial=- status=unknown last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=-1 ' \
	"$TMPD/bad.out"
check "bad values: the malformed index is not an ONT" \
	test "$(grep -c '^ONT' "$TMPD/bad.out")" -eq 2

# A table larger than the configured cap is an error, not a memory blow-up.
"$TOOL" -d "$VENDORS" -m 1 b=huawei@127.0.0.1:$PORT/bad >"$TMPD/cap.out" 2>&1
check "huge table: clear error" grep -q '^HEALTH olt=b ok=0 .*error=table larger than 1 rows' "$TMPD/cap.out"

# An agent answering random bytes beside a sane one: the sane one is not delayed.
GPORT=$(free_port)
python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
while True:
    data, peer = s.recvfrom(65535)
    s.sendto(os.urandom(64), peer)
    s.sendto(b"\x30\x03\x02\x01\x01", peer)
' "$GPORT" &
track_pid $!
sleep 0.3
"$TOOL" -d "$VENDORS" -T 0.4 -R 1 junk=huawei@127.0.0.1:$GPORT/x b=huawei@127.0.0.1:$PORT/bad \
	>"$TMPD/junk.out" 2>&1
check "garbage agent: timeout reported" grep -q '^HEALTH olt=junk ok=0 onts=0 .*error=timeout after 1 retries' "$TMPD/junk.out"
check "garbage agent: other OLT done first" sh -c "grep '^HEALTH' '$TMPD/junk.out' | head -1 | grep -q 'olt=b ok=1'"

# An agent that refuses requests of more than 8 varbinds (genErr): the poller
# asks for fewer columns at a time and reads the same values.
SPORT=$(free_port)
mkdir -p "$TMPD/small"
cp "$TMPD/data/bad.snmprec" "$TMPD/small/bad.snmprec"
sim_start "$TMPD/small" "$SPORT" bad --max-varbinds=8 || skip_all "second snmpsimd did not start"
"$TOOL" -d "$VENDORS" b=huawei@127.0.0.1:$SPORT/bad >"$TMPD/small.out" 2>&1
grep '^ONT' "$TMPD/bad.out" >"$TMPD/a"
grep '^ONT' "$TMPD/small.out" | sed 's/ time_ok=1$/ time_ok=1/' >"$TMPD/b"
check "varbind-capped agent: same readings" cmp -s "$TMPD/a" "$TMPD/b"
check "varbind-capped agent: the refusal is noted" grep -q '^HEALTH olt=b ok=1 .*error=agent refused 11 varbinds' "$TMPD/small.out"

tap_done
