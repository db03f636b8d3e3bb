#!/bin/sh
# snmp_trap.sh: the trap listener on 127.0.0.1 receiving Debian snmptrap notifications:
# LOS, dying gasp and back-online become status readings at once; traps from unknown
# senders, with a wrong community, of unknown type or without a decodable index do not.
. "$top_srcdir/tests/tap.sh"

command -v snmptrap >/dev/null 2>&1 || skip_all "snmptrap not installed"
TOOL="$top_builddir/tests/snmp_trap_tool"

# The shipped Huawei profile plus trap definitions. The trap OIDs here are
# test values under a private number, not Huawei's: what is tested is that the
# listener follows whatever the profile says.
T=1.3.6.1.4.1.99999.0
RUN=1.3.6.1.4.1.2011.6.128.1.1.2.46.1.15
{
	cat "$top_srcdir/conf/vendors/huawei.conf"
	cat <<EOF2
traps = (
  { oid = "$T.1"; status = "los";        index_from = "$RUN"; },
  { oid = "$T.2"; status = "dying_gasp"; index_from = "$RUN"; },
  { oid = "$T.3"; status = "online";     index_from = "$RUN"; }
);
EOF2
} >"$TMPD/huawei-traps.conf"

PORT=$(free_port)
"$TOOL" "udp:127.0.0.1:$PORT" "$TMPD/huawei-traps.conf" olt1 127.0.0.1 s3cret >"$TMPD/out" 2>&1 &
LPID=$!
track_pid $LPID
for _ in $(seq 1 50); do grep -q LISTENING "$TMPD/out" && break; sleep 0.1; done
check "listener started" grep -q LISTENING "$TMPD/out"

P010=4194312192 # 0/1/0
P013=4194312960 # 0/1/3
send() { snmptrap -v 2c -c "$1" "127.0.0.1:$PORT" '' "$2" "$3" i 2 >/dev/null 2>&1; }
# wait_for N: until N TRAP lines arrived (at most 2 s: "at once", not at the next poll)
wait_for() { for _ in $(seq 1 20); do [ "$(grep -c '^TRAP' "$TMPD/out")" -ge "$1" ] && return 0; sleep 0.1; done; return 1; }

send s3cret $T.1 $RUN.$P010.7
check "LOS trap arrives at once" wait_for 1
check "LOS trap: ONT 0/1/0 7 is los, no light level made up" \
	grep -q '^TRAP olt=olt1 port=0/1/0 ont=7 serial=- status=los last_down=los rx=- time_ok=1$' "$TMPD/out"
send s3cret $T.2 $RUN.$P013.9
check "dying gasp trap arrives" wait_for 2
check "dying gasp: ONT 0/1/3 9" grep -q '^TRAP olt=olt1 port=0/1/3 ont=9 serial=- status=dying_gasp last_down=dying_gasp ' "$TMPD/out"
send s3cret $T.3 $RUN.$P013.9
check "back-online trap arrives" wait_for 3
check "back online: ONT 0/1/3 9 online" grep -q '^TRAP olt=olt1 port=0/1/3 ont=9 serial=- status=online last_down=unknown ' "$TMPD/out"

send wrong $T.1 $RUN.$P010.8                                   # wrong community
send s3cret $T.9 $RUN.$P010.8                                  # unknown trap OID
send s3cret $T.1 $RUN.$P010                                    # index without an ONT id
snmptrap --clientaddr=127.0.0.2 -v 2c -c s3cret "127.0.0.1:$PORT" '' $T.1 $RUN.$P010.8 i 2 \
	>/dev/null 2>&1                                        # not a configured OLT
sleep 0.5
kill "$LPID"
for _ in $(seq 1 30); do grep -q '^STATS' "$TMPD/out" && break; sleep 0.1; done
check "only the three good traps became readings" test "$(grep -c '^TRAP' "$TMPD/out")" -eq 3
check "rejections counted by cause" grep -q '^STATS received=7 delivered=3 unknown_source=1 bad_community=1 unknown_trap=1 bad_index=1 not_v2c=0$' "$TMPD/out"

tap_done
