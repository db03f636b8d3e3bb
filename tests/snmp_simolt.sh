#!/bin/sh
# snmp_simolt.sh: generate simulated Huawei and ZTE OLTs (slots x ports x ONTs, with
# healthy, degraded and offline ONTs), serve them with snmpsim on 127.0.0.1, poll them
# and check that every decoded reading is the physical value the generator meant.
. "$top_srcdir/tests/tap.sh"

command -v snmpsimd >/dev/null 2>&1 || skip_all "snmpsimd not installed"
TOOL="$top_builddir/tests/snmp_poll_tool"
VENDORS="$top_srcdir/conf/vendors"
GEN="$top_srcdir/tests/simolt.py"
. "$top_srcdir/tests/snmp_sim.sh"

mkdir -p "$TMPD/data"
check "generate huawei 2x4x24" python3 "$GEN" --vendor huawei --slots 2 --ports 4 --onts 24 \
	--degraded 0.15 --offline 0.1 --seed 7 --name hw \
	--out "$TMPD/data/hw.snmprec" --expect "$TMPD/hw.exp"
check "generate zte 2x2x40" python3 "$GEN" --vendor zte --slots 2 --ports 2 --onts 40 \
	--degraded 0.15 --offline 0.1 --seed 8 --name zte \
	--out "$TMPD/data/zte.snmprec" --expect "$TMPD/zte.exp"
check "the mix has degraded ONTs" grep -q 'status=online .* rx=-2[6-9]\.' "$TMPD/hw.exp"
for st in los dying_gasp offline; do
	check "the mix has $st ONTs" grep -q "status=$st " "$TMPD/hw.exp" "$TMPD/zte.exp"
done
PORT=$(free_port)
sim_start "$TMPD/data" "$PORT" hw || skip_all "snmpsimd did not start"

"$TOOL" -d "$VENDORS" hw=huawei@127.0.0.1:$PORT/hw zte=zte@127.0.0.1:$PORT/zte \
	>"$TMPD/out" 2>"$TMPD/err"
check "huawei: 192 ONTs polled" grep -q '^HEALTH olt=hw ok=1 onts=192 errors=0 ' "$TMPD/out"
check "zte: 160 ONTs polled" grep -q '^HEALTH olt=zte ok=1 onts=160 errors=0 ' "$TMPD/out"
grep '^ONT olt=hw ' "$TMPD/out" | sed 's/ time_ok=1$//' | sort >"$TMPD/hw.got"
grep '^ONT olt=zte ' "$TMPD/out" | sed 's/ time_ok=1$//' | sort >"$TMPD/zte.got"
check "huawei: every reading is what the generator meant" diff -u "$TMPD/hw.exp" "$TMPD/hw.got"
check "zte: every reading is what the generator meant" diff -u "$TMPD/zte.exp" "$TMPD/zte.got"

tap_done
