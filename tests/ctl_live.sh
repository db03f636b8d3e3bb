#!/bin/sh
# ctl_live: ontwatchctl's daemon commands against a running ontwatchd (tests/api_env.sh: a
# simulated OLT, seeded history with two falling ONTs, the HTTP API with a read and a write
# token). URL and tokens come from the daemon's own configuration (-f). Checked: --json is
# the API's answer, the tables and the chart, the old store-side `order status`, silences
# and what-if when the daemon has them, reload with a good and a broken configuration, a
# wrong token, and a daemon that is not running.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/api_env.sh"
ctl="$top_builddir/monitor/ontwatchctl"
unset ONTWATCH_URL ONTWATCH_TOKEN
api_wait_polled || api_bail "the OLT was not polled"

# same_json A B: the two JSON documents are equal (parsed, not as text)
same_json() { python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$1" "$2"; }
# matches_api CTL-ARGS -- API-PATH: the command's --json equals the API's answer, read just
# before or just after (a poll may change the picture in between; a few tries)
matches_api() {
	_path=$1
	shift
	for _ in 1 2 3 4 5; do
		api_get "$_path" > "$TMPD/a1"
		"$ctl" "$@" --json -f "$CONF" > "$TMPD/c" || return 1
		api_get "$_path" > "$TMPD/a2"
		same_json "$TMPD/c" "$TMPD/a1" && return 0
		same_json "$TMPD/c" "$TMPD/a2" && return 0
	done
	return 1
}

check "status: exit 0" sh -c "'$ctl' status -f '$CONF' > '$TMPD/status.txt'"
check "status: one OLT" grep -q "^OLTs  *1 (0 failing)$" "$TMPD/status.txt"
check "status --json is the API's answer" matches_api /api/v1/status status
check "onts --at-risk --json is the API's answer" matches_api \
	"/api/v1/onts?state=at_risk%2Cfaulty&sort=impact" onts --at-risk
check "onts --json with filters" matches_api "/api/v1/onts?port=0%2F1%2F1&limit=3" onts --port 0/1/1 --limit 3

# the human table: header, then the ONT with the soonest predicted impact (RISK1) first
"$ctl" onts -f "$CONF" > "$TMPD/onts.txt"
check "onts: exit 0" test $? -eq 0
check "onts: header" grep -q "^SERIAL  *OLT  *PORT  *ONT  *STATE  *CAUSE" "$TMPD/onts.txt"
first=$(sed -n 2p "$TMPD/onts.txt")
check "onts: the at-risk ONT first ($RISK1)" sh -c "echo '$first' | grep -q '^$RISK1  *olt-a  .*at_risk'"
check "onts: every ONT listed" grep -q "^16 of 16 ONTs$" "$TMPD/onts.txt"
"$ctl" onts --at-risk -f "$CONF" > "$TMPD/risk.txt"
check "onts --at-risk: only at_risk and faulty" sh -c "sed '1d;\$d' '$TMPD/risk.txt' | awk '{print \$5}' | grep -qvx -e at_risk -e faulty; test \$? -eq 1"

# one ONT with its chart
"$ctl" ont "$RISK1" -f "$CONF" > "$TMPD/ont.txt"
check "ont: exit 0" test $? -eq 0
check "ont: state and trend" grep -q "^state  *at_risk" "$TMPD/ont.txt"
check "ont: predicted impact" grep -q "impact predicted 20[0-9-]*T[0-9:]*Z, in [0-9.]* h" "$TMPD/ont.txt"
check "ont: readings counted" grep -q "^Rx over the last 24 h ([1-9][0-9]* readings):$" "$TMPD/ont.txt"
check "ont: chart rows with points" test "$(grep -c '^ *-[0-9.]* |.*\*' "$TMPD/ont.txt")" -ge 2
check "ont: warning level marked" grep -q "^ *-[0-9.]* |---* warning -25.0$" "$TMPD/ont.txt"
check "ont: critical level marked" grep -q "|.*=.* critical -[0-9.]*$" "$TMPD/ont.txt"
check "ont: time axis" grep -q "^ *dBm +------------------------------------------------------------$" "$TMPD/ont.txt"
check "ont: plain ASCII" sh -c "! LC_ALL=C grep -q '[^ -~]' '$TMPD/ont.txt'"
"$ctl" ont "$RISK1" --hours 4 --json -f "$CONF" > "$TMPD/ont.json"
check "ont --json: the ONT and its history" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(not (j["serial"] == sys.argv[2] and j["history"]["serial"] == sys.argv[2] and j["history"]["points"]))' "$TMPD/ont.json" "$RISK1"
"$ctl" ont HWTCFFFFFFFF -f "$CONF" > /dev/null 2> "$TMPD/err"
check "ont: unknown serial, exit 1" test $? -eq 1
check "ont: unknown serial, 404 shown" grep -q "GET /api/v1/onts/HWTCFFFFFFFF: 404 Not Found: " "$TMPD/err"

# orders and one order
check "orders --json is the API's answer" matches_api "/api/v1/orders?state=all" orders --state all
"$ctl" orders -f "$CONF" > "$TMPD/orders.txt"
n=$(api_get /api/v1/orders | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
check "orders: table of the open orders" grep -q "^$n of $n orders$" "$TMPD/orders.txt"
id=$(sed -n 2p "$TMPD/orders.txt" | awk '{print $1}')
if [ -n "$id" ] && [ "$id" != "0" ]; then
	"$ctl" order "$id" -f "$CONF" > "$TMPD/order.txt"
	check "order ID: exit 0" test $? -eq 0
	check "order ID: its id and summary" grep -q "^$id  open" "$TMPD/order.txt"
	check "order ID: events" sh -c "grep -q '^SEQ  *TIME  *EVENT' '$TMPD/order.txt' && grep -q ' opened  *open' '$TMPD/order.txt'"
	check "order ID: visit hints" grep -q "^visit (" "$TMPD/order.txt"
	check "order --json is the API's answer" matches_api "/api/v1/orders/$id" order "$id"
	# the store-side status report is unchanged
	"$ctl" order status --store "$DB" --note "from ctl_live" "$id" acknowledged > "$TMPD/st.txt" 2>&1
	check "order status (store side) still works" grep -qx "order $id: acknowledged" "$TMPD/st.txt"
	# with -f and the API on, the report goes through the running daemon: its file output
	# writes the event at once (the store-side path cannot reach a running daemon's files)
	"$ctl" order status -f "$CONF" --note "via the daemon" "$id" dispatched > "$TMPD/st.txt" 2>&1
	check "order status -f: reported to the daemon" \
		grep -q "^order $id: dispatched (reported to the daemon at $API_URL)" "$TMPD/st.txt"
	check "order status -f: the daemon's file output has it" api_wait 5 \
		grep -q "\"event\":\"dispatched\".*\"id\":\"$id\"" "$TMPD/orders.jsonl"
	"$ctl" order status -f "$CONF" ow-0000000000000000 dispatched > /dev/null 2> "$TMPD/err"
	rc=$?
	check "order status -f: an unknown order is the daemon's 404 (exit 3), not a store write" \
		sh -c "test $rc -eq 3 && grep -q '404 Not Found' '$TMPD/err' && ! grep -q 'instead' '$TMPD/err'"
else
	not_ok "an open order to show"
fi
"$ctl" order status > /dev/null 2>&1
check "order status without arguments: usage (exit 2)" test $? -eq 2

# silences, when the daemon has them
api_get /api/v1/silences > /dev/null
if [ "$(api_status)" = 404 ]; then
	diag "GET /api/v1/silences: 404: no silences on this daemon yet; silence add/list/remove not checked live"
else
	"$ctl" silence add --olt olt-a --port 0/1/1 --duration 2h --reason "splitter swap CHG-1" \
		--author alice -f "$CONF" > "$TMPD/sil.txt" 2> "$TMPD/err"
	check "silence add: exit 0" test $? -eq 0
	sid=$(awk '{print $2; exit}' "$TMPD/sil.txt")
	check "silence add: an id" sh -c "echo '$sid' | grep -q '^si-'"
	"$ctl" silence list -f "$CONF" > "$TMPD/sil.txt"
	check "silence list: listed" grep -q "^$sid  *active  *olt olt-a port 0/1/1 .* alice .* splitter swap CHG-1$" "$TMPD/sil.txt"
	check "silence list --json is the API's answer" matches_api /api/v1/silences silence list
	"$ctl" silence remove "$sid" -f "$CONF" > "$TMPD/sil.txt"
	check "silence remove: expired" grep -q "^silence $sid expired" "$TMPD/sil.txt"
	"$ctl" silence list -f "$CONF" > "$TMPD/sil.txt"
	check "silence list: gone" sh -c "! grep -q '^$sid' '$TMPD/sil.txt'"
	"$ctl" silence list --all -f "$CONF" > "$TMPD/sil.txt"
	check "silence list --all: still there, expired" grep -q "^$sid  *expired" "$TMPD/sil.txt"
	"$ctl" silence remove si-0000000000000000 -f "$CONF" > /dev/null 2>&1
	check "silence remove: unknown id, exit 1" test $? -eq 1
fi

# what-if, when the daemon has it
printf 'base = "gpon-b+";\nrx_low_warn = -19.0;\n' > "$TMPD/strict.profile"
# (an unknown member: 400 where what-if exists, 404 where the route does not)
api_post /api/v1/whatif '{"no_such_member": 1}' > /dev/null
if [ "$(api_status)" = 404 ]; then
	diag "POST /api/v1/whatif: 404: no what-if on this daemon yet; whatif not checked live"
else
	"$ctl" whatif -f "$TMPD/strict.profile" --olt olt-a --from -4d --config "$CONF" > "$TMPD/wi.txt" 2> "$TMPD/err"
	check "whatif: exit 0" test $? -eq 0
	check "whatif: candidate and current side by side" grep -q "^orders  *[0-9]*  *[0-9]*$" "$TMPD/wi.txt"
	check "whatif: orders only one side has" grep -q "^only with the candidate profile (" "$TMPD/wi.txt"
	sed 's/^/# /' "$TMPD/err" | head -5
fi
printf 'rx_low_warn = {\n' > "$TMPD/bad.profile"
"$ctl" whatif -f "$TMPD/bad.profile" --config "$CONF" > /dev/null 2> "$TMPD/err"
check "whatif: a broken profile, exit 1" test $? -eq 1
check "whatif: a broken profile, FILE:LINE" grep -q "bad.profile:[0-9]*: " "$TMPD/err"

# reload: a stricter profile for the OLT takes effect; a broken file is refused with file:line
"$ctl" ont "$RISK1" -f "$CONF" > "$TMPD/ont.txt"
check "before reload: the built-in profile" grep -q "^profile  *gpon-b+: warning -25.0" "$TMPD/ont.txt"
cp "$CONF" "$TMPD/good.conf"
sed 's/pon_class = "gpon-b+";/pon_class = "gpon-b+"; thresholds = "strict";/' "$TMPD/good.conf" > "$CONF"
echo 'thresholds = ( { name = "strict"; pon_class = "gpon-b+"; rx_low_warn = -22.5; } );' >> "$CONF"
"$ctl" reload -f "$CONF" > "$TMPD/reload.txt" 2>&1
check "reload: exit 0" test $? -eq 0
check "reload: ok" grep -q "^reload: ok (20" "$TMPD/reload.txt"
"$ctl" ont "$RISK1" -f "$CONF" > "$TMPD/ont.txt"
check "after reload: the new profile applies" grep -q "^profile  *strict: warning -22.5" "$TMPD/ont.txt"
check "after reload: the chart has the new warning level" grep -q "|---* warning -22.5$" "$TMPD/ont.txt"
"$ctl" status -f "$CONF" > "$TMPD/status.txt"
check "status: the reload" grep -q "^last reload  *20[0-9T:Z-]* ok$" "$TMPD/status.txt"
cp "$CONF" "$TMPD/strict.conf"
printf 'poll = { interval = "often"; };\n' >> "$CONF"
line=$(wc -l < "$CONF")
"$ctl" reload -f "$TMPD/strict.conf" > "$TMPD/reload.txt" 2>&1
check "reload of a broken file: exit 1" test $? -eq 1
check "reload of a broken file: refused" grep -q "^reload: refused" "$TMPD/reload.txt"
check "reload of a broken file: FILE:LINE" grep -q "$CONF:$line" "$TMPD/reload.txt"
sed 's/^/# /' "$TMPD/reload.txt" | head -5
"$ctl" ont "$RISK1" -f "$TMPD/strict.conf" > "$TMPD/ont.txt"
check "the running configuration stays" grep -q "^profile  *strict: warning -22.5" "$TMPD/ont.txt"
cp "$TMPD/strict.conf" "$CONF"

# tokens: a wrong one, and a read token for a write command
"$ctl" status --token wrong-token-0123456789 -f "$CONF" > /dev/null 2> "$TMPD/err"
check "wrong token: exit 1" test $? -eq 1
check "wrong token: 401 shown" grep -q "^ontwatchctl: GET /api/v1/status: 401 Unauthorized" "$TMPD/err"
check "wrong token: never printed" sh -c "! grep -q wrong-token '$TMPD/err'"
"$ctl" reload --token "$READ_TOKEN" -f "$CONF" > /dev/null 2> "$TMPD/err"
check "read token on reload: exit 1" test $? -eq 1
check "read token on reload: 403 shown" grep -q "POST /api/v1/reload: 403 Forbidden" "$TMPD/err"

# the daemon stopped: a clear error
kill "$DPID"
api_wait 10 sh -c "! kill -0 $DPID"
"$ctl" status -f "$CONF" > /dev/null 2> "$TMPD/err"
check "daemon not running: exit 1" test $? -eq 1
check "daemon not running: clear error" grep -q "^ontwatchctl: cannot reach the daemon at $API_URL: " "$TMPD/err"
if [ -n "$id" ] && [ "$id" != "0" ]; then
	"$ctl" order status -f "$CONF" "$id" in_progress > "$TMPD/st.txt" 2>&1
	check "order status -f, daemon down: falls back to the store, and says so" \
		sh -c "grep -q 'writing the report to the store' '$TMPD/st.txt' && grep -qx 'order $id: in_progress' '$TMPD/st.txt'"
	check "... and the store has it" test "$(sqlite3 "$DB" "SELECT state FROM work_order WHERE id = '$id'")" = in_progress
fi
tap_done
