#!/bin/sh
# snmp_walks.sh: poll the recorded OLT walks (../shared/testdata/external) served by
# snmpsim on 127.0.0.1 and check every decoded reading against values worked out by
# hand from the files; also an unreachable OLT beside a live one.
. "$top_srcdir/tests/tap.sh"

EXT="$top_srcdir/../shared/testdata/external"
[ -d "$EXT" ] || skip_all "shared test data not found at $EXT"
command -v snmpsimd >/dev/null 2>&1 || skip_all "snmpsimd not installed"
TOOL="$top_builddir/tests/snmp_poll_tool"
VENDORS="$top_srcdir/conf/vendors"

# shellcheck source=tests/snmp_sim.sh
. "$top_srcdir/tests/snmp_sim.sh"
mkdir -p "$TMPD/data"
ln -s "$EXT/centreon/huawei-gpon.snmprec" "$TMPD/data/huawei.snmprec"
ln -s "$EXT/librenms/vsolution_v1600d.snmprec" "$TMPD/data/vsol.snmprec"
ln -s "$EXT/librenms/edgeosolt.snmprec" "$TMPD/data/ufiber.snmprec"
ln -s "$EXT/librenms/zxa10_c320.snmprec" "$TMPD/data/zte.snmprec"
PORT=$(free_port)
sim_start "$TMPD/data" "$PORT" huawei || skip_all "snmpsimd did not start"

# Readings reduced to the fields a vendor reports, sorted for a stable diff.
fields() { sed -E 's/ time_ok=1$//' | sort; }

"$TOOL" -d "$VENDORS" hw=huawei@127.0.0.1:$PORT/huawei >"$TMPD/hw.out" 2>"$TMPD/hw.err"
check "huawei: poll completes" grep -q '^HEALTH olt=hw ok=1 onts=3 errors=0 ' "$TMPD/hw.out"
check "huawei: every reading carries its time" test "$(grep -c 'time_ok=1$' "$TMPD/hw.out")" -eq 3
# By hand from huawei-gpon.snmprec: .51.1.4 /100, .51.1.3 /100, (.51.1.6-10000)/100,
# .51.1.2 mA, .51.1.1 C, .51.1.5 mV/1000; serial 414e4f4e0000000N = "ANON" + hex;
# run status and distance columns are absent on this firmware: unknown / -1.
grep '^ONT' "$TMPD/hw.out" | fields >"$TMPD/hw.got"
cat >"$TMPD/hw.exp" <<'EXP'
ONT olt=hw port=0/1/0 ont=1 serial=ANON00000001 status=unknown last_down=unknown rx=-14.14 tx=2.13 olt_rx=-19.36 bias=19.00 temp=41.00 volt=3.220 dist=-1 desc=xDSL ANO 1
ONT olt=hw port=0/1/0 ont=2 serial=ANON00000002 status=unknown last_down=unknown rx=-15.65 tx=2.16 olt_rx=-19.71 bias=14.00 temp=31.00 volt=3.300 dist=-1 desc=xDSL ANO 2
ONT olt=hw port=0/1/0 ont=3 serial=ANON00000003 status=unknown last_down=unknown rx=-14.64 tx=2.73 olt_rx=-18.57 bias=17.00 temp=51.00 volt=3.340 dist=-1 desc=DSLAM ANO 3
EXP
check "huawei: 3 ONTs decode to the hand-computed values" diff -u "$TMPD/hw.exp" "$TMPD/hw.got"

"$TOOL" -d "$VENDORS" vs=vsol@127.0.0.1:$PORT/vsol >"$TMPD/vs.out" 2>"$TMPD/vs.err"
check "vsol: poll completes" grep -q '^HEALTH olt=vs ok=1 onts=16 errors=0 ' "$TMPD/vs.out"
# By hand from vsolution_v1600d.snmprec: the number in "(... dBm)" of .7 (Rx) and .6 (Tx),
# the leading number of .5 (mA), .3 (C) and .4 (V); index {pon}.{onu}.
grep '^ONT' "$TMPD/vs.out" | fields >"$TMPD/vs.got"
cat >"$TMPD/vs.exp" <<'EXP'
ONT olt=vs port=0/1 ont=1 serial=- status=unknown last_down=unknown rx=-14.61 tx=3.77 olt_rx=- bias=11.65 temp=30.67 volt=3.270 dist=-1 desc=-
ONT olt=vs port=0/1 ont=10 serial=- status=unknown last_down=unknown rx=-21.61 tx=2.19 olt_rx=- bias=15.95 temp=36.20 volt=3.360 dist=-1 desc=-
ONT olt=vs port=0/1 ont=11 serial=- status=unknown last_down=unknown rx=-20.00 tx=2.01 olt_rx=- bias=16.60 temp=31.30 volt=3.370 dist=-1 desc=-
ONT olt=vs port=0/1 ont=12 serial=- status=unknown last_down=unknown rx=-24.09 tx=2.11 olt_rx=- bias=17.91 temp=31.65 volt=3.390 dist=-1 desc=-
ONT olt=vs port=0/1 ont=13 serial=- status=unknown last_down=unknown rx=-17.99 tx=1.92 olt_rx=- bias=14.05 temp=23.96 volt=3.430 dist=-1 desc=-
ONT olt=vs port=0/1 ont=14 serial=- status=unknown last_down=unknown rx=-14.08 tx=2.45 olt_rx=- bias=10.60 temp=28.85 volt=3.410 dist=-1 desc=-
ONT olt=vs port=0/1 ont=15 serial=- status=unknown last_down=unknown rx=-23.37 tx=1.96 olt_rx=- bias=16.30 temp=31.65 volt=3.360 dist=-1 desc=-
ONT olt=vs port=0/1 ont=16 serial=- status=unknown last_down=unknown rx=-28.24 tx=2.14 olt_rx=- bias=14.00 temp=29.20 volt=3.420 dist=-1 desc=-
ONT olt=vs port=0/1 ont=2 serial=- status=unknown last_down=unknown rx=-15.92 tx=4.27 olt_rx=- bias=11.10 temp=37.45 volt=3.250 dist=-1 desc=-
ONT olt=vs port=0/1 ont=3 serial=- status=unknown last_down=unknown rx=-14.76 tx=1.81 olt_rx=- bias=17.60 temp=35.14 volt=3.400 dist=-1 desc=-
ONT olt=vs port=0/1 ont=4 serial=- status=unknown last_down=unknown rx=-17.06 tx=1.77 olt_rx=- bias=14.25 temp=27.11 volt=3.400 dist=-1 desc=-
ONT olt=vs port=0/1 ont=5 serial=- status=unknown last_down=unknown rx=-20.27 tx=7.71 olt_rx=- bias=9.60 temp=36.76 volt=3.300 dist=-1 desc=-
ONT olt=vs port=0/1 ont=6 serial=- status=unknown last_down=unknown rx=-23.77 tx=4.22 olt_rx=- bias=11.45 temp=37.45 volt=3.260 dist=-1 desc=-
ONT olt=vs port=0/1 ont=7 serial=- status=unknown last_down=unknown rx=-27.45 tx=2.29 olt_rx=- bias=15.00 temp=35.50 volt=3.400 dist=-1 desc=-
ONT olt=vs port=0/1 ont=8 serial=- status=unknown last_down=unknown rx=-18.83 tx=1.92 olt_rx=- bias=17.75 temp=31.30 volt=3.430 dist=-1 desc=-
ONT olt=vs port=0/1 ont=9 serial=- status=unknown last_down=unknown rx=-18.18 tx=2.22 olt_rx=- bias=15.00 temp=29.20 volt=3.430 dist=-1 desc=-
EXP
check "vsol: 16 ONUs decode to the hand-computed values" diff -u "$TMPD/vs.exp" "$TMPD/vs.got"

"$TOOL" -d "$VENDORS" uf=ufiber@127.0.0.1:$PORT/ufiber >"$TMPD/uf.out" 2>"$TMPD/uf.err"
check "ufiber: poll completes" grep -q '^HEALTH olt=uf ok=1 onts=29 errors=0 ' "$TMPD/uf.out"
# By hand from edgeosolt.snmprec: .9 Rx and .8 Tx /100 dBm; .3 1 online 2 offline;
# offline ONUs report 0, which is "no reading"; serial from .1, description .2.
grep '^ONT' "$TMPD/uf.out" | fields >"$TMPD/uf.got"
cat >"$TMPD/uf.exp" <<'EXP'
ONT olt=uf port=- ont=-1 serial=UBNT20731888 status=online last_down=unknown rx=-24.81 tx=2.28 olt_rx=- bias=- temp=- volt=- dist=-1 desc=36602_profil_5
ONT olt=uf port=- ont=-1 serial=UBNT20731f09 status=online last_down=unknown rx=-25.85 tx=1.80 olt_rx=- bias=- temp=- volt=- dist=-1 desc=36606_profil_5
ONT olt=uf port=- ont=-1 serial=UBNT2073b7de status=online last_down=unknown rx=-23.56 tx=2.83 olt_rx=- bias=- temp=- volt=- dist=-1 desc=36844_profil_5
ONT olt=uf port=- ont=-1 serial=UBNT2073be78 status=offline last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=-1 desc=UBNT2073be78
ONT olt=uf port=- ont=-1 serial=UBNT2073be82 status=offline last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=-1 desc=36778_profil_5
ONT olt=uf port=- ont=-1 serial=UBNT2073c201 status=offline last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=-1 desc=36623_profil_5
ONT olt=uf port=- ont=-1 serial=UBNT2073c215 status=online last_down=unknown rx=-26.38 tx=2.39 olt_rx=- bias=- temp=- volt=- dist=-1 desc=36722_profil_5
ONT olt=uf port=- ont=-1 serial=UBNT2073c490 status=online last_down=unknown rx=-26.98 tx=2.08 olt_rx=- bias=- temp=- volt=- dist=-1 desc=20106_profil_5
ONT olt=uf port=- ont=-1 serial=UBNT2073c4ae status=offline last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=-1 desc=36619_profil_5
ONT olt=uf port=- ont=-1 serial=UBNT20786cbb status=offline last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=-1 desc=37693_profil_5
ONT olt=uf port=- ont=-1 serial=UBNT20786d6a status=offline last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=-1 desc=37585_profil_5
ONT olt=uf port=- ont=-1 serial=UBNT207873aa status=offline last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=-1 desc=37631_profil_5
ONT olt=uf port=- ont=-1 serial=UBNT20787576 status=offline last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=-1 desc=37528_profil_5
ONT olt=uf port=- ont=-1 serial=UBNTbf061208 status=online last_down=unknown rx=-20.22 tx=2.27 olt_rx=- bias=- temp=- volt=- dist=-1 desc=43332_profil_5
ONT olt=uf port=- ont=-1 serial=UBNTbf061472 status=online last_down=unknown rx=-20.40 tx=2.68 olt_rx=- bias=- temp=- volt=- dist=-1 desc=43533_profil_5
ONT olt=uf port=- ont=-1 serial=UBNTbf06dc59 status=online last_down=unknown rx=-23.56 tx=2.55 olt_rx=- bias=- temp=- volt=- dist=-1 desc=43595_profil_5
ONT olt=uf port=- ont=-1 serial=UBNTbf06dda3 status=online last_down=unknown rx=-21.30 tx=0.67 olt_rx=- bias=- temp=- volt=- dist=-1 desc=43764_profil_5
ONT olt=uf port=- ont=-1 serial=UBNTc2681200 status=online last_down=unknown rx=-22.67 tx=0.82 olt_rx=- bias=- temp=- volt=- dist=-1 desc=40468_profil_5
ONT olt=uf port=- ont=-1 serial=UBNTc26812a7 status=offline last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=-1 desc=UBNTc26812a7
ONT olt=uf port=- ont=-1 serial=UBNTc268148f status=online last_down=unknown rx=-18.12 tx=2.86 olt_rx=- bias=- temp=- volt=- dist=-1 desc=40917_profil_5
ONT olt=uf port=- ont=-1 serial=UBNTc268991f status=online last_down=unknown rx=-21.36 tx=2.20 olt_rx=- bias=- temp=- volt=- dist=-1 desc=UBNTc268991f
ONT olt=uf port=- ont=-1 serial=UBNTc268993b status=offline last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=-1 desc=UBNTc268993b
ONT olt=uf port=- ont=-1 serial=UBNTc268993e status=offline last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=-1 desc=41352_profil_5
ONT olt=uf port=- ont=-1 serial=UBNTe4eb528a status=offline last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=-1 desc=40108_profil_5
ONT olt=uf port=- ont=-1 serial=UBNTe4f9f753 status=online last_down=unknown rx=-17.37 tx=2.36 olt_rx=- bias=- temp=- volt=- dist=-1 desc=38690_profil_5
ONT olt=uf port=- ont=-1 serial=UBNTe4f9fa78 status=online last_down=unknown rx=-21.93 tx=2.58 olt_rx=- bias=- temp=- volt=- dist=-1 desc=39606_profil_5
ONT olt=uf port=- ont=-1 serial=UBNTe7963ab8 status=online last_down=unknown rx=-21.67 tx=2.00 olt_rx=- bias=- temp=- volt=- dist=-1 desc=95_profil_5
ONT olt=uf port=- ont=-1 serial=UBNTf9a532b8 status=offline last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=-1 desc=d0:21:f9:a5:32:b8
ONT olt=uf port=- ont=-1 serial=UBNTf9a5335c status=online last_down=unknown rx=-17.25 tx=1.81 olt_rx=- bias=- temp=- volt=- dist=-1 desc=44802_profil_5
EXP
check "ufiber: 29 ONUs (16 online) decode to the hand-computed values" diff -u "$TMPD/uf.exp" "$TMPD/uf.got"
check "ufiber: 16 online" test "$(grep -c 'status=online' "$TMPD/uf.got")" -eq 16

# ZTE C320: only the distance column exists in this walk; optical columns are
# missing on this firmware and must come back missing, not zero.
"$TOOL" -d "$VENDORS" zte=zte@127.0.0.1:$PORT/zte >"$TMPD/zte.out" 2>"$TMPD/zte.err"
check "zte: 125 ONUs from the distance table" grep -q '^HEALTH olt=zte ok=1 onts=125 errors=0 ' "$TMPD/zte.out"
check "zte: 268501248.1 is port 1/1/1 ONU 1 at 1235 m" \
	grep -q '^ONT olt=zte port=1/1/1 ont=1 serial=- status=unknown last_down=unknown rx=- tx=- olt_rx=- bias=- temp=- volt=- dist=1235 ' "$TMPD/zte.out"
check "zte: 268503040.10 is port 1/1/8 ONU 10 at 2245 m" \
	grep -q '^ONT olt=zte port=1/1/8 ont=10 .* dist=2245 ' "$TMPD/zte.out"
check "zte: no optical value made up" test "$(grep -c ' rx=- tx=- olt_rx=- ' "$TMPD/zte.out")" -eq 125

# An OLT that never answers beside a live one: the live one finishes at once;
# the dead one reports a timeout after its retries.
DEAD=$(free_port)
"$TOOL" -d "$VENDORS" -T 0.5 -R 2 dead=huawei@127.0.0.1:$DEAD/x hw=huawei@127.0.0.1:$PORT/huawei \
	>"$TMPD/mix.out" 2>"$TMPD/mix.err"
check "unreachable: live OLT polled first" sh -c "grep '^HEALTH' '$TMPD/mix.out' | head -1 | grep -q 'olt=hw ok=1 onts=3'"
check "unreachable: live OLT not delayed" \
	awk '/^HEALTH olt=hw/ { split($7, d, "="); exit !(d[2] < 0.5) }' "$TMPD/mix.out"
check "unreachable: clear timeout error" grep -q '^HEALTH olt=dead ok=0 onts=0 .*error=timeout after 2 retries' "$TMPD/mix.out"
check "unreachable: logged once, subject first" grep -q 'snmp: olt dead: timeout after 2 retries' "$TMPD/mix.err"

# The per-OLT limit of 3 splits the columns into 3 walks; the result is the same.
"$TOOL" -d "$VENDORS" -i 3 -r 2 hw=huawei@127.0.0.1:$PORT/huawei >"$TMPD/hw3.out" 2>&1
grep '^ONT' "$TMPD/hw3.out" | fields >"$TMPD/hw3.got"
check "huawei: 3 parallel walks, max-repetitions 2: same readings" diff -u "$TMPD/hw.exp" "$TMPD/hw3.got"

tap_done
