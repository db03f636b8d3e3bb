#!/bin/sh
# snmp_ctl.sh: `ontwatchctl probe` (ad hoc and from a configuration, table and JSON) and
# `ontwatchd --once` (every configured OLT polled once into the store), against snmpsim
# on 127.0.0.1; discovery keeps the inventory current (new, removed, moved ONTs).
. "$top_srcdir/tests/tap.sh"

EXT="$top_srcdir/../shared/testdata/external"
[ -d "$EXT" ] || skip_all "shared test data not found at $EXT"
command -v snmpsimd >/dev/null 2>&1 || skip_all "snmpsimd not installed"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 not installed"
CTL="$top_builddir/monitor/ontwatchctl"
DAEMON="$top_builddir/monitor/ontwatchd"
VENDORS="$top_srcdir/conf/vendors"
. "$top_srcdir/tests/snmp_sim.sh"

# Two states of one small Huawei OLT: in "before", port 0/1/0 has ONTs 1-3
# (serials HWTC00000001-3); in "after", HWTC00000002 moved to port 0/1/1 as ONT 5,
# HWTC00000003 is gone and HWTC00000004 is new on 0/1/0 as ONT 4.
B=1.3.6.1.4.1.2011.6.128.1.1.2
P0=4194312192 # 0/1/0
P1=4194312448 # 0/1/1
mkdir -p "$TMPD/data"
ln -s "$EXT/centreon/huawei-gpon.snmprec" "$TMPD/data/huawei.snmprec"
ln -s "$EXT/librenms/vsolution_v1600d.snmprec" "$TMPD/data/vsol.snmprec"
row() { printf '%s.43.1.3.%s|4x|%s\n%s.51.1.4.%s|2|%s\n' "$B" "$1" "$2" "$B" "$1" "$3"; }
{ row $P0.1 4857544300000001 -1800; row $P0.2 4857544300000002 -1900; row $P0.3 4857544300000003 -2000; } |
	sort -t'|' -k1,1V >"$TMPD/data/before.snmprec"
{ row $P0.1 4857544300000001 -1810; row $P0.4 4857544300000004 -2100; row $P1.5 4857544300000002 -1950; } |
	sort -t'|' -k1,1V >"$TMPD/data/after.snmprec"
PORT=$(free_port)
sim_start "$TMPD/data" "$PORT" huawei || skip_all "snmpsimd did not start"
DEAD=$(free_port)

# Ad hoc, table.
"$CTL" probe --vendor-dir "$VENDORS" --vendor huawei --address "127.0.0.1:$PORT" \
	--community huawei >"$TMPD/t.out" 2>&1
check "probe ad hoc: exit 0" test $? -eq 0
check "probe ad hoc: table header" grep -q '^PORT  *ONT SERIAL  *STATUS  *RX  *TX  *OLT_RX' "$TMPD/t.out"
check "probe ad hoc: ONT 1 row" grep -Eq '^0/1/0 +1 ANON00000001 +unknown +-14\.14 +2\.13 +-19\.36 +19\.0 +41\.0 +3\.22 +- +xDSL ANO 1$' "$TMPD/t.out"
check "probe ad hoc: summary" grep -q '^# olt 127.0.0.1 (huawei): 3 ONTs in .*, ok$' "$TMPD/t.out"

# Ad hoc by profile path, JSON: missing values are null, never 0.
"$CTL" probe --json --vendor "$VENDORS/vsol.conf" --address "127.0.0.1:$PORT" \
	--community vsol >"$TMPD/j.out" 2>&1
check "probe --json: valid JSON with 16 ONTs and exact values" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is True and d["vendor"] == "vsol" and len(d["onts"]) == 16
o = {x["ont"]: x for x in d["onts"]}
assert o[16]["rx_dbm"] == -28.24 and o[16]["tx_dbm"] == 2.14 and o[5]["tx_dbm"] == 7.71
assert o[1]["olt_rx_dbm"] is None and o[1]["serial"] is None and o[1]["port"] == "0/1"
' "$TMPD/j.out"

# Ad hoc, unreachable: a clear error and exit 1.
"$CTL" probe --vendor-dir "$VENDORS" --vendor huawei --address "127.0.0.1:$DEAD" \
	--community x --timeout 0.3 --retries 1 >"$TMPD/d.out" 2>&1
check "probe unreachable: exit 1" test $? -eq 1
check "probe unreachable: says why" grep -q 'FAILED: timeout after 1 retries' "$TMPD/d.out"
"$CTL" probe --vendor-dir "$VENDORS" --vendor nosuch --address 127.0.0.1 --community x \
	>"$TMPD/n.out" 2>&1
check "probe unknown vendor: names the file" grep -q 'nosuch.conf: cannot read' "$TMPD/n.out"

conf() { # conf FILE COMMUNITY_OF_SIM
	cat >"$1" <<CONF
vendor_dir = "$VENDORS";
store = { path = "$TMPD/ow.db"; };
poll = { interval = 60; timeout = 0.3; retries = 1; };
olts = (
  { name = "sim"; address = "127.0.0.1"; port = $PORT; vendor = "huawei"; pon_class = "gpon-b+";
    snmp = { version = "2c"; community = "$2"; }; },
  { name = "rec"; address = "127.0.0.1"; port = $PORT; vendor = "huawei"; pon_class = "gpon-b+";
    snmp = { version = "2c"; community = "huawei"; }; },
  { name = "epon"; address = "127.0.0.1"; port = $PORT; vendor = "vsol"; pon_class = "epon";
    snmp = { version = "2c"; community = "vsol"; }; },
  { name = "dead"; address = "127.0.0.1"; port = $DEAD; vendor = "huawei"; pon_class = "gpon-b+";
    snmp = { version = "2c"; community = "x"; }; }
);
outputs = ();
CONF
}
conf "$TMPD/before.conf" before
conf "$TMPD/after.conf" after

"$CTL" probe -f "$TMPD/before.conf" --json sim >"$TMPD/c.out" 2>&1
check "probe -f: polls the configured OLT" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["olt"] == "sim" and d["ok"] and [x["serial"] for x in d["onts"]] == ["HWTC00000001", "HWTC00000002", "HWTC00000003"]
' "$TMPD/c.out"
"$CTL" probe -f "$TMPD/before.conf" nosuch >"$TMPD/c2.out" 2>&1
check "probe -f: unknown OLT named" grep -q 'no OLT named "nosuch"' "$TMPD/c2.out"

"$DAEMON" --once -f "$TMPD/before.conf" >"$TMPD/o1.out" 2>"$TMPD/o1.err"
check "--once: summary line" grep -q '^ontwatchd: polled 4 OLTs (3 ok, 1 failed): 22 ONT readings' "$TMPD/o1.out"
check "--once: dead OLT logged" grep -q 'snmp: olt dead: timeout after 1 retries' "$TMPD/o1.err"
q() { sqlite3 "$TMPD/ow.db" "$1"; }
check "--once: readings stored" test "$(q 'SELECT count(*) FROM reading')" -eq 22
check "--once: values stored as decoded" test "$(q "SELECT r.rx_dbm FROM reading r JOIN ont o ON o.id = r.ont_id WHERE o.serial = 'ANON00000002'")" = "-15.65"
check "--once: missing stays NULL" test "$(q "SELECT count(*) FROM reading r JOIN ont o ON o.id = r.ont_id WHERE o.olt = 'epon' AND r.olt_rx_dbm IS NULL")" -eq 16
check "--once: poll health of every OLT" test "$(q 'SELECT olt || ":" || ok || ":" || onts FROM poll_health ORDER BY olt' | tr '\n' ' ')" = "dead:0:0 epon:1:16 rec:1:3 sim:1:3 "
check "--once: failure reason stored" test "$(q "SELECT error FROM poll_health WHERE olt = 'dead'")" = "timeout after 1 retries"
check "--once: descriptions stored" test "$(q "SELECT description FROM ont WHERE serial = 'ANON00000003'")" = "DSLAM ANO 3"
ID2=$(q "SELECT id FROM ont WHERE serial = 'HWTC00000002'")

sleep 1 # readings are keyed by (ONT, second)
"$DAEMON" --once -f "$TMPD/after.conf" >"$TMPD/o2.out" 2>"$TMPD/o2.err"
check "--once again: summary" grep -q '^ontwatchd: polled 4 OLTs (3 ok, 1 failed): 22 ONT readings' "$TMPD/o2.out"
check "discovery: moved ONT keeps its identity" test "$(q "SELECT id || ' ' || port || ' ' || ont FROM ont WHERE serial = 'HWTC00000002'")" = "$ID2 0/1/1 5"
check "discovery: moved ONT keeps its history" test "$(q "SELECT count(*) FROM reading WHERE ont_id = $ID2")" -eq 2
check "discovery: removed ONT marked absent" test "$(q "SELECT present FROM ont WHERE serial = 'HWTC00000003'")" -eq 0
check "discovery: new ONT present" test "$(q "SELECT present || ' ' || port || ' ' || ont FROM ont WHERE serial = 'HWTC00000004'")" = "1 0/1/0 4"
check "discovery: other OLTs untouched" test "$(q "SELECT count(*) FROM ont WHERE olt = 'rec' AND present = 1")" -eq 3

# The same OLT stops answering (snmpsim ignores an unknown community): its poll
# fails and its ONTs stay present; a missing answer is not a removal.
conf "$TMPD/mute.conf" nosuchcommunity
sleep 1
"$DAEMON" --once -f "$TMPD/mute.conf" >"$TMPD/o3.out" 2>"$TMPD/o3.err"
check "--once mute: summary" grep -q '^ontwatchd: polled 4 OLTs (2 ok, 2 failed): 19 ONT readings' "$TMPD/o3.out"
check "discovery: a failed poll removes nothing" test "$(q "SELECT count(*) FROM ont WHERE olt = 'sim' AND present = 1")" -eq 3
check "health: last success kept across a failure" test "$(q "SELECT ok || ' ' || (last_success > 0) FROM poll_health WHERE olt = 'sim'")" = "0 1"

tap_done
