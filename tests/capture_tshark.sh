#!/bin/sh
# capture_tshark: `ontwatchctl capture analyse --json` on a crafted capture (tests/capture_gen)
# gives the counts the scenarios were built with, and the same counts as tshark, an
# independent decoder, reading the same file. Also checks hashing and the text report.
. "$top_srcdir/tests/tap.sh"

command -v tshark >/dev/null 2>&1 || skip_all "tshark not installed"
command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"
CTL="$top_builddir/monitor/ontwatchctl"
PCAP="$TMPD/sessions.pcap"
TMPL='{olt} xpon {frame}/{slot}/{port}:{ont}'

check "capture_gen writes the crafted capture" "$top_builddir/tests/capture_gen" "$PCAP"
check "capture analyse --json runs" sh -c '"$1" capture analyse "$2" --json --template "$3" \
	--vlan 301=OLT-C:0/3/1:2 >"$4/ours.json" 2>"$4/summary.txt"' sh "$CTL" "$PCAP" "$TMPL" "$TMPD"
check "tshark reads the capture" sh -c 'tshark -r "$1" -T fields -E separator="|" \
	-e frame.number -e eth.src -e eth.dst -e pppoe.code -e ppp.protocol -e ppp.code \
	-e dhcp.option.dhcp -e dhcp.id -e dhcp.hw.mac_addr -e tcp.len \
	-e tcp.analysis.retransmission -e pppoed.tags.circuit_id \
	-e dhcp.option.agent_information_option.agent_circuit_id -e pap.peer_id -e chap.name \
	>"$2/tshark.txt" 2>/dev/null' \
	sh "$PCAP" "$TMPD"
sed 's/^/# /' "$TMPD/summary.txt"
check "summary counts 3 truncated and 3 malformed frames" \
	grep -q "226 packets,.* 3 truncated, 3 malformed" "$TMPD/summary.txt"
check "tshark sees as many frames" test "$(wc -l <"$TMPD/tshark.txt")" -eq 226

# The comparison prints TAP lines numbered on from ours; its count is added to ours after.
python3 - "$TMPD/ours.json" "$TMPD/tshark.txt" "$TAP_N" >"$TMPD/py.tap" <<'PY'
import json, sys
from collections import defaultdict

ours = {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    ours[o["subscriber"]] = o

# What the scenarios were built to contain (tests/capture_gen.c).
expected = {
    "02:00:00:00:0a:01": dict(pppoe_drops=0, pppoe_redials=0, lcp_echo_lost=0, dhcp_reinits=0,
                              retrans=0, data=20, ont=("OLT-A", "0/1/3", 12)),
    "02:00:00:00:0b:01": dict(pppoe_drops=3, pppoe_redials=2, lcp_echo_lost=0, dhcp_reinits=0,
                              retrans=0, data=0, ont=("OLT-B", "0/2/1", 5)),
    "02:00:00:00:0c:01": dict(pppoe_drops=1, pppoe_redials=0, lcp_echo_lost=4, dhcp_reinits=0,
                              retrans=0, data=0, ont=("OLT-A", "0/1/3", 13)),
    "02:00:00:00:0d:01": dict(pppoe_drops=0, pppoe_redials=0, lcp_echo_lost=0, dhcp_reinits=0,
                              retrans=5, data=55, ont=("OLT-A", "0/1/4", 7)),
    "02:00:00:00:0e:01": dict(pppoe_drops=0, pppoe_redials=0, lcp_echo_lost=0, dhcp_reinits=11,
                              retrans=0, data=0, ont=("OLT-C", "0/3/1", 2)),
    "02:00:00:00:0f:01": dict(pppoe_drops=0, pppoe_redials=0, lcp_echo_lost=0, dhcp_reinits=0,
                              retrans=3, data=33, ont=("OLT-A", "0/1/3", 14)),
    "02:00:00:00:10:01": dict(pppoe_drops=0, pppoe_redials=0, lcp_echo_lost=0, dhcp_reinits=0,
                              retrans=0, data=0, ont=None),
}

# tshark's view, attributed to subscribers the way an operator would by hand: the access
# concentrator is whoever sent PADO; everything else is a subscriber end.
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[2])]
ac = {r[1] for r in rows if r[3] == "0x07"}
ts = defaultdict(lambda: defaultdict(int))
xids = defaultdict(set)
circuit = {}
user = {}
def subs_of(r):
    return [m for m in (r[1], r[2]) if m in expected]
for r in rows:
    (num, src, dst, pcode, pproto, pppcode, dtype, xid, hw, tlen, retr, pcid, dcid, pap,
     chap) = r
    for m in subs_of(r):
        t = ts[m]
        if pcode == "0xa7":
            t["pppoe_drops"] += 1
        if pcode == "0x65":
            t["pads"] += 1
        if pproto == "0xc021" and pppcode == "9":
            t["echo_req"] += 1
        if pproto == "0xc021" and pppcode == "10":
            t["echo_rep"] += 1
        if tlen and int(tlen) > 0:
            t["data"] += 1
            if retr:
                t["retrans"] += 1
        if pcid and src == m:
            circuit[m] = pcid
        if (pap or chap) and src == m:
            user[m] = pap or chap
    if dtype == "1" and hw in expected:
        xids[hw].add(xid)
    if dcid and hw in expected:
        circuit[hw] = bytes.fromhex(dcid).decode()

n = int(sys.argv[3])
def check(ok, name):
    global n
    n += 1
    print(("ok" if ok else "not ok"), n, "-", name)

check(set(ours) == set(expected), "the subscribers are exactly the crafted ones: %s" % sorted(ours))
for mac, e in expected.items():
    o = ours.get(mac, {})
    t = ts[mac]
    tshark = dict(
        pppoe_drops=t["pppoe_drops"],
        pppoe_redials=max(t["pads"] - 1, 0),
        lcp_echo_lost=t["echo_req"] - t["echo_rep"],
        dhcp_reinits=max(len(xids[mac]) - 1, 0),
    )
    for k in ("pppoe_drops", "pppoe_redials", "lcp_echo_lost", "dhcp_reinits"):
        check(o.get(k) == e[k], "%s %s = %s (built with %s)" % (mac, k, o.get(k), e[k]))
        check(o.get(k) == tshark[k], "%s %s = %s (tshark %s)" % (mac, k, o.get(k), tshark[k]))
    ratio_e = e["retrans"] / e["data"] if e["data"] else 0.0
    ratio_t = t["retrans"] / t["data"] if t["data"] else 0.0
    r = o.get("tcp_retrans_ratio", -1)
    check(abs(r - ratio_e) < 1e-6 and abs(r - ratio_t) < 1e-6,
          "%s tcp_retrans_ratio %.6f (built %.6f, tshark %.6f)" % (mac, r, ratio_e, ratio_t))
    check(o.get("tcp_data_segments") == t["data"] == e["data"],
          "%s data segments %s (tshark %s)" % (mac, o.get("tcp_data_segments"), t["data"]))
    check(o.get("circuit_id") == circuit.get(mac),
          "%s circuit_id %r (tshark %r)" % (mac, o.get("circuit_id"), circuit.get(mac)))
    check(o.get("pppoe_user") == user.get(mac),
          "%s pppoe_user %r (tshark %r)" % (mac, o.get("pppoe_user"), user.get(mac)))
    ont = o.get("ont")
    got = (ont["olt"], ont["port"], ont["ont"]) if ont else None
    check(got == e["ont"], "%s ont %s" % (mac, got))

PY
py_rc=$?
cat "$TMPD/py.tap"
TAP_N=$((TAP_N + $(grep -c '^ok \|^not ok ' "$TMPD/py.tap")))
TAP_FAILED=$((TAP_FAILED + $(grep -c '^not ok ' "$TMPD/py.tap")))
check "comparison script ran to the end" test "$py_rc" -eq 0

# Privacy: with a key, neither MACs nor circuit-ids appear in clear, and hashes are stable.
printf 'a-test-key-of-sufficient-length\n' >"$TMPD/key"
"$CTL" capture analyse "$PCAP" --json --template "$TMPL" --hash-key "$TMPD/key" \
	>"$TMPD/h1.json" 2>/dev/null
"$CTL" capture analyse "$PCAP" --json --template "$TMPL" --hash-key "$TMPD/key" \
	>"$TMPD/h2.json" 2>/dev/null
check "hashed report has 7 subscribers" test "$(wc -l <"$TMPD/h1.json")" -eq 7
check "no MAC in clear when hashed" sh -c '! grep -q "02:00:00" "$1"' sh "$TMPD/h1.json"
check "no circuit-id in clear when hashed" sh -c '! grep -q "xpon" "$1"' sh "$TMPD/h1.json"
check "no user name in clear when hashed" sh -c '! grep -q "isp.example" "$1"' sh "$TMPD/h1.json"
check "hashes are stable for one key" cmp -s "$TMPD/h1.json" "$TMPD/h2.json"
check "the ONT is still mapped when hashed" grep -q '"olt":"OLT-B"' "$TMPD/h1.json"
printf 'short\n' >"$TMPD/badkey"
check "a short key is refused" sh -c '! "$1" capture analyse "$2" --hash-key "$3" \
	>/dev/null 2>&1' sh "$CTL" "$PCAP" "$TMPD/badkey"

# Text report: one line per subscriber, and the unmapped ones listed for operators.
"$CTL" capture analyse "$PCAP" --template "$TMPL" >"$TMPD/report.txt" 2>&1
check "text report lists the unmapped subscriber" \
	grep -q "unmapped subscribers (2): 02:00:00:00:0e:01 02:00:00:00:10:01" "$TMPD/report.txt"
check "text report shows B's drops and re-dials" \
	grep -Eq "^02:00:00:00:0b:01 .* OLT-B 0/2/1:5 +3 +2 " "$TMPD/report.txt"
# The BPF filter docs/capture.md gives for mixed VLAN/QinQ/PPPoE ports keeps what it claims.
F='pppoed or tcp or (udp and port 67) or (vlan and (pppoed or tcp or udp or (vlan and (pppoed or tcp or udp))))'
if command -v tcpdump >/dev/null 2>&1; then
	n_bpf=$(tcpdump -r "$PCAP" -n "$F" 2>/dev/null | wc -l)
	n_ts=$(tshark -r "$PCAP" -Y 'pppoed || (tcp && !pppoes) || dhcp' 2>/dev/null | wc -l)
	check "the documented filter keeps discovery, DHCP and non-session TCP ($n_bpf = $n_ts)" \
		test "$n_bpf" -eq "$n_ts" -a "$n_bpf" -gt 100
fi
# Customer data can map by PPPoE user name (G's circuit-id fits no template).
printf '# mac or user,olt,port,ont\ng@isp.example,OLT-G,0/7/1,3\n' >"$TMPD/customers.csv"
check "a PPPoE user name column maps the unmapped subscriber" sh -c '"$1" capture analyse "$2" \
	--json --macs "$3" 2>/dev/null | grep "\"subscriber\":\"02:00:00:00:10:01\"" |
	grep -q "\"ont\":{\"olt\":\"OLT-G\",\"port\":\"0/7/1\",\"ont\":3}"' \
	sh "$CTL" "$PCAP" "$TMPD/customers.csv"
check "a missing file fails" sh -c '! "$1" capture analyse /nonexistent.pcap 2>/dev/null' sh "$CTL"
check "a bad template fails" sh -c '! "$1" capture analyse "$2" --template "{olt}{ont}" \
	2>/dev/null' sh "$CTL" "$PCAP"
tap_done
