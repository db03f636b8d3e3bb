#!/bin/sh
# snmp_v3.sh: SNMPv3 authPriv (SHA/AES) against snmpsim on 127.0.0.1: engine discovery
# in the loop, the recorded Huawei walk read through a v3 context, a wrong key failing
# clearly, and a dead v3 OLT not delaying a live one.
. "$top_srcdir/tests/tap.sh"

EXT="$top_srcdir/../shared/testdata/external"
[ -d "$EXT" ] || skip_all "shared test data not found at $EXT"
command -v snmpsimd >/dev/null 2>&1 || skip_all "snmpsimd not installed"
TOOL="$top_builddir/tests/snmp_poll_tool"
CTL="$top_builddir/monitor/ontwatchctl"
VENDORS="$top_srcdir/conf/vendors"
. "$top_srcdir/tests/snmp_sim.sh"

mkdir -p "$TMPD/data"
ln -s "$EXT/centreon/huawei-gpon.snmprec" "$TMPD/data/huawei.snmprec"
PORT=$(free_port)
sim_start "$TMPD/data" "$PORT" huawei --v3-user=owuser --v3-auth-key=authpass123 \
	--v3-auth-proto=SHA --v3-priv-key=privpass123 --v3-priv-proto=AES ||
	skip_all "snmpsimd did not start"

"$TOOL" -d "$VENDORS" -u owuser:authpass123:privpass123 hw=huawei@127.0.0.1:$PORT/huawei \
	>"$TMPD/ok.out" 2>&1
check "v3 authPriv SHA/AES: poll completes" grep -q '^HEALTH olt=hw ok=1 onts=3 errors=0 ' "$TMPD/ok.out"
check "v3: values as over v2c" grep -q '^ONT olt=hw port=0/1/0 ont=2 serial=ANON00000002 status=unknown last_down=unknown rx=-15.65 tx=2.16 olt_rx=-19.71 bias=14.00 temp=31.00 volt=3.300 ' "$TMPD/ok.out"

"$TOOL" -d "$VENDORS" -T 0.3 -R 1 -u owuser:wrongpass99:privpass123 hw=huawei@127.0.0.1:$PORT/huawei \
	>"$TMPD/bad.out" 2>&1
check "v3 wrong auth key: no readings, clear failure" grep -q '^HEALTH olt=hw ok=0 onts=0 .*error=timeout after 1 retries' "$TMPD/bad.out"

DEAD=$(free_port)
"$TOOL" -d "$VENDORS" -T 0.5 -R 1 -u owuser:authpass123:privpass123 dead=huawei@127.0.0.1:$DEAD/x \
	hw=huawei@127.0.0.1:$PORT/huawei >"$TMPD/mix.out" 2>&1
check "v3 dead OLT: engine discovery times out" grep -q '^HEALTH olt=dead ok=0 .*error=timeout after 1 retries (v3 engine discovery)' "$TMPD/mix.out"
check "v3 dead OLT: live OLT finished first" sh -c "grep '^HEALTH' '$TMPD/mix.out' | head -1 | grep -q 'olt=hw ok=1'"
check "v3 dead OLT: live OLT not delayed" \
	awk '/^HEALTH olt=hw/ { split($7, d, "="); exit !(d[2] < 0.4) }' "$TMPD/mix.out"

"$CTL" probe --vendor-dir "$VENDORS" --vendor huawei --address "127.0.0.1:$PORT" \
	--v3-user owuser --v3-auth sha --v3-auth-pass authpass123 --v3-priv aes \
	--v3-priv-pass privpass123 --v3-context huawei --json >"$TMPD/ctl.out" 2>&1
check "ontwatchctl probe v3: JSON with 3 ONTs" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] and len(d["onts"]) == 3 and d["onts"][0]["rx_dbm"] == -14.14
' "$TMPD/ctl.out"

tap_done
