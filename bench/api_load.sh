#!/bin/sh
# api_load.sh: does operator traffic harm monitoring? ontwatchd polls K simulated Huawei OLTs
# x N ONTs (bench/owsim_fleet.sh) every 30 s with the HTTP API on, on its one event loop.
# Phases of SECONDS each: no API traffic; wrk driving GET /api/v1/onts?limit=100, /metrics
# and /api/v1/status (one wrk per path, one connection each, a fixed pause between
# requests: RATES total requests/s asked, split evenly); the three at saturation (CONNS
# connections per path, no pause); peers: wrk on the cheap GET /api/v1/olts alone, and on
# a static file of the /onts answer's size served by `python3 -m http.server`.
# Every poll's duration and outcome is read from GET /api/v1/olts (last_poll), sampled each
# second; a poll counts for a phase when it started and ended inside it.
#
#   bench/api_load.sh BUILDDIR K SLOTSxPORTSxONTS [SECONDS]
#   e.g. bench/api_load.sh build-bench 64 4x16x64 60
#   environment: RATES (default "5 20 50"), CONNS (default 4), BENCH_PORT_BASE (23000),
#   BENCH_HTTP_PORT (23999), BENCH_STATIC_PORT (23998), BENCH_KEEP=1 keeps the work
#   directory (the daemon's log: d.log)
#
# BUILDDIR is a non-sanitizer build (../configure CFLAGS=-O2). Needs wrk (Debian: wrk).
set -eu

BUILD=$(cd "$1" && pwd)
K=$2
SHAPE=$3
SECS=${4:-60}
RATES=${RATES:-5 20 50}
CONNS=${CONNS:-4}
TOP=$(cd "$(dirname "$0")/.." && pwd)
SLOTS=${SHAPE%%x*}
REST=${SHAPE#*x}
PORTS=${REST%%x*}
ONTS=${REST#*x}
N=$((SLOTS * PORTS * ONTS))
BASE=${BENCH_PORT_BASE:-23000}
HPORT=${BENCH_HTTP_PORT:-23999}
SPORT=${BENCH_STATIC_PORT:-23998}
TOKEN=bench-token-0123456789abcdef
W=$(mktemp -d "${TMPDIR:-/tmp}/owload.XXXXXX")
PIDS=""
cleanup() {
	[ -n "${SAMPLER:-}" ] && touch "$W/stop" && sleep 1.5
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	sleep 0.5
	for p in $PIDS; do kill -9 "$p" 2>/dev/null || true; done
	if [ -n "${BENCH_KEEP:-}" ]; then echo "kept $W" >&2; else rm -rf "$W"; fi
}
trap cleanup EXIT INT TERM
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }

. "$TOP/bench/owsim_fleet.sh"
owsim_fleet_start "$K" "$SLOTS" "$PORTS" "$ONTS" "$BASE" --degraded 0.02 --offline 0.01
owsim_fleet_wait "$K" "$BASE"
{
	printf 'vendor_dir = "%s";\nstore = { path = "%s/ow.db"; };\n' "$TOP/conf/vendors" "$W"
	printf 'poll = { interval = 30; timeout = 2.0; retries = 1; max_in_flight = %s; };\n' "$K"
	owsim_fleet_olts "$K" "$BASE"
	printf 'outputs = ();\n'
	# no rate limit in the way: the handlers' cost is what is measured
	printf 'http = { enabled = true; listen = "127.0.0.1"; port = %s; rate_limit = 100000;\n' \
		"$HPORT"
	printf '  tokens = ( { name = "bench"; token = "%s"; role = "read"; } ); };\n' "$TOKEN"
} >"$W/ontwatch.conf"
"$BUILD/monitor/ontwatchd" -f "$W/ontwatch.conf" >"$W/d.log" 2>&1 &
DPID=$!
PIDS="$PIDS $DPID"
URL="http://127.0.0.1:$HPORT"
get() { curl -sf -m 30 -H "Authorization: Bearer $TOKEN" "$URL$1"; }
# the first polls are spread over the 30 s interval; then one more round so that every
# OLT's polls are of known ONTs
for _ in $(seq 1 600); do
	n=$(get /api/v1/status 2>/dev/null | sed -n 's/.*"onts":\([0-9]*\).*/\1/p')
	[ "${n:-0}" -ge $((K * N)) ] && break
	kill -0 "$DPID" || { tail "$W/d.log" >&2; exit 1; }
	sleep 0.5
done
[ "${n:-0}" -ge $((K * N)) ] || { echo "the daemon knows ${n:-0} of $((K * N)) ONTs" >&2; exit 1; }
# The simulated degraded ONTs open their orders in the first polls after the detector's
# baseline, which holds the loop for seconds: measure once the open orders stayed the same
# for a whole poll interval.
open_orders() { get /api/v1/status | sed -n 's/.*"orders_open":\([0-9]*\).*/\1/p'; }
prev=-1
for _ in $(seq 1 20); do
	sleep 30
	cur=$(open_orders)
	[ "$cur" = "$prev" ] && break
	prev=$cur
done

# every poll once: OLT, start (Unix s), duration, ok, ONTs read
python3 - "$URL/api/v1/olts" "$TOKEN" "$W/polls" "$W/stop" <<'EOF' &
import json, sys, time, urllib.request
from datetime import datetime
url, token, out, stop = sys.argv[1:]
seen = set()
import os
with open(out, "a") as f:
    while not os.path.exists(stop):
        try:
            req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
            olts = json.load(urllib.request.urlopen(req, timeout=30))["olts"]
        except Exception as e:
            print("sampler:", e, file=sys.stderr)
            time.sleep(1)
            continue
        for o in olts:
            lp = o.get("last_poll")
            if not lp or (o["name"], lp["started_at"]) in seen:
                continue
            seen.add((o["name"], lp["started_at"]))
            t = datetime.fromisoformat(lp["started_at"].replace("Z", "+00:00")).timestamp()
            f.write("%s %.3f %.3f %d %d\n" % (o["name"], t, lp["duration"], lp["ok"], lp["onts"]))
            f.flush()
        time.sleep(1)
EOF
SAMPLER=$!
PIDS="$PIDS $SAMPLER"

rss() { awk '/VmRSS/ { print $2 }' "/proc/$DPID/status"; }
cpu() { awk '{ print $14 + $15 }' "/proc/$DPID/stat"; } # user + system, clock ticks
RSS0=$(rss)
# each request alone, as the loop pays it (curl on an otherwise idle API, median of 5)
for p in "/api/v1/onts?limit=100" /metrics /api/v1/status /api/v1/olts; do
	for _ in 1 2 3 4 5; do
		curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$URL$p"
	done | sort -n | sed -n 3p | awk -v p="$p" '{ printf "%s %.4f\n", p, $1 }' >>"$W/alone"
done
cat >"$W/pause.lua" <<'EOF'
local ms = 0
function init(args) ms = tonumber(args[1]) or 0 end
function delay() return ms end
EOF
PATHS="/api/v1/onts?limit=100 /metrics /api/v1/status"
# phase NAME: runs the wrk jobs started by the caller ($WRKS) or sleeps; records the window
phase_begin() {
	echo "$1 $(date +%s.%N) $(wc -l <"$W/d.log") $(cpu)" >>"$W/phases"
}
phase_end() {
	wait_wrk
	echo "end $(date +%s.%N) $(wc -l <"$W/d.log") $(cpu)" >>"$W/phases"
}
WRKS=""
wait_wrk() {
	for p in $WRKS; do wait "$p" || true; done
	WRKS=""
}
wrk_run() { # NAME URL [wrk options...]
	_name=$1
	_url=$2
	shift 2
	# the URL first: what follows "--" goes to the script
	wrk -t1 --latency --timeout 30s -d "${SECS}s" -H "Authorization: Bearer $TOKEN" "$_url" \
		"$@" >"$W/wrk.$_name" 2>&1 &
	WRKS="$WRKS $!"
}
tag() { echo "$1" | sed 's,^/api/v1/,,; s,^/,,; s,[/?=],_,g'; }

phase_begin idle
sleep "$SECS"
phase_end
for r in $RATES; do
	phase_begin "rate$r"
	for p in $PATHS; do
		wrk_run "rate$r.$(tag "$p")" "$URL$p" -c1 -s "$W/pause.lua" -- "$((3000 / r))"
	done
	phase_end
done
phase_begin saturation
for p in $PATHS; do
	wrk_run "saturation.$(tag "$p")" "$URL$p" -c"$CONNS"
done
phase_end
phase_begin peer-olts
wrk_run "peer-olts.olts" "$URL/api/v1/olts" -c$((3 * CONNS))
phase_end
get "/api/v1/onts?limit=100" >"$W/static.json"
mkdir -p "$W/www" && cp "$W/static.json" "$W/www/onts.json"
(cd "$W/www" && exec python3 -m http.server -b 127.0.0.1 "$SPORT" >/dev/null 2>&1) &
PIDS="$PIDS $!"
sleep 1
phase_begin peer-static
wrk_run "peer-static.static" "http://127.0.0.1:$SPORT/onts.json" -c$((3 * CONNS))
phase_end
sleep 3 # the sampler's last look
RSS1=$(rss)
HWM=$(awk '/VmHWM/ { print $2 }' "/proc/$DPID/status")

echo "fleet: $K OLTs x $N ONTs = $((K * N)) ONTs, poll interval 30 s, phases of $SECS s," \
	"$(open_orders) open orders"
echo "daemon RSS: $RSS0 kB before ($((RSS0 * 1024 / (K * N))) B per ONT)," \
	"$RSS1 kB after ($((RSS1 * 1024 / (K * N))) B per ONT), peak $HWM kB"
echo "answer sizes: /onts?limit=100 $(wc -c <"$W/static.json") B," \
	"/metrics $(get /metrics | wc -c) B, /status $(get /api/v1/status | wc -c) B"
echo "each request alone (s): $(tr '\n' ' ' <"$W/alone")"
echo
python3 - "$W" "$(getconf CLK_TCK)" <<'EOF'
import glob, os, re, statistics, sys
w = sys.argv[1]
ph = [l.split() for l in open(os.path.join(w, "phases"))]
hz = float(sys.argv[2])
windows = [(ph[i][0], float(ph[i][1]), float(ph[i + 1][1]), int(ph[i][2]), int(ph[i + 1][2]),
            (float(ph[i + 1][3]) - float(ph[i][3])) / hz) for i in range(0, len(ph), 2)]
polls = [l.split() for l in open(os.path.join(w, "polls"))]
log = open(os.path.join(w, "d.log")).read().splitlines()

def wrk(path):
    t = open(path).read()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", t)
    lat = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", t, re.M))
    non2 = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    err = re.search(r"Socket errors: (.*)", t)
    def ms(s):
        if s is None: return float("nan")
        v, u = re.match(r"([\d.]+)(\w+)", s).groups()
        return float(v) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[u]
    return (float(rps.group(1)) if rps else 0.0, ms(lat.get("50")), ms(lat.get("90")),
            ms(lat.get("99")), int(non2.group(1)) if non2 else 0, err.group(1) if err else "")

print("| phase | path | req/s served | latency p50 / p90 / p99 ms | errors |")
print("|---|---|---|---|---|")
for name, t0, t1, l0, l1, busy in windows:
    for f in sorted(glob.glob(os.path.join(w, "wrk.%s.*" % name))):
        rps, p50, p90, p99, non2, err = wrk(f)
        path = os.path.basename(f).split(".", 2)[2]
        print("| %s | %s | %.1f | %.1f / %.1f / %.1f | %s |" % (
            name, path, rps, p50, p90, p99,
            ", ".join(x for x in ("%d non-2xx" % non2 if non2 else "", err) if x) or "0"))
print()
print("| phase | daemon CPU | polls | failed | timeouts logged | poll duration median / max s |")
print("|---|---|---|---|---|---|")
for name, t0, t1, l0, l1, busy in windows:
    mine = [p for p in polls if float(p[1]) >= t0 and float(p[1]) + float(p[2]) <= t1]
    d = sorted(float(p[2]) for p in mine)
    failed = sum(1 for p in mine if p[3] == "0")
    touts = sum(1 for l in log[l0:l1] if "timeout after" in l)
    print("| %s | %.0f%% | %d | %d | %d | %s |" % (name, 100 * busy / (t1 - t0), len(mine), failed, touts,
          "%.3f / %.3f" % (statistics.median(d), d[-1]) if d else "-"))
EOF
