#!/bin/sh
# web_dashboard: the dashboard in a real browser. Debian's headless Chromium, driven by
# playwright-core (tests/web, installed by quickstart.sh with npm ci), reads the page from a
# running ontwatchd (tests/api_env.sh) and checks what an operator sees against the API:
# fleet health and ONT total, the PON heat map, the at-risk list's order, the ONT chart,
# the order queue, and a port silenced through the form keeping that port's new orders (a
# feeder fault made on the simulated OLT) out of the queue. Screenshots of every view are
# left in tests/web-artefacts/ of the build tree. Installs nothing: skips without Chromium
# or without tests/web/node_modules (e.g. under make distcheck).
. "$top_srcdir/tests/tap.sh"
WEB="$top_srcdir/tests/web"
CHROMIUM=${OW_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || skip_all "no Chromium at $CHROMIUM (apt-get install chromium)"
command -v node >/dev/null 2>&1 || skip_all "node not installed"
[ -d "$WEB/node_modules/playwright-core" ] ||
	skip_all "tests/web/node_modules missing (npm ci --prefix tests/web)"
API_HTTP_EXTRA="dashboard = \"$(cd "$top_srcdir" && pwd)/monitor/web\";"
. "$top_srcdir/tests/api_env.sh"

ART="$top_builddir/tests/web-artefacts"
rm -rf "$ART"
mkdir -p "$ART"
api_wait_polled || api_bail "the OLT was never polled"
# the queue should have something in it before the browser looks
api_wait 30 sh -c "curl -s -H 'Authorization: Bearer $READ_TOKEN' '$API_URL/api/v1/orders' |
	grep -q '\"total\":[1-9]'" || diag "no open order after 30 s"

# the port to silence: the one without the soonest-impact ONT, so the rest stays as it is
RISK_PORT=$(awk -v s="$RISK1" '$0 ~ "serial=" s " " { for (i = 2; i <= NF; i++)
	if ($i ~ /^port=/) print substr($i, 6) }' "$SIM_EXPECT")
SIL_PORT=0/1/1
[ "$RISK_PORT" = 0/1/1 ] && SIL_PORT=0/1/0
# After the silence, the node test asks (degrade.req) for a feeder fault on that port: the
# same OLT, its ONTs there 6 dB lower, served by a new snmpsimd started here (so the trap
# stops it); the daemon's next polls see the whole port lose light under the silence.
degrade() {
	mkdir -p "$TMPD/simdata2"
	python3 "$WEB/degrade.py" --port "$SIL_PORT" --db 6 "$TMPD/simdata/olt-a.snmprec" \
		"$TMPD/simdata2/olt-a.snmprec" >"$TMPD/degrade.log" 2>&1 || return 1
	kill "$SIM_PID" && wait "$SIM_PID" 2>/dev/null
	sim_start "$TMPD/simdata2" "$SPORT" olt-a
}
REQ="$TMPD/degrade.req"
DONE="$TMPD/degrade.done"
OW_BASE="$API_URL" OW_READ_TOKEN="$READ_TOKEN" OW_WRITE_TOKEN="$WRITE_TOKEN" \
	OW_ARTEFACTS="$ART" OW_CHROMIUM="$CHROMIUM" OW_SILENCE_OLT=olt-a OW_SILENCE_PORT="$SIL_PORT" \
	OW_DEGRADE="touch '$REQ'; while [ ! -e '$DONE' ]; do sleep 0.2; done; grep -qx ok '$DONE'" \
	timeout 300 node "$WEB/dashboard.mjs" >"$TMPD/node.out" 2>"$TMPD/node.err" &
NPID=$!
track_pid $NPID
while kill -0 $NPID 2>/dev/null; do
	if [ -e "$REQ" ] && [ ! -e "$DONE" ]; then
		if degrade; then echo ok >"$DONE"; else echo failed >"$DONE"; fi
		diag "$(cat "$TMPD/degrade.log")"
	fi
	sleep 0.2
done
rc=0
wait $NPID || rc=$?
while IFS= read -r line; do
	case $line in
	"RESULT ok "*) ok "${line#RESULT ok }" ;;
	"RESULT not_ok "*) not_ok "${line#RESULT not_ok }" ;;
	"RESULT skip "*)
		line=${line#RESULT skip }
		ok "${line%%: *} # SKIP ${line#*: }"
		;;
	"DIAG "*) diag "${line#DIAG }" ;;
	esac
done <"$TMPD/node.out"
if [ $rc -ne 0 ] && ! grep -q '^RESULT not_ok' "$TMPD/node.out"; then
	not_ok "the browser test exited with $rc"
	sed 's/^/# /' "$TMPD/node.err" | tail -20
fi
[ "$TAP_N" -gt 0 ] || not_ok "the browser test reported nothing"
[ "$TAP_FAILED" -eq 0 ] || { sed 's/^/# daemon: /' "$TMPD/d.log" | tail -20; }
tap_done
