#!/bin/sh
# metrics_capture: the capture probe's figures in GET /metrics: ontwatchd captures live on
# the loopback device (this run's crafted sessions, injected with pcap_inject, as in
# capture_live.sh) and the scrape counts the packets, their bytes, the subscriber sessions
# and pcap_stats' drops, and passes `promtool check metrics`.
. "$top_srcdir/tests/tap.sh"
command -v curl >/dev/null 2>&1 || skip_all "curl not installed"
command -v promtool >/dev/null 2>&1 || skip_all "promtool not installed (Debian package prometheus)"
ip link show lo >/dev/null 2>&1 || skip_all "no loopback device"
D="$top_builddir/monitor/ontwatchd"
TOKEN="metrics-read-token-0123456789"
HPORT=$(free_port)
# Every MAC carries this run's tag and the daemon filters on it: nothing else on lo counts.
tag=$(($$ % 180 + 1))
"$top_builddir/tests/capture_gen" "$TMPD/s.pcap" "$tag" || skip_all "capture_gen failed"
cat >"$TMPD/ow.conf" <<CONF
store = { path = "$TMPD/ow.db"; };
capture = {
  interface = "lo";
  filter = "ether[1] = $tag or ether[7] = $tag";
  bucket = 60;
  templates = ( { template = "{olt} xpon {frame}/{slot}/{port}:{ont}"; } );
};
http = { enabled = true; listen = "127.0.0.1"; port = $HPORT;
         tokens = ( { name = "prom"; token = "$TOKEN"; role = "read"; } ); };
CONF
"$D" -f "$TMPD/ow.conf" >"$TMPD/d.log" 2>&1 &
pid=$!
track_pid "$pid"
for _ in $(seq 50); do
	grep -q "capture: lo: capturing" "$TMPD/d.log" && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if ! grep -q "capture: lo: capturing" "$TMPD/d.log"; then
	grep -q "CAP_NET_RAW\|Operation not permitted\|permission" "$TMPD/d.log" &&
		skip_all "live capture needs CAP_NET_RAW: $(tail -1 "$TMPD/d.log")"
	sed 's/^/# /' "$TMPD/d.log"
	not_ok "ontwatchd starts capturing on lo"
	tap_done
	exit 1
fi
ok "ontwatchd starts capturing on lo"

M="$TMPD/m.txt"
scrape() {
	curl -s -m 10 -o "$M" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
		"http://127.0.0.1:$HPORT/metrics" >"$TMPD/status" && [ "$(cat "$TMPD/status")" = 200 ]
}
val() { awk -v k="$1" '$1 == k { print $2; n++ } END { exit n != 1 }' "$M"; }
eq() { [ "$1" = "$2" ] || { diag "got '$1', want '$2'"; return 1; }; }
for _ in $(seq 50); do scrape && break; sleep 0.1; done
check "before any packet: 0 packets" eq "$(val 'ontwatch_capture_packets_total{interface="lo"}')" 0
check "before any packet: no session" eq "$(val 'ontwatch_capture_sessions{interface="lo"}')" 0

N=$("$top_builddir/tests/capture_inject" lo "$TMPD/s.pcap")
check "the crafted sessions are injected ($N packets)" test "${N:-0}" -gt 0
# the bytes injected, by tshark: each frame as captured in the file (its cut-short frames go
# out as long as they were cut), which is what the daemon sees on the wire
BYTES=$(tshark -r "$TMPD/s.pcap" -T fields -e frame.cap_len 2>/dev/null |
	awk '{ s += $1 } END { print s + 0 }')
all_in() { scrape && [ "$(val 'ontwatch_capture_packets_total{interface="lo"}')" = "$N" ]; }
for _ in $(seq 50); do all_in && break; sleep 0.1; done
promtool check metrics <"$M" >"$TMPD/promtool.out" 2>&1
rc=$?
sed 's/^/# promtool: /' "$TMPD/promtool.out"
check "promtool check metrics accepts the scrape" eq "$rc" 0
check "every injected packet counted" eq "$(val 'ontwatch_capture_packets_total{interface="lo"}')" "$N"
if command -v tshark >/dev/null 2>&1; then
	check "their bytes on the wire (tshark: $BYTES)" \
		eq "$(val 'ontwatch_capture_bytes_total{interface="lo"}')" "$BYTES"
else
	ok "bytes # SKIP tshark not installed"
fi
check "subscriber sessions tracked" \
	awk -v n="$(val 'ontwatch_capture_sessions{interface="lo"}')" 'BEGIN { exit !(n > 0) }'
check "no kernel drops" \
	eq "$(val 'ontwatch_capture_drops_total{interface="lo",where="kernel"}')" 0
check "interface drops reported" eval \
	"val 'ontwatch_capture_drops_total{interface=\"lo\",where=\"interface\"}' >/dev/null"
check "invalid packets by reason" sh -c "
	grep -q '^ontwatch_capture_invalid_packets_total{interface=\"lo\",reason=\"truncated\"} ' '$M' &&
	grep -q '^ontwatch_capture_invalid_packets_total{interface=\"lo\",reason=\"malformed\"} ' '$M'"
check "no OLT figures without OLTs" eval "! grep -q '^ontwatch_olt_' '$M'"
tap_done
