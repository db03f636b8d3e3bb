#!/bin/sh
# capture_live: ontwatchd captures live on the loopback device (the crafted sessions are
# injected with pcap_inject), and at shutdown writes per-ONT evidence to the store, which
# `ontwatchctl capture evidence` reads back: drops, re-dials, echo loss, DHCP re-inits and
# retransmissions per ONT, and nothing that identifies a subscriber.
. "$top_srcdir/tests/tap.sh"

CTL="$top_builddir/monitor/ontwatchctl"
D="$top_builddir/monitor/ontwatchd"
ip link show lo >/dev/null 2>&1 || skip_all "no loopback device"
# Every MAC carries this run's tag and the daemon filters on it, so that a concurrent run of
# this test (or anything else on lo) cannot add to the counts.
tag=$(($$ % 180 + 1))
taghex=$(printf '%02x' "$tag")
"$top_builddir/tests/capture_gen" "$TMPD/s.pcap" "$tag" || skip_all "capture_gen failed"
cat >"$TMPD/ow.conf" <<CONF
store = { path = "$TMPD/ow.db"; };
capture = {
  interface = "lo";
  filter = "ether[1] = $tag or ether[7] = $tag";
  bucket = 60;
  hash_key_file = "key";
  templates = ( { template = "{olt} xpon {frame}/{slot}/{port}:{ont}"; } );
  vlans = ( { outer = 301; olt = "OLT-C"; port = "0/3/1"; ont = 2; } );
};
CONF
printf 'a-test-key-of-sufficient-length\n' >"$TMPD/key"
check "the configuration with a capture section is valid" \
	"$CTL" check-config "$TMPD/ow.conf"
"$D" -f "$TMPD/ow.conf" -v >"$TMPD/d.log" 2>&1 &
pid=$!
track_pid "$pid"
started=no
for _ in $(seq 50); do
	grep -q "capture: lo: capturing" "$TMPD/d.log" && started=yes && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if [ "$started" != yes ]; then
	if grep -q "CAP_NET_RAW\|Operation not permitted\|permission" "$TMPD/d.log"; then
		skip_all "live capture needs CAP_NET_RAW: $(tail -1 "$TMPD/d.log")"
	fi
	not_ok "ontwatchd starts capturing on lo"
	sed 's/^/# /' "$TMPD/d.log"
	tap_done
	exit 1
fi
ok "ontwatchd starts capturing on lo"
# A reload changes the mapping at once: VLAN 301 now belongs to OLT-D.
sed -i 's/olt = "OLT-C"/olt = "OLT-D"/' "$TMPD/ow.conf"
kill -HUP "$pid"
for _ in $(seq 50); do grep -q "reload: configuration reloaded" "$TMPD/d.log" && break; sleep 0.1; done
check "SIGHUP reloads the capture mapping" grep -q "reload: configuration reloaded" "$TMPD/d.log"
check "the crafted sessions are injected" sh -c \
	'[ "$("$1" lo "$2")" -eq 226 ]' sh "$top_builddir/tests/capture_inject" "$TMPD/s.pcap"
sleep 1
kill -TERM "$pid"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
check "ontwatchd stops on SIGTERM" sh -c '! kill -0 "$1" 2>/dev/null' sh "$pid"
sed 's/^/# /' "$TMPD/d.log"
check "the device privilege is dropped after opening" grep -q "CAP_NET_RAW and CAP_NET_ADMIN dropped" "$TMPD/d.log"
check "the unmapped subscriber is logged, hashed" \
	grep -Eq "unmapped subscriber [0-9a-f]{32} " "$TMPD/d.log"
check "no subscriber MAC in the log" sh -c '! grep -q "02:$2:00:00" "$1"' sh "$TMPD/d.log" "$taghex"
"$CTL" capture evidence --store "$TMPD/ow.db" --json >"$TMPD/ev.json" 2>"$TMPD/ev.err"
sed 's/^/# /' "$TMPD/ev.json" "$TMPD/ev.err"
row() { grep "\"olt\":\"$1\",\"port\":\"$2\",\"ont\":$3," "$TMPD/ev.json"; }
check "six ONTs have evidence" test "$(wc -l <"$TMPD/ev.json")" -eq 6
check "OLT-B 0/2/1 ONT 5: 3 drops, 2 re-dials" sh -c \
	'echo "$1" | grep -q "\"pppoe_drops\":3,\"pppoe_redials\":2,"' sh "$(row OLT-B 0/2/1 5)"
check "OLT-A 0/1/3 ONT 13: 4 echoes lost" sh -c \
	'echo "$1" | grep -q "\"lcp_echo_lost\":4,"' sh "$(row OLT-A 0/1/3 13)"
check "OLT-D 0/3/1 ONT 2: 11 DHCP re-inits (VLAN map, as reloaded)" sh -c \
	'echo "$1" | grep -q "\"dhcp_reinits\":11,"' sh "$(row OLT-D 0/3/1 2)"
check "pcap_stats are reported" grep -q "pcap_stats: [0-9]* received, 0 dropped by the kernel" "$TMPD/d.log"
check "OLT-A 0/1/4 ONT 7: retransmission ratio 5/55" sh -c \
	'echo "$1" | grep -q "\"tcp_retrans_ratio\":0.0909"' sh "$(row OLT-A 0/1/4 7)"
check "OLT-A 0/1/3 ONT 12: a clean session" sh -c \
	'echo "$1" | grep -q "\"pppoe_drops\":0,\"pppoe_redials\":0,\"lcp_echo_lost\":0,"' \
	sh "$(row OLT-A 0/1/3 12)"
check "the order sentence for OLT-B 0/2/1 ONT 5" sh -c '"$1" capture evidence --store "$2" \
	--ont OLT-B:0/2/1:5 | grep -q "^OLT-B 0/2/1:5: 2 PPPoE re-dials, 3 PPPoE drops in the last 24 h$"' \
	sh "$CTL" "$TMPD/ow.db"
check "capture analyse -f maps and hashes as the daemon does" sh -c '"$1" capture analyse \
	"$2" -f "$3" --json 2>/dev/null | grep "\"olt\":\"OLT-D\"" | grep -Eq "\"subscriber\":\"[0-9a-f]{32}\""' \
	sh "$CTL" "$TMPD/s.pcap" "$TMPD/ow.conf"
check "the store holds no subscriber identifier" sh -c \
	'! strings "$1" | grep -q "02:$2:00\|cust-\|isp.example"' sh "$TMPD/ow.db" "$taghex"
tap_done
